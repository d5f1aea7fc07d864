// drivers/s390/crypto/ap_bus.c + ap_queue.c: ap_bus_match, ap_device_probe (where the override is checked)
// and the queue devices' driver_override attribute (d38a87d7c064, 6.19).
import type { Kernel } from '../kernel.js';
import type { KGen } from '../../runtime/step.js';
import { DEV_OVERRIDE, DEV_PRESENT, deviceLock, devObj } from '../objects.js';
import { ENODEV } from '../errno.js';
import { override_show, parseOverride } from '../pci/pci-sysfs.js';
import { observeProbe, probeSpec } from '../core/probe.js';
import { storeOverride } from '../core/override.js';

/** ap_bus_match: the driver's ids list the queue's device_type; driver_override plays no part here. */
export function ap_bus_match(k: Kernel, drv: number, dev: number): boolean {
  return k.world.drvSpecs[drv].ap!.device_types.includes(k.world.devSpecs[dev].ap!.device_type);
}

/** What ap_bus_match and ap_device_probe read (the masks are fixed for a scenario). */
export function apMatchRd(k: Kernel, dev: number): number[] {
  void k;
  return [devObj(dev, DEV_OVERRIDE), devObj(dev, DEV_PRESENT)];
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
  if (o === null && k.world.devSpecs[dev].ap!.in_masks !== t.default_driver) {
    k.note('ap_device_probe: apmask/aqmask reserve this queue for the other kind of driver: -ENODEV');
    return -ENODEV;
  }
  observeProbe(k, drv, dev, ap_bus_match(k, drv, dev));
  return probeSpec(k, drv);
}

/** ap_device_remove: the driver's ->remove; nothing the model tracks. */
export function* ap_device_remove(): KGen<void> {}

/**
 * ap_apmask_aqmask_in_use: apmask_commit/aqmask_commit set it unless both masks are full. The model derives it
 * from the queues: one outside the masks means a cleared bit (a bit cleared for an absent card is not modelled).
 */
export function apMasksInUse(k: Kernel): boolean {
  return k.world.devSpecs.some((s) => s.ap !== null && !s.ap.in_masks);
}

/**
 * driver_override_store (ap_queue.c): under ap_attr_mutex, -EINVAL while apmask/aqmask are in use (46030379f13c
 * "Restrict driver_override versus apmask and aqmask use"), then driver_set_override (6.19) or
 * __device_set_driver_override (81d6f7c3a70b), and ap_driver_override_ctr follows set/unset.
 */
export function ap_override_store(k: Kernel, dev: number, buf: string, count: number): KGen<number> {
  const q = k.quirks;
  if (apMasksInUse(k)) {
    k.note('ap_apmask_aqmask_in_use: driver_override refused');
    return storeOverride(k, dev, count, undefined, -1);
  }
  const v = parseOverride(q.apOverride === 'generic-storage' ? 'generic' : 'set-override', buf);
  return storeOverride(k, dev, count, v, q.apOverride === 'device_lock' ? deviceLock(dev) : -1);
}

/** driver_override_show (ap_queue.c): sysfs_emit("\n") when unset, in both eras (no bus_type flag in 81d6f7c3a70b). */
export function ap_override_show(k: Kernel, dev: number): KGen<string> {
  return override_show(k, dev, k.quirks.apOverride === 'device_lock' ? deviceLock(dev) : -1);
}
