// The modelled kernel a path runs against: the world, the era's quirks and PCI match policy, and the bus
// records the driver core dispatches through (dev->bus, drv->bus), on top of the step runtime.
// BusType is include/linux/device/bus.h's struct bus_type: the core never names a bus, it calls
// drv->bus->match, dev->bus->probe, ->remove and the bus's attribute groups; each bus fills one in.
import { Runtime } from '../runtime/kernel.js';
import type { KGen } from '../runtime/step.js';
import type { BusName, World } from './types.js';
import type { Quirks } from '../profiles/types.js';
import type { MatchPolicy } from '../profiles/policy.js';

/** A bus's driver_override attribute: its store and show by era (drivers/base/driver.c, the bus's own file). */
export interface OverrideAttr {
  /** The file exists in this era. */
  exists(q: Quirks): boolean;
  /** The attribute group's is_visible: whether this device shows the file (default: every device). */
  visible?(k: Kernel, dev: number): boolean;
  /** driver_override_store: never probes, never unbinds. Returns count or a negative errno. */
  store(k: Kernel, dev: number, buf: string, count: number): KGen<number>;
  /** driver_override_show: the text read. */
  show(k: Kernel, dev: number): KGen<string>;
}

/** A bus's dynamic ids: new_id's format and duplicate rule, remove_id's (drv_groups). */
export interface DynidAttrs {
  new_id(k: Kernel, drv: number, buf: string, count: number): KGen<number>;
  remove_id(k: Kernel, drv: number, buf: string, count: number): KGen<number>;
  /** The files exist for this driver (USB: not for no_dynamic_id drivers; vmbus: 4.10+); every driver when absent. */
  exists?(k: Kernel, drv: number): boolean;
  /** Reading new_id / remove_id (USB lists the dynids); write-only when absent (PCI). */
  show?(k: Kernel, drv: number): string;
}

/**
 * A bus's own read-write attribute (USB's interface `authorized`, serio's `drvctl` and `bind_mode`): `obj` is
 * the device slot for a device attribute, the driver slot for a driver attribute. `show` null: write-only.
 */
export interface BusAttr {
  store(k: Kernel, obj: number, buf: string, count: number): KGen<number>;
  show: ((k: Kernel, obj: number) => string) | null;
  /** The file exists in this era (every era when absent). */
  exists?(q: Quirks): boolean;
}

/** The sysfs files a bus has: bus_groups (plus drivers_probe/drivers_autoprobe), drv_groups, dev_groups. */
export interface BusAttrs {
  readonly bus: readonly string[];
  readonly driver: readonly string[];
  readonly device: readonly string[];
}

export interface BusType {
  readonly name: BusName;
  /** The kernel has this bus in this era (absent: /sys/bus/<name> does not exist). Default: always. */
  inEra?(q: Quirks): boolean;
  /**
   * ->match (driver_match_device): may drv drive dev now. The bus's gates that refuse a match (PCI:
   * match_driver false during the two-phase add) are part of it. The kernel's int: true/1 match, false/0 not,
   * a negative errno (amba: -EPROBE_DEFER while its ID registers cannot be read).
   */
  match(k: Kernel, drv: number, dev: number): boolean | number;
  /**
   * ->probe (really_probe -> call_driver_probe), device_lock held: 0 or a negative errno. Its probe-time
   * gates (PCI: the VF autoprobe gate, the re-match under the lock) are part of it.
   */
  probe(k: Kernel, drv: number, dev: number): number;
  /**
   * The part of a successful probe that takes steps of its own, device_lock still held (fsl-mc: a container
   * driver's dprc_scan_container adds the DPRC's objects). Absent on most buses.
   */
  probed?(k: Kernel, dev: number, drv: number): KGen<void>;
  /** Registering a driver of this bus at module_init (pci_register_driver, platform_driver_register/_probe). */
  register(k: Kernel, drv: number): KGen<number>;
  /** Boot: add the devices whose hardware is there (PCI: pci_scan_root_bus; platform: the firmware's devices). */
  enumerate(k: Kernel): KGen<void>;
  /** A hotplug op on one of its devices (PCI: pciehp; platform: platform_device_register / _unregister). */
  hotplug(k: Kernel, dev: number, action: 'add' | 'remove'): KGen<number>;
  /** ->remove (device_remove), device_lock held; `drv` is the bound driver. */
  remove(k: Kernel, dev: number, drv: number): KGen<void>;
  /** The footprint a match (and the probe after it) reads: what the bus's match and gates look at. */
  matchRd(k: Kernel, dev: number, drv: number): number[];
  /** driver_override, or null on a bus without one. */
  readonly override: OverrideAttr | null;
  /** new_id / remove_id, or null on a bus without dynamic ids. */
  readonly dynids: DynidAttrs | null;
  /** Stores of bus attributes the bus defines itself (cdx: rescan); the driver core's and PCI's are dispatched by name. */
  readonly busStores?: Readonly<Record<string, (k: Kernel, buf: string, count: number) => KGen<number>>>;
  readonly attrs: BusAttrs;
  /** The bus's own device and driver attributes beyond the driver core's (listed in `attrs` too). */
  readonly devAttrs?: Readonly<Record<string, BusAttr>>;
  readonly drvAttrs?: Readonly<Record<string, BusAttr>>;
}

/** The bus records a kernel is built with, by name (dev->bus and drv->bus point into it). */
export type BusTable = Readonly<Record<BusName, BusType>>;

export class Kernel extends Runtime {
  /** What a (user) policy did wrong: threw, or returned something that is no id. */
  readonly policyErrors: string[] = [];

  constructor(
    readonly world: World,
    readonly quirks: Quirks,
    readonly policy: MatchPolicy,
    readonly buses: BusTable,
  ) {
    super();
  }

  /** dev->bus. */
  busOf(dev: number): BusType {
    return this.buses[this.world.devSpecs[dev].bus];
  }

  /** drv->bus. */
  drvBus(drv: number): BusType {
    return this.buses[this.world.drvSpecs[drv].bus];
  }

  devName(dev: number): string {
    return this.world.devSpecs[dev].bdf;
  }

  drvName(drv: number): string {
    return drv < 0 ? '(none)' : this.world.drvSpecs[drv].name;
  }
}
