// SPDK scripts/setup.sh (scripts/common.sh cache): "22.09" = probe_driver with driver_override
// (1f59abae, 2022-07-28; retry loop eab0c664, 2022-12-02; read at master 3230130e); "22.05" = the
// old new_id/remove_id linux_bind_driver. configure_linux_pci / reset_linux_pci end with a bus rescan.
import type { KGen } from '../runtime/step.js';
import type { Proc } from '../ops/proc.js';
import type { Recipe } from './types.js';
import { hex4 } from '../util/hex.js';
import { DRIVERS_PROBE, dev, drvDir, readIds } from './common.js';

/** `set -e`: a failed unchecked write aborts the script (bash prints the write error). */
const abort = (p: Proc, path: string): number => p.fail(`setup.sh: line …: echo: write error: ${path}`, 1);

/** probe_driver (22.09): unbind, override, drivers_probe (retried), clear override, check. */
function* probe_driver(p: Proc, bdf: string, old: string | null, drv: string): KGen<number> {
  if (old === drv) return 0; // "Already using $drv"
  if (old !== null && (yield* p.write(`${dev(bdf)}/driver/unbind`, `${bdf}\n`)) < 0)
    return abort(p, `${dev(bdf)}/driver/unbind`);
  if (drv === 'none') return 0;
  if ((yield* p.write(`${dev(bdf)}/driver_override`, `${drv}\n`)) < 0) return abort(p, `${dev(bdf)}/driver_override`);
  // while ! echo "$bdf" > drivers_probe, up to 10 times with 0.5 s sleeps; stderr suppressed
  for (let i = 0; i < 10 && (yield* p.write(DRIVERS_PROBE, `${bdf}\n`)) < 0; i++);
  if ((yield* p.write(`${dev(bdf)}/driver_override`, '\n')) < 0) return abort(p, `${dev(bdf)}/driver_override`);
  if (!(yield* p.exists(`${drvDir(drv)}/${bdf}`))) return p.fail(`Failed to bind ${bdf} to ${drv}, aborting`, 1);
  return 0;
}

/** linux_bind_driver (22.05): remove_id on the old driver, unbind, new_id + bind on the new one, errors ignored. */
function* bindOld(p: Proc, bdf: string, old: string | null, drv: string): KGen<number> {
  if (old === drv) return 0;
  const ids = yield* readIds(p, bdf);
  const id = ids ? `${hex4(ids.vendor)} ${hex4(ids.device)}` : '';
  if (old !== null) {
    yield* p.write(`${dev(bdf)}/driver/remove_id`, `${id}\n`); // echo … 2>/dev/null || true
    if ((yield* p.write(`${dev(bdf)}/driver/unbind`, `${bdf}\n`)) < 0) return abort(p, `${dev(bdf)}/driver/unbind`);
  }
  if (drv === 'none') return 0;
  yield* p.write(`${drvDir(drv)}/new_id`, `${id}\n`); // 2>/dev/null || true
  yield* p.write(`${drvDir(drv)}/bind`, `${bdf}\n`); // 2>/dev/null || true: usually EBUSY/ENODEV, new_id bound it already
  return 0;
}

/** One device moved to `drv`, after `modprobe` of it; then `echo 1 > /sys/bus/pci/rescan`. */
function* setup(p: Proc, bdfs: string[], drv: string, version: string, load: boolean): KGen<number> {
  if (load && drv !== 'none' && (yield* p.modprobe(drv)) < 0)
    return p.fail(`modprobe: FATAL: Module ${drv} not found`, 1);
  const cache = yield* p.lspci(); // cache_pci_bus: pci_bus_driver[bdf]
  for (const bdf of bdfs) {
    const old = cache.get(bdf) ?? null;
    const r = version === '22.05' ? yield* bindOld(p, bdf, old, drv) : yield* probe_driver(p, bdf, old, drv);
    if (r !== 0) return r;
  }
  yield* p.write('/sys/bus/pci/rescan', '1\n');
  return 0;
}

const SOURCE = 'SPDK scripts/setup.sh (probe_driver / linux_bind_driver, configure_linux_pci, reset_linux_pci)';
const VERSIONS = ['22.09', '22.05'];

export const SPDK: readonly Recipe[] = [
  {
    name: 'spdk setup.sh config',
    source: SOURCE,
    versions: VERSIONS,
    args: [
      { name: 'bdf', kind: 'bdfs', doc: 'PCI_ALLOWED devices, space-separated' },
      { name: 'driver', kind: 'driver-or-none', default: 'vfio-pci', doc: 'DRIVER_OVERRIDE' },
    ],
    run: (p, a) => setup(p, a.bdf.split(/\s+/), a.driver, a.version, true),
  },
  {
    name: 'spdk setup.sh reset',
    source: SOURCE,
    versions: VERSIONS,
    args: [
      { name: 'bdf', kind: 'bdfs', doc: 'devices to give back, space-separated' },
      { name: 'driver', kind: 'driver', doc: 'the host driver `modprobe -R $(cat modalias)` names' },
    ],
    run: (p, a) => setup(p, a.bdf.split(/\s+/), a.driver, a.version, false),
  },
];
