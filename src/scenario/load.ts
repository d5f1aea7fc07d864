// Scenario format v1 (design §3): parse, validate strictly (JSON syntax, schema, then meaning), fill defaults.
import { UserError } from '../util/errors.js';
import { ERRNO } from '../util/errno.js';
import { PCI_ANY_ID, type PciDeviceId, type ProbeSpec, type SriovCap } from '../model/types.js';
import { bdfKey, vfBdf } from '../model/pci/bdf.js';
import { canonicalJson, parseJson } from './json.js';
import { checkStructure, didYouMean } from './structure.js';
import { actorDecls, udevDecls, type Names } from './actors.js';
import { CATALOGUE, findDriver, moduleKey, type DriverNames } from '../model/catalogue/index.js';
import type { DeviceDecl, DriverDecl, Scenario } from './types.js';
import { findProfile, PROFILES } from '../profiles/index.js';

export { canonicalJson } from './json.js';

type Json = Record<string, unknown>;
type KnownDriver = (name: string) => boolean;

const hex = (s: unknown): number => parseInt(String(s), 16) >>> 0;
const hexOr = (s: unknown, dflt: number): number => (s === undefined ? dflt : hex(s));
/** "ffff", "ffffffff" and "any" are PCI_ANY_ID: no real device has ID ffff, so nothing is lost. */
const idField = (s: unknown): number =>
  s === undefined || s === 'any' || /^f{4}(f{4})?$/i.test(String(s)) ? PCI_ANY_ID : hex(s);

function errno(file: string, field: string, name: string): number {
  const key = name.slice(1);
  if (!Object.hasOwn(ERRNO, key))
    throw new UserError(
      file,
      field,
      `unknown errno "${name}" (known: ${Object.keys(ERRNO)
        .map((k) => `-${k}`)
        .join(', ')})`,
    );
  return -ERRNO[key];
}

function probeSpec(file: string, field: string, p: unknown): ProbeSpec | null {
  if (p === undefined) return null;
  if (p === 'ok') return { kind: 'ok' };
  if (typeof p === 'string') return { kind: 'errno', errno: errno(file, field, p) };
  const o = p as Json;
  const e = o.errno === undefined ? -ERRNO.ENODEV : errno(file, `${field}.errno`, String(o.errno));
  return { kind: 'fail_after', n: o.fail_after as number, errno: e };
}

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

/** A declared driver: as the scenario has it, the name it was given by, and both its names. */
interface Declared {
  readonly decl: DriverDecl;
  readonly given: string;
  readonly names: DriverNames;
}

/**
 * A catalogue driver may be given by its kernel name or its module name ("vfio_pci", "xhci_pci"); the
 * declaration carries the kernel name, which is what bindings, intents and sysfs directories use.
 */
function driverDecl(file: string, i: number, d: unknown, known: KnownDriver): Declared {
  const o: Json = typeof d === 'string' ? { name: d } : (d as Json);
  const given = String(o.name);
  const field = typeof d === 'string' ? `drivers[${i}]` : `drivers[${i}].name`;
  const inline = Array.isArray(o.ids);
  const entry = inline ? undefined : findDriver(given);
  if (!inline && (entry === undefined || !known(entry.name))) {
    const names = CATALOGUE.map((e) => e.name).filter(known);
    throw new UserError(
      file,
      field,
      `unknown driver "${given}" (not in the catalogue; give "ids" for an inline driver)${didYouMean(given, names)}`,
    );
  }
  const names: DriverNames = entry ?? { name: given, module: given };
  if (!inline && o.sriov_configure !== undefined)
    throw new UserError(
      file,
      `drivers[${i}].sriov_configure`,
      'only for inline drivers (with "ids"); catalogue drivers have their own',
    );
  const probe = probeSpec(file, `drivers[${i}].probe`, o.probe);
  const decl: DriverDecl = {
    name: names.name,
    loaded: o.loaded !== false,
    params: (o.params as string | undefined) ?? '',
    probe: inline ? null : probe,
    inline: inline
      ? {
          ids: (o.ids as Json[]).map(idDecl),
          probe: probe ?? { kind: 'ok' },
          sriov_configure: o.sriov_configure === true,
        }
      : null,
  };
  return { decl, given, names: { name: names.name, module: names.module } };
}

/** Two declarations are one driver when their kernel names or their modules are the same to modprobe. */
const sameDriver = (a: DriverNames, b: DriverNames): boolean =>
  moduleKey(a.name) === moduleKey(b.name) || moduleKey(a.module) === moduleKey(b.module);

function driverDecls(file: string, list: unknown[], known: KnownDriver): Declared[] {
  const drivers = list.map((d, i) => driverDecl(file, i, d, known));
  drivers.forEach((d, i) => {
    const j = drivers.findIndex((x) => sameDriver(x.names, d.names));
    if (j !== i) {
      const same = d.given === drivers[j].given ? '' : ` "${drivers[j].given}"; both name ${d.names.name}`;
      throw new UserError(
        file,
        typeof list[i] === 'string' ? `drivers[${i}]` : `drivers[${i}].name`,
        `duplicate driver "${d.given}" (also drivers[${j}]${same})`,
      );
    }
  });
  return drivers;
}

function deviceDecl(o: Json): DeviceDecl {
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
function deviceSlots(file: string, devices: readonly DeviceDecl[]): Set<string> {
  const owner = new Map<string, string>(); // BDF -> who holds it, for messages
  devices.forEach((d, i) => {
    if (d.pf !== null && d.sriov !== null)
      throw new UserError(file, `devices[${i}].sriov`, 'a VF (with "pf") has no SR-IOV capability of its own');
    if (d.pf !== null) return;
    if (owner.has(d.bdf))
      throw new UserError(file, `devices[${i}].bdf`, `duplicate device ${d.bdf} (also ${owner.get(d.bdf)})`);
    owner.set(d.bdf, `devices[${i}]`);
  });
  devices.forEach((d, i) => {
    if (d.pf !== null) return;
    vfSlots(file, i, d).forEach((vf, v) => {
      const j = devices.findIndex((x) => x.bdf === vf && x.pf === null);
      if (j >= 0)
        throw new UserError(
          file,
          `devices[${j}].bdf`,
          `${vf} is VF ${v} of ${d.bdf} (devices[${i}]); to change its fields declare it with "pf": "${d.bdf}"`,
        );
      if (owner.has(vf)) throw new UserError(file, `devices[${i}].sriov`, `VF ${v} at ${vf} overlaps ${owner.get(vf)}`);
      owner.set(vf, `VF ${v} of devices[${i}]`);
    });
  });
  devices.forEach((d, i) => {
    if (d.pf === null) return;
    const p = devices.findIndex((x) => x.bdf === d.pf && x.pf === null);
    if (p < 0) throw new UserError(file, `devices[${i}].pf`, `${d.pf} is not a declared device`);
    const vfs = vfSlots(file, p, devices[p]);
    if (vfs.length === 0) throw new UserError(file, `devices[${i}].pf`, `${d.pf} (devices[${p}]) has no "sriov"`);
    if (!vfs.includes(d.bdf))
      throw new UserError(
        file,
        `devices[${i}].bdf`,
        `${d.bdf} is not a VF of ${d.pf} (its VFs: ${vfs.slice(0, 4).join(', ')}${vfs.length > 4 ? ', …' : ''})`,
      );
    const j = devices.findIndex((x) => x.bdf === d.bdf);
    if (j !== i) throw new UserError(file, `devices[${i}].bdf`, `duplicate device ${d.bdf} (also devices[${j}])`);
  });
  return new Set(owner.keys());
}

/**
 * A scenario from its JSON text. `file` names it in messages; `knownDriver` says which catalogue drivers
 * (by kernel name) it may use; names are resolved by the catalogue (resolveDriver). Every problem is a UserError
 * `file: field: message`; anything else is a bug.
 */
export function parseScenario(text: string, file: string, knownDriver: KnownDriver): Scenario {
  const data = parseJson(text, file);
  checkStructure(data, file);
  const o = data as Json;
  const declared = driverDecls(file, (o.drivers as unknown[] | undefined) ?? [], knownDriver);
  const drivers = declared.map((d) => d.decl);
  const devices = ((o.devices as Json[] | undefined) ?? []).map(deviceDecl);
  const slots = deviceSlots(file, devices);
  const names: Names = { file, slots, drivers: declared.map((d) => d.names), inUdev: false };
  const actors = actorDecls(names, o.actors as Json[]);
  const udev = udevDecls(names, (o.udev as Json[] | undefined) ?? []);
  const bus = (o.bus as Json | undefined) ?? {};
  const { kernel, policy } = eraOf(file, o);
  return {
    scenario: 1,
    name: String(o.name),
    description: (o.description as string | undefined) ?? '',
    kernel,
    policy,
    bus: { drivers_autoprobe: bus.drivers_autoprobe !== false },
    drivers,
    devices,
    actors,
    udev,
    source: canonicalJson(data),
  };
}

/** The scenario's own profile (a known one) and policy (only the profile's own, "mainline", is built in). */
function eraOf(file: string, o: Json): { kernel: string | null; policy: string } {
  const kernel = (o.kernel as string | undefined) ?? null;
  const policy = (o.policy as string | undefined) ?? 'mainline';
  if (policy !== 'mainline')
    throw new UserError(
      file,
      'policy',
      `unknown policy "${policy}" (built in: "mainline", the profile's own pci_match_device)`,
    );
  if (kernel !== null && findProfile(kernel) === undefined)
    throw new UserError(
      file,
      'kernel',
      `unknown kernel profile "${kernel}" (known: ${PROFILES.map((p) => p.name).join(', ')})`,
    );
  return { kernel, policy };
}

/** Why a read failed, in words (Node's error codes). */
function readFailure(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
}

/**
 * A scenario file. The reader is a parameter because only the CLI layer touches the file
 * system (test/architecture.spec.ts); the CLI passes `(p) => readFileSync(p, 'utf8')`.
 */
export function loadScenarioFile(path: string, knownDriver: KnownDriver, readText: (path: string) => string): Scenario {
  let text: string;
  try {
    text = readText(path);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(path, '', `cannot read: ${readFailure(e)}`);
  }
  return parseScenario(text, path, knownDriver);
}
