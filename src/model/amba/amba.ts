// drivers/amba/bus.c: amba_match (periphid first), amba_probe, amba_device_add and the driver_override attribute.
import type { Kernel } from '../kernel.js';
import type { AmbaId } from '../types.js';
import { step, type KGen } from '../../runtime/step.js';
import {
  BUS_DEFERRED,
  BUS_DEVICES,
  DEV_DRIVER,
  DEV_OVERRIDE,
  DEV_PRESENT,
  DEV_SRIOV,
  deviceLock,
  devObj,
} from '../objects.js';
import { EPROBE_DEFER } from '../errno.js';
import { openCodedOverride, override_show, parseOverride } from '../pci/pci-sysfs.js';
import { bus_probe_device } from '../core/dd.js';
import { observeProbe, probeSpec } from '../core/probe.js';
import { storeOverride } from '../core/override.js';

/** The device's bus-private state (the slot PCI uses for SR-IOV): amba's periphid and whether it reads. */
export const DEV_PERIPHID = DEV_SRIOV;
const PATH_MAX = 4096;

/** amba_lookup: the first entry with (periphid & mask) == id; the table ends at mask 0 (amba-proxy's { 0, 0 }). */
export function amba_lookup(table: readonly AmbaId[], periphid: number): AmbaId | null {
  for (const e of table) {
    if (e.mask === 0) return null;
    if ((periphid & e.mask) >>> 0 === e.id >>> 0) return e;
  }
  return null;
}

/** pcdev->periphid: 0 until read. */
const periphid = (k: Kernel, dev: number): number =>
  k.world.devices[dev].periphid_read ? k.world.devSpecs[dev].amba!.periphid : 0;

/** amba_read_periphid succeeds: no supplier, or a device is bound to the supplier's driver (its clock is up). */
export function periphidReadable(k: Kernel, dev: number): boolean {
  const supplier = k.world.devSpecs[dev].amba!.supplier;
  if (supplier === null) return true;
  return k.world.devices.some((d) => d.driver >= 0 && k.world.drvSpecs[d.driver].name === supplier);
}

/**
 * amba_match. 6.0+ (f2d3b9a46e0e, periphid_lock from Isaac Manjarres' fix): under periphid_lock, an unread
 * periphid is read first; any failure is -EPROBE_DEFER, success un-suppresses uevents and sends the ADD uevent
 * from inside match. Only then the override (a bypass: 3cf385713460 `!strcmp`, device_match_driver_override in
 * the generic era), then amba_lookup. Before 6.0 a device is only added once its periphid read.
 */
export function amba_match(k: Kernel, drv: number, dev: number): number {
  const d = k.world.devices[dev];
  if (k.quirks.ambaMatch === 'reads-periphid' && !d.periphid_read) {
    if (!periphidReadable(k, dev)) {
      k.note('amba_read_periphid failed: -EPROBE_DEFER');
      return -EPROBE_DEFER;
    }
    d.periphid_read = true;
    k.touch([], [devObj(dev, DEV_PERIPHID)]);
    k.note('amba_read_periphid: dev_set_uevent_suppress(false), kobject_uevent(KOBJ_ADD)');
    k.event({ kind: 'uevent', action: 'add', dev });
  }
  const o = d.override;
  if (o !== null) return o === k.world.drvSpecs[drv].name ? 1 : 0;
  return amba_lookup(k.world.drvSpecs[drv].amba!.id_table, periphid(k, dev)) !== null ? 1 : 0;
}

/** What amba_match and amba_probe read: the override, presence, periphid and, while unread, the supplier's binding. */
export function ambaMatchRd(k: Kernel, dev: number): number[] {
  const out = [devObj(dev, DEV_OVERRIDE), devObj(dev, DEV_PRESENT), devObj(dev, DEV_PERIPHID)];
  if (k.world.devSpecs[dev].amba!.supplier !== null)
    k.world.devSpecs.forEach((_, i) => out.push(devObj(i, DEV_DRIVER)));
  return out;
}

/**
 * amba_probe: id = amba_lookup(id_table, pcdev) with whatever periphid is there (0 when unread: a bind_store
 * whose match deferred gets here, and the driver's probe is called with id NULL; no override check).
 */
export function amba_probe(k: Kernel, drv: number, dev: number): number {
  const id = amba_lookup(k.world.drvSpecs[drv].amba!.id_table, periphid(k, dev));
  if (!k.world.devices[dev].periphid_read) k.note('amba_probe with periphid 0: the driver gets id = NULL');
  observeProbe(k, drv, dev, id !== null);
  return probeSpec(k, drv);
}

/** amba_remove: the driver's ->remove; nothing the model tracks. */
export function* amba_remove(): KGen<void> {}

/**
 * amba_device_add. 6.0+: unreadable ID registers only suppress the uevent and the device is added at once
 * (amba-proxy, amba_stub_drv_init, makes a first amba_match run and defer, so the device is on the deferred
 * list; the supplier's probe triggers the deferred probe that reads them). Before 6.0 amba_device_try_add
 * returned -EPROBE_DEFER and the device waited on deferred_devices, not in sysfs at all, for
 * amba_deferred_retry_func.
 */
export function* amba_device_add(k: Kernel, dev: number): KGen<void> {
  yield step('amba_device_add', k.devName(dev), ambaMatchRd(k, dev), [devObj(dev, DEV_PRESENT), BUS_DEVICES]);
  k.world.devices[dev].hw = true;
  if (k.quirks.ambaMatch === 'table' && !periphidReadable(k, dev)) {
    k.note('amba_device_try_add: -EPROBE_DEFER, on deferred_devices (retried every 5 s)');
    return;
  }
  yield* add(k, dev);
}

/** device_add of an amba device: the ADD uevent unless suppressed, then bus_probe_device. */
function* add(k: Kernel, dev: number): KGen<void> {
  yield step('device_add', k.devName(dev), ambaMatchRd(k, dev), [devObj(dev, DEV_PRESENT), BUS_DEVICES, BUS_DEFERRED]);
  const d = k.world.devices[dev];
  d.present = true;
  d.driver = -1;
  d.seq = k.world.bus.next_dev_seq++;
  d.periphid_read = periphidReadable(k, dev);
  if (d.periphid_read) k.event({ kind: 'uevent', action: 'add', dev });
  else {
    k.note('ID registers unreadable: uevent suppressed, amba-proxy defers the first match');
    d.deferred = true;
  }
  yield* bus_probe_device(k, dev);
}

/** Before 6.0: amba_deferred_retry_func (every 5 s) adds each waiting device whose ID registers now read. */
export function* amba_deferred_retry_func(k: Kernel): KGen<void> {
  const all = k.world.devSpecs.map((_, i) => i).filter((i) => k.world.devSpecs[i].amba !== null);
  yield step(
    'amba_deferred_retry_func',
    'deferred_devices',
    all.flatMap((i) => ambaMatchRd(k, i)),
  );
  for (const dev of all) {
    const d = k.world.devices[dev];
    if (d.hw && !d.present && periphidReadable(k, dev)) yield* add(k, dev);
  }
}

/** The value a store leaves (undefined: -EINVAL): open-coded (count > PATH_MAX), driver_set_override, generic. */
function ambaOverrideValue(k: Kernel, buf: string, count: number): string | null | undefined {
  const q = k.quirks;
  if (q.ambaOverride === 'generic') return parseOverride('generic', buf);
  if (q.ambaOverride === 'unlocked' || q.overrideStore === 'open-coded')
    return count > PATH_MAX ? undefined : openCodedOverride(buf);
  return parseOverride(q.overrideStore === 'generic' ? 'set-override' : q.overrideStore, buf);
}

/** device_lock in store and show from the 2018 race fix until the generic spinlock. */
const ambaLock = (k: Kernel, dev: number): number => (k.quirks.ambaOverride === 'device_lock' ? deviceLock(dev) : -1);

/** driver_override_store (amba): never probes, never unbinds. */
export function amba_override_store(k: Kernel, dev: number, buf: string, count: number): KGen<number> {
  return storeOverride(k, dev, count, ambaOverrideValue(k, buf, count), ambaLock(k, dev));
}

/** driver_override_show (amba): nothing at all when unset before 2018, then "(null)\n". */
export function amba_override_show(k: Kernel, dev: number): KGen<string> {
  return override_show(k, dev, ambaLock(k, dev));
}
