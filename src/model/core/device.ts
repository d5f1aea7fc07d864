// drivers/base/core.c device_add / device_del for buses whose devices the model adds the plain way (spi, css,
// ap): the ADD uevent, then bus_probe_device under the bus's own drivers_autoprobe; device_del releases the
// driver, sends REMOVE, and the last put frees the driver_override with the device.
import type { Kernel } from '../kernel.js';
import type { BusName } from '../types.js';
import { step, type KGen } from '../../runtime/step.js';
import { BUS_DEFERRED, BUS_DEVICES, DEV_DRIVER, DEV_OVERRIDE, DEV_PRESENT, busAutoprobe, devObj } from '../objects.js';
import { bus_probe_device, device_release_driver_internal } from './dd.js';

/** device_add as `fn` (spi_add_device, css_register_subchannel, ap_scan_bus...): nothing when already there. */
export function* device_add(k: Kernel, dev: number, fn: string): KGen<void> {
  const bus = k.world.devSpecs[dev].bus;
  yield step(fn, k.devName(dev), [busAutoprobe(bus)], [devObj(dev, DEV_PRESENT), BUS_DEVICES, BUS_DEFERRED]);
  const d = k.world.devices[dev];
  if (d.present) {
    k.note('already registered');
    return;
  }
  d.hw = true;
  d.present = true;
  d.driver = -1;
  d.seq = k.world.bus.next_dev_seq++;
  k.event({ kind: 'uevent', action: 'add', dev });
  yield* bus_probe_device(k, dev);
}

/** device_unregister as `fn`: release the driver, device_del (REMOVE uevent), the override freed with the device. */
export function* device_unregister(k: Kernel, dev: number, fn: string): KGen<void> {
  if (!k.world.devices[dev].present) {
    yield step(fn, k.devName(dev), [devObj(dev, DEV_PRESENT)]);
    k.note('not registered');
    return;
  }
  yield* device_release_driver_internal(k, dev, -1);
  yield step(
    fn,
    k.devName(dev),
    [devObj(dev, DEV_DRIVER)],
    [devObj(dev, DEV_PRESENT), devObj(dev, DEV_OVERRIDE), BUS_DEVICES, BUS_DEFERRED],
  );
  const d = k.world.devices[dev];
  d.hw = false;
  d.present = false;
  d.deferred = false;
  d.override = null;
  k.event({ kind: 'uevent', action: 'remove', dev });
  k.note('device_del: uevent remove');
}

/** A bus record's hotplug: add with `add`, remove with device_unregister as `del`. Returns 0. */
export function hotplugWith(add: (k: Kernel, dev: number) => KGen<void>, del: string) {
  return function* (k: Kernel, dev: number, action: 'add' | 'remove'): KGen<number> {
    if (action === 'add') yield* add(k, dev);
    else yield* device_unregister(k, dev, del);
    return 0;
  };
}

/** A bus record's enumerate: at boot, the bus's devices whose hardware is there, in declaration order. */
export function enumerateWith(bus: BusName, what: string, add: (k: Kernel, dev: number) => KGen<void>) {
  return function* (k: Kernel): KGen<void> {
    const devs = k.world.devSpecs.flatMap((s, i) => (s.bus === bus && k.world.devices[i].hw ? [i] : []));
    if (devs.length === 0) return;
    yield step('boot', what, [], []);
    for (const dev of devs) yield* add(k, dev);
  };
}
