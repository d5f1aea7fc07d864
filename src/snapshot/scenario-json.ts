// The host as scenario JSON (format v1): devices, drivers, driverctl's rules and the SR-IOV setup actor.
import { vfBdf } from '../model/pci/bdf.js';
import { hex4 } from '../util/hex.js';
import type { HostDevice } from './pci.js';
import type { HostConfig } from './config.js';
import type { UdevJson } from './udev.js';
import type { DriverPlan } from './drivers.js';
import { idJson } from './json.js';

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
export function devicesJson(devices: readonly HostDevice[], dropped: string[]): Record<string, unknown>[] {
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

export function driverJson(p: DriverPlan): unknown {
  if (p.ids === null && p.loaded && p.params === '') return p.name;
  return {
    name: p.name,
    ...(p.loaded ? {} : { loaded: false }),
    ...(p.params ? { params: p.params } : {}),
    ...(p.ids !== null ? { ids: p.ids.map(idJson) } : {}),
  };
}

/** driverctl's saved overrides: 05-driverctl.rules pulls in driverctl@.service on add, which runs load-override. */
export function driverctlRules(
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
      `${o.file} (${o.driver}) -> udev rule driverctl-pci-${o.bdf}: on add, driverctl load-override ` +
        `(${c.driverctlRule ?? '05-driverctl.rules'} -> driverctl@.service)`,
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
export function sriovSetup(devices: readonly HostDevice[], notes: string[]): Record<string, unknown>[] {
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

/** Drivers an op names (they must be declared): a driver directory, a module, a recipe's driver. */
export function opDrivers(op: Record<string, string>): string[] {
  const dir = /^\/sys\/bus\/pci\/drivers\/([^/]+)\//.exec(op.write ?? op.read ?? '');
  return [
    dir?.[1],
    op.modprobe,
    op.rmmod,
    op.recipe !== undefined && op.driver !== 'none' ? op.driver : undefined,
  ].filter((x): x is string => x !== undefined);
}
