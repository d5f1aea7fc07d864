// Module load and unload: pci_register_driver at module_init, ids= (pci-stub.c pci_stub_init, vfio_pci.c vfio_pci_fill_ids).
import type { Kernel } from './kernel.js';
import { step, type KGen } from '../runtime/step.js';
import { PCI_ANY_ID, type PciDeviceId } from './types.js';
import { ENOENT } from './errno.js';
import { DRV_REGISTERED, DRV_STATE, drvObj, moduleLock } from './objects.js';
import { driver_unregister } from './core/bus.js';
import { pci_add_dynid } from './pci/pci-driver.js';

/** The `ids=` parameter value, if any. */
export function idsParam(params: string): string | null {
  const m = /(?:^|\s)ids=(\S*)/.exec(params);
  return m ? m[1] : null;
}

/** sscanf(id, "%x:%x:%x:%x:%x:%x") per comma-separated token; fewer than 2 fields: warned and skipped. */
export function parseIdsParam(ids: string): PciDeviceId[] {
  const out: PciDeviceId[] = [];
  for (const tok of ids.split(',')) {
    const f: number[] = [];
    for (const part of tok.split(':')) {
      if (!/^\s*(0[xX])?[0-9a-fA-F]+$/.test(part) || f.length === 6) break;
      f.push(parseInt(part.replace(/^\s*0[xX]/, ''), 16) >>> 0);
    }
    if (f.length < 2) continue;
    const [vendor, device, subvendor = PCI_ANY_ID, subdevice = PCI_ANY_ID, cls = 0, class_mask = 0] = f;
    out.push({ vendor, device, subvendor, subdevice, class: cls, class_mask, driver_data: 0, override_only: false });
  }
  return out;
}

/**
 * modprobe: module_init registers the driver, then (pci-stub, vfio-pci) adds each ids= entry as a dynid.
 * A second load of the same module waits for the first to finish (load_module: add_unformed_module),
 * modelled as a per-module lock held for the whole load or unload.
 */
export function* load_module(k: Kernel, drv: number, params: string): KGen<number> {
  const lock = moduleLock(k.world, drv);
  yield step('modprobe', k.drvName(drv), [drvObj(drv, DRV_REGISTERED)], [drvObj(drv, DRV_STATE)], lock);
  const r = yield* module_init(k, drv, params);
  k.unlock(lock);
  return r;
}

function* module_init(k: Kernel, drv: number, params: string): KGen<number> {
  const spec = k.world.drvSpecs[drv];
  if (!spec.exists) {
    k.note('FATAL: Module not found in this kernel');
    return -ENOENT;
  }
  if (k.world.drivers[drv].registered) {
    k.note('already loaded: parameters ignored');
    return 0;
  }
  k.world.drivers[drv].params = params;
  const r = yield* k.drvBus(drv).register(k, drv);
  if (r < 0) return r;
  const ids = idsParam(params);
  if (ids !== null && (spec.probe_model === 'pci-stub' || spec.probe_model === 'vfio-pci')) {
    for (const id of parseIdsParam(ids)) yield* pci_add_dynid(k, drv, id);
  }
  return 0;
}

/** rmmod: pci_unregister_driver; "not currently loaded" when it is not. */
export function* unload_module(k: Kernel, drv: number): KGen<number> {
  const lock = moduleLock(k.world, drv);
  yield step('rmmod', k.drvName(drv), [drvObj(drv, DRV_REGISTERED)], [], lock);
  let r = 0;
  if (!k.world.drivers[drv].registered) {
    k.note('Module is not currently loaded');
    r = -ENOENT;
  } else yield* driver_unregister(k, drv);
  k.unlock(lock);
  return r;
}
