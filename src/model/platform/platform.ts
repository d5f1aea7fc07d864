// drivers/base/platform.c: platform_match, platform_probe, the driver_override attribute, platform_driver_probe().
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import { DEV_DRIVER, DEV_OVERRIDE, DEV_PRESENT, DRV_STATE, deviceLock } from '../objects.js';
import { devObj, drvObj } from '../objects.js';
import { EINVAL, ENODEV, ENXIO } from '../errno.js';
import { openCodedOverride, override_show, parseOverride } from '../pci/pci-sysfs.js';
import { driver_register, driver_unregister } from '../core/bus.js';
import { device_add, device_unregister } from '../core/device.js';
import { probeSpec } from '../core/probe.js';
import { vfio_platform_probe } from './vfio-platform.js';

const PATH_MAX = 4096;
const has = (list: readonly string[], ids: readonly string[]): boolean => ids.some((id) => list.includes(id));

/**
 * platform_match (3.17-6.x; the first test is device_match_driver_override from 7.0, same result): the override
 * is a bypass, then OF compatible, ACPI id, the id_table (no name fallback once a table exists), the name.
 */
export function platform_match(k: Kernel, drv: number, dev: number): boolean {
  const override = k.world.devices[dev].override;
  const d = k.world.drvSpecs[drv];
  if (override !== null) return override === d.name; // "" (the 5.19 NUL write) matches no driver
  return platformTablesMatch(k, drv, dev);
}

/** The tables alone (platform_match without the override): OF, ACPI, id_table, else the name. */
function platformTablesMatch(k: Kernel, drv: number, dev: number): boolean {
  const p = k.world.devSpecs[dev].platform!;
  const d = k.world.drvSpecs[drv];
  const t = d.platform!;
  if (has(t.of_match_table, p.of_compatible)) return true; // of_driver_match_device
  if (has(t.acpi_match_table, p.acpi_ids)) return true; // acpi_driver_match_device
  if (t.id_table !== null) return t.id_table.includes(p.name); // platform_match_id: no name fallback
  return p.name === d.name;
}

/**
 * What checkers need about the match a probe follows (read only; steers nothing). platform_probe does not match
 * again (PCI's pci_device_probe does): the driver core matched before it, unlocked in __driver_attach, so an
 * override stored in between is not seen; override-exclusive reports that. `sound` is about user policies, which
 * platform has none of.
 */
function observeMatch(k: Kernel, drv: number, dev: number): void {
  const override = k.world.devices[dev].override;
  k.event({ kind: 'match', dev, drv, override, inTable: platformTablesMatch(k, drv, dev), sound: true });
}

/** platform_probe (5.11+; platform_drv_probe / platform_drv_probe_fail before): device_lock held. */
export function platform_probe(k: Kernel, drv: number, dev: number): number {
  observeMatch(k, drv, dev);
  if (k.world.drivers[drv].probe_fail) {
    k.note(`${k.drvName(drv)} was registered with platform_driver_probe(): platform_probe_fail`);
    return -ENXIO;
  }
  if (k.world.drvSpecs[drv].name === 'vfio-platform') {
    const r = vfio_platform_probe(k, drv, dev);
    if (r !== 0) return r;
  }
  return probeSpec(k, drv);
}

/** platform_remove: the driver's ->remove; nothing the model tracks. */
export function* platform_remove(): KGen<void> {}

/** What platform_match and platform_probe read: the override, presence, the driver's state (probe_fail). */
export function platformMatchRd(k: Kernel, dev: number, drv: number): number[] {
  void k;
  return [devObj(dev, DEV_OVERRIDE), devObj(dev, DEV_PRESENT), drvObj(drv, DRV_STATE)];
}

/** The value a store leaves, by era (undefined: -EINVAL). */
function platformOverrideValue(k: Kernel, buf: string, count: number): string | null | undefined {
  const era = k.quirks.platformOverride;
  if (era === 'generic') return parseOverride('generic', buf);
  // 3.17-5.18 open-coded store: count > PATH_MAX (PCI's copy refuses count >= PAGE_SIZE - 1).
  if (era === 'unlocked' || k.quirks.overrideStore === 'open-coded')
    return count > PATH_MAX ? undefined : openCodedOverride(buf);
  return parseOverride(k.quirks.overrideStore, buf); // 5.19+: driver_set_override (drivers/base/driver.c)
}

/**
 * driver_override_store. 3.17 (3d713e0e382e) read `old` before kstrndup and swapped without a lock: two stores
 * that interleave both kfree the same old string (CVE-2017-12146). 6265539776a0 took device_lock; 7.0 a spinlock.
 */
export function* platform_override_store(k: Kernel, dev: number, buf: string, count: number): KGen<number> {
  const era = k.quirks.platformOverride;
  const lock = era === 'device_lock' ? deviceLock(dev) : -1;
  const d = k.world.devices[dev];
  let old = -1; // the string `old` points at (its override_gen), -1 for NULL or a locked era
  if (era === 'unlocked') {
    yield step('driver_override_store', `${k.devName(dev)}: old = pdev->driver_override`, [devObj(dev, DEV_OVERRIDE)]);
    old = d.override === null ? -1 : d.override_gen;
  }
  const v = platformOverrideValue(k, buf, count);
  if (v === undefined) return -EINVAL;
  yield step('driver_override_store', k.devName(dev), [devObj(dev, DEV_OVERRIDE)], [devObj(dev, DEV_OVERRIDE)], lock);
  if (lock >= 0) k.unlock(lock);
  d.override = v;
  d.override_gen++;
  k.event({ kind: 'override', dev, value: v });
  k.note(`driver_override=${v === null ? '(null)' : JSON.stringify(v)}`);
  if (old >= 0) kfreeOverride(k, dev, old, 'driver_override_store');
  return count;
}

/** kfree(old) of the 3.17 store: the string is freed a second time when a concurrent store read it too. */
function kfreeOverride(k: Kernel, dev: number, id: number, fn: string): void {
  const d = k.world.devices[dev];
  if (!d.override_freed.includes(id)) {
    d.override_freed = [...d.override_freed, id];
    return;
  }
  k.event({ kind: 'bug', dev, what: 'double free', fn });
  k.note('kfree(old): a concurrent store read the same string and freed it already (double free, CVE-2017-12146)');
}

/**
 * driver_override_show: sprintf("%s\n") of a NULL pointer prints "(null)\n" (every era; lock as the store's).
 * 3.17-4.12 (3d713e0e382e until 6265539776a0) loaded the pointer and copied the string unlocked: a store that
 * frees it in between makes the copy read freed memory (the read/store race CVE-2017-12146 names).
 */
export function* platform_override_show(k: Kernel, dev: number): KGen<string> {
  if (k.quirks.platformOverride !== 'unlocked')
    return yield* override_show(k, dev, k.quirks.platformOverride === 'device_lock' ? deviceLock(dev) : -1);
  const d = k.world.devices[dev];
  yield step('driver_override_show', `${k.devName(dev)}: pdev->driver_override`, [devObj(dev, DEV_OVERRIDE)]);
  const [v, id] = [d.override, d.override === null ? -1 : d.override_gen];
  yield step('driver_override_show', `${k.devName(dev)}: sprintf`, [devObj(dev, DEV_OVERRIDE)]);
  if (id >= 0 && d.override_freed.includes(id)) {
    k.event({ kind: 'bug', dev, what: 'use after free', fn: 'driver_override_show' });
    k.note('sprintf reads a driver_override string a concurrent store has freed (use after free, CVE-2017-12146)');
  }
  return `${v === null ? '(null)' : v}\n`;
}

/**
 * __platform_driver_probe: register (binding what is there now), then drv->probe = platform_probe_fail so no
 * later bind can succeed; -ENODEV and unregistered when nothing bound. suppress_bind_attrs: no bind/unbind files.
 */
export function* platform_driver_register(k: Kernel, drv: number): KGen<number> {
  k.world.drivers[drv].probe_fail = false;
  const r = yield* driver_register(k, drv);
  if (r < 0 || !k.world.drvSpecs[drv].platform!.probe_once) return r;
  yield step(
    '__platform_driver_probe',
    k.drvName(drv),
    k.world.devSpecs.map((_, i) => devObj(i, DEV_DRIVER)),
    [drvObj(drv, DRV_STATE)],
  );
  k.world.drivers[drv].probe_fail = true;
  if (k.world.devices.some((d) => d.driver === drv)) return 0;
  k.note('platform_driver_probe: no device bound, driver unregistered');
  yield* driver_unregister(k, drv);
  return -ENODEV;
}

/**
 * platform_device_add -> device_add: uevent, then bus_probe_device, which honours the platform bus's own
 * drivers_autoprobe (drivers/base/bus.c bus_probe_device, v6.1: `if (bus->p->drivers_autoprobe) device_initial_probe`).
 */
export function platform_device_add(k: Kernel, dev: number): KGen<void> {
  return device_add(k, dev, 'platform_device_add');
}

/**
 * platform_device_unregister: platform_device_del -> device_del (bus_remove_device releases the driver, then the
 * "remove" uevent), then the last put frees the pdev with its driver_override (platform_device_release, v6.1).
 */
export function platform_device_unregister(k: Kernel, dev: number): KGen<void> {
  return device_unregister(k, dev, 'platform_device_del');
}

/** A hotplug op on a platform device: a new pdev registered (a DT overlay, an MFD child), or unregistered. */
export function* platform_hotplug(k: Kernel, dev: number, action: 'add' | 'remove'): KGen<number> {
  if (action === 'add') yield* platform_device_add(k, dev);
  else yield* platform_device_unregister(k, dev);
  return 0;
}

/** Boot: the firmware's devices (of_platform_populate, ACPI enumeration) in declaration order, before any driver. */
export function* platform_enumerate(k: Kernel): KGen<void> {
  const devs = k.world.devSpecs.flatMap((s, i) => (s.bus === 'platform' && k.world.devices[i].hw ? [i] : []));
  if (devs.length === 0) return;
  yield step('boot', 'platform devices (of_platform_populate / ACPI)', [], []);
  for (const dev of devs) yield* platform_device_add(k, dev);
}
