// Which scenarios the oracle's guest can reproduce, and the QEMU devices each needs: one device per PCIe root
// port, drivers the initramfs ships, SR-IOV only as QEMU's igb, IOMMU groups all or none.
import type { Scenario } from '../scenario/types.js';
import { findRecipe } from '../recipes/index.js';
import { hex4 } from '../util/hex.js';
import { qemuModel } from '../report/qemu.js';

export interface GuestDevice {
  /** Root port (and so the guest bus number) 1..n. */
  readonly port: number;
  readonly model: string;
  /** Plugged at boot; otherwise the port stays empty until hot-add. */
  readonly present: boolean;
}

/** Modules the oracle can load (the catalogue drivers QEMU can drive); the initramfs adds what they depend on. */
export const ORACLE_MODULES = ['e1000e', 'e1000', '8139too', '8139cp', 'pci-stub', 'vfio-pci', 'igb', 'igbvf'];

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

/** Why `s` cannot run on the snapshot guest `world` (same models on the same ports, each in an IOMMU group); null if it can. */
export function offSnapshot(
  s: Scenario,
  devices: readonly GuestDevice[],
  world: readonly GuestDevice[] = GENERATED_DEVICES,
): string | null {
  const off = devices.find((x) => !world.some((g) => g.port === x.port && g.model === x.model));
  if (off || s.devices.some((d) => d.iommu_group === null)) {
    const names = world.map((d) => `${d.model} at 0${d.port}`).join(', ');
    return `not the snapshot guest's world (${names}, each in an IOMMU group)`;
  }
  return null;
}
