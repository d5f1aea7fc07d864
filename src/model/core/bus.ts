// drivers/base/bus.c: the bus and driver sysfs attributes, driver (un)registration.
import type { Kernel } from '../kernel.js';
import type { BusName } from '../types.js';
import { step, type KGen } from '../../runtime/step.js';
import {
  busAutoprobe,
  BUS_DEVICES,
  BUS_DRIVERS,
  DEV_DRIVER,
  DEV_PRESENT,
  DRV_DYNIDS,
  DRV_REGISTERED,
  DRV_STATE,
  deviceLock,
  devObj,
  drvObj,
} from '../objects.js';
import { EAGAIN, EINVAL, ENODEV, EPROBE_DEFER } from '../errno.js';
import {
  device_attach,
  deviceLockForProbe,
  device_release_driver_internal,
  driver_attach,
  driver_detach,
  driver_match_device,
  driver_probe_device,
  probed,
  matchRd,
  probeWr,
} from './dd.js';

/** The device slot of `bus` a name refers to (present or not): what bus_find_device_by_name looks at. */
function slotOf(k: Kernel, bus: BusName, buf: string): number {
  const name = buf.endsWith('\n') ? buf.slice(0, -1) : buf; // sysfs_streq: one trailing newline tolerated
  return k.world.devSpecs.findIndex((s) => s.bdf === name && s.bus === bus);
}

/** bus_find_device_by_name(bus): the present device of that bus with that name, or -1. */
export function findDevice(k: Kernel, bus: BusName, buf: string): number {
  const i = slotOf(k, bus, buf);
  return i >= 0 && k.world.devices[i].present ? i : -1;
}

/** What looking the device up reads: its presence, plus `more` of its fields; nothing for an unknown name. */
function lookupRd(k: Kernel, bus: BusName, buf: string, more: (dev: number) => number[]): number[] {
  const i = slotOf(k, bus, buf);
  return i < 0 ? [] : [devObj(i, DEV_PRESENT), ...more(i)];
}

/** bind_store: unlocked driver_match_device, then probe under device_lock; errno by era. */
export function* bind_store(k: Kernel, drv: number, buf: string, count: number): KGen<number> {
  yield step(
    'bind_store',
    `${k.drvName(drv)} <- ${buf.trim()}`,
    lookupRd(k, k.world.drvSpecs[drv].bus, buf, (i) => [...matchRd(k, i, drv), devObj(i, DEV_DRIVER)]),
  );
  const dev = findDevice(k, k.world.drvSpecs[drv].bus, buf);
  if (dev < 0) return -ENODEV;
  const seq = k.world.devices[dev].seq;
  const q = k.quirks.bindStore;
  // <=5.13: an unlocked dev->driver == NULL pre-check (dropped by 204db60c8357, 5.14).
  if (q !== 'v5_14' && k.world.devices[dev].driver >= 0) return -ENODEV;
  // `if (dev && driver_match_device(drv, dev))`: a negative match (amba's -EPROBE_DEFER) is true here.
  if (driver_match_device(k, drv, dev) === 0) {
    k.note('driver_match_device: no match');
    return -ENODEV;
  }
  yield deviceLockForProbe(k, dev, drv);
  const before = k.world.devices[dev].driver;
  let r = driver_probe_device(k, drv, dev, seq);
  if (k.busOf(dev).probed) yield* probed(k, dev, drv, before);
  k.unlock(deviceLock(dev));
  if (q === 'v5_14') {
    // device_driver_attach 5.14+: probe errors as negative errnos, -EPROBE_DEFER -> -EAGAIN.
    r = r > 0 ? -r : r;
    if (r === -EPROBE_DEFER) r = -EAGAIN;
    return r === 0 ? count : r;
  }
  return r > 0 ? count : r === 0 ? -ENODEV : r;
}

/** unbind_store: the dev->driver == drv test is unlocked; device_driver_detach then releases whatever is bound. */
export function* unbind_store(k: Kernel, drv: number, buf: string, count: number): KGen<number> {
  yield step(
    'unbind_store',
    `${k.drvName(drv)} <- ${buf.trim()}`,
    lookupRd(k, k.world.drvSpecs[drv].bus, buf, (i) => [devObj(i, DEV_DRIVER)]),
  );
  const dev = findDevice(k, k.world.drvSpecs[drv].bus, buf);
  if (dev < 0 || k.world.devices[dev].driver !== drv) return -ENODEV;
  yield* device_release_driver_internal(k, dev, -1);
  return count;
}

/** drivers_probe_store -> bus_rescan_devices_helper: device_attach if unbound; success even when nothing binds. */
export function* drivers_probe_store(k: Kernel, bus: BusName, buf: string, count: number): KGen<number> {
  yield step(
    'drivers_probe_store',
    buf.trim(),
    lookupRd(k, bus, buf, (i) => [devObj(i, DEV_DRIVER)]),
  );
  const dev = findDevice(k, bus, buf);
  if (dev < 0) return -ENODEV;
  if (k.world.devices[dev].driver >= 0) {
    k.note('already bound: nothing to do');
    return count;
  }
  const r = yield* device_attach(k, dev);
  if (r === 0) k.note('no driver bound (success returned anyway)');
  return r < 0 ? -EINVAL : count;
}

/** drivers_autoprobe_store (drivers/base/bus.c): the bus's own flag; buf[0] == '0' disables, anything else enables. */
export function* drivers_autoprobe_store(k: Kernel, bus: BusName, buf: string, count: number): KGen<number> {
  yield step('drivers_autoprobe_store', bus === 'pci' ? 'bus' : bus, [], [busAutoprobe(bus)]);
  k.world.bus.drivers_autoprobe[bus] = buf[0] !== '0';
  return count;
}

/** driver_register -> bus_add_driver: klist_add_tail, then driver_attach if drivers_autoprobe. */
export function* driver_register(k: Kernel, drv: number): KGen<number> {
  yield step(
    'bus_add_driver',
    k.drvName(drv),
    [busAutoprobe(k.world.drvSpecs[drv].bus), BUS_DEVICES],
    [drvObj(drv, DRV_REGISTERED), drvObj(drv, DRV_DYNIDS), drvObj(drv, DRV_STATE), BUS_DRIVERS],
  );
  const w = k.world;
  const d = w.drivers[drv];
  d.registered = true;
  d.seq = w.bus.next_drv_seq++;
  d.dynids = []; // INIT_LIST_HEAD(&drv->dynids.list): PCI's ids, or vmbus's GUIDs (__vmbus_driver_register)
  d.guid_dynids = [];
  d.probes = 0;
  if (!w.bus.drivers_autoprobe[w.drvSpecs[drv].bus]) {
    k.note('drivers_autoprobe=0: no driver_attach');
    return 0;
  }
  return yield* driver_attach(k, drv);
}

/** pci_unregister_driver: driver_detach (no reprobe), klist removal, then pci_free_dynids. */
export function* driver_unregister(k: Kernel, drv: number): KGen<void> {
  yield* driver_detach(k, drv);
  yield step(
    'bus_remove_driver',
    k.drvName(drv),
    [],
    [drvObj(drv, DRV_REGISTERED), drvObj(drv, DRV_DYNIDS), BUS_DRIVERS],
  );
  const d = k.world.drivers[drv];
  d.registered = false;
  d.dynids = []; // pci_free_dynids
  d.guid_dynids = []; // vmbus_free_dynids
}
