// drivers/usb/core/sysfs.c interface_authorized_store/show and message.c usb_(de)authorize_interface (4.4+).
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import { DEV_DRIVER, DEV_OVERRIDE, deviceLock, devObj } from '../objects.js';
import { EINVAL } from '../errno.js';
import { kstrtobool } from '../pci/iov.js';
import { device_release_driver_internal } from '../core/dd.js';

/**
 * interface_authorized_store: kstrtobool or -EINVAL. 1: usb_authorize_interface sets intf->authorized under
 * device_lock and probes nothing (Documentation/usb/authorization: write the interface to drivers_probe). 0:
 * usb_deauthorize_interface clears it, then usb_forced_unbind_intf releases the driver. count either way.
 */
export function* interface_authorized_store(k: Kernel, dev: number, buf: string, count: number): KGen<number> {
  const v = kstrtobool(buf);
  if (v === null) return -EINVAL;
  const d = k.world.devices[dev];
  const rd = [devObj(dev, DEV_OVERRIDE), devObj(dev, DEV_DRIVER)];
  yield step(v ? 'usb_authorize_interface' : 'usb_deauthorize_interface', k.devName(dev), rd, rd, deviceLock(dev));
  const was = d.authorized;
  d.authorized = v;
  k.unlock(deviceLock(dev));
  if (v || !was) return count;
  k.note(`${k.devName(dev)}: deauthorized, usb_forced_unbind_intf`);
  yield* device_release_driver_internal(k, dev, -1);
  return count;
}

/** interface_authorized_show: "%u\n". */
export function interface_authorized_show(k: Kernel, dev: number): string {
  return `${k.world.devices[dev].authorized ? 1 : 0}\n`;
}
