// drivers/pci/pci-sysfs.c (+ drivers/base/driver.c driver_set_override, dd.c generic override): device attributes.
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import { DEV_OVERRIDE, deviceLock, devObj } from '../objects.js';
import { EINVAL } from '../errno.js';
import { kstrtoul } from './iov.js';
import { pci_stop_and_remove_bus_device_locked } from './remove.js';
import { busOf, pci_rescan } from './probe.js';
import { overrideEra, overrideShowText } from '../../profiles/generic-override.js';

const PAGE_SIZE = 4096;

/** C string semantics: the bytes up to the first NUL. */
const cstr = (s: string): string => {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
};

/** The open-coded stores (PCI 3.16, platform 3.17, until 5.19): kstrndup stops at NUL, cut at '\n', empty => NULL. */
export function openCodedOverride(buf: string): string | null {
  const s = cstr(buf);
  const nl = s.indexOf('\n');
  const v = nl < 0 ? s : s.slice(0, nl);
  return v.length ? v : null;
}

/**
 * The value driver_override_store leaves, by era. Returns undefined for -EINVAL.
 * 3.16-5.18 open-coded: kstrndup (stops at NUL), cut at '\n', empty => NULL.
 * 5.19 driver_set_override (6c2f42117427/23d99baf9d72): no strlen, so "\0" stores "" (H9).
 * 6.0+ (5666a274a6d5) and 7.1 generic: len = strlen(s) first, empty => NULL.
 */
export function parseOverride(store: Kernel['quirks']['overrideStore'], buf: string): string | null | undefined {
  if (buf.length >= PAGE_SIZE - 1) return undefined;
  if (store === 'open-coded') return openCodedOverride(buf);
  const len = store === 'set-override-nul-bug' ? buf.length : cstr(buf).length;
  if (len === 0) return null;
  const nl = buf.slice(0, len).indexOf('\n');
  if (nl === 0) return null; // cp == s: cleared
  return cstr(buf.slice(0, nl < 0 ? len : nl)); // kstrndup stops at NUL: "\0" -> ""
}

/** driver_override_store: never probes, never unbinds; lock by era (none, device_lock, spinlock). */
export function driver_override_store(k: Kernel, dev: number, buf: string, count: number): KGen<number> {
  return override_store(k, dev, buf, count, k.quirks.overrideLock === 'device_lock' ? deviceLock(dev) : -1);
}

/** The store shared by PCI and vmbus: parse by `overrideStore`, swap under `lock` (or none: a spinlock). */
export function* override_store(k: Kernel, dev: number, buf: string, count: number, lock: number): KGen<number> {
  yield step('driver_override_store', k.devName(dev), [], [devObj(dev, DEV_OVERRIDE)], lock);
  const v = parseOverride(k.quirks.overrideStore, buf);
  if (lock >= 0) k.unlock(lock);
  if (v === undefined) return -EINVAL;
  return assignOverride(k, dev, v, count);
}

/** The store's assignment: dev->driver_override = v (the old string freed), reported; the store returns count. */
export function assignOverride(k: Kernel, dev: number, v: string | null, count: number): number {
  const d = k.world.devices[dev];
  d.override = v;
  d.override_gen++;
  k.event({ kind: 'override', dev, value: v });
  k.note(`driver_override=${v === null ? '(null)' : JSON.stringify(v)}`);
  return count;
}

/**
 * A bus's driver_override_store in two steps: kstrndup of the buffer, then the swap under `lock` (-1: none, or
 * the generic spinlock); undefined `value` is -EINVAL (the length check, before the copy). `unlocked`: the
 * open-coded stores without a lock (platform 3.17, fsl-mc 5.10) read `old` first, before even the length check,
 * so two interleaved stores both kfree it; the note says so. Every era has the same steps: schedules replay alike.
 */
export function* storeOverride(
  k: Kernel,
  dev: number,
  count: number,
  lock: number,
  value: string | null | undefined,
  unlocked: { readonly what: string; readonly doubleFree: string } | null,
): KGen<number> {
  const d = k.world.devices[dev];
  if (unlocked === null && value === undefined) return -EINVAL;
  const what = unlocked === null ? 'kstrndup' : `old = ${unlocked.what}; kstrndup`;
  yield step(
    'driver_override_store',
    `${k.devName(dev)}: ${what}`,
    unlocked === null ? [] : [devObj(dev, DEV_OVERRIDE)],
  );
  const gen = d.override_gen;
  if (value === undefined) return -EINVAL;
  yield step('driver_override_store', k.devName(dev), [devObj(dev, DEV_OVERRIDE)], [devObj(dev, DEV_OVERRIDE)], lock);
  if (lock >= 0) k.unlock(lock);
  if (unlocked !== null && d.override_gen !== gen)
    k.note(`kfree(old): a concurrent store already freed it (${unlocked.doubleFree})`);
  return assignOverride(k, dev, value, count);
}

/** driver_override_show: "%s\n", so "(null)\n" when unset (every era; the generic core attribute too). */
export function driver_override_show(k: Kernel, dev: number): KGen<string> {
  return override_show(k, dev, k.quirks.overrideLock === 'device_lock' ? deviceLock(dev) : -1);
}

/**
 * driver_override_show under `lock` (or none): "%s\n" of the value; unset prints what the device's bus prints in
 * this era (profiles/generic-override.ts: "(null)\n" from a NULL %s on PCI and platform, "\n" on spi and ap).
 */
export function* override_show(k: Kernel, dev: number, lock: number): KGen<string> {
  yield step('driver_override_show', k.devName(dev), [devObj(dev, DEV_OVERRIDE)], [], lock);
  if (lock >= 0) k.unlock(lock);
  const era = overrideEra(k.quirks, k.world.devSpecs[dev].bus);
  if (era === null) throw new Error(`driver_override read on ${k.devName(dev)} in an era without the file`);
  return overrideShowText(era, k.world.devices[dev].override);
}

/** remove_store: pci_stop_and_remove_bus_device_locked; the hardware stays (a rescan finds it again). */
export function* remove_store(k: Kernel, dev: number, buf: string, count: number): KGen<number> {
  const v = kstrtoul(buf);
  if (v === null) return -EINVAL;
  if (v !== 0) yield* pci_stop_and_remove_bus_device_locked(k, dev, false);
  return count;
}

/** rescan_store (bus) / dev_rescan_store (device: its bus only). */
export function* rescan_store(k: Kernel, dev: number | null, buf: string, count: number): KGen<number> {
  const v = kstrtoul(buf);
  if (v === null) return -EINVAL;
  if (v !== 0) yield* pci_rescan(k, dev === null ? null : busOf(k.world.devSpecs[dev].bdf));
  return count;
}
