// One scenario, sequentially (FIFO), on the model and on the real kernel in QEMU: each write's result and
// the final bindings, compared. The oracle judges semantics, not races.
import type { Scenario } from '../../scenario/types.js';
import { GENERATED_DEVICES, offSnapshot, plan, type GuestDevice } from '../../oracle/plan.js';
export { GENERATED_DEVICES, SRIOV_DEVICES, plan } from '../../oracle/plan.js';
import { modelRun, verdict, type Verdict } from '../../oracle/compare.js';
import type { Side } from '../../oracle/entry.js';
import type { Unit } from '../../oracle/units.js';
import { guestUnit, type Hotplug } from './guest-units.js';
import { Guest, GuestCrash } from './guest.js';
import { crashMessage } from '../../oracle/crash.js';
import type { OracleEnv } from './environment.js';
import { vfBdf } from '../../model/pci/bdf.js';

export type { Side, Verdict };

/** Every BDF a scenario's devices can have: declared functions and their PFs' VF slots. */
const allBdfs = (s: Scenario): string[] =>
  s.devices.flatMap((d) => [
    d.bdf,
    ...Array.from({ length: d.sriov?.total_vfs ?? 0 }, (_, i) => vfBdf(d.bdf, d.sriov!, i)),
  ]);

async function guestBindings(g: Guest, bdfs: readonly string[]): Promise<Record<string, string | null>> {
  const r = await g.sh(
    'for d in /sys/bus/pci/devices/*; do l=$(readlink $d/driver); echo "@@B ${d##*/} ${l##*/}"; done',
  );
  const out: Record<string, string | null> = {};
  for (const line of r.out.split('\n')) {
    const m = /^@@B (\S+) ?(\S*)/.exec(line.trim());
    if (m && bdfs.includes(m[1])) out[m[1]] = m[2] === '' ? null : m[2];
  }
  return out;
}

/** Boots the scenario's world (absent devices, drivers_autoprobe, drivers in order), runs the model's units, reads the bindings. */
async function kernelSide(
  guest: Guest,
  s: Scenario,
  units: readonly Unit[],
  devices: readonly GuestDevice[],
  how: Hotplug,
): Promise<Side> {
  const kops: string[] = [];
  /** The op running (0: setting the world up); an oops after it or the guest going away is a crash there. */
  let at = 0;
  const crashed = (why: string): Side => ({ ops: kops, bindings: {}, crash: crashMessage(at, why) });
  try {
    await setUp(guest, s, devices, how);
    for (const u of units) {
      at++;
      kops.push(await guestUnit(guest, u, devices, how));
      const oops = guest.oops();
      if (oops !== null) return crashed(oops);
    }
    return { ops: kops, bindings: await guestBindings(guest, allBdfs(s)) };
  } catch (e) {
    if (e instanceof GuestCrash) return crashed(e.why);
    throw e;
  }
}

/** The scenario's world on the guest: absent devices gone, drivers_autoprobe, the loaded drivers in order. */
async function setUp(guest: Guest, s: Scenario, devices: readonly GuestDevice[], how: Hotplug): Promise<void> {
  // The snapshot guest has every device plugged: the scenario's absent ones, and those it does not have,
  // leave before any driver loads.
  if (how === 'sysfs') {
    for (const d of devices) {
      const bdf = `0000:0${d.port}:00.0`;
      if (!s.devices.some((x) => x.bdf === bdf && x.present))
        await guest.sh(`echo 1 > /sys/bus/pci/devices/${bdf}/remove`);
    }
  }
  if (!s.buses.pci.drivers_autoprobe) await guest.sh('echo 0 > /sys/bus/pci/drivers_autoprobe');
  for (const d of s.drivers) if (d.loaded) await guest.sh(`modprobe ${d.name} ${d.params}`);
  if (guest.oops() !== null) throw new GuestCrash('an oops while setting the world up', guest.oops()!);
}

/** The model's FIFO run, its units replayed on the guest, and the verdict. */
async function compare(
  guest: Guest,
  s: Scenario,
  profileName: string,
  devices: readonly GuestDevice[],
  how: Hotplug,
  t0: number,
): Promise<Verdict> {
  const { units, model } = modelRun(s, profileName);
  const kernel = await kernelSide(guest, s, units, devices, how);
  return verdict(s, model, kernel, Date.now() - t0);
}

/** Model and kernel side by side for one scenario (FIFO), on a freshly booted guest. */
export async function differential(env: OracleEnv, initrd: Buffer, s: Scenario, profileName: string): Promise<Verdict> {
  const p = plan(s, env.chroot !== undefined);
  if ('reason' in p) return { scenario: s.name, supported: false, reason: p.reason };
  const t0 = Date.now();
  const { guest } = await Guest.boot(env, initrd, p.devices, p.iommu);
  try {
    return await compare(guest, s, profileName, p.devices, 'qmp', t0);
  } finally {
    guest.close();
  }
}

/** Many traces on one guest: booted once, snapshotted before any module loads, restored per trace. */
export class SnapshotOracle {
  /** Guests booted so far: 1, plus one for each trace that crashed its guest. */
  boots = 1;

  private constructor(
    private guest: Guest,
    private readonly env: OracleEnv,
    private readonly initrd: Buffer,
    private readonly world: readonly GuestDevice[],
  ) {}

  static async start(env: OracleEnv, initrd: Buffer, world = GENERATED_DEVICES): Promise<SnapshotOracle> {
    return new SnapshotOracle(await SnapshotOracle.bootGuest(env, initrd, world), env, initrd, world);
  }

  private static async bootGuest(env: OracleEnv, initrd: Buffer, world: readonly GuestDevice[]): Promise<Guest> {
    // A vIOMMU, so every device has an IOMMU group and vfio-pci binds (the guest boots with iommu=pt:
    // translated DMA breaks loadvm of q35's idle AHCI). vfio-pci's refusal without a group is a fact (--facts).
    const { guest } = await Guest.boot(env, initrd, world, true, true);
    await guest.snapshot('savevm', 'base');
    return guest;
  }

  /**
   * Runs `s` if its devices are the snapshot's (same models on the same ports, each in an IOMMU group). A trace that
   * crashes the guest is a disagreement ("guest crashed at op N: …"); a fresh guest takes the next trace.
   */
  async run(s: Scenario, profileName: string): Promise<Verdict> {
    const p = plan(
      s,
      this.world.some((d) => d.model === 'igb'),
    );
    if ('reason' in p) return { scenario: s.name, supported: false, reason: p.reason };
    const off = offSnapshot(s, p.devices, this.world);
    if (off !== null) return { scenario: s.name, supported: false, reason: off };
    const t0 = Date.now();
    await this.guest.snapshot('loadvm', 'base');
    const v = await compare(this.guest, s, profileName, this.world, 'sysfs', t0);
    if (v.supported && v.kernel.crash !== undefined) {
      this.guest.close();
      this.guest = await SnapshotOracle.bootGuest(this.env, this.initrd, this.world);
      this.boots++;
    }
    return v;
  }

  close(): void {
    this.guest.close();
  }
}
