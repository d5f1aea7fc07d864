// drivers/pci/remove.c + pci-driver.c: stopping and deleting devices, the bus remove callback.
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import {
  BUS_DEFERRED,
  BUS_DEVICES,
  DEV_DRIVER,
  DEV_OVERRIDE,
  DEV_PRESENT,
  devObj,
  rescanRemoveLock,
} from '../objects.js';
import { device_release_driver_internal } from '../core/dd.js';

/** pci_stop_and_remove_bus_device: pci_stop_dev (release driver) then pci_destroy_dev (device_del). */
export function* pci_stop_and_remove_bus_device(k: Kernel, dev: number): KGen<void> {
  yield* device_release_driver_internal(k, dev, -1);
  yield step(
    'pci_destroy_dev',
    k.devName(dev),
    [devObj(dev, DEV_DRIVER)],
    [devObj(dev, DEV_PRESENT), devObj(dev, DEV_OVERRIDE), BUS_DEVICES, BUS_DEFERRED],
  );
  const d = k.world.devices[dev];
  d.present = false;
  d.match_driver = false;
  d.deferred = false;
  d.override = null; // freed with the pci_dev
  k.event({ kind: 'uevent', action: 'remove', dev });
  k.note('device_del: uevent remove');
}

/** pci_stop_and_remove_bus_device_locked: takes pci_rescan_remove_lock (sysfs remove, hot-remove). */
export function* pci_stop_and_remove_bus_device_locked(k: Kernel, dev: number, surprise: boolean): KGen<number> {
  const lock = rescanRemoveLock(k.world);
  yield step('pci_lock_rescan_remove', k.devName(dev), [devObj(dev, DEV_PRESENT)], [devObj(dev, DEV_PRESENT)], lock);
  const d = k.world.devices[dev];
  if (surprise) d.hw = false;
  if (d.present) yield* pci_stop_and_remove_bus_device(k, dev);
  else k.note('not present');
  k.unlock(lock);
  return 0;
}
