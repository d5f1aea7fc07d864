// One scenario, sequentially (FIFO), on the model and on the real kernel in QEMU: each write's result and
// the final bindings, compared. The oracle judges semantics, not races.
import type { Scenario } from '../../scenario/types.js';
import { GENERATED_DEVICES, offSnapshot, plan, type GuestDevice } from '../../oracle/plan.js';
export { GENERATED_DEVICES, SRIOV_DEVICES, plan } from '../../oracle/plan.js';
import { modelRun, verdict, type Verdict } from '../../oracle/compare.js';
import type { Side } from '../../oracle/entry.js';
import type { Unit } from '../../oracle/units.js';
import { guestUnit, type Hotplug } from './guest-units.js';
import { Guest } from './guest.js';
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
  const kops: string[] = [];
  for (const u of units) kops.push(await guestUnit(guest, u, devices, how));
  return {
    ops: kops,
    bindings: await guestBindings(guest, allBdfs(s)),
  };
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
  private constructor(
    private readonly guest: Guest,
    private readonly world: readonly GuestDevice[],
  ) {}

  static async start(env: OracleEnv, initrd: Buffer, world = GENERATED_DEVICES): Promise<SnapshotOracle> {
    // A vIOMMU, so every device has an IOMMU group and vfio-pci binds (the guest boots with iommu=pt:
    // translated DMA breaks loadvm of q35's idle AHCI). vfio-pci's refusal without a group is a fact (--facts).
    const { guest } = await Guest.boot(env, initrd, world, true, true);
    await guest.snapshot('savevm', 'base');
    return new SnapshotOracle(guest, world);
  }

  /** Runs `s` if its devices are the snapshot's (same models on the same ports, each in an IOMMU group). */
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
    return compare(this.guest, s, profileName, this.world, 'sysfs', t0);
  }

  close(): void {
    this.guest.close();
  }
}
