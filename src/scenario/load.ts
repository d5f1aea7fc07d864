// Scenario format v1: parse, validate strictly (schema, then meaning), fill defaults.
import { UserError } from '../util/errors.js';
import { ERRNO } from '../util/errno.js';
import { PCI_ANY_ID, type PciDeviceId, type ProbeSpec, type SriovCap } from '../model/types.js';
import { vfBdf } from '../model/pci/bdf.js';
import { parseSysfsPath } from '../ops/sysfs.js';
import { checkStructure } from './structure.js';
import type { ActorDecl, DeviceDecl, DriverDecl, OpDecl, Scenario } from './types.js';

type Json = Record<string, unknown>;

/** Keys sorted recursively: the scenario's identity does not depend on formatting. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Json;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const hex = (s: string): number => parseInt(s, 16) >>> 0;
const idField = (s: unknown, dflt: number): number => (s === undefined ? dflt : s === 'any' || /^f{8}$/i.test(String(s)) ? PCI_ANY_ID : hex(String(s)));
const norm = (s: string): string => s.replace(/-/g, '_');

function errno(file: string, field: string, name: string): number {
  const n = ERRNO[name.slice(1)];
  if (n === undefined) throw new UserError(file, field, `unknown errno "${name}" (known: ${Object.keys(ERRNO).map((k) => `-${k}`).join(', ')})`);
  return -n;
}

function probeSpec(file: string, field: string, p: unknown): ProbeSpec | null {
  if (p === undefined) return null;
  if (p === 'ok') return { kind: 'ok' };
  if (typeof p === 'string') return { kind: 'errno', errno: errno(file, field, p) };
  const o = p as Json;
  return { kind: 'fail_after', n: o.fail_after as number, errno: o.errno === undefined ? -ERRNO.ENODEV : errno(file, `${field}.errno`, String(o.errno)) };
}

function idDecl(o: Json): PciDeviceId {
  const dd = o.driver_data;
  return {
    vendor: idField(o.vendor, PCI_ANY_ID), device: idField(o.device, PCI_ANY_ID),
    subvendor: idField(o.subvendor, PCI_ANY_ID), subdevice: idField(o.subdevice, PCI_ANY_ID),
    class: o.class === undefined ? 0 : hex(String(o.class)), class_mask: o.class_mask === undefined ? 0 : hex(String(o.class_mask)),
    driver_data: dd === undefined ? 0 : typeof dd === 'number' ? dd : hex(String(dd)), override_only: o.override_only === true,
  };
}

function driverDecl(file: string, i: number, d: unknown, known: (n: string) => boolean): DriverDecl {
  const o: Json = typeof d === 'string' ? { name: d } : (d as Json);
  const name = String(o.name);
  const field = `drivers[${i}]`;
  const inline = Array.isArray(o.ids);
  if (!inline && !known(name)) throw new UserError(file, `${field}.name`, `unknown driver "${name}" (not in the catalogue; give "ids" for an inline driver)`);
  if (!inline && o.sriov_configure !== undefined) throw new UserError(file, `${field}.sriov_configure`, 'only for inline drivers (with "ids")');
  const probe = probeSpec(file, `${field}.probe`, o.probe);
  return {
    name, loaded: o.loaded !== false, params: (o.params as string | undefined) ?? '', probe: inline ? null : probe,
    inline: inline ? { ids: (o.ids as Json[]).map(idDecl), probe: probe ?? { kind: 'ok' }, sriov_configure: o.sriov_configure === true } : null,
  };
}

function deviceDecl(o: Json): DeviceDecl {
  const sr = o.sriov as Json | undefined;
  const sriov: SriovCap | null = sr ? { total_vfs: sr.total_vfs as number, vf_device: hex(String(sr.vf_device)), vf_offset: (sr.vf_offset as number) ?? 1, vf_stride: (sr.vf_stride as number) ?? 1 } : null;
  return {
    bdf: String(o.bdf), vendor: hex(String(o.vendor)), device: hex(String(o.device)),
    subvendor: o.subvendor === undefined ? 0 : hex(String(o.subvendor)), subdevice: o.subdevice === undefined ? 0 : hex(String(o.subdevice)),
    class: hex(String(o.class)), revision: o.revision === undefined ? 0 : hex(String(o.revision)),
    header_type: (o.header_type as DeviceDecl['header_type']) ?? 'normal',
    iommu_group: o.iommu_group === undefined ? 'own' : (o.iommu_group as number | null),
    present: o.present !== false, override: (o.override as string | undefined) ?? null, pf: (o.pf as string | undefined) ?? null, sriov,
  };
}

function opDecl(o: Json): OpDecl {
  if ('write' in o) return { kind: 'write', path: String(o.write), value: String(o.value) };
  if ('read' in o) return { kind: 'read', path: String(o.read) };
  if ('hotplug' in o) return { kind: 'hotplug', action: o.hotplug as 'add' | 'remove', bdf: String(o.bdf) };
  if ('modprobe' in o) return { kind: 'modprobe', module: String(o.modprobe), params: (o.params as string | undefined) ?? '' };
  if ('rmmod' in o) return { kind: 'rmmod', module: String(o.rmmod) };
  const { recipe, ...args } = o;
  return { kind: 'recipe', recipe: String(recipe), args: args as Record<string, string> };
}

/** Every BDF the world has: declared functions and the implicit VF slots of each PF. */
function deviceSlots(file: string, devices: readonly DeviceDecl[]): Set<string> {
  const slots = new Set<string>();
  const add = (bdf: string, field: string): void => {
    if (slots.has(bdf)) throw new UserError(file, field, `duplicate device ${bdf}`);
    slots.add(bdf);
  };
  devices.forEach((d, i) => {
    if (d.pf !== null) return;
    add(d.bdf, `devices[${i}].bdf`);
    if (d.sriov) for (let v = 0; v < d.sriov.total_vfs; v++) add(vfBdf(d.bdf, d.sriov, v), `devices[${i}].sriov`);
  });
  devices.forEach((d, i) => {
    if (d.pf === null) return;
    const pf = devices.find((p) => p.bdf === d.pf && p.pf === null);
    if (!pf || !pf.sriov) throw new UserError(file, `devices[${i}].pf`, `${d.pf} is not a declared device with "sriov"`);
    const vfs = Array.from({ length: pf.sriov.total_vfs }, (_, v) => vfBdf(pf.bdf, pf.sriov!, v));
    if (!vfs.includes(d.bdf)) throw new UserError(file, `devices[${i}].bdf`, `${d.bdf} is not a VF of ${d.pf} (its VFs: ${vfs.slice(0, 4).join(', ')}${vfs.length > 4 ? ', …' : ''})`);
    if (devices.some((x, j) => j < i && x.bdf === d.bdf)) throw new UserError(file, `devices[${i}].bdf`, `duplicate device ${d.bdf}`);
  });
  return slots;
}

function checkOp(file: string, field: string, op: OpDecl, slots: Set<string>, drivers: readonly DriverDecl[]): void {
  const hasDriver = (n: string): boolean => drivers.some((d) => d.name === n || norm(d.name) === norm(n));
  const bdf = (b: string, f: string): void => {
    if (!slots.has(b)) throw new UserError(file, f, `device ${b} is not declared`);
  };
  if (op.kind === 'write' || op.kind === 'read') {
    const f = `${field}.${op.kind}`;
    const t = parseSysfsPath(op.path);
    if (typeof t === 'string') throw new UserError(file, f, `${t}: ${op.path}`);
    if ('bdf' in t) bdf(t.bdf, f);
    if ('driver' in t && !hasDriver(t.driver)) throw new UserError(file, f, `driver "${t.driver}" is not declared in "drivers"`);
  } else if (op.kind === 'hotplug') bdf(op.bdf, `${field}.bdf`);
  else if (op.kind === 'modprobe' || op.kind === 'rmmod') {
    if (!hasDriver(op.module)) throw new UserError(file, `${field}.${op.kind}`, `module "${op.module}" is not a declared driver`);
  }
}

export function parseScenario(text: string, file: string, knownDriver: (name: string) => boolean): Scenario {
  if (text.trim() === '') throw new UserError(file, '', 'empty file (expected a JSON scenario)');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(file, '', `not valid JSON: ${(e as Error).message}`);
  }
  checkStructure(data, file);
  const o = data as Json;
  const drivers = ((o.drivers as unknown[]) ?? []).map((d, i) => driverDecl(file, i, d, knownDriver));
  drivers.forEach((d, i) => {
    if (drivers.findIndex((x) => norm(x.name) === norm(d.name)) !== i) throw new UserError(file, `drivers[${i}].name`, `duplicate driver "${d.name}"`);
  });
  const devices = ((o.devices as Json[]) ?? []).map(deviceDecl);
  const slots = deviceSlots(file, devices);
  const actors: ActorDecl[] = (o.actors as Json[]).map((a, i) => ({
    name: String(a.name), role: (a.role as ActorDecl['role']) ?? 'admin',
    intent: (a.intent as Record<string, string | null> | undefined) ?? null, ops: (a.ops as Json[]).map(opDecl),
  }));
  actors.forEach((a, i) => {
    if (actors.findIndex((x) => x.name === a.name) !== i) throw new UserError(file, `actors[${i}].name`, `duplicate actor "${a.name}"`);
    a.ops.forEach((op, j) => checkOp(file, `actors[${i}].ops[${j}]`, op, slots, drivers));
    for (const [b, d] of Object.entries(a.intent ?? {})) {
      if (!slots.has(b)) throw new UserError(file, `actors[${i}].intent.${b}`, `device ${b} is not declared`);
      if (d !== null && !drivers.some((x) => x.name === d)) throw new UserError(file, `actors[${i}].intent.${b}`, `driver "${d}" is not declared in "drivers"`);
    }
  });
  const bus = (o.bus as Json | undefined) ?? {};
  return {
    scenario: 1, name: String(o.name), description: (o.description as string | undefined) ?? '', kernel: (o.kernel as string | undefined) ?? null,
    policy: (o.policy as string | undefined) ?? 'mainline', bus: { drivers_autoprobe: bus.drivers_autoprobe !== false },
    drivers, devices, actors, source: canonicalJson(data),
  };
}
