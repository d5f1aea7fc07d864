// An op as the kernel sees it: open the sysfs file (resolving links), then the attribute's store/show.
import type { Kernel } from '../exec/kernel.js';
import { step, type KGen } from '../exec/step.js';
import { BUS_AUTOPROBE, DEV_DRIVER, DEV_PRESENT, DEV_SRIOV, DRV_REGISTERED, devObj, drvObj } from '../model/objects.js';
import { EACCES, EINVAL, ENOENT } from '../model/errno.js';
import { bind_store, drivers_autoprobe_store, drivers_probe_store, unbind_store } from '../model/core/bus.js';
import { remove_id_store, store_new_id } from '../model/pci/pci-driver.js';
import { driver_override_show, driver_override_store, remove_store, rescan_store } from '../model/pci/pci-sysfs.js';
import { sriov_drivers_autoprobe_store, sriov_numvfs_store } from '../model/pci/iov.js';
import { pciehp_add } from '../model/pci/probe.js';
import { pci_stop_and_remove_bus_device_locked } from '../model/pci/remove.js';
import { load_module, unload_module } from '../model/module.js';
import { parseSysfsPath, type SysfsTarget } from './sysfs.js';
import { readAttr } from './read.js';
import { driverIndex, deviceIndex } from './names.js';
import type { OpDecl } from '../scenario/types.js';

const parsed = new Map<string, SysfsTarget>();

/** Paths were validated at load; parse each once (a pure memo). */
function target(path: string): SysfsTarget {
  let t = parsed.get(path);
  if (t === undefined) parsed.set(path, (t = parseSysfsPath(path) as SysfsTarget));
  return t;
}

/** What an op returns: bytes written / 0, a negative errno, or the text read. */
export type OpReturn = number | string;

export function* runOp(k: Kernel, op: OpDecl): KGen<OpReturn> {
  switch (op.kind) {
    case 'write':
      return yield* sysfsWrite(k, op.path, op.value);
    case 'read':
      return yield* sysfsRead(k, op.path);
    case 'hotplug': {
      const dev = deviceIndex(k.world, op.bdf);
      yield step(op.action === 'add' ? 'pciehp: presence detect' : 'pciehp: surprise removal', op.bdf, [devObj(dev, DEV_PRESENT)]);
      if (k.world.devSpecs[dev].pf >= 0) return -EINVAL; // VFs come from sriov_numvfs, not from slots
      return op.action === 'add' ? yield* pciehp_add(k, dev) : yield* pci_stop_and_remove_bus_device_locked(k, dev, true);
    }
    case 'modprobe':
      return yield* load_module(k, driverIndex(k.world, op.module), op.params);
    case 'rmmod':
      return yield* unload_module(k, driverIndex(k.world, op.module));
    case 'recipe':
      throw new Error(`recipe ops are expanded before execution: ${op.recipe}`);
  }
}

/** Resolve a target at open(): -ENOENT when the file does not exist now (era, gone device, unbound link). */
function resolve(k: Kernel, t: SysfsTarget): { dev: number; drv: number } | number {
  const w = k.world;
  const dev = 'bdf' in t ? deviceIndex(w, t.bdf) : -1;
  if (dev >= 0 && !w.devices[dev].present) return -ENOENT;
  let drv = t.kind === 'driver' || t.kind === 'driver-device' ? driverIndex(w, t.driver) : -1;
  if (drv >= 0 && !w.drivers[drv].registered) return -ENOENT;
  if (t.kind === 'device-driver') drv = w.devices[dev].driver; // the driver symlink, read at open()
  if ((t.kind === 'device-driver' && drv < 0) || (t.kind === 'driver-device' && w.devices[dev].driver !== drv)) return -ENOENT;
  if (!attrExists(k, t, dev)) return -ENOENT;
  return { dev, drv };
}

/** Attributes that exist only in some eras or on some devices. */
function attrExists(k: Kernel, t: SysfsTarget, dev: number): boolean {
  if (t.kind === 'bus' || t.kind === 'driver') return true;
  const spec = dev >= 0 ? k.world.devSpecs[dev] : null;
  switch (t.attr) {
    case 'driver_override':
      return k.quirks.overrideStore !== 'absent'; // 3.16+ (782a985d7af2)
    case 'sriov_numvfs':
    case 'sriov_totalvfs':
      return spec?.sriov !== null;
    case 'sriov_drivers_autoprobe':
      return spec?.sriov !== null && k.quirks.sriovAutoprobeAttr; // 4.12+ (0e7df22401a3)
    case 'driver':
      return k.world.devices[dev].driver >= 0;
    default:
      return true;
  }
}

const WRITE_ONLY = new Set(['new_id', 'remove_id', 'bind', 'unbind', 'drivers_probe', 'rescan', 'remove']);
const READ_ONLY = new Set(['sriov_totalvfs', 'vendor', 'device', 'subsystem_vendor', 'subsystem_device', 'class', 'revision', 'modalias', 'iommu_group', 'driver', '']);

function* sysfsWrite(k: Kernel, path: string, value: string): KGen<number> {
  const t = target(path);
  yield step('open', path, openFootprint(k, t));
  const r = resolve(k, t);
  if (typeof r === 'number') return r;
  if (READ_ONLY.has(t.attr)) return -EACCES;
  const count = Buffer.byteLength(value, 'utf8');
  if (count === 0) {
    k.note('zero-length write: the store is never called');
    return 0;
  }
  return yield* store(k, t, r.dev, r.drv, value, count);
}

function* store(k: Kernel, t: SysfsTarget, dev: number, drv: number, buf: string, count: number): KGen<number> {
  switch (t.attr) {
    case 'new_id': return yield* store_new_id(k, drv, buf, count);
    case 'remove_id': return yield* remove_id_store(k, drv, buf, count);
    case 'bind': return yield* bind_store(k, drv, buf, count);
    case 'unbind': return yield* unbind_store(k, drv, buf, count);
    case 'drivers_probe': return yield* drivers_probe_store(k, buf, count);
    case 'drivers_autoprobe': return yield* drivers_autoprobe_store(k, buf, count);
    case 'rescan': return yield* rescan_store(k, t.kind === 'bus' ? null : dev, buf, count);
    case 'driver_override': return yield* driver_override_store(k, dev, buf, count);
    case 'remove': return yield* remove_store(k, dev, buf, count);
    case 'sriov_numvfs': return yield* sriov_numvfs_store(k, dev, buf, count);
    case 'sriov_drivers_autoprobe': return yield* sriov_drivers_autoprobe_store(k, dev, buf, count);
    default: return -EACCES;
  }
}

function* sysfsRead(k: Kernel, path: string): KGen<OpReturn> {
  const t = target(path);
  yield step('open', path, openFootprint(k, t));
  const r = resolve(k, t);
  if (typeof r === 'number') return r;
  if (WRITE_ONLY.has(t.attr)) return -EACCES;
  if (t.attr === 'driver_override') return yield* driver_override_show(k, r.dev);
  return readAttr(k, t, r.dev);
}

/** open() resolves the path; for plain reads the attribute is read in the same step. */
function openFootprint(k: Kernel, t: SysfsTarget): number[] {
  const out: number[] = [BUS_AUTOPROBE];
  if ('bdf' in t) {
    const dev = deviceIndex(k.world, t.bdf);
    out.push(devObj(dev, DEV_PRESENT), devObj(dev, DEV_DRIVER), devObj(dev, DEV_SRIOV));
  }
  if (t.kind === 'driver' || t.kind === 'driver-device') out.push(drvObj(driverIndex(k.world, t.driver), DRV_REGISTERED));
  return out;
}
