// The drivers registered on the host's PCI bus, in an order that reproduces today's bindings.
// The kernel does not export registration order: built-ins come first (initcalls run before userspace),
// then modules in load order (/proc/modules, newest first), adjusted so that every device's driver is
// registered before any other driver that would have matched it (device_attach takes the first match).
import type { Quirks } from '../profiles/types.js';
import type { PciDeviceId } from '../model/types.js';
import { findDriver } from '../model/catalogue/index.js';
import { PCI_DEVICE } from '../model/catalogue/ids.js';
import { idsParam, parseIdsParam } from '../model/module.js';
import { pci_match_one_device } from '../model/pci/match.js';
import { hex4 } from '../util/hex.js';
import { modName, type HostModules } from './modules.js';
import type { HostDevice } from './pci.js';
import type { Reader } from './view.js';

export interface DriverPlan {
  readonly name: string;
  readonly module: string;
  readonly builtin: boolean;
  readonly loaded: boolean;
  readonly params: string;
  /** null: the catalogue's driver; else an inline driver with this table. */
  readonly ids: readonly PciDeviceId[] | null;
}

export interface DriverInputs {
  readonly devices: readonly HostDevice[];
  readonly modules: HostModules;
  readonly options: ReadonlyMap<string, readonly string[]>;
  /** Drivers the configuration names (driverctl targets, udev rules, modprobe.d), loaded or not. */
  readonly named: ReadonlySet<string>;
  readonly quirks: Quirks;
}

const NAME = /^[A-Za-z0-9_.-]+$/;
/** "8086:10d3, 8086:10f6" for messages. */
const idList = (xs: readonly { vendor: number; device: number }[]): string =>
  xs.map((x) => `${hex4(x.vendor)}:${hex4(x.device)}`).join(', ');
const catalogueEntry = (name: string) => {
  const e = findDriver(name);
  return e !== undefined && (e.name === name || modName(e.name) === modName(name)) ? e : undefined;
};

/** Does the driver match the device without driver_override (dynids, then static entries not override_only)? */
function matchesPlain(p: DriverPlan, d: HostDevice, q: Quirks): boolean {
  const cat = p.ids === null ? catalogueEntry(p.name) : undefined;
  const table = p.ids ?? cat?.idTable(q) ?? [];
  const stub = cat !== undefined && (cat.probe_model === 'pci-stub' || cat.probe_model === 'vfio-pci');
  const dyn = stub ? parseIdsParam(idsParam(p.params) ?? '') : [];
  return (
    dyn.some((id) => pci_match_one_device(id, d)) ||
    table.some((id) => !id.override_only && pci_match_one_device(id, d))
  );
}

/** PCI_DEVICE(vendor, device): what a new_id of the device's own IDs adds. */
const exactId = (d: HostDevice): PciDeviceId => PCI_DEVICE(d.vendor, d.device);

/** A registered driver: the catalogue's when its table explains every device bound to it, else inline. */
function planRegistered(r: Reader, name: string, inp: DriverInputs, notes: string[]): DriverPlan {
  const module = modName(r.linkName(`/sys/bus/pci/drivers/${name}/module`) ?? catalogueEntry(name)?.module ?? name);
  const m = inp.modules;
  const builtin = m.loaded === null || (m.builtin?.includes(module) ?? false) || !m.loaded.includes(module);
  let params = (inp.options.get(module) ?? []).join(' ');
  const bound = inp.devices.filter((d) => d.driver === name && d.override !== name);
  const cat = catalogueEntry(name);
  if (cat !== undefined && (cat.probe_model === 'pci-stub' || cat.probe_model === 'vfio-pci')) {
    const plan: DriverPlan = { name: cat.name, module, builtin, loaded: true, params, ids: null };
    const missing = bound
      .filter((d) => !matchesPlain(plan, d, inp.quirks))
      .map((d) => `${hex4(d.vendor)}:${hex4(d.device)}`);
    if (missing.length === 0) return plan;
    const ids = [...new Set([...(idsParam(params) ?? '').split(',').filter(Boolean), ...missing])].join(',');
    params = `${params.replace(/(^|\s)ids=\S*/, '').trim()} ids=${ids}`.trim();
    notes.push(
      `${name} holds ${missing.join(', ')} without driver_override or ids=: a new_id write put it there (inferred); modelled as ids=${ids}`,
    );
    return { ...plan, params };
  }
  if (cat !== undefined) {
    const plan: DriverPlan = { name: cat.name, module, builtin, loaded: true, params, ids: null };
    const unexplained = bound.filter((d) => !matchesPlain(plan, d, inp.quirks));
    if (unexplained.length === 0) return plan;
    notes.push(
      `the catalogue's ${name} table lacks ${idList(unexplained)}: ${name} is an inline driver with the host's table ` +
        `(probe "ok": the catalogue's probe model is dropped)`,
    );
  }
  return { name, module, builtin, loaded: true, params, ids: inlineIds(name, module, bound, inp, notes) };
}

/** An inline driver's table: the host's aliases for its module, plus any bound device they do not explain. */
function inlineIds(
  name: string,
  module: string,
  bound: readonly HostDevice[],
  inp: DriverInputs,
  notes: string[],
): PciDeviceId[] {
  const aliases = inp.modules.aliases.get(module) ?? [];
  const plain = (d: HostDevice): boolean => aliases.some((id) => !id.override_only && pci_match_one_device(id, d));
  const extra = bound
    .filter((d) => !plain(d))
    .map(exactId)
    .filter((id, i, all) => all.findIndex((x) => x.vendor === id.vendor && x.device === id.device) === i);
  if (aliases.length === 0)
    notes.push(
      extra.length
        ? `${name}: no pci aliases for it in ${inp.modules.dir} (modules.alias, modules.builtin.alias or .modinfo): ` +
            `its table is inferred from the devices bound to it (${idList(extra)}); the real one is likely wider`
        : `${name}: no pci aliases and no device bound: an empty table (it binds only through driver_override or new_id)`,
    );
  else if (extra.length)
    notes.push(`${name}: bound to ${idList(extra)} that its aliases do not list: added (a new_id, inferred)`);
  return [...aliases, ...extra];
}

/** Kahn's algorithm over "must register before" edges, ties broken by the base order; a cycle keeps the base order. */
function order(
  plans: DriverPlan[],
  base: (p: DriverPlan) => number,
  before: [number, number][],
  notes: string[],
): DriverPlan[] {
  const idx = plans
    .map((_, i) => i)
    .sort((a, b) => base(plans[a]) - base(plans[b]) || (plans[a].name < plans[b].name ? -1 : 1));
  const out: number[] = [];
  const placed = new Set<number>();
  while (out.length < idx.length) {
    const free = idx.filter((i) => !placed.has(i) && !before.some(([x, y]) => y === i && !placed.has(x)));
    const pick = free[0] ?? idx.find((i) => !placed.has(i))!;
    if (free.length === 0)
      notes.push(
        `drivers ${plans[pick].name} and others match each other's devices both ways: no order reproduces every binding`,
      );
    out.push(pick);
    placed.add(pick);
  }
  const names = (xs: number[]): string => xs.map((i) => plans[i].name).join(', ');
  notes.push(
    out.some((v, i) => v !== idx[i])
      ? `registration order (not exported by the kernel) inferred from the bindings: ${names(out)} ` +
          `(built-ins, then /proc/modules load order, gave ${names(idx)})`
      : `registration order (not exported by the kernel): built-ins, then modules in /proc/modules load order: ${names(out)}; every binding agrees with it`,
  );
  return out.map((i) => plans[i]);
}

/** Edges x -> y: the driver x of a device (no override) must come before every other driver y matching it. */
function constraints(plans: DriverPlan[], inp: DriverInputs, notes: string[]): [number, number][] {
  const names = (xs: number[]): string => xs.map((i) => plans[i].name).join(', ');
  const edges: [number, number][] = [];
  for (const d of inp.devices) {
    if (d.physfn !== null) continue; // VFs are probed at sriov_numvfs time, not at driver registration
    const x = plans.findIndex((p) => p.name === d.driver);
    const rivals = plans.map((p, i) => i).filter((i) => i !== x && matchesPlain(plans[i], d, inp.quirks));
    if (d.override !== null) {
      if (d.driver !== null && d.driver !== d.override)
        notes.push(
          `${d.bdf} is on ${d.driver} though its driver_override names ${d.override} (set after it bound): the model binds by the override`,
        );
      continue;
    }
    if (x < 0 && rivals.length)
      notes.push(
        `${d.bdf} is unbound though ${rivals.map((i) => plans[i].name).join(', ')} match it (a failed probe, or unbound by hand): the model binds it at boot`,
      );
    if (x >= 0 && rivals.length)
      notes.push(
        `${plans[x].name} registered before ${names(rivals)}: ${d.bdf} is on ${plans[x].name} ` +
          `though ${names(rivals)} ${rivals.length > 1 ? 'match' : 'matches'} it too`,
      );
    for (const y of x < 0 ? [] : rivals) edges.push([x, y]);
  }
  return edges;
}

export function planDrivers(
  r: Reader,
  inp: DriverInputs,
): { drivers: DriverPlan[]; notes: string[]; dropped: string[] } {
  const notes: string[] = [];
  const dropped: string[] = [];
  const registered = r.list('/sys/bus/pci/drivers').filter((n) => {
    if (NAME.test(n)) return true;
    dropped.push(
      `driver "${n}": its name is not one the scenario format takes: left out (its devices end unbound in the model)`,
    );
    return false;
  });
  const plans = registered.map((n) => planRegistered(r, n, inp, notes));
  const m = inp.modules;
  const rank = (p: DriverPlan): number =>
    p.builtin ? (m.builtin?.indexOf(p.module) ?? -1) : 100_000 + (m.loaded?.indexOf(p.module) ?? 0);
  if (plans.some((p) => p.builtin) && m.builtin === null && m.loaded !== null)
    notes.push(`built-in drivers' link order unknown (${m.dir}/modules.builtin unreadable): taken by name`);
  const ordered = order(plans, rank, constraints(plans, inp, notes), notes);
  const extra = [...new Map([...inp.named].map((n) => [modName(catalogueEntry(n)?.name ?? n), n])).values()]
    .filter((n) => !ordered.some((p) => modName(p.name) === modName(n) || p.module === modName(n)))
    .sort()
    .flatMap((n): DriverPlan[] => {
      const cat = catalogueEntry(n);
      const module = modName(cat?.module ?? n);
      const params = (inp.options.get(module) ?? []).join(' ');
      if (cat !== undefined) return [{ name: cat.name, module, builtin: false, loaded: false, params, ids: null }];
      if (!NAME.test(n)) return [];
      return [{ name: n, module, builtin: false, loaded: false, params, ids: inlineIds(n, module, [], inp, notes) }];
    });
  return { drivers: [...ordered, ...extra], notes, dropped };
}
