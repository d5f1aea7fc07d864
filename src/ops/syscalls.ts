// System calls on sysfs as the kernel sees them: open() resolves the path, then the attribute's store/show.
import type { BusAttr, Kernel } from '../model/kernel.js';
import { step, type KGen } from '../runtime/step.js';
import {
  AP_PERMS,
  BUS_AUTOPROBE,
  busAutoprobe,
  DEV_DRIVER,
  DEV_PRESENT,
  DEV_SRIOV,
  DRV_REGISTERED,
  devObj,
  drvObj,
} from '../model/objects.js';
import { EACCES, ENOENT } from '../model/errno.js';
import { bind_store, drivers_autoprobe_store, drivers_probe_store, unbind_store } from '../model/core/bus.js';
import { remove_store, rescan_store } from '../model/pci/pci-sysfs.js';
import { sriov_drivers_autoprobe_store, sriov_numvfs_store } from '../model/pci/iov.js';
import { ATTR_NAMES, isBus, parseSysfsPath, type SysfsTarget } from './sysfs.js';
import { readAttr } from './read.js';
import { deviceIndex, driverSlot } from './names.js';
import { moduleKey } from '../model/catalogue/index.js';

const parsed = new Map<string, SysfsTarget | string>();

/** The attribute names as constants: a name split from a path is a fresh string, compared char by char. */
const ATTRS = new Map([...ATTR_NAMES, ''].map((a) => [a, a]));

/** Paths were validated at load (or built by a recipe); parse each once (a pure memo). */
function parse(path: string): SysfsTarget | string {
  let t = parsed.get(path);
  if (t === undefined) {
    t = parseSysfsPath(path);
    if (typeof t !== 'string') t = { ...t, attr: ATTRS.get(t.attr) ?? t.attr };
    parsed.set(path, t);
  }
  return t;
}

function target(path: string): SysfsTarget {
  const t = parse(path);
  if (typeof t === 'string') throw new Error(`${path}: ${t} (the scenario loader should have refused it)`);
  return t;
}

/** What an op returns: bytes written / 0, a negative errno, or the text read. */
export type OpReturn = number | string;

/** The directory is there, the attribute is not (an era's missing file, a device without SR-IOV). */
const MISSING_IN_DIR = -ENOENT - 1000;

/**
 * Resolve a target at open(): -ENOENT when a directory on the way does not exist now (gone device, unbound
 * link, unloaded driver), MISSING_IN_DIR when only the file is missing.
 */
function resolve(k: Kernel, t: SysfsTarget): { dev: number; drv: number } | number {
  const w = k.world;
  if (k.buses[t.bus].inEra?.(k.quirks) === false) return -ENOENT; // no /sys/bus/<bus> in this kernel
  const dev = 'bdf' in t ? deviceIndex(w, t.bdf) : -1;
  if (dev >= 0 && (!w.devices[dev].present || w.devSpecs[dev].bus !== t.bus)) return -ENOENT; // per-bus devices/
  let drv = -1;
  if (t.kind === 'driver' || t.kind === 'driver-device') {
    // The directory is the driver's kernel name, spelt exactly: /sys/bus/pci/drivers/vfio_pci never exists.
    drv = driverSlot(w, t.driver);
    if (drv < 0 || !w.drivers[drv].registered || w.drvSpecs[drv].bus !== t.bus) return -ENOENT;
    // /sys/module/<m>/drivers/pci:<drv>: <m> is the module's name as the kernel spells it, with '_'.
    if (t.kind === 'driver' && t.module !== undefined && moduleKey(w.drvSpecs[drv].module) !== t.module) return -ENOENT;
  }
  if (t.kind === 'device-driver') drv = w.devices[dev].driver; // the driver symlink, read at open()
  if ((t.kind === 'device-driver' && drv < 0) || (t.kind === 'driver-device' && w.devices[dev].driver !== drv))
    return -ENOENT;
  if (!attrExists(k, t, dev, drv)) return MISSING_IN_DIR;
  return { dev, drv };
}

/** The bus's own attribute a device or driver target names (USB authorized, serio drvctl/bind_mode), or null. */
function busAttr(k: Kernel, t: SysfsTarget, dev: number, drv: number): { attr: BusAttr; obj: number } | null {
  if (t.kind === 'device') {
    const attr = k.busOf(dev).devAttrs?.[t.attr];
    return attr === undefined ? null : { attr, obj: dev };
  }
  if (t.kind === 'driver' || t.kind === 'device-driver') {
    const attr = k.drvBus(drv).drvAttrs?.[t.attr];
    return attr === undefined ? null : { attr, obj: drv };
  }
  return null;
}

/** Attributes that exist only in some eras or on some devices. */
function attrExists(k: Kernel, t: SysfsTarget, dev: number, drv: number): boolean {
  if (t.kind === 'bus') return (t.attr !== 'apmask' && t.attr !== 'aqmask') || k.quirks.apMasks;
  const own = busAttr(k, t, dev, drv);
  if (own !== null) return own.attr.exists?.(k.quirks) ?? true;
  const spec = dev >= 0 ? k.world.devSpecs[dev] : null;
  switch (t.attr) {
    case 'driver_override': {
      const o = k.busOf(dev).override;
      return o !== null && o.exists(k.quirks) && (o.visible?.(k, dev) ?? true);
    }
    case 'new_id':
    case 'remove_id': {
      const ids = k.drvBus(drv).dynids;
      return ids !== null && (ids.exists?.(k, drv) ?? true);
    }
    case 'bind':
    case 'unbind':
      return k.world.drvSpecs[drv].platform?.probe_once !== true; // platform_driver_probe: suppress_bind_attrs
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
const READ_ONLY = new Set([
  'sriov_totalvfs',
  'vendor',
  'device',
  'subsystem_vendor',
  'subsystem_device',
  'class',
  'revision',
  'modalias',
  'iommu_group',
  'class_id',
  'device_id',
  'driver',
  '',
]);

/** open(2) for writing of a missing file in an existing sysfs directory (see sysfsWrite). */
export const openMissingFile = (oCreat: boolean): number => (oCreat ? -EACCES : -ENOENT);

/**
 * open(2) for writing, then write(2). `oCreat`: the opener passes O_CREAT (shell `>`, Python open "w"/"a",
 * Go os.WriteFile), so a missing file in an existing sysfs directory is -EACCES, not -ENOENT: lookup_open
 * finds no ->create on a kernfs directory (fs/namei.c; seen on 6.1 by the oracle).
 */
export function* sysfsWrite(k: Kernel, path: string, value: string, oCreat = true): KGen<number> {
  const t = target(path);
  yield step('open', path, openFootprint(k, t));
  const r = resolve(k, t);
  if (r === MISSING_IN_DIR) return openMissingFile(oCreat);
  if (typeof r === 'number') return r;
  if (READ_ONLY.has(t.attr)) return -EACCES;
  const count = Buffer.byteLength(value, 'utf8');
  if (count === 0) {
    k.note('zero-length write: the store is never called');
    return 0;
  }
  const own = busAttr(k, t, r.dev, r.drv);
  if (own !== null) return yield* own.attr.store(k, own.obj, value, count);
  return yield* store(k, t, r.dev, r.drv, value, count);
}

/** The attribute's store: the generator itself, not a generator delegating to it (a level every step resumes). */
function store(k: Kernel, t: SysfsTarget, dev: number, drv: number, buf: string, count: number): KGen<number> {
  const own = t.kind === 'bus' ? k.buses[t.bus].busStores?.[t.attr] : undefined; // cdx's rescan
  if (own !== undefined) return own(k, buf, count);
  switch (t.attr) {
    case 'new_id':
      return k.drvBus(drv).dynids!.new_id(k, drv, buf, count);
    case 'remove_id':
      return k.drvBus(drv).dynids!.remove_id(k, drv, buf, count);
    case 'bind':
      return bind_store(k, drv, buf, count);
    case 'unbind':
      return unbind_store(k, drv, buf, count);
    case 'drivers_probe':
      return drivers_probe_store(k, t.bus, buf, count);
    case 'drivers_autoprobe':
      return drivers_autoprobe_store(k, t.bus, buf, count);
    case 'rescan':
      return rescan_store(k, t.kind === 'bus' ? null : dev, buf, count);
    case 'driver_override':
      return k.busOf(dev).override!.store(k, dev, buf, count);
    case 'remove':
      return remove_store(k, dev, buf, count);
    case 'sriov_numvfs':
      return sriov_numvfs_store(k, dev, buf, count);
    case 'sriov_drivers_autoprobe':
      return sriov_drivers_autoprobe_store(k, dev, buf, count);
    default:
      return errno(-EACCES);
  }
}

/** An errno as an op that takes no step. */
function* errno(e: number): KGen<number> {
  return e;
}

export function* sysfsRead(k: Kernel, path: string): KGen<OpReturn> {
  const t = target(path);
  yield step('open', path, openFootprint(k, t));
  const r = resolve(k, t);
  if (r === MISSING_IN_DIR) return -ENOENT;
  if (typeof r === 'number') return r;
  const own = busAttr(k, t, r.dev, r.drv);
  if (own !== null) return own.attr.show === null ? -EACCES : own.attr.show(k, own.obj);
  const dynShow = t.kind === 'driver' ? k.drvBus(r.drv).dynids?.show : undefined;
  if ((t.attr === 'new_id' || t.attr === 'remove_id') && dynShow !== undefined) return dynShow(k, r.drv);
  if (WRITE_ONLY.has(t.attr)) return -EACCES;
  if (t.attr === 'driver_override') return yield* k.busOf(r.dev).override!.show(k, r.dev);
  return readAttr(k, t, r.dev);
}

/** open() resolves the path; for plain reads the attribute is read in the same step. */
function openFootprint(k: Kernel, t: SysfsTarget): number[] {
  const out: number[] = t.bus === 'pci' ? [BUS_AUTOPROBE] : [BUS_AUTOPROBE, busAutoprobe(t.bus)];
  if ('bdf' in t) {
    const dev = deviceIndex(k.world, t.bdf);
    out.push(devObj(dev, DEV_PRESENT), devObj(dev, DEV_DRIVER), devObj(dev, DEV_SRIOV));
  }
  if (t.kind === 'driver' || t.kind === 'driver-device') {
    const drv = driverSlot(k.world, t.driver);
    if (drv >= 0) out.push(drvObj(drv, DRV_REGISTERED)); // no driver has that name: the answer is constant
  }
  if (t.kind === 'bus' && (t.attr === 'apmask' || t.attr === 'aqmask')) out.push(AP_PERMS); // apmask_show
  return out;
}

/** The directories a tool tests with `test -d`/`-L`/`os.path.exists`, beside the attribute files. */
type Dir =
  | { readonly kind: 'device-dir'; readonly bus: string; readonly bdf: string }
  | { readonly kind: 'driver-dir'; readonly bus: string; readonly driver: string }
  | { readonly kind: 'module-dir'; readonly module: string };

function parseDir(path: string): Dir | null {
  const p = path.replace(/\/+$/, '').split('/');
  if (p.length === 4 && p[1] === 'sys' && p[2] === 'module') return { kind: 'module-dir', module: p[3] };
  const bus = p.length === 6 && p[1] === 'sys' && p[2] === 'bus' && isBus(p[3]);
  if (bus && p[4] === 'devices') return { kind: 'device-dir', bus: p[3], bdf: p[5] };
  if (bus && p[4] === 'drivers') return { kind: 'driver-dir', bus: p[3], driver: p[5] };
  return null;
}

/** Driver slot whose module is named exactly `module` in /sys/module (the kernel spells it with '_'), or -1. */
function moduleSlot(k: Kernel, module: string): number {
  return k.world.drvSpecs.findIndex((d) => moduleKey(d.module) === module);
}

/** stat(2): does the path exist now? One step, reading what the answer depends on. */
export function* statPath(k: Kernel, path: string): KGen<boolean> {
  const dir = parseDir(path);
  if (dir === null) {
    const t = target(path);
    yield step('stat', path, openFootprint(k, t));
    return typeof resolve(k, t) !== 'number';
  }
  const w = k.world;
  switch (dir.kind) {
    case 'device-dir': {
      const dev = w.devSpecs.findIndex((d) => d.bdf === dir.bdf && d.bus === dir.bus);
      yield step('stat', path, dev < 0 ? [] : [devObj(dev, DEV_PRESENT)]);
      return dev >= 0 && w.devices[dev].present;
    }
    case 'driver-dir': {
      const drv = driverSlot(w, dir.driver);
      yield step('stat', path, drv < 0 ? [] : [drvObj(drv, DRV_REGISTERED)]);
      return drv >= 0 && w.drivers[drv].registered && w.drvSpecs[drv].bus === dir.bus;
    }
    case 'module-dir': {
      const drv = moduleSlot(k, dir.module);
      yield step('stat', path, drv < 0 ? [] : [drvObj(drv, DRV_REGISTERED)]);
      return drv >= 0 && w.drivers[drv].registered;
    }
  }
}

/**
 * os.listdir("/sys/module") + isdir() per entry (dpdk-devbind's module_is_loaded): one step that reads whether
 * each named module's directory exists now; the tool decides from this snapshot alone, later and without a re-check.
 */
export function* listModuleDirs(k: Kernel, modules: readonly string[]): KGen<boolean[]> {
  const slots = modules.map((m) => moduleSlot(k, m));
  yield step(
    'readdir',
    '/sys/module',
    slots.filter((s) => s >= 0).map((s) => drvObj(s, DRV_REGISTERED)),
  );
  return slots.map((s) => s >= 0 && k.world.drivers[s].registered);
}
