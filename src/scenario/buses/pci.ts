// Scenario format v1, PCI devices (functions by BDF, SR-IOV PFs and their VF slots) and inline PCI drivers (an id table).
import { UserError } from '../../util/errors.js';
import { PCI_ANY_ID, type PciDeviceId, type ProbeSpec, type SriovCap } from '../../model/types.js';
import { bdfKey, vfBdf } from '../../model/pci/bdf.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { Json, ScenarioBus } from './types.js';

export const hex = (s: unknown): number => parseInt(String(s), 16) >>> 0;
const hexOr = (s: unknown, dflt: number): number => (s === undefined ? dflt : hex(s));
/** "ffff", "ffffffff" and "any" are PCI_ANY_ID: no real device has ID ffff, so nothing is lost. */
const idField = (s: unknown): number =>
  s === undefined || s === 'any' || /^f{4}(f{4})?$/i.test(String(s)) ? PCI_ANY_ID : hex(s);

function idDecl(o: Json): PciDeviceId {
  const dd = o.driver_data;
  return {
    vendor: idField(o.vendor),
    device: idField(o.device),
    subvendor: idField(o.subvendor),
    subdevice: idField(o.subdevice),
    class: hexOr(o.class, 0),
    class_mask: hexOr(o.class_mask, 0),
    driver_data: dd === undefined ? 0 : typeof dd === 'number' ? dd : hex(dd),
    override_only: o.override_only === true,
  };
}

function device(o: Json): DeviceDecl {
  const sr = o.sriov as Json | undefined;
  const sriov: SriovCap | null = sr
    ? {
        total_vfs: sr.total_vfs as number,
        vf_device: hex(sr.vf_device),
        vf_offset: (sr.vf_offset as number | undefined) ?? 1,
        vf_stride: (sr.vf_stride as number | undefined) ?? 1,
      }
    : null;
  return {
    bus: 'pci',
    bdf: String(o.bdf),
    vendor: hex(o.vendor),
    device: hex(o.device),
    subvendor: hexOr(o.subvendor, 0),
    subdevice: hexOr(o.subdevice, 0),
    class: hex(o.class),
    revision: hexOr(o.revision, 0),
    header_type: (o.header_type as DeviceDecl['header_type'] | undefined) ?? 'normal',
    iommu_group: o.iommu_group === undefined ? 'own' : (o.iommu_group as number | null),
    present: o.present !== false,
    override: (o.override as string | null | undefined) ?? null,
    pf: (o.pf as string | undefined) ?? null,
    sriov,
    platform: null,
    usb: null,
    serio: null,
    vmbus: null,
    cdx: null,
    fslmc: null,
  };
}

/** The VF slots of a PF, after checking their routing IDs stay on the PF's domain (PCIe SR-IOV 3.3.10). */
function vfSlots(file: string, i: number, d: DeviceDecl): string[] {
  if (d.sriov === null) return [];
  const cap = d.sriov;
  const rid = (v: number): number => (bdfKey(d.bdf) & 0xffff) + cap.vf_offset + v * cap.vf_stride;
  const past = Array.from({ length: cap.total_vfs }, (_, v) => v).find((v) => rid(v) > 0xffff);
  if (past !== undefined)
    throw new UserError(
      file,
      `devices[${i}].sriov`,
      `VF ${past} would lie past bus ff (routing ID ${rid(past).toString(16)})`,
    );
  return Array.from({ length: cap.total_vfs }, (_, v) => vfBdf(d.bdf, cap, v));
}

/** Every BDF the world has: declared functions and the implicit VF slots of each PF. */
function names(file: string, devices: readonly (readonly [number, DeviceDecl])[]): Map<string, string> {
  const owner = new Map<string, string>(); // BDF -> who holds it, for messages
  const pfAt = (bdf: string): readonly [number, DeviceDecl] | undefined =>
    devices.find(([, x]) => x.bdf === bdf && x.pf === null);
  for (const [i, d] of devices) {
    if (d.pf !== null && d.sriov !== null)
      throw new UserError(file, `devices[${i}].sriov`, 'a VF (with "pf") has no SR-IOV capability of its own');
    if (d.pf !== null) continue;
    if (owner.has(d.bdf))
      throw new UserError(file, `devices[${i}].bdf`, `duplicate device ${d.bdf} (also ${owner.get(d.bdf)})`);
    owner.set(d.bdf, `devices[${i}]`);
  }
  for (const [i, d] of devices) {
    if (d.pf !== null) continue;
    vfSlots(file, i, d).forEach((vf, v) => {
      const j = pfAt(vf)?.[0];
      if (j !== undefined)
        throw new UserError(
          file,
          `devices[${j}].bdf`,
          `${vf} is VF ${v} of ${d.bdf} (devices[${i}]); to change its fields declare it with "pf": "${d.bdf}"`,
        );
      if (owner.has(vf)) throw new UserError(file, `devices[${i}].sriov`, `VF ${v} at ${vf} overlaps ${owner.get(vf)}`);
      owner.set(vf, `VF ${v} of devices[${i}]`);
    });
  }
  for (const [i, d] of devices) {
    if (d.pf === null) continue;
    const pf = pfAt(d.pf);
    if (pf === undefined) throw new UserError(file, `devices[${i}].pf`, `${d.pf} is not a declared device`);
    const [p, pfDecl] = pf;
    const vfs = vfSlots(file, p, pfDecl);
    if (vfs.length === 0) throw new UserError(file, `devices[${i}].pf`, `${d.pf} (devices[${p}]) has no "sriov"`);
    if (!vfs.includes(d.bdf))
      throw new UserError(
        file,
        `devices[${i}].bdf`,
        `${d.bdf} is not a VF of ${d.pf} (its VFs: ${vfs.slice(0, 4).join(', ')}${vfs.length > 4 ? ', …' : ''})`,
      );
    const j = devices.find(([, x]) => x.bdf === d.bdf)![0];
    if (j !== i) throw new UserError(file, `devices[${i}].bdf`, `duplicate device ${d.bdf} (also devices[${j}])`);
  }
  return owner;
}

function inline(o: Json, probe: ProbeSpec): InlineDriver {
  return {
    ids: (o.ids as Json[]).map(idDecl),
    probe,
    sriov_configure: o.sriov_configure === true,
    platform: null,
    usb: null,
    serio: null,
    vmbus: null,
    cdx: null,
    fslmc: null,
  };
}

export const pciScenario: ScenarioBus = { name: 'pci', device, names, isInline: (o) => Array.isArray(o.ids), inline };
