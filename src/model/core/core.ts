// drivers/base/core.c device_add / device_del as the non-PCI buses use them (PCI keeps its two-phase add in
// pci/probe.c): the uevent, the bus notifier, the first probe; the driver released before the device goes.
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import { BUS_DEFERRED, BUS_DEVICES, DEV_DRIVER, DEV_OVERRIDE, DEV_PRESENT, devObj } from '../objects.js';
import { bus_probe_device, device_release_driver_internal } from './dd.js';

/**
 * device_add (core.c): bus_add_device, BUS_NOTIFY_ADD_DEVICE (`notify`, which may set driver_override first),
 * kobject_uevent(KOBJ_ADD), then bus_probe_device. A new struct device has no override. `rd`: what the notifier reads.
 */
export function* device_add(
  k: Kernel,
  fn: string,
  dev: number,
  rd: readonly number[] = [],
  notify: (k: Kernel, dev: number) => void = () => {},
): KGen<void> {
  yield step(fn, k.devName(dev), rd, [
    devObj(dev, DEV_PRESENT),
    devObj(dev, DEV_OVERRIDE),
    devObj(dev, DEV_DRIVER),
    BUS_DEVICES,
    BUS_DEFERRED,
  ]);
  const w = k.world;
  const d = w.devices[dev];
  d.hw = true;
  d.present = true;
  d.driver = -1;
  d.override = null;
  d.deferred = false;
  d.seq = w.bus.next_dev_seq++;
  notify(k, dev);
  k.event({ kind: 'uevent', action: 'add', dev });
  yield* bus_probe_device(k, dev);
}

/** device_del (core.c): the bound driver is released (device_release_driver), then the device and its override go. */
export function* device_del(k: Kernel, fn: string, dev: number): KGen<void> {
  yield* device_release_driver_internal(k, dev, -1);
  yield step(
    fn,
    k.devName(dev),
    [devObj(dev, DEV_DRIVER)],
    [devObj(dev, DEV_PRESENT), devObj(dev, DEV_OVERRIDE), BUS_DEVICES, BUS_DEFERRED],
  );
  const d = k.world.devices[dev];
  d.present = false;
  d.deferred = false;
  d.override = null; // freed with the device (the bus's remove, or device_release() in the generic era)
  k.event({ kind: 'uevent', action: 'remove', dev });
  k.note('device_del: uevent remove');
}
