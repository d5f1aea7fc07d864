// dpdk-devbind.py (DPDK usertools): bind_all / bind_one / unbind_one. "17.05" is the driver_override
// scheme (2fc35029 + 720b7a05, read at DPDK/dpdk c01c748e); "20.11" adds the refusal of an unloaded target
// module (681a6728, 2019-07; builtins 7a016af4); "17.02" is the new_id-only scheme before 2fc35029.
import type { KGen } from '../runtime/step.js';
import type { Proc } from '../ops/proc.js';
import { errnoName } from '../util/errno.js';
import { EACCES, ENOENT } from '../model/errno.js';
import type { Recipe } from './types.js';
import { hex4 } from '../util/hex.js';
import { dev, drvDir, readIds } from './common.js';

const DPDK_DRIVERS = ['igb_uio', 'vfio-pci', 'uio_pci_generic'];

/** The script's state: the start-of-run lspci cache ("Driver_str": null = no key, "" = cleared) and the loaded DPDK drivers. */
interface Devbind {
  readonly p: Proc;
  readonly version: string;
  readonly cache: Map<string, string | null>;
  readonly dpdk: readonly string[];
}

/** sys.exit(1) after a message. */
const exit = (s: Devbind, m: string): number => s.p.fail(m, 1);

/** check_modules(): /sys/module listing, vfio_pci spelled vfio-pci; only loaded DPDK drivers count as DPDK drivers. */
function* check_modules(p: Proc): KGen<string[]> {
  const out: string[] = [];
  for (const d of DPDK_DRIVERS) if (yield* p.exists(`/sys/module/${d.replace(/-/g, '_')}`)) out.push(d);
  return out;
}

/** open(filename, "a") raised (O_CREAT: a missing file is EACCES, a missing directory ENOENT): "Cannot open". */
const openFailed = (r: number): boolean => r === -ENOENT || r === -EACCES;

/** unbind_one: writes the cached driver's unbind; null = carry on, a number = the script exited. */
function* unbind_one(s: Devbind, bdf: string): KGen<number | null> {
  const drv = s.cache.get(bdf) ?? null;
  if (drv === null) return null; // "… is not currently managed by any driver"
  const path = `/sys/bus/pci/drivers/${drv}/unbind`;
  // A cleared Driver_str ("") names "/sys/bus/pci/drivers//unbind", which cannot be opened.
  const r = drv === '' ? s.p.noSuchFile(path, bdf) : yield* s.p.write(path, bdf);
  if (openFailed(r)) return exit(s, `Error: unbind failed for ${bdf} - Cannot open ${path}`);
  if (r < 0) return exit(s, `OSError: [Errno ${-r}] ${errnoName(r)} (uncaught in unbind_one)`);
  return null;
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
  if (s.dpdk.includes(driver)) {
    const ovr = `${dev(bdf)}/driver_override`;
    if (s.version !== '17.02' && (yield* p.exists(ovr))) {
      const r = yield* p.write(ovr, driver);
      if (r < 0) return (p.warn(`Error: bind failed for ${bdf} - Cannot write driver ${driver} to PCI ID`), null);
    } else {
      const ids = yield* readIds(p, bdf);
      const r = ids ? yield* p.write(`${drvDir(driver)}/new_id`, `${hex4(ids.vendor)} ${hex4(ids.device)}`) : -ENOENT;
      if (r < 0) return (p.warn(`Error: bind failed for ${bdf} - Cannot write new PCI ID to driver ${driver}`), null);
    }
  }
  const bind = `${drvDir(driver)}/bind`;
  const r = yield* p.write(bind, bdf);
  if (r < 0) {
    if (!openFailed(r)) {
      // "closing dev_id after adding a new PCI ID to new_id results in IOError": success if now bound to driver.
      if ((yield* p.driverOf(bdf)) === driver) return null;
      p.warn(`Error: bind failed for ${bdf} - Cannot bind to driver ${driver}`);
    } else p.warn(`Error: bind failed for ${bdf} - Cannot open ${bind}`);
    return saved !== null ? yield* bind_one(s, bdf, saved) : null; // rollback to the saved driver
  }
  if (s.version !== '17.02') {
    const ovr = `${dev(bdf)}/driver_override`;
    if ((yield* p.exists(ovr)) && (yield* p.write(ovr, '\0')) < 0)
      return exit(s, `Error: unbind failed for ${bdf} - Cannot open ${ovr}`);
  }
  return null;
}

function* start(p: Proc, version: string, driver: string | null): KGen<Devbind | number> {
  const dpdk = yield* check_modules(p);
  if (driver !== null && dpdk.length === 0) {
    if (DPDK_DRIVERS.includes(driver)) return p.fail('Error - no supported modules(DPDK driver) are loaded', 1);
    p.warn('Warning - no supported modules(DPDK driver) are loaded');
  }
  if (driver !== null && version === '20.11' && !(yield* p.exists(`/sys/module/${driver.replace(/-/g, '_')}`))) {
    return p.fail(`Error: Driver '${driver}' is not loaded.`, 1);
  }
  return { p, version, cache: yield* p.lspci(), dpdk };
}

const unknown = (p: Proc, bdf: string): number =>
  p.fail(`Unknown device: ${bdf}. Please specify device in "bus:slot.func" format`, 1);

function* bind_all(p: Proc, bdfs: string[], driver: string, version: string): KGen<number> {
  const s = yield* start(p, version, driver);
  if (typeof s === 'number') return s;
  for (const b of bdfs) if (!s.cache.has(b)) return unknown(p, b);
  for (const b of bdfs) {
    const x = yield* bind_one(s, b, driver);
    if (x !== null) return x;
  }
  // Kernels without driver_override: unbind devices the new_id bound although nobody asked.
  if (!(yield* p.exists(`${dev(bdfs[bdfs.length - 1])}/driver_override`))) {
    for (const [b, drv] of s.cache) {
      if (drv !== null || bdfs.includes(b)) continue;
      const now = yield* p.driverOf(b);
      if (now === null) continue;
      s.cache.set(b, now);
      const x = yield* unbind_one(s, b);
      if (x !== null) return x;
    }
  }
  return 0;
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
const VERSIONS = ['20.11', '17.05', '17.02'];

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
