// Scenario format v1 (design §3): parse, validate strictly (JSON syntax, schema, then meaning), fill defaults.
import { UserError } from '../util/errors.js';
import { ERRNO } from '../util/errno.js';
import { BUS_NAMES, type BusName, type ProbeSpec } from '../model/types.js';
import { SCENARIO_BUSES } from './buses/index.js';
import { canonicalJson, parseJson } from './json.js';
import { checkStructure, didYouMean } from './structure.js';
import { actorDecls, udevDecls, type Names } from './actors.js';
import { CATALOGUE, findDriver, moduleKey, type DriverNames } from '../model/catalogue/index.js';
import type { BusSettings, DeviceDecl, DriverDecl, Scenario } from './types.js';
import { findProfile, PROFILES } from '../profiles/index.js';

export { canonicalJson } from './json.js';

type Json = Record<string, unknown>;
type KnownDriver = (name: string) => boolean;

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

/**
 * Why a driver string is no PCI catalogue driver, and what to write instead: a real driver of another bus is
 * an object naming its bus (a new user writes "hv_netvsc" as PCI's catalogue drivers are written).
 */
function notCatalogue(given: string): string {
  const other = BUS_NAMES.find((b) => b !== 'pci' && SCENARIO_BUSES[b].known?.(given) !== undefined);
  return other !== undefined
    ? `a ${other} driver: declare it as {"bus": "${other}", "name": "${SCENARIO_BUSES[other].known!(given)!.name}"}`
    : 'not in the PCI catalogue; give "ids" for an inline PCI driver, or "bus" for a driver of another bus';
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
  const bus = (o.bus as BusName | undefined) ?? 'pci'; // the catalogue's drivers are PCI's
  const inline = SCENARIO_BUSES[bus].isInline(o);
  const entry = inline ? SCENARIO_BUSES[bus].known?.(given) : findDriver(given);
  if (!inline && (entry === undefined || !known(entry.name))) {
    const names = CATALOGUE.map((e) => e.name).filter(known);
    throw new UserError(file, field, `unknown driver "${given}" (${notCatalogue(given)})${didYouMean(given, names)}`);
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
    bus,
    name: names.name,
    loaded: o.loaded !== false,
    params: (o.params as string | undefined) ?? '',
    probe: inline ? null : probe,
    inline: inline ? SCENARIO_BUSES[bus].inline(o, probe ?? { kind: 'ok' }) : null,
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

/** A device by its bus (PCI when it names none). */
function deviceDecl(o: Json): DeviceDecl {
  return SCENARIO_BUSES[(o.bus as BusName | undefined) ?? 'pci'].device(o);
}

/** Every device name the world has (PCI's VF slots included), with its bus; names are unique across buses. */
function deviceSlots(file: string, devices: readonly DeviceDecl[]): Map<string, BusName> {
  const out = new Map<string, BusName>();
  const owner = new Map<string, string>();
  for (const bus of BUS_NAMES) {
    const mine = devices.map((d, i) => [i, d] as const).filter(([, d]) => d.bus === bus);
    for (const [name, who] of SCENARIO_BUSES[bus].names(file, mine)) {
      if (out.has(name))
        throw new UserError(
          file,
          `${who}.name`,
          `duplicate device ${name} (also ${owner.get(name)}, on ${out.get(name)})`,
        );
      out.set(name, bus);
      owner.set(name, who);
    }
  }
  return out;
}

/** Per-bus attributes at boot: "buses" ({ "<bus>": { "drivers_autoprobe": … } }), or the old "bus" object (PCI's). */
function busSettings(file: string, o: Json): Record<BusName, BusSettings> {
  const buses = (o.buses as Record<string, Json> | undefined) ?? {};
  if (o.bus !== undefined && buses.pci !== undefined)
    throw new UserError(file, 'bus', 'PCI\'s settings are given twice: "bus" is the old form of "buses.pci"; keep one');
  const given = (bus: BusName): Json => (bus === 'pci' ? (buses.pci ?? (o.bus as Json | undefined)) : buses[bus]) ?? {};
  return Object.fromEntries(
    BUS_NAMES.map((bus) => [bus, { drivers_autoprobe: given(bus).drivers_autoprobe !== false }]),
  ) as Record<BusName, BusSettings>;
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
  const names: Names = {
    file,
    slots,
    drivers: declared.map((d) => ({ ...d.names, bus: d.decl.bus })),
    inUdev: false,
  };
  const actors = actorDecls(names, o.actors as Json[]);
  const udev = udevDecls(names, (o.udev as Json[] | undefined) ?? []);
  const { kernel, policy } = eraOf(file, o);
  return {
    scenario: 1,
    name: String(o.name),
    description: (o.description as string | undefined) ?? '',
    kernel,
    policy,
    buses: busSettings(file, o),
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
