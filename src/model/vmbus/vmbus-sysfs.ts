// drivers/hv/vmbus_drv.c sysfs: new_id_store, remove_id_store (drv_groups, 4.10+), driver_override (dev_groups,
// 4.20+; the driver core's from the generic conversion), and the identity files class_id, device_id, modalias.
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import { BUS_DEVICES, DRV_DYNIDS, deviceLock, drvObj } from '../objects.js';
import { EEXIST, EINVAL, ENODEV, ENOENT } from '../errno.js';
import { driver_attach } from '../core/dd.js';
import { override_show, override_store } from '../pci/pci-sysfs.js';
import { guid_parse } from './guid.js';
import { hv_vmbus_dev_match, hv_vmbus_dynid_match } from './vmbus_drv.js';

/**
 * new_id_store: guid_parse (-EINVAL), the duplicate check, then vmbus_add_dynid. The check is hv_vmbus_get_id in
 * 4.10-4.19 (a GUID in the static table is refused too) and hv_vmbus_dynid_match from 4.20 (dynids only).
 */
export function* vmbus_new_id_store(k: Kernel, drv: number, buf: string, count: number): KGen<number> {
  const guid = guid_parse(buf);
  if (guid === null) return -EINVAL;
  yield step('new_id_store: dup check', k.drvName(drv), [drvObj(drv, DRV_DYNIDS)]);
  const dynid = hv_vmbus_dynid_match(k, drv, guid);
  if (dynid !== null || (k.quirks.vmbus === 'dynids' && hv_vmbus_dev_match(k, drv, guid) !== null)) {
    k.note(`new_id: ${guid} already ${dynid !== null ? 'a dynid' : 'in the static table'}`);
    return -EEXIST;
  }
  const r = yield* vmbus_add_dynid(k, drv, guid);
  return r !== 0 ? r : count;
}

/** vmbus_add_dynid: list_add_tail under dynids.lock, then driver_attach whatever drivers_autoprobe says. */
export function* vmbus_add_dynid(k: Kernel, drv: number, guid: string): KGen<number> {
  yield step('vmbus_add_dynid', k.drvName(drv), [BUS_DEVICES], [drvObj(drv, DRV_DYNIDS)]);
  const d = k.world.drivers[drv];
  d.guid_dynids = [...d.guid_dynids, guid];
  k.note(`dynid ${guid}`);
  return yield* driver_attach(k, drv);
}

/** remove_id_store: guid_parse (-EINVAL), delete the first equal dynid, else -ENODEV; bound devices stay bound. */
export function* vmbus_remove_id_store(k: Kernel, drv: number, buf: string, count: number): KGen<number> {
  const guid = guid_parse(buf);
  if (guid === null) return -EINVAL;
  yield step('remove_id_store', k.drvName(drv), [drvObj(drv, DRV_DYNIDS)], [drvObj(drv, DRV_DYNIDS)]);
  const d = k.world.drivers[drv];
  const i = d.guid_dynids.indexOf(guid);
  if (i < 0) return -ENODEV;
  d.guid_dynids = d.guid_dynids.filter((_, j) => j !== i);
  k.note(`removed dynid ${guid}`);
  return count;
}

/** The lock the era's store and show take: device_lock (4.20+), the driver core's spinlock (generic: none here). */
const overrideLock = (k: Kernel, dev: number): number => (k.quirks.vmbus === 'override' ? deviceLock(dev) : -1);

/**
 * driver_override_store (d765edbb301c: open-coded, count >= PAGE_SIZE - 1 refused, cut at '\n', "" clears;
 * driver_set_override from 5.19, 01ed100276bd; __device_set_driver_override generic): parsing by `overrideStore`.
 */
export function vmbus_override_store(k: Kernel, dev: number, buf: string, count: number): KGen<number> {
  return override_store(k, dev, buf, count, overrideLock(k, dev));
}

/** driver_override_show: "%s\n" of the pointer, so "(null)\n" when unset, in every era. */
export function vmbus_override_show(k: Kernel, dev: number): KGen<string> {
  return override_show(k, dev, overrideLock(k, dev));
}

/** The bytes of a GUID in memory order (guid_t is little-endian in its first three fields): modalias's %*phN. */
function guidBytes(guid: string): string {
  const h = guid.replace(/-/g, '');
  const rev = (s: string): string => (s.match(/../g) ?? []).reverse().join('');
  return rev(h.slice(0, 8)) + rev(h.slice(8, 12)) + rev(h.slice(12, 16)) + h.slice(16);
}

/** class_id_show / device_id_show ("{%pUl}\n") and modalias_show ("vmbus:%*phN\n"); undefined: not a vmbus file. */
export function vmbusReadAttr(k: Kernel, dev: number, attr: string): string | number | undefined {
  const s = k.world.devSpecs[dev];
  if (s.vmbus === null) return attr === 'class_id' || attr === 'device_id' ? -ENOENT : undefined;
  if (attr === 'class_id') return `{${s.vmbus.class_id}}\n`;
  if (attr === 'device_id') return `{${s.bdf}}\n`;
  if (attr === 'modalias') return `vmbus:${guidBytes(s.vmbus.class_id)}\n`;
  return undefined;
}
