// Scenario format v1, second pass: actors' and udev rules' ops and intents against the declared devices and
// drivers. Names the scenario itself gives for drivers resolve to kernel names (resolveDriver); sysfs paths
// are checked as the kernel spells its directories.
import { UserError } from '../util/errors.js';
import { isBus, parseSysfsPath } from '../ops/sysfs.js';
import { BUSES } from '../model/buses.js';
import { BDF_MSG, didYouMean } from './structure.js';
import { findRecipe, RECIPES } from '../recipes/index.js';
import { moduleKey, resolveDriver, resolveModule, type DriverNames } from '../model/catalogue/index.js';
import type { ActorDecl, OpDecl, UdevRuleDecl } from './types.js';
import { isBdf } from '../model/pci/bdf.js';
import type { BusName } from '../model/types.js';

type Json = Record<string, unknown>;

const hex = (s: unknown): number => parseInt(String(s), 16) >>> 0;

function opDecl(o: Json): OpDecl {
  if ('write' in o) return { kind: 'write', path: String(o.write), value: String(o.value) };
  if ('read' in o) return { kind: 'read', path: String(o.read) };
  if ('hotplug' in o) return { kind: 'hotplug', action: o.hotplug as 'add' | 'remove', bdf: String(o.device ?? o.bdf) };
  if ('modprobe' in o)
    return { kind: 'modprobe', module: String(o.modprobe), params: (o.params as string | undefined) ?? '' };
  if ('rmmod' in o) return { kind: 'rmmod', module: String(o.rmmod) };
  const { recipe, ...args } = o;
  return { kind: 'recipe', recipe: String(recipe), args: args as Record<string, string> };
}

/** What the semantic checks of actors look names up in. */
export interface Names {
  readonly file: string;
  /** Every device name (BDF on PCI, dev_name elsewhere, VF slots included) -> its bus. */
  readonly slots: ReadonlyMap<string, BusName>;
  /** The declared drivers' kernel and module names and buses, in declaration order. */
  readonly drivers: readonly (DriverNames & { readonly bus: BusName })[];
  /** Checking a udev rule's ops, where "$kernel" is allowed. */
  readonly inUdev: boolean;
}

/**
 * A declared device by its name; `bus`: it must be on that bus (a sysfs path under /sys/bus/<bus>, a "bdf" key,
 * the device of `tool`, a PCI-only recipe).
 */
function needDevice(n: Names, field: string, name: string, bus?: BusName, tool?: string): void {
  const on = n.slots.get(name);
  if (on === undefined)
    throw new UserError(
      n.file,
      field,
      `device ${name} is not declared in "devices" (nor a VF of a declared PF)${didYouMean(name, [...n.slots.keys()])}`,
    );
  if (bus !== undefined && on !== bus)
    throw new UserError(
      n.file,
      field,
      `device ${name} is on the ${on} bus, not ${bus}${tool === undefined ? '' : ` ("${tool}" is a ${bus} tool)`}`,
    );
}

const notDeclared = (n: Names, field: string, name: string): UserError =>
  new UserError(
    n.file,
    field,
    `driver "${name}" is not declared in "drivers"${
      didYouMean(
        name,
        n.drivers.map((d) => d.name),
      ) || ` (declared: ${n.drivers.map((d) => d.name).join(', ') || 'none'})`
    }`,
  );

/**
 * A driver the scenario itself names (an intent, a tool's driver argument): any of a declared driver's
 * names (resolveDriver), returned as its kernel name, which is what bindings are compared with.
 */
function declaredDriver(n: Names, field: string, name: string): string {
  const d = resolveDriver(n.drivers, name);
  if (d === undefined) throw notDeclared(n, field, name);
  return d.name;
}

/**
 * A driver directory in a sysfs path exists under the kernel name only (/sys/bus/pci/drivers/vfio-pci),
 * and /sys/module/<m> under the module name with '_'; any other spelling is no file the kernel has.
 */
function needDriverDir(n: Names, field: string, t: { bus: BusName; driver: string; module?: string }): void {
  const d = n.drivers.find((x) => x.name === t.driver);
  if (d !== undefined && d.bus !== t.bus)
    throw new UserError(
      n.file,
      field,
      `driver ${d.name} is on the ${d.bus} bus: its directory is /sys/bus/${d.bus}/drivers/${d.name}`,
    );
  if (d === undefined) {
    const alias = resolveDriver(n.drivers, t.driver);
    if (alias === undefined) throw notDeclared(n, field, t.driver);
    throw new UserError(
      n.file,
      field,
      `no driver directory "${t.driver}": sysfs names a driver by its kernel name (did you mean "${alias.name}"?)`,
    );
  }
  if (t.module !== undefined && t.module !== moduleKey(d.module))
    throw new UserError(
      n.file,
      field,
      `no module directory "${t.module}": /sys/module spells ${d.name}'s module "${moduleKey(d.module)}"`,
    );
}

/** In udev rules "$kernel" stands for the device's BDF; it is checked when the rule fires. */
const KERNEL = '$kernel';
const PLACEHOLDER_BDF = '0000:00:00.0';

function checkRecipe(n: Names, field: string, op: Extract<OpDecl, { kind: 'recipe' }>): void {
  const r = findRecipe(op.recipe);
  if (r === undefined) {
    // "driverctl -b vmbus set-override", as the DPDK guide writes the command line: the bus is an argument here.
    const b = /^(\S+) +(?:-b|--bus)[ =](\S+) +(.+)$/.exec(op.recipe);
    if (b !== null && findRecipe(`${b[1]} ${b[3]}`) !== undefined)
      throw new UserError(
        n.file,
        `${field}.recipe`,
        `unknown recipe "${op.recipe}": the bus is an argument, write {"recipe": "${b[1]} ${b[3]}", "bus": "${b[2]}", …}`,
      );
    const tool = op.recipe.split(' ')[0];
    const same = RECIPES.filter((x) => x.name.split(' ')[0] === tool).map((x) => x.name);
    throw new UserError(
      n.file,
      `${field}.recipe`,
      `unknown recipe "${op.recipe}"${didYouMean(
        op.recipe,
        RECIPES.map((x) => x.name),
      )}${same.length ? ` (${tool} has: ${same.join(', ')})` : ''}; \`hotplug-fuzz recipes\` lists them`,
    );
  }
  const names = r.args.map((a) => a.name);
  for (const [key, value] of Object.entries(op.args)) {
    const f = `${field}.${key}`;
    if (key === 'version') {
      if (!r.versions.includes(value))
        throw new UserError(n.file, f, `"${r.name}" has no version "${value}" (known: ${r.versions.join(', ')})`);
      continue;
    }
    const spec = r.args.find((a) => a.name === key);
    if (spec === undefined)
      throw new UserError(
        n.file,
        f,
        `"${r.name}" takes no argument "${key}"${didYouMean(key, names)} (takes: ${[...names, 'version'].join(', ')})`,
      );
    if (value === KERNEL && (spec.kind === 'bdf' || spec.kind === 'bdfs') && n.inUdev) continue;
    // A tool without a bus argument looks under one bus's devices (PCI's but for DPDK's netvsc guide); driverctl -b
    // given a device of another bus fails as the real tool does ("no such device"), at run time.
    const bus = names.includes('bus') ? undefined : (r.bus ?? 'pci');
    switch (spec.kind) {
      case 'bdf':
        needDevice(n, f, value, bus, r.name);
        break;
      case 'bdfs':
        if (value.trim() === '') throw new UserError(n.file, f, 'needs at least one BDF');
        for (const b of value.trim().split(/\s+/)) needDevice(n, f, b, bus, r.name);
        break;
      // The tool gets the name as typed: what it does with a module spelling is its own (driverctl
      // writes it into driver_override verbatim; dpdk-devbind only normalises it to look in /sys/module).
      case 'driver':
        declaredDriver(n, f, value);
        break;
      case 'driver-or-none':
        if (value !== 'none') declaredDriver(n, f, value);
        break;
      case 'count':
        if (!/^\d+$/.test(value)) throw new UserError(n.file, f, 'must be a non-negative integer');
        break;
      case 'flag':
        if (value !== 'true' && value !== 'false') throw new UserError(n.file, f, 'must be "true" or "false"');
        break;
      case 'bus':
        if (!isBus(value))
          throw new UserError(n.file, f, `unknown bus "${value}"${didYouMean(value, Object.keys(BUSES))}`);
        break;
    }
  }
  for (const a of r.args) {
    if (a.default === undefined && !(a.name in op.args))
      throw new UserError(n.file, field, `"${r.name}" needs "${a.name}" (${a.doc})`);
  }
}

/** A hotplug op names its device by "bdf" (PCI) or "device" (the sysfs name, any bus), once. */
function checkHotplug(n: Names, field: string, raw: Json): void {
  if (raw.bdf !== undefined && raw.device !== undefined)
    throw new UserError(n.file, field, 'has bdf and device: name the device once');
  if (raw.bdf !== undefined) needDevice(n, `${field}.bdf`, String(raw.bdf), 'pci');
  else if (raw.device !== undefined) needDevice(n, `${field}.device`, String(raw.device));
  else
    throw new UserError(
      n.file,
      field,
      'needs "bdf" (a PCI device) or "device" (a device of any bus, by its sysfs name)',
    );
}

function checkOp(n: Names, field: string, op: OpDecl, raw: Json): void {
  if (op.kind === 'recipe') checkRecipe(n, field, op);
  else if (op.kind === 'write' || op.kind === 'read') {
    const f = `${field}.${op.kind}`;
    const viaKernel = n.inUdev && op.path.includes(KERNEL);
    const t = parseSysfsPath(viaKernel ? op.path.split(KERNEL).join(PLACEHOLDER_BDF) : op.path);
    if (typeof t === 'string') throw new UserError(n.file, f, `${t}: ${op.path}`);
    if ('bdf' in t && !viaKernel) needDevice(n, f, t.bdf, t.bus);
    // Writing into an undeclared driver's directory is almost certainly a typo.
    if ('driver' in t) needDriverDir(n, f, t);
  } else if (op.kind === 'hotplug') checkHotplug(n, field, raw);
  else if (op.kind === 'modprobe' || op.kind === 'rmmod') needModule(n, `${field}.${op.kind}`, op.module);
}

/** modprobe/rmmod take module names, '-' and '_' alike (kmod's modname_normalize); not driver names. */
function needModule(n: Names, field: string, module: string): void {
  if (resolveModule(n.drivers, module) !== undefined) return;
  const byName = resolveDriver(n.drivers, module);
  throw new UserError(
    n.file,
    field,
    byName !== undefined
      ? `module "${module}" does not exist: driver ${byName.name} is in module "${byName.module}"`
      : `module "${module}" is not a declared driver (declared: ${n.drivers.map((d) => d.name).join(', ') || 'none'})`,
  );
}

/**
 * An actor's intent with every driver by its kernel name, so that it compares with bindings. Keys in sorted order,
 * as in the canonical source a finding embeds: its replay must list the devices in the order the run did.
 */
function intentDecl(n: Names, i: number, intent: Record<string, string | null> | null): ActorDecl['intent'] {
  if (intent === null) return null;
  const out: Record<string, string | null> = {};
  for (const [bdf, drv] of Object.entries(intent).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const f = `actors[${i}].intent[${JSON.stringify(bdf)}]`;
    // Keys are device names of any bus; one that looks like a PCI address but is none is a malformed BDF.
    if (!n.slots.has(bdf) && /^[0-9a-fA-F:.]+$/.test(bdf) && bdf.includes(':') && !isBdf(bdf))
      throw new UserError(
        n.file,
        `actors[${i}].intent`,
        `field name ${JSON.stringify(bdf)} ${BDF_MSG.replace(/^must be/, 'is not')}`,
      );
    needDevice(n, f, bdf);
    out[bdf] = drv === null ? null : declaredDriver(n, f, drv);
  }
  return out;
}

export function actorDecls(n: Names, list: readonly Json[]): ActorDecl[] {
  const actors: ActorDecl[] = list.map((a) => ({
    name: String(a.name),
    role: (a.role as ActorDecl['role'] | undefined) ?? 'admin',
    intent: (a.intent as Record<string, string | null> | null | undefined) ?? null,
    ops: (a.ops as Json[]).map(opDecl),
  }));
  return actors.map((a, i) => {
    const j = actors.findIndex((x) => x.name === a.name);
    if (j !== i) throw new UserError(n.file, `actors[${i}].name`, `duplicate actor "${a.name}" (also actors[${j}])`);
    const intent = intentDecl(n, i, a.intent);
    a.ops.forEach((op, k) => checkOp(n, `actors[${i}].ops[${k}]`, op, (list[i].ops as Json[])[k]));
    return { ...a, intent };
  });
}

export function udevDecls(n: Names, list: readonly Json[]): UdevRuleDecl[] {
  const rules: UdevRuleDecl[] = list.map((r) => {
    const m = (r.match as Json | undefined) ?? {};
    return {
      name: String(r.name),
      action: (r.action as 'add' | 'remove' | undefined) ?? 'add',
      match: {
        bdf: ((m.bdf ?? m.name) as string | undefined) ?? null,
        bus: (m.bus as BusName | undefined) ?? null,
        vendor: m.vendor === undefined ? null : hex(m.vendor),
        device: m.device === undefined ? null : hex(m.device),
      },
      ops: (r.run as Json[]).map(opDecl),
    };
  });
  const u: Names = { ...n, inUdev: true };
  rules.forEach((r, i) => {
    const j = rules.findIndex((x) => x.name === r.name);
    if (j !== i) throw new UserError(n.file, `udev[${i}].name`, `duplicate rule "${r.name}" (also udev[${j}])`);
    const m = list[i].match as Json | undefined;
    if (m?.bdf !== undefined && m.name !== undefined)
      throw new UserError(n.file, `udev[${i}].match`, 'has bdf and name: name the device once');
    if (r.match.bdf !== null)
      needDevice(
        n,
        `udev[${i}].match.${m?.bdf !== undefined ? 'bdf' : 'name'}`,
        r.match.bdf,
        m?.bdf !== undefined ? 'pci' : undefined,
      );
    r.ops.forEach((op, k) => checkOp(u, `udev[${i}].run[${k}]`, op, (list[i].run as Json[])[k]));
  });
  return rules;
}
