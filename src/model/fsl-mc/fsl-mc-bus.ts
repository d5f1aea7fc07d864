// drivers/bus/fsl-mc/fsl-mc-bus.c (fsl_mc_bus_match, the driver_override attribute by era, fsl_mc_device_add)
// and dprc-driver.c (dprc_scan_container, check_plugged_state_change, dprc_remove_devices).
// Source read: fsl-mc-bus.c @a7bee4e7f780 and linux-6.6.14; the 2020 override patch (v5 03/13, lore
// 20200929085441.17448-4, 1f86a00c1159); 1d540bcf86b2 (driver_set_override); 148891e95014 (show lock);
// 6c8dfb036273 (generic, as its 6.12-stable backport); dprc-driver.c check_plugged_state_change.
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import { BUS_DEVICES, DEV_DRIVER, DEV_OVERRIDE, DEV_PRESENT, DRV_STATE, deviceLock } from '../objects.js';
import { devObj, drvObj } from '../objects.js';
import { override_show, parseOverride, storeOverride } from '../pci/pci-sysfs.js';
import { device_add, device_del } from '../core/core.js';
import { observeProbe, probeSpec } from '../core/probe.js';
import { device_attach, device_release_driver_internal } from '../core/dd.js';
import { vfio_fsl_mc_bus_notifier } from './vfio-fsl-mc.js';
import { containerOf } from './container.js';

const PAGE_SIZE = 4096;

/** fsl_mc_is_root_dprc: a DPRC whose parent is not an fsl-mc device (the platform device fsl_mc_bus_probe made). */
const isRootDprc = (k: Kernel, dev: number): boolean => {
  const m = k.world.devSpecs[dev].fslmc!;
  return m.obj_type === 'dprc' && m.container === null;
};

/**
 * fsl_mc_bus_match: a set override is a BYPASS ("only bind to the matching driver") that skips the table AND the
 * plugged check; otherwise no table -> no match, an unplugged object (not the root DPRC) -> no match, then the
 * first entry with the same vendor and object type. Generic (6c8dfb036273): r > 0 -> 1, r == 0 -> 0, r < 0 -> go on.
 */
export function fsl_mc_bus_match(k: Kernel, drv: number, dev: number): boolean {
  const override = k.world.devices[dev].override;
  if (override !== null) return override === k.world.drvSpecs[drv].name;
  const ids = k.world.drvSpecs[drv].fslmc!.match_id_table;
  if (ids === null) return false;
  if (!k.world.devices[dev].plugged && !isRootDprc(k, dev)) return false;
  return inTable(k, drv, dev); // until vendor == 0: the same vendor and object type
}

/** The driver's table has the object's vendor and type (fsl_mc_bus_match's loop, without the gates). */
function inTable(k: Kernel, drv: number, dev: number): boolean {
  const m = k.world.devSpecs[dev].fslmc!;
  const ids = k.world.drvSpecs[drv].fslmc!.match_id_table ?? [];
  const end = ids.findIndex((id) => id.vendor === 0);
  return ids.slice(0, end < 0 ? ids.length : end).some((id) => id.vendor === m.vendor && id.obj_type === m.obj_type);
}

/** fsl_mc_driver_probe -> mc_drv->probe (the driver's ProbeSpec); no re-match under the lock. */
export function fsl_mc_driver_probe(k: Kernel, drv: number, dev: number): number {
  observeProbe(k, drv, dev, inTable(k, drv, dev));
  return probeSpec(k, drv);
}

/** What fsl_mc_bus_match and the probe read: the override, presence and plugged state, the driver's probe count. */
export function fslMcMatchRd(k: Kernel, dev: number, drv: number): number[] {
  void k;
  return [devObj(dev, DEV_OVERRIDE), devObj(dev, DEV_PRESENT), drvObj(drv, DRV_STATE)];
}

const childrenOf = (k: Kernel, dprc: number): number[] =>
  k.world.devSpecs.flatMap((s, i) =>
    s.bus === 'fsl-mc' && s.fslmc!.container === k.world.devSpecs[dprc].bdf ? [i] : [],
  );

/** Does `drv` bound to `dev` own a container: dprc_probe (fsl_mc_dprc) or vfio_fsl_mc_probe on a DPRC. */
const ownsContainer = (k: Kernel, dev: number, drv: number): boolean =>
  k.world.devSpecs[dev].fslmc!.obj_type === 'dprc' && k.world.drvSpecs[drv].fslmc!.scans_container;

/**
 * The end of a container driver's probe, device_lock held: dprc_scan_container adds a device for every object
 * the DPRC holds that Linux does not have yet (dprc_add_new_devices), each probed as it is added.
 */
export function* fsl_mc_probed(k: Kernel, dev: number, drv: number): KGen<void> {
  if (!ownsContainer(k, dev, drv)) return;
  const children = childrenOf(k, dev);
  // dprc_get_obj reads what the MC holds now: each child's existence (hw) goes with its DEV_PRESENT object.
  yield step('dprc_scan_container', k.devName(dev), [BUS_DEVICES, ...children.map((c) => devObj(c, DEV_PRESENT))]);
  for (const child of children)
    if (k.world.devices[child].hw && !k.world.devices[child].present) yield* fsl_mc_device_add(k, child);
}

/** The container driver's remove (dprc_remove, vfio_fsl_mc_remove): dprc_remove_devices deletes every child. */
export function* fsl_mc_driver_remove(k: Kernel, dev: number, drv: number): KGen<void> {
  if (!ownsContainer(k, dev, drv)) return;
  for (const child of childrenOf(k, dev))
    if (k.world.devices[child].present) yield* device_del(k, 'fsl_mc_device_remove', child);
}

/**
 * fsl_mc_device_add -> device_add: the object's plugged state as the MC reports it; BUS_NOTIFY_ADD_DEVICE runs
 * vfio-fsl-mc's notifier (reading the container's driver) before the uevent and the first probe.
 */
export function fsl_mc_device_add(k: Kernel, dev: number): KGen<void> {
  k.world.devices[dev].plugged = k.world.devSpecs[dev].fslmc!.plugged;
  const c = containerOf(k, dev);
  return device_add(k, 'fsl_mc_device_add', dev, c >= 0 ? [devObj(c, DEV_DRIVER)] : [], vfio_fsl_mc_bus_notifier);
}

/**
 * The MC reports a plugged-state change of an object Linux has (restool … --plugged): the container's fsl_mc_dprc
 * IRQ thread rescans (dprc_scan_objects) and check_plugged_state_change calls device_attach on plug,
 * device_release_driver on unplug. A container owned by vfio-fsl-mc (or by nothing) is not watched by Linux.
 */
export function* fsl_mc_set_plugged(k: Kernel, dev: number, plugged: boolean): KGen<number> {
  const c = containerOf(k, dev);
  const rd = [devObj(dev, DEV_PRESENT), ...(c >= 0 ? [devObj(c, DEV_DRIVER)] : [])];
  yield step('check_plugged_state_change', k.devName(dev), rd, [devObj(dev, DEV_PRESENT)]);
  const d = k.world.devices[dev];
  const watcher = c >= 0 ? k.world.devices[c].driver : -1;
  if (!d.present || watcher < 0 || k.world.drvSpecs[watcher].name !== 'fsl_mc_dprc') {
    k.note('no fsl_mc_dprc on the container: Linux does not see the change now');
    return 0;
  }
  if (d.plugged === plugged) return 0;
  d.plugged = plugged;
  if (plugged) yield* device_attach(k, dev);
  else yield* device_release_driver_internal(k, dev, -1);
  return 0;
}

/** The value a store leaves, by era (undefined: -EINVAL). 5.10: count >= PAGE_SIZE - 1, kstrndup, cut at '\n'. */
function fslMcOverrideValue(k: Kernel, buf: string, count: number): string | null | undefined {
  const era = k.quirks.fslmcOverride;
  if (era === 'unlocked') return count >= PAGE_SIZE - 1 ? undefined : parseOverride('open-coded', buf);
  return parseOverride(era === 'generic' ? 'generic' : k.quirks.overrideStore, buf);
}

/**
 * driver_override_store. 1f86a00c1159 (5.10) read `old` first and swapped without any lock: two stores that
 * interleave both kfree the same old string. 1d540bcf86b2 (5.19) took device_lock; 6c8dfb036273 a spinlock.
 */
export function fsl_mc_override_store(k: Kernel, dev: number, buf: string, count: number): KGen<number> {
  const era = k.quirks.fslmcOverride;
  const unlocked = era === 'unlocked' ? { what: 'mc_dev->driver_override', doubleFree: 'double free' } : null;
  const lock = era === 'set-override' || era === 'show-locked' ? deviceLock(dev) : -1;
  return storeOverride(k, dev, count, lock, fslMcOverrideValue(k, buf, count), unlocked);
}

/** driver_override_show: "%s\n", so "(null)\n" when unset; device_lock only from 148891e95014 (Dec 2025). */
export function fsl_mc_override_show(k: Kernel, dev: number): KGen<string> {
  return override_show(k, dev, k.quirks.fslmcOverride === 'show-locked' ? deviceLock(dev) : -1);
}

/** Boot: fsl_mc_bus_probe adds the root DPRC; everything else is added by the scans of the drivers that bind. */
export function* fsl_mc_enumerate(k: Kernel): KGen<void> {
  if (k.quirks.fslmcOverride === 'absent') return; // the bus before its driver_override is not modelled
  for (let dev = 0; dev < k.world.devSpecs.length; dev++) {
    const s = k.world.devSpecs[dev];
    if (s.bus === 'fsl-mc' && s.fslmc!.container === null && k.world.devices[dev].hw) yield* fsl_mc_device_add(k, dev);
  }
}

/**
 * The MC creates or assigns an object into its container, or takes it away (restool). Linux hears of it only when
 * fsl_mc_dprc drives the container (its IRQ thread: dprc_scan_objects adds or removes the device); a container on
 * vfio-fsl-mc or on no driver is scanned again only when a driver binds it.
 */
export function* fsl_mc_hotplug(k: Kernel, dev: number, action: 'add' | 'remove'): KGen<number> {
  const c = containerOf(k, dev);
  const rd = [devObj(dev, DEV_PRESENT), ...(c >= 0 ? [devObj(c, DEV_DRIVER)] : [])];
  yield step('restool: the MC changes the container', k.devName(dev), rd, [devObj(dev, DEV_PRESENT)]);
  const d = k.world.devices[dev];
  d.hw = action === 'add';
  const watcher = c >= 0 ? k.world.devices[c].driver : -1;
  if (watcher < 0 || k.world.drvSpecs[watcher].name !== 'fsl_mc_dprc') {
    k.note('the container is not on fsl_mc_dprc: Linux sees the change only when a driver scans it');
    return 0;
  }
  if (action === 'add' && !d.present) yield* fsl_mc_device_add(k, dev);
  if (action === 'remove' && d.present) yield* device_del(k, 'fsl_mc_device_remove', dev);
  return 0;
}
