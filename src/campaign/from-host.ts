// `fuzz --generate --from host.json`: campaigns that keep a host's devices, drivers and configuration
// (a `snapshot`, or any scenario) and add the events a host sees: hot-removal and re-adding of devices on
// hotplug slots, module reloads, the configured tools running again (driverctl load-override, a udev
// rule re-run as `udevadm trigger` would), and a twin of a device appearing. fast-check picks a subset of
// those events in some order, so shrinking drops events until one race remains.
import fc from 'fast-check';
import type { Scenario, UdevRuleDecl } from '../scenario/types.js';
import { parseFacts, type HostFacts } from '../snapshot/index.js';
import { vfBdf } from '../model/pci/bdf.js';
import { findDriver, moduleKey, resolveModule } from '../model/catalogue/index.js';

type Json = Record<string, unknown>;
type Op = Record<string, string>;

/** One event: an actor, and the devices it needs declared (a twin). */
interface HostEvent {
  readonly actor: Json;
  readonly devices: readonly Json[];
}
/** Facts of a scenario written by hand: devices off bus 00 that are no VF or bridge are taken as hot-pluggable. */
function guessedFacts(s: Scenario, notes: string[]): HostFacts {
  const hotpluggable = s.devices
    .filter((d) => d.pf === null && d.header_type === 'normal' && !d.bdf.startsWith('0000:00:') && d.present)
    .map((d) => d.bdf);
  notes.push(
    `${s.name} has no [host] facts (not a snapshot): devices off bus 00 taken as hot-pluggable ` +
      `(${hotpluggable.join(', ') || 'none'}), every loaded driver as a module`,
  );
  return { hotpluggable, builtin: [], softdeps: [], noload: [] };
}

/** A device on a hotplug slot pulled and put back (re-seated, or a link flap pciehp reports as both). */
function slotEvents(f: HostFacts): HostEvent[] {
  return f.hotpluggable.map((bdf) => ({
    actor: {
      name: `slot ${bdf}`,
      role: 'environment',
      ops: [
        { hotplug: 'remove', bdf },
        { hotplug: 'add', bdf },
      ],
    },
    devices: [],
  }));
}

/** rmmod then modprobe with the module's parameters; softdep pre/post modules load around it (modprobe.d(5)). */
function reloadEvents(s: Scenario, f: HostFacts): HostEvent[] {
  // modprobe/rmmod take module names (kmod), which may differ from the driver's (xhci_pci for xhci_hcd).
  const mods = s.drivers.map((d) => ({
    decl: d,
    name: d.name,
    module: d.inline === null ? (findDriver(d.name)?.module ?? d.name) : d.name,
  }));
  const load = (m: string): Op | null => {
    const d = resolveModule(mods, m);
    if (d === undefined) return null;
    return d.decl.params ? { modprobe: d.module, params: d.decl.params } : { modprobe: d.module };
  };
  const loads = (ms: readonly string[]): Op[] => ms.map(load).filter((o): o is Op => o !== null);
  return mods
    .filter(
      (d) =>
        d.decl.loaded && !f.builtin.includes(d.name) && !f.noload.some((m) => moduleKey(m) === moduleKey(d.module)),
    )
    .map((d) => {
      const dep = f.softdeps.find((x) => moduleKey(x.module) === moduleKey(d.module));
      return {
        actor: {
          name: `reload ${d.name}`,
          role: 'environment',
          ops: [{ rmmod: d.module }, ...loads(dep?.pre ?? []), load(d.module)!, ...loads(dep?.post ?? [])],
        },
        devices: [],
      };
    });
}

/** A driverctl rule's saved override, applied again by its tool (admin, with the override as intent). */
function toolEvents(s: Scenario): HostEvent[] {
  const out: HostEvent[] = [];
  for (const r of s.udev) {
    const op = r.ops.find((o) => o.kind === 'recipe' && o.recipe === 'driverctl load-override');
    if (op === undefined || op.kind !== 'recipe' || r.match.bdf === null) continue;
    const bdf = r.match.bdf;
    const driver = op.args.driver;
    out.push({
      actor: {
        name: `driverctl ${bdf}`,
        intent: { [bdf]: driver === 'none' ? null : driver },
        ops: [{ ...op.args, recipe: op.recipe, bdf }],
      },
      devices: [],
    });
  }
  return out;
}

const opJson = (o: UdevRuleDecl['ops'][number], bdf: string): Json => {
  const sub = (v: string): string => v.split('$kernel').join(bdf);
  switch (o.kind) {
    case 'write':
      return { write: sub(o.path), value: sub(o.value) };
    case 'read':
      return { read: sub(o.path) };
    case 'hotplug':
      return { hotplug: o.action, bdf: o.bdf };
    case 'modprobe':
      return o.params ? { modprobe: o.module, params: o.params } : { modprobe: o.module };
    case 'rmmod':
      return { rmmod: o.module };
    case 'recipe':
      return { recipe: o.recipe, ...Object.fromEntries(Object.entries(o.args).map(([k, v]) => [k, sub(v)])) };
  }
};

/** `udevadm trigger --action=add`: every other add rule runs again for each present device it matches. */
function triggerEvents(s: Scenario): HostEvent[] {
  return s.udev
    .filter(
      (r) => r.action === 'add' && !r.ops.some((o) => o.kind === 'recipe' && o.recipe === 'driverctl load-override'),
    )
    .flatMap((r) =>
      s.devices
        .filter(
          (d) =>
            d.present &&
            d.pf === null &&
            (r.match.bdf === null || r.match.bdf === d.bdf) &&
            (r.match.vendor === null || r.match.vendor === d.vendor) &&
            (r.match.device === null || r.match.device === d.device),
        )
        .map((d) => ({
          actor: { name: `trigger ${r.name} ${d.bdf}`, role: 'environment', ops: r.ops.map((o) => opJson(o, d.bdf)) },
          devices: [],
        })),
    );
}

/** A twin (same IDs) of each endpoint appears on a bus of its own past the host's, hot-added. */
function twinEvents(s: Scenario, raw: readonly Json[]): HostEvent[] {
  // Past every bus the world uses, VF slots included (a VF offset can reach the next bus).
  const slots = s.devices.flatMap((d) =>
    d.sriov === null ? [d.bdf] : [d.bdf, vfBdf(d.bdf, d.sriov, d.sriov.total_vfs - 1)],
  );
  let next = Math.max(0, ...slots.map((b) => parseInt(b.slice(5, 7), 16))) + 1;
  return s.devices.flatMap((d, i) => {
    // Bridges (class 06: host bridges, root ports) are the platform's, not cards that appear in a slot.
    if (d.pf !== null || d.header_type !== 'normal' || d.class >> 16 === 0x06 || d.sriov !== null || next > 0xff)
      return [];
    const bdf = `0000:${(next++).toString(16).padStart(2, '0')}:00.0`;
    const { override: _o, iommu_group: _g, bdf: _b, ...ids } = raw[i];
    return [
      {
        actor: { name: `twin of ${d.bdf}`, role: 'environment', ops: [{ hotplug: 'add', bdf }] },
        devices: [{ ...ids, bdf, present: false }],
      },
    ];
  });
}

export interface HostArbitrary {
  readonly arbitrary: fc.Arbitrary<Json>;
  /** What the campaign assumed about the host, for the user. */
  readonly notes: readonly string[];
  /** The events it chooses from, by actor name. */
  readonly events: readonly string[];
}

/** Scenarios = the host plus a non-empty subset of its events in some order (shrinking drops events). */
export function hostScenarios(s: Scenario): HostArbitrary {
  const notes: string[] = [];
  const raw = JSON.parse(s.source) as Json;
  const facts = parseFacts(s.description) ?? guessedFacts(s, notes);
  const rawDevices = (raw.devices as Json[] | undefined) ?? [];
  const events = [
    ...toolEvents(s),
    ...reloadEvents(s, facts),
    ...slotEvents(facts),
    ...triggerEvents(s),
    ...twinEvents(s, rawDevices),
  ];
  if (events.length === 0) notes.push(`${s.name}: no hot-pluggable device, module, tool or twin to add events for`);
  // A hand-written scenario may already have an actor of an event's name: the event's gets a suffix.
  for (const e of events)
    while (s.actors.some((a) => a.name === e.actor.name)) e.actor.name = `${e.actor.name as string}'`;
  const arbitrary = fc.shuffledSubarray(events, { minLength: Math.min(1, events.length) }).map((chosen) => ({
    ...raw,
    name: `${s.name}+events`,
    devices: [...rawDevices, ...chosen.flatMap((e) => e.devices)],
    actors: [...((raw.actors as Json[] | undefined) ?? []), ...chosen.map((e) => e.actor)],
  }));
  return { arbitrary, notes, events: events.map((e) => e.actor.name as string) };
}
