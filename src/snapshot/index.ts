// `hotplug-fuzz snapshot`: a host's PCI devices, drivers and binding configuration as a scenario (format v1).
// Pure: a function of a read-only HostView; the CLI owns the file system.
import { findProfile } from '../profiles/index.js';
import { vfBdf } from '../model/pci/bdf.js';
import { findDriver } from '../model/catalogue/index.js';
import { hex4 } from '../util/hex.js';
import { Reader, type HostView } from './view.js';
import { readDevices, type HostDevice } from './pci.js';
import { modName, readModules } from './modules.js';
import { readConfig, type HostConfig, type Line } from './config.js';
import { readUdevRules, type UdevJson } from './udev.js';
import { profileForRelease } from './kernel.js';
import { planDrivers, type DriverPlan } from './drivers.js';
import { formatFacts } from './facts.js';
import { idJson } from './json.js';

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

const hex = (n: number, w: number): string => n.toString(16).padStart(w, '0');

function deviceJson(d: HostDevice, pf: HostDevice | undefined): Record<string, unknown> {
  return {
    bdf: d.bdf,
    ...(pf ? { pf: pf.bdf } : {}),
    vendor: hex4(d.vendor),
    device: hex4(d.device),
    subvendor: hex4(d.subvendor),
    subdevice: hex4(d.subdevice),
    class: hex(d.class, 6),
    revision: hex(d.revision, 2),
    ...(d.header_type !== 'normal' ? { header_type: d.header_type } : {}),
    iommu_group: d.iommu_group,
    ...(d.override !== null && !pf ? { override: d.override } : {}),
    ...(d.sriov && !pf
      ? {
          sriov: {
            total_vfs: Math.min(d.sriov.total_vfs, 256),
            vf_device: hex4(d.sriov.vf_device),
            vf_offset: d.sriov.vf_offset,
            vf_stride: d.sriov.vf_stride,
          },
        }
      : {}),
  };
}

/** Devices as JSON; a VF only where its PF's capability puts it (its slot), else left out. */
function devicesJson(devices: readonly HostDevice[], dropped: string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const d of devices) {
    const pf = d.physfn === null ? undefined : devices.find((p) => p.bdf === d.physfn);
    if (d.physfn !== null) {
      const cap = pf?.sriov;
      const slot = cap
        ? Array.from({ length: Math.min(cap.total_vfs, 256) }, (_, i) => vfBdf(pf!.bdf, cap, i)).indexOf(d.bdf)
        : -1;
      if (slot < 0) {
        dropped.push(`${d.bdf}: a VF of ${d.physfn} that is not one of its SR-IOV slots: left out`);
        continue;
      }
    }
    out.push(deviceJson(d, pf));
  }
  return out;
}

function driverJson(p: DriverPlan): unknown {
  if (p.ids === null && p.loaded && p.params === '') return p.name;
  return {
    name: p.name,
    ...(p.loaded ? {} : { loaded: false }),
    ...(p.params ? { params: p.params } : {}),
    ...(p.ids !== null ? { ids: p.ids.map(idJson) } : {}),
  };
}

/** driverctl's saved overrides: 05-driverctl.rules pulls in driverctl@.service on add, which runs load-override. */
function driverctlRules(
  c: HostConfig,
  devices: readonly HostDevice[],
  notes: string[],
  skipped: string[],
  modelled: string[],
): UdevJson[] {
  return c.driverctl.flatMap((o) => {
    const dev = devices.find((d) => d.bdf === o.bdf);
    if (dev === undefined) {
      skipped.push(`${o.file}: ${o.bdf} is not present: no device to declare, not modelled`);
      return [];
    }
    if ((dev.override ?? 'none') !== o.driver && !(o.driver === 'none' && dev.override === 'none'))
      notes.push(`${o.file} saves ${o.driver} but ${o.bdf}'s driver_override is ${dev.override ?? '(null)'} now`);
    modelled.push(
      `${o.file} (${o.driver}) -> udev rule driverctl-pci-${o.bdf}: on add, driverctl load-override (${c.driverctlRule ?? '05-driverctl.rules'} -> driverctl@.service)`,
    );
    return [
      {
        name: `driverctl-pci-${o.bdf}`,
        action: 'add' as const,
        match: { bdf: o.bdf },
        run: [{ recipe: 'driverctl load-override', bdf: '$kernel', driver: o.driver }],
      },
    ];
  });
}

/** sriov_numvfs at snapshot time: VFs exist in the model only once an actor writes it, as the host's boot did. */
function sriovSetup(devices: readonly HostDevice[], notes: string[]): Record<string, unknown>[] {
  const ops = devices.flatMap((d) =>
    d.sriov && d.sriov.numvfs > 0
      ? [
          ...(d.sriov.drivers_autoprobe
            ? []
            : [{ write: `/sys/bus/pci/devices/${d.bdf}/sriov_drivers_autoprobe`, value: '0' }]),
          { write: `/sys/bus/pci/devices/${d.bdf}/sriov_numvfs`, value: String(d.sriov.numvfs) },
        ]
      : [],
  );
  if (ops.length === 0) return [];
  notes.push(
    'VFs exist in the model only through sriov_numvfs: actor "sriov-setup" creates them as the host did; VF bindings hold once it has run',
  );
  return [{ name: 'sriov-setup', role: 'environment', ops }];
}

export function snapshotHost(view: HostView, o: SnapshotOptions = {}): SnapshotResult {
  const r = new Reader(view);
  const release = r.text('/proc/sys/kernel/osrelease')?.trim() ?? o.release ?? null;
  const mapped =
    release === null
      ? { profile: '6.1', note: 'kernel release unreadable: profile 6.1 (the default; --kernel overrides)' }
      : profileForRelease(release);
  const profile = o.kernel ?? mapped.profile;
  const quirks = findProfile(profile)!.quirks;
  const inferred: string[] = o.kernel === undefined && mapped.note !== null ? [mapped.note] : [];
  const { devices, dropped } = readDevices(r);
  const modules = readModules(r, release);
  if (modules.loaded === null)
    inferred.push('/proc/modules absent: a kernel without module support, every driver built in');
  const config = readConfig(r);
  const udev = readUdevRules(r);
  const named = new Set([
    ...config.driverctl.map((x) => x.driver).filter((d) => d !== 'none'),
    ...udev.drivers,
    ...[...config.options.keys(), ...config.softdeps.flatMap((s) => [s.module, ...s.pre, ...s.post])].filter(
      (m) => findDriver(m) !== undefined,
    ),
  ]);
  const plan = planDrivers(r, { devices, modules, options: config.options, named, quirks });
  inferred.push(...plan.notes);
  dropped.push(...plan.dropped);
  // Lines about modules that drive no PCI function here (sound, bonding…) are counted, not listed.
  const relevant = new Set(plan.drivers.flatMap((d) => [d.module, modName(d.name)]));
  const about = (l: Line): boolean => l.module === null || relevant.has(l.module);
  const softdeps = config.softdeps.filter((x) => [x.module, ...x.pre, ...x.post].some((m) => relevant.has(m)));
  const unrelated = [...config.modelled, ...config.notModelled].filter((l) => !about(l)).length;
  const modelled = [...config.modelled.filter(about).map((l) => l.text), ...udev.modelled];
  const notModelled = [
    ...config.notModelled.filter(about).map((l) => l.text),
    ...udev.notModelled,
    ...(unrelated
      ? [`${unrelated} modprobe.d / kernel command line entries about modules that drive no PCI function here: ignored`]
      : []),
  ];
  const rules = [...driverctlRules(config, devices, inferred, notModelled, modelled), ...udev.rules];
  if (config.driverctl.length && config.driverctlRule === null)
    inferred.push(
      'driverctl overrides saved but 05-driverctl.rules not found: modelled as if the package installed it',
    );
  const declared = new Set(plan.drivers.map((d) => d.name));
  const usable = rules.filter((u) => {
    const unknown = u.run.flatMap(opDrivers).filter((n) => ![...declared].some((d) => modName(d) === modName(n)));
    if (unknown.length)
      notModelled.push(
        `udev rule ${u.name}: names ${unknown.join(', ')}, a driver this host does not have: not modelled`,
      );
    return unknown.length === 0;
  });
  const hotpluggable = devices.filter((d) => d.hotplug && d.physfn === null).map((d) => d.bdf);
  const facts = formatFacts({
    hotpluggable,
    builtin: plan.drivers.filter((d) => d.builtin).map((d) => d.name),
    softdeps,
    noload: config.uninstallable,
  });
  const actors = sriovSetup(devices, inferred);
  const hostname = (r.text('/proc/sys/kernel/hostname')?.trim() || 'host').replace(/[^A-Za-z0-9_.-]/g, '_');
  const autoprobe = r.text('/sys/bus/pci/drivers_autoprobe')?.trim();
  const description = [
    `Snapshot of ${hostname} (kernel ${release ?? 'unknown'}, profile ${profile}) taken by hotplug-fuzz snapshot: ${devices.length} PCI functions, ${plan.drivers.length} drivers, ${usable.length} udev rules.`,
    ...section('Inferred', inferred),
    ...section('Modelled from configuration', modelled),
    ...section('Read but not modelled', notModelled),
    ...section('Left out', dropped),
    ...facts,
  ].join('\n');
  const scenario: Record<string, unknown> = {
    scenario: 1,
    name: `host-${hostname}`,
    description,
    kernel: profile,
    bus: { drivers_autoprobe: autoprobe !== '0' },
    drivers: plan.drivers.map(driverJson),
    devices: devicesJson(devices, dropped),
    actors,
    ...(usable.length ? { udev: usable } : {}),
  };
  const bindings = Object.fromEntries(devices.map((d) => [d.bdf, d.driver]));
  return {
    scenario,
    release,
    profile,
    bindings,
    inferred,
    modelled,
    notModelled,
    dropped,
    read: r.read.size,
    unreadable: [...r.unreadable].map(([path, why]) => ({ path, why })),
    counts: { devices: devices.length, drivers: plan.drivers.length, udev: usable.length },
  };
}

/** Drivers an op names (they must be declared): a driver directory, a module, a recipe's driver. */
function opDrivers(op: Record<string, string>): string[] {
  const dir = /^\/sys\/bus\/pci\/drivers\/([^/]+)\//.exec(op.write ?? op.read ?? '');
  return [
    dir?.[1],
    op.modprobe,
    op.rmmod,
    op.recipe !== undefined && op.driver !== 'none' ? op.driver : undefined,
  ].filter((x): x is string => x !== undefined);
}

function section(title: string, lines: readonly string[]): string[] {
  return lines.length ? [`${title}:`, ...lines.map((l) => `- ${l}`)] : [];
}
