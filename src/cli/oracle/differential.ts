// One scenario, sequentially (FIFO), on the model and on the real kernel in QEMU: each write's result and
// the final bindings, compared. The oracle judges semantics, not races.
import type { Scenario } from '../../scenario/types.js';
import { guestUnit, unitsOf, type Hotplug, type Unit } from './units.js';
import { findProfile } from '../../profiles/index.js';
import { runScenario, type RunResult } from '../../exec/run.js';
import { ORACLE_MODULES } from './initramfs.js';
import { findRecipe } from '../../recipes/index.js';
import { hex4 } from '../../util/hex.js';
import { qemuModel } from '../../report/qemu.js';
import { firstDifference, type Side } from './entry.js';
import { Guest, type GuestDevice } from './guest.js';
import type { OracleEnv } from './environment.js';
import { vfBdf } from '../../model/pci/bdf.js';

export type { Side };

export type Verdict =
  | { readonly scenario: string; readonly supported: false; readonly reason: string }
  | {
      readonly scenario: string;
      readonly supported: true;
      readonly agree: boolean;
      readonly model: Side;
      readonly kernel: Side;
      readonly ms: number;
    };

/** Why the oracle cannot run a scenario, or the QEMU devices it needs; `igb`: QEMU has igb (SR-IOV). */
export function plan(s: Scenario, igb = false): { devices: GuestDevice[]; iommu: boolean } | { reason: string } {
  // udev rules need no udevd: their workers' ops are units, replayed where the model's FIFO run did them.
  for (const a of [...s.actors, ...s.udev.map((r) => ({ name: `udev rule ${r.name}`, ops: r.ops }))]) {
    const odd = a.ops.find((op) => op.kind === 'recipe' && findRecipe(op.recipe)?.oCreat === false);
    if (odd?.kind === 'recipe')
      return {
        reason: `${a.name} runs ${odd.recipe}, which opens sysfs files without O_CREAT (the guest's shell cannot)`,
      };
  }
  for (const d of s.drivers) {
    if (d.inline) return { reason: `inline driver "${d.name}"` };
    if (!ORACLE_MODULES.includes(d.name)) return { reason: `driver "${d.name}" is not in the guest's initramfs` };
    if (d.probe) return { reason: `driver "${d.name}" has a modelled probe result` };
  }
  const devices: GuestDevice[] = [];
  for (const d of s.devices) {
    if (d.bus !== 'pci') return { reason: `${d.bdf}: a ${d.bus} device (the guest emulates PCI only)` };
    const m = /^0000:0([1-9]):00\.0$/.exec(d.bdf);
    if (!m) return { reason: `${d.bdf}: only 0000:0N:00.0 (one device per root port) is emulated` };
    const sriov = sriovReason(d, igb);
    if (sriov) return { reason: `${d.bdf}: ${sriov}` };
    if (d.override !== null) return { reason: `${d.bdf}: an initial driver_override needs a boot-time hook` };
    const model = qemuModel(d);
    if (!model)
      return {
        reason: `${d.bdf}: no QEMU model for ${hex4(d.vendor)}:${hex4(d.device)} rev ${d.revision.toString(16)}`,
      };
    devices.push({ port: Number(m[1]), model, present: d.present });
  }
  // A vIOMMU gives every device a group of its own; without one no device has a group.
  const grouped = s.devices.filter((d) => d.iommu_group !== null).length;
  if (grouped !== 0 && grouped !== s.devices.length) return { reason: 'some devices have an IOMMU group and some not' };
  return { devices, iommu: grouped > 0 && s.drivers.some((d) => d.name === 'vfio-pci') };
}

/** Why a device's SR-IOV side cannot be QEMU's igb (8 VFs 8086:10ca at RID offset 0x80, stride 2), or null. */
function sriovReason(d: Scenario['devices'][number], igb: boolean): string | null {
  if (d.pf) return 'a VF declared explicitly (QEMU makes its VFs from the PF)';
  if (!d.sriov) return null;
  if (!igb) return 'SR-IOV needs QEMU 8.0+ (igb): scripts/oracle-sriov-setup.sh, then oracle --sriov';
  const c = d.sriov;
  const ok =
    d.device === 0x10c9 && c.total_vfs === 8 && c.vf_device === 0x10ca && c.vf_offset === 0x80 && c.vf_stride === 2;
  return ok ? null : "SR-IOV is emulated only as QEMU's igb (8086:10c9, 8 VFs 8086:10ca, offset 0x80, stride 2)";
}

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

/** The model's side of a FIFO run, unit by unit. */
export function sideOf(r: RunResult, units: readonly Unit[] = unitsOf(r)): Side {
  return { ops: units.map((u) => u.model), labels: units.map((u) => u.label), bindings: r.bindings };
}

/** The model's side of `s` under a profile. */
export const modelSide = (s: Scenario, profileName: string): Side => sideOf(runScenario(s, findProfile(profileName)!));

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
  const r = runScenario(s, findProfile(profileName)!);
  const units = unitsOf(r);
  const model = sideOf(r, units);
  const kernel = await kernelSide(guest, s, units, devices, how);
  return {
    scenario: s.name,
    supported: true,
    agree: firstDifference(model, kernel) === null,
    model,
    kernel,
    ms: Date.now() - t0,
  };
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

/** The fixed world of generated traces: two 82574L twins and an 82540EM. */
export const GENERATED_DEVICES: readonly GuestDevice[] = [
  { port: 1, model: 'e1000e', present: true },
  { port: 2, model: 'e1000e', present: true },
  { port: 3, model: 'e1000', present: true },
];

/** The world of generated SR-IOV traces (oracle --sriov): QEMU's igb PF and an 82574L. */
export const SRIOV_DEVICES: readonly GuestDevice[] = [
  { port: 1, model: 'igb', present: true },
  { port: 2, model: 'e1000e', present: true },
];

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
    const off = p.devices.find((x) => !this.world.some((g) => g.port === x.port && g.model === x.model));
    if (off || s.devices.some((d) => d.iommu_group === null)) {
      const world = this.world.map((d) => `${d.model} at 0${d.port}`).join(', ');
      return {
        scenario: s.name,
        supported: false,
        reason: `not the snapshot guest's world (${world}, each in an IOMMU group)`,
      };
    }
    const t0 = Date.now();
    await this.guest.snapshot('loadvm', 'base');
    return compare(this.guest, s, profileName, this.world, 'sysfs', t0);
  }

  close(): void {
    this.guest.close();
  }
}
