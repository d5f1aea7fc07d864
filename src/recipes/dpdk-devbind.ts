// dpdk-devbind.py (DPDK usertools): bind_all / bind_one / unbind_one, read with `git show <tag>:usertools/dpdk-devbind.py`
// in DPDK/dpdk. "26.07" (newest) and "22.11" (Debian 12's package) differ only in the IOMMU check of 6ca0f1c8 (24.11).
// "20.11": the module check of 681a6728 (19.08): the target must be in the /sys/module listing taken before lspci;
// 22.11 also counts modules.builtin (7a016af4, first in 21.02), which changes nothing here: a built-in driver's
// module_add_driver() makes its /sys/module directory. Python 3 (20.11 on): a buffered write that fails is
// written again by close() (TextIOWrapper.close flushes, then BufferedWriter.close flushes the same bytes), so
// the kernel sees a failing write twice. "17.05" is the driver_override scheme (2fc35029 + 720b7a05) under
// Python 2 (one write); "17.02" the new_id-only scheme before 2fc35029. Checked against the real tools by
// test/conformance (scripts/tools-conformance.sh).
import type { KGen } from '../runtime/step.js';
import type { Proc } from '../ops/proc.js';
import { errnoName } from '../util/errno.js';
import { EACCES, ENOENT } from '../model/errno.js';
import type { Recipe } from './types.js';
import { hex4 } from '../util/hex.js';
import { dev, drvDir } from './common.js';

const DPDK_DRIVERS = ['igb_uio', 'vfio-pci', 'uio_pci_generic'];
/** /sys/module spells modules with '_' (module_is_loaded maps the vfio_pci entry back to "vfio-pci"). */
const modName = (d: string): string => d.replace(/-/g, '_');

/** The script's state: the start-of-run lspci cache ("Driver_str": null = no key, "" = cleared) and the loaded DPDK drivers. */
interface Devbind {
  readonly p: Proc;
  readonly version: string;
  readonly cache: Map<string, string | null>;
  readonly dpdk: readonly string[];
}

const py3 = (version: string): boolean => version !== '17.05' && version !== '17.02';

/** sys.exit(1) after a message. */
const exit = (s: Devbind, m: string): number => s.p.fail(m, 1);

/** open(filename, "a") raised (O_CREAT: a missing file is EACCES, a missing directory ENOENT): "Cannot open". */
const openFailed = (r: number): boolean => r === -ENOENT || r === -EACCES;

/** f = open(path); f.write(value); f.close(): under Python 3 a failed write(2) is tried again by close(). */
function* pyWrite(s: Devbind, path: string, value: string): KGen<number> {
  const r = yield* s.p.write(path, value);
  if (r < 0 && !openFailed(r) && py3(s.version)) yield* s.p.write(path, value);
  return r;
}

/** unbind_one: writes the cached driver's unbind; null = carry on, a number = the script exited. */
function* unbind_one(s: Devbind, bdf: string): KGen<number | null> {
  const drv = s.cache.get(bdf) ?? null;
  if (drv === null) return null; // "… is not currently managed by any driver"
  const path = `/sys/bus/pci/drivers/${drv}/unbind`;
  // A cleared Driver_str ("") names "/sys/bus/pci/drivers//unbind", which cannot be opened.
  const r = drv === '' ? s.p.noSuchFile(path, bdf) : yield* pyWrite(s, path, bdf);
  if (openFailed(r)) return exit(s, `Error: unbind failed for ${bdf} - Cannot open ${path}`);
  if (r < 0) return exit(s, `OSError: [Errno ${-r}] ${errnoName(r)} (uncaught in unbind_one)`);
  return null;
}

/** The DPDK driver's claim: driver_override where the file exists (3.16+), else new_id with the lspci cache's ids. */
function* claim(s: Devbind, bdf: string, driver: string): KGen<boolean> {
  const { p } = s;
  const ovr = `${dev(bdf)}/driver_override`;
  if (s.version !== '17.02' && (yield* p.exists(ovr))) {
    if ((yield* pyWrite(s, ovr, driver)) >= 0) return true;
    return (p.warn(`Error: bind failed for ${bdf} - Cannot write driver ${driver} to PCI ID`), false);
  }
  // dev["Vendor"], dev["Device"]: from the lspci snapshot (identity never changes), no sysfs read.
  const spec = p.k.world.devSpecs.find((d) => d.bdf === bdf)!;
  const ids = `${hex4(spec.vendor)} ${hex4(spec.device)}`;
  if ((yield* pyWrite(s, `${drvDir(driver)}/new_id`, ids)) >= 0) return true;
  return (p.warn(`Error: bind failed for ${bdf} - Cannot write new PCI ID to driver ${driver}`), false);
}

function* bind_one(s: Devbind, bdf: string, driver: string): KGen<number | null> {
  const { p } = s;
  let saved: string | null = null;
  const cached = s.cache.get(bdf) ?? null;
  if (cached !== null) {
    if (cached === driver) return null; // "already bound to driver …, skipping"
    saved = cached;
    const x = yield* unbind_one(s, bdf);
    if (x !== null) return x;
    s.cache.set(bdf, ''); // dev["Driver_str"] = "": the key stays, has_driver() stays true
  }
  if (s.dpdk.includes(driver) && !(yield* claim(s, bdf, driver))) return null; // left unbound, no rollback
  const bind = `${drvDir(driver)}/bind`;
  const r = yield* pyWrite(s, bind, bdf);
  if (r < 0) {
    if (!openFailed(r)) {
      // "closing dev_id after adding a new PCI ID to new_id results in IOError": success if now bound to
      // driver, and then driver_override is never cleared.
      if ((yield* p.lspciDevice(bdf)) === driver) return null;
      p.warn(`Error: bind failed for ${bdf} - Cannot bind to driver ${driver}`);
    } else p.warn(`Error: bind failed for ${bdf} - Cannot open ${bind}`);
    return saved !== null ? yield* bind_one(s, bdf, saved) : null; // rollback to the saved driver
  }
  if (s.version !== '17.02') {
    const ovr = `${dev(bdf)}/driver_override`;
    if ((yield* p.exists(ovr)) && (yield* pyWrite(s, ovr, '\0')) < 0)
      return exit(s, `Error: unbind failed for ${bdf} - Cannot open ${ovr}`);
  }
  return null;
}

/** check_modules() and, from 20.11, bind_all's module_is_loaded(target): one /sys/module listing, then lspci. */
function* start(p: Proc, version: string, driver: string | null): KGen<Devbind | number> {
  const target = driver !== null && py3(version) ? [modName(driver)] : [];
  const there = yield* p.listModules([...new Set([...DPDK_DRIVERS.map(modName), ...target])]);
  const dpdk = DPDK_DRIVERS.filter((d) => there.has(modName(d)));
  if (dpdk.length === 0 && py3(version)) p.warn('Warning: no supported DPDK kernel modules are loaded');
  else if (dpdk.length === 0) {
    // Before 681a6728 (19.08): a DPDK target with no DPDK module loaded stops here, before lspci.
    if (driver !== null && DPDK_DRIVERS.includes(driver))
      return p.fail('Error - no supported modules(DPDK driver) are loaded', 1);
    p.warn('Warning - no supported modules(DPDK driver) are loaded');
  }
  const cache = yield* p.lspci();
  if (target.length > 0 && !there.has(target[0])) return p.fail(`Error: Driver '${driver}' is not loaded.`, 1);
  return { p, version, cache, dpdk };
}

const unknown = (p: Proc, bdf: string): number =>
  p.fail(`Unknown device: ${bdf}. Please specify device in "bus:slot.func" format`, 1);

/** What 26.07's IOMMU check sees of /sys/class/iommu (os.listdir: an entry, or none), as its read records it. */
export const IOMMU_CLASS = { path: '/sys/class/iommu', present: 'an IOMMU', none: 'empty' } as const;

/** 26.07 (6ca0f1c8): vfio-pci without an IOMMU (/sys/class/iommu empty) needs noiommu mode, which we never pass. */
function iommuRefused(s: Devbind, driver: string): number | null {
  if (s.version !== '26.07' || driver !== 'vfio-pci') return null;
  const iommu = s.p.k.world.devSpecs.some((d) => d.iommu_group !== null);
  s.p.fixedRead(IOMMU_CLASS.path, iommu ? IOMMU_CLASS.present : IOMMU_CLASS.none);
  if (iommu) return null;
  s.p.fixedRead('/sys/module/vfio/parameters/enable_unsafe_noiommu_mode', 'N');
  return exit(s, 'Error: IOMMU support is disabled, use --noiommu-mode for binding in noiommu mode');
}

/** Kernels without driver_override: look again at the devices that were unbound, unbind what new_id captured. */
function* newIdAftermath(s: Devbind, bdfs: string[]): KGen<number> {
  for (const [b, drv] of s.cache) {
    // Python 3: bind_all's dev_list is a map() its loop used up, so `d in dev_list` is false even for the targets.
    if (drv !== null || (!py3(s.version) && bdfs.includes(b))) continue;
    const now = yield* s.p.lspciDevice(b);
    // dict(a.items() + b.items()) raises TypeError under Python 3, right after that lspci.
    if (py3(s.version)) return exit(s, "TypeError: unsupported operand type(s) for +: 'dict_items' and 'dict_items'");
    if (now === null) continue;
    s.cache.set(b, now);
    const x = yield* unbind_one(s, b);
    if (x !== null) return x;
  }
  return 0;
}

function* bind_all(p: Proc, bdfs: string[], driver: string, version: string): KGen<number> {
  const s = yield* start(p, version, driver);
  if (typeof s === 'number') return s;
  for (const b of bdfs) if (!s.cache.has(b)) return unknown(p, b);
  const refused = iommuRefused(s, driver);
  if (refused !== null) return refused;
  for (const b of bdfs) {
    const x = yield* bind_one(s, b, driver);
    if (x !== null) return x;
  }
  if (yield* p.exists(`${dev(bdfs[bdfs.length - 1])}/driver_override`)) return 0;
  return yield* newIdAftermath(s, bdfs);
}

function* unbind_all(p: Proc, bdfs: string[], version: string): KGen<number> {
  const s = yield* start(p, version, null);
  if (typeof s === 'number') return s;
  for (const b of bdfs) if (!s.cache.has(b)) return unknown(p, b);
  for (const b of bdfs) {
    const x = yield* unbind_one(s, b);
    if (x !== null) return x;
  }
  return 0;
}

const SOURCE = 'dpdk-devbind.py (DPDK usertools), bind_all/bind_one/unbind_one';
const VERSIONS = ['26.07', '22.11', '20.11', '17.05', '17.02'];

export const DPDK_DEVBIND: readonly Recipe[] = [
  {
    name: 'dpdk-devbind bind',
    source: SOURCE,
    versions: VERSIONS,
    args: [
      { name: 'bdf', kind: 'bdfs', doc: 'the device(s), space-separated' },
      { name: 'driver', kind: 'driver', doc: '-b <driver>' },
    ],
    run: (p, a) => bind_all(p, a.bdf.split(/\s+/), a.driver, a.version),
  },
  {
    name: 'dpdk-devbind unbind',
    source: SOURCE,
    versions: VERSIONS,
    args: [{ name: 'bdf', kind: 'bdfs', doc: 'the device(s), space-separated' }],
    run: (p, a) => unbind_all(p, a.bdf.split(/\s+/), a.version),
  },
];
