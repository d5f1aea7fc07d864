// drivers/cdx/cdx.c: cdx_bus_match (driver_override as a filter, override_only entries), cdx_match_id,
// the driver_override attribute by era, cdx_device_add and the bus's rescan attribute.
// Source read: cdx.c @0174f5810401 (bus devices, vendor/device match) and @66e72a01b60a (subsystem/class match);
// the 6.4 original in the "cdx: add the cdx bus driver" (2959ab247061) patch; 91d44c1afc61 (show lock);
// "cdx: use generic driver_override infrastructure" (lore 20260505133935.3772495-3, d541aa1897f6).
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import { CDX_ANY_ID, type CdxDeviceId, type CdxIdentity } from '../types.js';
import { BUS_DEVICES, DEV_OVERRIDE, DEV_PRESENT, DRV_STATE, cdxControllerLock, deviceLock } from '../objects.js';
import { devObj, drvObj } from '../objects.js';
import { EINVAL } from '../errno.js';
import { override_show, parseOverride, storeOverride } from '../pci/pci-sysfs.js';
import { kstrtobool } from '../pci/iov.js';
import { device_add, device_del } from '../core/core.js';
import { observeProbe, probeSpec } from '../core/probe.js';

const anyOr = (id: number, v: number): boolean => id === CDX_ANY_ID || id === v;

/** cdx_match_one_device: vendor/device (CDX_ANY_ID wildcards); subsystem ids and class under class_mask from 6.7. */
export function cdx_match_one_device(k: Kernel, id: CdxDeviceId, dev: CdxIdentity): boolean {
  if (!anyOr(id.vendor, dev.vendor) || !anyOr(id.device, dev.device)) return false;
  if (k.quirks.cdxBus !== 'subsys-class') return true; // @0174f5810401: "Use vendor ID and device ID for matching"
  return (
    anyOr(id.subvendor, dev.subvendor) &&
    anyOr(id.subdevice, dev.subdevice) &&
    ((id.class ^ dev.class) & id.class_mask) === 0
  );
}

/** cdx_match_id: the first entry from `from` on that matches; the table ends at vendor == 0 && device == 0. */
export function cdx_match_id(k: Kernel, ids: readonly CdxDeviceId[] | null, from: number, dev: CdxIdentity): number {
  if (ids === null) return -1;
  for (let i = from; i < ids.length && (ids[i].vendor !== 0 || ids[i].device !== 0); i++)
    if (cdx_match_one_device(k, ids[i], dev)) return i;
  return -1;
}

/**
 * cdx_bus_match: a bus device never matches (is_bus); a set override is a FILTER (another driver: no match),
 * never a bypass: the named driver still needs a table entry, and an override_only entry (vfio-cdx's) counts only
 * when the override is set (it then names this driver). Generic era (d541aa1897f6): ret == 0 -> false, ret > 0.
 */
export function cdx_bus_match(k: Kernel, drv: number, dev: number): boolean {
  const id = k.world.devSpecs[dev].cdx!;
  if (id.is_bus) return false; // bus devices exist from the 6.7-era series that added this test
  const override = k.world.devices[dev].override;
  if (override !== null && override !== k.world.drvSpecs[drv].name) return false;
  const ids = k.world.drvSpecs[drv].cdx!.match_id_table;
  for (let i = cdx_match_id(k, ids, 0, id); i >= 0; i = cdx_match_id(k, ids, i + 1, id)) {
    if (!ids![i].override_only) return true;
    if (override !== null) return true; // "In case override_only was set, enforce driver_override matching."
  }
  return false;
}

/** cdx_probe -> cdx_drv->probe (the driver's ProbeSpec); no re-match under the lock. */
export function cdx_probe(k: Kernel, drv: number, dev: number): number {
  const ids = k.world.drvSpecs[drv].cdx!.match_id_table;
  observeProbe(k, drv, dev, cdx_match_id(k, ids, 0, k.world.devSpecs[dev].cdx!) >= 0);
  return probeSpec(k, drv);
}

/** cdx_remove: the driver's ->remove; nothing the model tracks. */
export function* cdx_remove(): KGen<void> {}

/** What cdx_bus_match and cdx_probe read: the override, presence, the driver's probe count. */
export function cdxMatchRd(k: Kernel, dev: number, drv: number): number[] {
  void k;
  return [devObj(dev, DEV_OVERRIDE), devObj(dev, DEV_PRESENT), drvObj(drv, DRV_STATE)];
}

/** The attribute is in cdx_dev_group, hidden on bus devices (is_visible) until the generic one, on every device. */
export function cdxOverrideExists(k: Kernel, dev: number): boolean {
  return k.quirks.cdxOverride === 'generic' || !k.world.devSpecs[dev].cdx!.is_bus;
}

/** driver_override_store: driver_set_override (device_lock; 6.0+ parsing, cdx came after it), generic: a spinlock. */
export function cdx_override_store(k: Kernel, dev: number, buf: string, count: number): KGen<number> {
  const generic = k.quirks.cdxOverride === 'generic';
  const v = parseOverride(generic ? 'generic' : 'set-override', buf);
  return storeOverride(k, dev, count, generic ? -1 : deviceLock(dev), v, null);
}

/** driver_override_show: sysfs_emit("%s\n"): "(null)\n" when unset; device_lock from 91d44c1afc61. */
export function cdx_override_show(k: Kernel, dev: number): KGen<string> {
  return override_show(k, dev, k.quirks.cdxOverride === 'show-locked' ? deviceLock(dev) : -1);
}

/** cdx_device_add -> device_add: a new device (no override), uevent, bus_probe_device. */
export function cdx_device_add(k: Kernel, dev: number): KGen<void> {
  return device_add(k, 'cdx_device_add', dev);
}

const cdxDevices = (k: Kernel): number[] =>
  k.world.devSpecs
    .flatMap((s, i) => (s.bus === 'cdx' ? [i] : []))
    .sort((a, b) => k.world.devices[a].seq - k.world.devices[b].seq);

/**
 * rescan_store (bus attribute): under cdx_controller_lock, cdx_unregister_devices deletes EVERY device of the bus
 * (a bus device's children first; cdx_unregister_device frees the override), then the controller's scan adds
 * what the hardware has, as new devices without an override, each probed as it is added.
 */
export function* cdx_rescan_store(k: Kernel, buf: string, count: number): KGen<number> {
  if (kstrtobool(buf) !== true) return -EINVAL; // kstrtobool fails or says false: -EINVAL
  const lock = cdxControllerLock(k.world);
  yield step('cdx_rescan', 'cdx_unregister_devices', [BUS_DEVICES], [], lock);
  for (const dev of cdxDevices(k)) if (k.world.devices[dev].present) yield* device_del(k, 'cdx_unregister_device', dev);
  const all = k.world.devSpecs.flatMap((sp, i) => (sp.bus === 'cdx' ? [devObj(i, DEV_PRESENT)] : []));
  yield step('cdx_rescan', 'cdx->ops->scan', [BUS_DEVICES, ...all]); // what the firmware reports now (hw)
  for (let dev = 0; dev < k.world.devSpecs.length; dev++)
    if (k.world.devSpecs[dev].bus === 'cdx' && k.world.devices[dev].hw) yield* cdx_device_add(k, dev);
  k.unlock(lock);
  return count;
}

/** Boot: the controller's probe scans the firmware's devices (bus devices and devices, in their order). */
export function* cdx_enumerate(k: Kernel): KGen<void> {
  if (k.quirks.cdxBus === 'absent') return;
  for (let dev = 0; dev < k.world.devSpecs.length; dev++)
    if (k.world.devSpecs[dev].bus === 'cdx' && k.world.devices[dev].hw) yield* cdx_device_add(k, dev);
}

/**
 * A device appearing in or leaving the FPGA (a new image): the controller sends Linux no event; the change is
 * seen by the next rescan (cdx_rescan_store), which is how new devices are "scanned and added" (ABI sysfs-bus-cdx).
 */
export function* cdx_hotplug(k: Kernel, dev: number, action: 'add' | 'remove'): KGen<number> {
  yield step('cdx: the FPGA changes', k.devName(dev), [devObj(dev, DEV_PRESENT)], [devObj(dev, DEV_PRESENT)]);
  k.world.devices[dev].hw = action === 'add';
  k.note('no event: Linux sees it at the next /sys/bus/cdx/rescan');
  return 0;
}
