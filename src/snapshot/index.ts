// `hotplug-fuzz snapshot`: a host's PCI devices, drivers and binding configuration as a scenario (format v1).
// Pure: a function of a read-only HostView; the CLI owns the file system.
import { findProfile } from '../profiles/index.js';
import { findDriver } from '../model/catalogue/index.js';
import { Reader, type HostView } from './view.js';
import { readDevices, type HostDevice } from './pci.js';
import { modName, readModules } from './modules.js';
import { readConfig, type HostConfig, type Line, type SoftDep } from './config.js';
import { readUdevRules, type UdevJson, type UdevResult } from './udev.js';
import { profileForRelease } from './kernel.js';
import { planDrivers, type DriverPlan } from './drivers.js';
import { formatFacts } from './facts.js';
import { devicesJson, driverctlRules, driverJson, opDrivers, sriovSetup } from './scenario-json.js';

export type { HostView, ReadResult } from './view.js';
export { mapView } from './view.js';
export { parseFacts, type HostFacts } from './facts.js';
export { checkSnapshot, type BindingCheck } from './check.js';

export interface SnapshotOptions {
  /** A profile name that overrides the one the release maps to. */
  readonly kernel?: string;
  /** The release when the tree has no /proc/sys/kernel/osrelease (the CLI passes uname's on the live root). */
  readonly release?: string;
}

export interface SnapshotResult {
  readonly scenario: Record<string, unknown>;
  readonly release: string | null;
  readonly profile: string;
  /** Device -> driver (null: unbound) as the host has it now: what the scenario should reproduce. */
  readonly bindings: Record<string, string | null>;
  readonly inferred: readonly string[];
  readonly modelled: readonly string[];
  readonly notModelled: readonly string[];
  readonly dropped: readonly string[];
  readonly read: number;
  readonly unreadable: readonly { readonly path: string; readonly why: string }[];
  readonly counts: { readonly devices: number; readonly drivers: number; readonly udev: number };
}

/** The release (osrelease, else the caller's uname) and the profile it maps to, or the one asked for. */
function kernelOf(r: Reader, o: SnapshotOptions, inferred: string[]): { release: string | null; profile: string } {
  const release = r.text('/proc/sys/kernel/osrelease')?.trim() ?? o.release ?? null;
  const mapped =
    release === null
      ? { profile: '6.1', note: 'kernel release unreadable: profile 6.1 (the default; --kernel overrides)' }
      : profileForRelease(release);
  if (o.kernel === undefined && mapped.note !== null) inferred.push(mapped.note);
  return { release, profile: o.kernel ?? mapped.profile };
}

/** Drivers the configuration names: driverctl targets, udev rules' drivers, catalogue modules modprobe.d talks about. */
function namedDrivers(config: HostConfig, udev: UdevResult): Set<string> {
  const modprobe = [...config.options.keys(), ...config.softdeps.flatMap((s) => [s.module, ...s.pre, ...s.post])];
  return new Set([
    ...config.driverctl.map((x) => x.driver).filter((d) => d !== 'none'),
    ...udev.drivers,
    ...modprobe.filter((m) => findDriver(m) !== undefined),
  ]);
}

/** Configuration lines about this host's PCI drivers; those about other modules (sound, bonding…) only counted. */
function relevantLines(config: HostConfig, udev: UdevResult, drivers: readonly DriverPlan[]) {
  const relevant = new Set(drivers.flatMap((d) => [d.module, modName(d.name)]));
  const about = (l: Line): boolean => l.module === null || relevant.has(l.module);
  const unrelated = [...config.modelled, ...config.notModelled].filter((l) => !about(l)).length;
  return {
    softdeps: config.softdeps.filter((x) => [x.module, ...x.pre, ...x.post].some((m) => relevant.has(m))),
    modelled: [...config.modelled.filter(about).map((l) => l.text), ...udev.modelled],
    notModelled: [
      ...config.notModelled.filter(about).map((l) => l.text),
      ...udev.notModelled,
      ...(unrelated
        ? [
            `${unrelated} modprobe.d / kernel command line entries about modules that drive no PCI function here: ignored`,
          ]
        : []),
    ],
  };
}

/** Rules whose ops name only declared drivers (the loader requires it); the others are said not modelled. */
function usableRules(rules: UdevJson[], drivers: readonly DriverPlan[], notModelled: string[]): UdevJson[] {
  return rules.filter((u) => {
    const unknown = u.run
      .flatMap(opDrivers)
      .filter((n) => !drivers.some((d) => modName(d.name) === modName(n) || d.module === modName(n)));
    if (unknown.length)
      notModelled.push(
        `udev rule ${u.name}: names ${unknown.join(', ')}, a driver this host does not have: not modelled`,
      );
    return unknown.length === 0;
  });
}

function section(title: string, lines: readonly string[]): string[] {
  return lines.length ? [`${title}:`, ...lines.map((l) => `- ${l}`)] : [];
}

interface Described {
  readonly head: string;
  readonly inferred: readonly string[];
  readonly modelled: readonly string[];
  readonly notModelled: readonly string[];
  readonly dropped: readonly string[];
  readonly devices: readonly HostDevice[];
  readonly drivers: readonly DriverPlan[];
  readonly softdeps: readonly SoftDep[];
  readonly noload: readonly string[];
}

/** The description: what was inferred, modelled, not modelled, left out; then the [host] facts for --from. */
function describe(d: Described): string {
  return [
    d.head,
    ...section('Inferred', d.inferred),
    ...section('Modelled from configuration', d.modelled),
    ...section('Read but not modelled', d.notModelled),
    ...section('Left out', d.dropped),
    ...formatFacts({
      hotpluggable: d.devices.filter((x) => x.hotplug && x.physfn === null).map((x) => x.bdf),
      builtin: d.drivers.filter((x) => x.builtin).map((x) => x.name),
      softdeps: d.softdeps,
      noload: d.noload,
    }),
  ].join('\n');
}

export function snapshotHost(view: HostView, o: SnapshotOptions = {}): SnapshotResult {
  const r = new Reader(view);
  const inferred: string[] = [];
  const { release, profile } = kernelOf(r, o, inferred);
  const { devices, dropped } = readDevices(r);
  const modules = readModules(r, release);
  if (modules.loaded === null)
    inferred.push('/proc/modules absent: a kernel without module support, every driver built in');
  const config = readConfig(r);
  const udev = readUdevRules(r);
  const quirks = findProfile(profile)!.quirks;
  const plan = planDrivers(r, { devices, modules, options: config.options, named: namedDrivers(config, udev), quirks });
  inferred.push(...plan.notes);
  dropped.push(...plan.dropped);
  const { softdeps, modelled, notModelled } = relevantLines(config, udev, plan.drivers);
  const rules = [...driverctlRules(config, devices, inferred, notModelled, modelled), ...udev.rules];
  if (config.driverctl.length && config.driverctlRule === null)
    inferred.push(
      'driverctl overrides saved but 05-driverctl.rules not found: modelled as if the package installed it',
    );
  const usable = usableRules(rules, plan.drivers, notModelled);
  const actors = sriovSetup(devices, inferred);
  const devicesOut = devicesJson(devices, dropped);
  const hostname = (r.text('/proc/sys/kernel/hostname')?.trim() || 'host').replace(/[^A-Za-z0-9_.-]/g, '_');
  const head =
    `Snapshot of ${hostname} (kernel ${release ?? 'unknown'}, profile ${profile}) taken by hotplug-fuzz snapshot: ` +
    `${devices.length} PCI functions, ${plan.drivers.length} drivers, ${usable.length} udev rules.`;
  const scenario: Record<string, unknown> = {
    scenario: 1,
    name: `host-${hostname}`,
    description: describe({
      head,
      inferred,
      modelled,
      notModelled,
      dropped,
      devices,
      drivers: plan.drivers,
      softdeps,
      noload: config.uninstallable,
    }),
    kernel: profile,
    bus: { drivers_autoprobe: r.text('/sys/bus/pci/drivers_autoprobe')?.trim() !== '0' },
    drivers: plan.drivers.map(driverJson),
    devices: devicesOut,
    actors,
    ...(usable.length ? { udev: usable } : {}),
  };
  return {
    scenario,
    release,
    profile,
    bindings: Object.fromEntries(devices.map((d) => [d.bdf, d.driver])),
    inferred,
    modelled,
    notModelled,
    dropped,
    read: r.read.size,
    unreadable: [...r.unreadable].map(([path, why]) => ({ path, why })),
    counts: { devices: devices.length, drivers: plan.drivers.length, udev: usable.length },
  };
}
