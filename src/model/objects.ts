// Footprint object and lock ids. Numbers, not strings: footprints are compared on the hot path.
import { BUS_NAMES, type BusName, type World } from './types.js';

/**
 * Device fields: dev.driver, driver_override, presence (device_add/del, match_driver), SR-IOV state. A bus
 * without driver_override keeps its own binding gate in DEV_OVERRIDE's slot: USB intf->authorized, serio's
 * port manual_bind (describeObj names it per bus).
 */
export const DEV_DRIVER = 0;
export const DEV_OVERRIDE = 1;
export const DEV_PRESENT = 2;
export const DEV_SRIOV = 3;
export const devObj = (dev: number, field: number): number => dev * 4 + field;

/** Driver fields: dynids list, registration (klist membership), probe-count state (serio: also drv->manual_bind). */
export const DRV_DYNIDS = 0;
export const DRV_REGISTERED = 1;
export const DRV_STATE = 2;
const DRV_BASE = 1 << 16;
export const drvObj = (drv: number, field: number): number => DRV_BASE + drv * 4 + field;

/** Bus fields. */
export const BUS_AUTOPROBE = 1 << 20;
export const BUS_DRIVERS = BUS_AUTOPROBE + 1;
export const BUS_DEVICES = BUS_AUTOPROBE + 2;
/** The deferred-probe list and its work item. */
export const BUS_DEFERRED = BUS_AUTOPROBE + 3;
/** ap_perms (apmask, aqmask), ap_apmask_aqmask_in_use and ap_driver_override_ctr (drivers/s390/crypto/ap_bus.c). */
export const AP_PERMS = BUS_AUTOPROBE + 64;
/** bus->p->drivers_autoprobe of each bus: PCI's keeps BUS_AUTOPROBE (its footprints predate the other buses). */
export const busAutoprobe = (bus: BusName): number =>
  bus === 'pci' ? BUS_AUTOPROBE : BUS_AUTOPROBE + 3 + BUS_NAMES.indexOf(bus);

/**
 * Locks: device_lock(dev) = dev; then pci_rescan_remove_lock; then one per module (load/unload serialised);
 * then serio_mutex (drivers/input/serio/serio.c: drvctl, kseriod's events, serio driver (un)registration); then
 * cdx_controller_lock (drivers/cdx/cdx.c rescan_store); then ap_attr_mutex, last so the others keep their numbers.
 */
export const deviceLock = (dev: number): number => dev;
export const rescanRemoveLock = (w: World): number => w.devSpecs.length;
export const moduleLock = (w: World, drv: number): number => w.devSpecs.length + 1 + drv;
export const serioMutex = (w: World): number => w.devSpecs.length + 1 + w.drvSpecs.length;
export const cdxControllerLock = (w: World): number => w.devSpecs.length + 2 + w.drvSpecs.length;
/** ap_attr_mutex (ap_perms_mutex before 8babcc2b6a75): apmask/aqmask stores and ap's driver_override store. */
export const apAttrMutex = (w: World): number => w.devSpecs.length + 3 + w.drvSpecs.length;
export const lockCount = (w: World): number => w.devSpecs.length + 4 + w.drvSpecs.length;

export function describeObj(w: World, id: number): string {
  if (id === AP_PERMS) return 'ap_perms';
  if (id > BUS_DEFERRED) return `bus.${BUS_NAMES[id - BUS_AUTOPROBE - 3]}.drivers_autoprobe`;
  if (id >= BUS_AUTOPROBE)
    return ['bus.drivers_autoprobe', 'bus.drivers', 'bus.devices', 'bus.deferred'][id - BUS_AUTOPROBE];
  if (id >= DRV_BASE) {
    const j = (id - DRV_BASE) >> 2;
    return `${w.drvSpecs[j].name}.${['dynids', 'registered', 'state'][(id - DRV_BASE) & 3]}`;
  }
  const spec = w.devSpecs[id >> 2];
  const gate = spec.bus === 'usb' ? 'authorized' : spec.bus === 'serio' ? 'manual_bind' : 'driver_override';
  return `${spec.bdf}.${['driver', gate, 'present', 'sriov'][id & 3]}`;
}

export function describeLock(w: World, lock: number): string {
  if (lock < w.devSpecs.length) return `device_lock(${w.devSpecs[lock].bdf})`;
  if (lock === rescanRemoveLock(w)) return 'pci_rescan_remove_lock';
  if (lock === serioMutex(w)) return 'serio_mutex';
  if (lock === cdxControllerLock(w)) return 'cdx_controller_lock';
  if (lock === apAttrMutex(w)) return 'ap_attr_mutex';
  return `module ${w.drvSpecs[lock - w.devSpecs.length - 1].module} (loading/unloading)`;
}
