// Build the initial (pre-boot) world of a scenario under a profile's era.
import type { Quirks } from '../profiles/types.js';
import type { DeviceDecl, DriverDecl, Scenario } from '../scenario/types.js';
import {
  BUS_NAMES,
  type BusName,
  type BusState,
  type DeviceSpec,
  type DeviceState,
  type DriverSpec,
  type DriverState,
  type World,
} from './types.js';
import { findDriver } from './catalogue/index.js';
import { vfBdf } from './pci/bdf.js';
import { lockCount } from './objects.js';
import { BUSES } from './buses.js';
import { apBootPerms } from './ap/masks.js';

function driverSpec(d: DriverDecl, q: Quirks): DriverSpec {
  if (d.inline !== null) {
    return {
      bus: d.bus,
      name: d.name,
      module: d.name,
      id_table: d.bus === 'pci' ? d.inline.ids : null,
      probe: d.inline.probe,
      probe_model: 'generic',
      sriov_configure: d.inline.sriov_configure,
      exists: BUSES[d.bus].inEra?.(q) ?? true, // a module of a bus this kernel lacks is not found
      source: 'inline (scenario)',
      platform: d.inline.platform,
      usb: d.inline.usb,
      serio: d.inline.serio,
      amba: d.inline.amba ?? null,
      spi: d.inline.spi ?? null,
      css: d.inline.css ?? null,
      ap: d.inline.ap ?? null,
      vmbus: d.inline.vmbus,
      cdx: d.inline.cdx,
      fslmc: d.inline.fslmc,
    };
  }
  const e = findDriver(d.name);
  if (e === undefined) throw new Error(`driver ${d.name} is not in the catalogue (the loader should have refused it)`);
  return {
    bus: 'pci',
    name: e.name,
    module: e.module,
    id_table: e.idTable(q),
    probe: d.probe ?? { kind: 'ok' },
    probe_model: e.probe_model,
    sriov_configure: e.sriov_configure,
    ...(e.sriov_totalvfs === undefined ? {} : { sriov_totalvfs: e.sriov_totalvfs }),
    exists: e.exists(q),
    source: e.source,
    platform: null,
    usb: null,
    serio: null,
    amba: null,
    spi: null,
    css: null,
    ap: null,
    vmbus: null,
    cdx: null,
    fslmc: null,
  };
}

function plainSpec(d: DeviceDecl, pf: number, vf_index: number, group: number | null): DeviceSpec {
  return {
    bus: d.bus,
    bdf: d.bdf,
    vendor: d.vendor,
    device: d.device,
    subvendor: d.subvendor,
    subdevice: d.subdevice,
    class: d.class,
    revision: d.revision,
    header_type: d.header_type,
    iommu_group: group,
    pf,
    vf_index,
    sriov: d.sriov,
    platform: d.platform,
    usb: d.usb,
    serio: d.serio,
    amba: d.amba ?? null,
    spi: d.spi ?? null,
    css: d.css ?? null,
    ap: d.ap ?? null,
    vmbus: d.vmbus,
    cdx: d.cdx,
    fslmc: d.fslmc,
  };
}

/** Device slots: declared functions in order, each PF followed by its VF slots (declared VFs refine them). */
function deviceSpecs(s: Scenario): { specs: DeviceSpec[]; present: boolean[]; overrides: (string | null)[] } {
  const explicit = new Map(s.devices.filter((d) => d.pf !== null).map((d) => [d.bdf, d]));
  const numbered = s.devices.map((d) => d.iommu_group).filter((g): g is number => typeof g === 'number');
  let nextGroup = numbered.length ? Math.max(...numbered) + 1 : 0;
  const group = (d: DeviceDecl): number | null => (d.iommu_group === 'own' ? nextGroup++ : d.iommu_group);
  const specs: DeviceSpec[] = [];
  const present: boolean[] = [];
  const overrides: (string | null)[] = [];
  for (const d of s.devices) {
    if (d.pf !== null) continue;
    if (d.bus !== 'pci') {
      // Other buses: one slot each, no IOMMU group of the model's making.
      specs.push(plainSpec(d, -1, -1, null));
      present.push(d.present);
      overrides.push(d.override);
      continue;
    }
    const pf = specs.length;
    specs.push(plainSpec(d, -1, -1, group(d)));
    present.push(d.present);
    overrides.push(d.override);
    if (d.sriov === null) continue;
    for (let i = 0; i < d.sriov.total_vfs; i++) {
      const bdf = vfBdf(d.bdf, d.sriov, i);
      const vf: DeviceDecl = explicit.get(bdf) ?? {
        ...d,
        bdf,
        device: d.sriov.vf_device,
        sriov: null,
        iommu_group: 'own',
        override: null,
        pf: d.bdf,
      };
      specs.push(plainSpec({ ...vf, sriov: null }, pf, i, group(vf)));
      present.push(false); // VFs exist only once sriov_numvfs creates them
      overrides.push(vf.override);
    }
  }
  return { specs, present, overrides };
}

export interface InitialWorld {
  readonly world: World;
  /** Per device slot: present at boot (enumerated), and its initial driver_override. */
  readonly bootPresent: readonly boolean[];
  readonly bootOverride: readonly (string | null)[];
}

/** A device slot before boot: the hardware may be there, the kernel has not added it. */
export function initialDevice(hw: boolean): DeviceState {
  return {
    hw,
    present: false,
    match_driver: false,
    driver: -1,
    override: null,
    seq: -1,
    bind_seq: -1,
    numvfs: 0,
    sriov_drivers_autoprobe: true,
    deferred: false,
    plugged: false,
    override_gen: 0,
    authorized: true,
    manual_bind: false,
    periphid_read: false,
    override_freed: [],
  };
}

/** A driver slot before its module loads. */
export function initialDriver(): DriverState {
  return {
    registered: false,
    seq: -1,
    dynids: [],
    probes: 0,
    params: '',
    probe_fail: false,
    usb_dynids: [],
    manual_bind: false,
    guid_dynids: [],
  };
}

/**
 * The buses before boot: each bus's drivers_autoprobe as given, else on (bus_register sets it to 1); empty klists;
 * the AP bus's masks from the device slots (`specs`) and their initial overrides.
 */
export function initialBus(
  autoprobe: Partial<Record<BusName, boolean>> = {},
  specs: readonly DeviceSpec[] = [],
  overrides: readonly (string | null)[] = [],
): BusState {
  return {
    drivers_autoprobe: Object.fromEntries(BUS_NAMES.map((b) => [b, autoprobe[b] ?? true])) as Record<BusName, boolean>,
    next_dev_seq: 0,
    next_drv_seq: 0,
    next_bind_seq: 0,
    deferred_work_queued: false,
    ap: apBootPerms(specs, overrides),
  };
}

export function buildWorld(s: Scenario, q: Quirks): InitialWorld {
  const { specs, present, overrides } = deviceSpecs(s);
  const devices = specs.map((_, i) => initialDevice(present[i]));
  const drvSpecs = s.drivers.map((d) => driverSpec(d, q));
  const drivers = drvSpecs.map(initialDriver);
  const world: World = {
    devSpecs: specs,
    drvSpecs,
    devices,
    drivers,
    bus: initialBus(Object.fromEntries(BUS_NAMES.map((b) => [b, s.buses[b].drivers_autoprobe])), specs, overrides),
    locks: [],
  };
  world.locks = new Array<number>(lockCount(world)).fill(-1);
  return { world, bootPresent: present, bootOverride: overrides };
}
