// drivers/s390/crypto/ap_bus.c + ap_queue.c: ap_bus_match, ap_device_probe (where the override and ap_perms are
// checked) and the queue devices' driver_override attribute (d38a87d7c064, 6.19). The masks: masks.ts.
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import { AP_PERMS, DEV_OVERRIDE, DEV_PRESENT, apAttrMutex, deviceLock, devObj } from '../objects.js';
import { EINVAL, ENODEV } from '../errno.js';
import { apQueueInMasks } from './masks.js';
import { override_show, parseOverride } from '../pci/pci-sysfs.js';
import { observeProbe, probeSpec } from '../core/probe.js';
import { storeOverride } from '../core/override.js';

/** ap_bus_match: the driver's ids list the queue's device_type; driver_override plays no part here. */
export function ap_bus_match(k: Kernel, drv: number, dev: number): boolean {
  return k.world.drvSpecs[drv].ap!.device_types.includes(k.world.devSpecs[dev].ap!.device_type);
}

/** What ap_bus_match and ap_device_probe read: the override, presence, and ap_perms (under ap_attr_mutex). */
export function apMatchRd(k: Kernel, dev: number): number[] {
  void k;
  return [devObj(dev, DEV_OVERRIDE), devObj(dev, DEV_PRESENT), AP_PERMS];
}

/**
 * ap_device_probe: an override naming another driver is -ENODEV (the next driver is tried); one naming this
 * driver skips the mask check; without one, ap_perms decides: a queue in apmask/aqmask belongs to the default
 * (zcrypt) drivers, one outside them to the others (vfio_ap): `if (!!devres != !!drvres) goto out`.
 */
export function ap_device_probe(k: Kernel, drv: number, dev: number): number {
  const o = k.world.devices[dev].override;
  const t = k.world.drvSpecs[drv].ap!;
  if (o !== null && o !== k.world.drvSpecs[drv].name) {
    k.note(`ap_device_probe: driver_override is ${JSON.stringify(o)}: -ENODEV`);
    return -ENODEV;
  }
  // Before 7e0bdbe5c21c there are no masks: any driver whose ids match may take the queue.
  if (o === null && k.quirks.apMasks && apQueueInMasks(k, dev) !== t.default_driver) {
    k.note('ap_device_probe: apmask/aqmask reserve this queue for the other kind of driver: -ENODEV');
    return -ENODEV;
  }
  observeProbe(k, drv, dev, ap_bus_match(k, drv, dev));
  return probeSpec(k, drv);
}

/** ap_device_remove: the driver's ->remove; nothing the model tracks. */
export function* ap_device_remove(): KGen<void> {}

/**
 * driver_override_store (ap_queue.c): under ap_attr_mutex, -EINVAL while ap_apmask_aqmask_in_use (46030379f13c
 * "Restrict driver_override versus apmask and aqmask use"), then driver_set_override (6.19: takes device_lock) or
 * __device_set_driver_override (81d6f7c3a70b, the spinlock), and ap_driver_override_ctr follows set/unset.
 */
export function* ap_override_store(k: Kernel, dev: number, buf: string, count: number): KGen<number> {
  const q = k.quirks;
  const mutex = apAttrMutex(k.world);
  yield step('driver_override_store', `${k.devName(dev)}: ap_attr_mutex`, [AP_PERMS], [], mutex);
  if (k.world.bus.ap.in_use) {
    k.unlock(mutex);
    k.note('ap_apmask_aqmask_in_use: driver_override refused');
    return -EINVAL;
  }
  const v = parseOverride(q.apOverride === 'generic-storage' ? 'generic' : 'set-override', buf);
  const had = k.world.devices[dev].override !== null;
  const r = yield* storeOverride(k, dev, count, v, q.apOverride === 'device_lock' ? deviceLock(dev) : -1);
  const has = k.world.devices[dev].override !== null;
  if (had !== has) {
    k.touch([], [AP_PERMS]);
    const ap = k.world.bus.ap;
    k.world.bus.ap = { ...ap, override_ctr: ap.override_ctr + (has ? 1 : -1) };
  }
  k.unlock(mutex);
  return r;
}

/** driver_override_show (ap_queue.c): sysfs_emit("\n") when unset, in both eras (no bus_type flag in 81d6f7c3a70b). */
export function ap_override_show(k: Kernel, dev: number): KGen<string> {
  return override_show(k, dev, k.quirks.apOverride === 'device_lock' ? deviceLock(dev) : -1);
}
