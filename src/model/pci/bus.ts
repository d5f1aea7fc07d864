// drivers/pci/pci-driver.c pci_bus_type: PCI's bus record (match, probe, remove, its attributes).
import type { BusType, Kernel } from '../kernel.js';
import type { KGen } from '../../runtime/step.js';
import {
  BUS_DEVICES,
  BUS_DRIVERS,
  DEV_OVERRIDE,
  DEV_PRESENT,
  DEV_SRIOV,
  DRV_DYNIDS,
  DRV_REGISTERED,
} from '../objects.js';
import { devObj, drvObj } from '../objects.js';
import { pci_bus_match, pci_device_probe, remove_id_store, store_new_id } from './pci-driver.js';
import { driver_override_show, driver_override_store } from './pci-sysfs.js';
import { sriov_disable } from './iov.js';
import { driver_register } from '../core/bus.js';
import { step } from '../../runtime/step.js';
import { EINVAL } from '../errno.js';
import { pci_rescan, pciehp_add } from './probe.js';
import { pci_stop_and_remove_bus_device_locked } from './remove.js';

/** Boot: pci_scan_root_bus, i.e. a rescan of everything that is there. */
function* pci_enumerate(k: Kernel): KGen<void> {
  yield step('boot', 'pci_scan_root_bus', [], []);
  yield* pci_rescan(k, null);
}

/** A slot's presence detect or surprise removal (pciehp), under pci_rescan_remove_lock. */
function* pciehp(k: Kernel, dev: number, action: 'add' | 'remove'): KGen<number> {
  const name = k.devName(dev);
  yield step(action === 'add' ? 'pciehp: presence detect' : 'pciehp: surprise removal', name, [
    devObj(dev, DEV_PRESENT),
  ]);
  if (k.world.devSpecs[dev].pf >= 0) return -EINVAL; // VFs come from sriov_numvfs, not from slots
  return action === 'add' ? yield* pciehp_add(k, dev) : yield* pci_stop_and_remove_bus_device_locked(k, dev, true);
}

/** pci_device_remove -> drv->remove: PF drivers disable SR-IOV in their remove (pci_disable_sriov). */
export function* pci_device_remove(k: Kernel, dev: number, drv: number): KGen<void> {
  const d = k.world.devices[dev];
  if (d.numvfs > 0 && k.world.drvSpecs[drv].sriov_configure) yield* sriov_disable(k, dev);
}

/** What pci_bus_match + pci_device_probe read: the device, the driver, the klists the walk goes on. */
function pciMatchRd(k: Kernel, dev: number, drv: number): number[] {
  const out = [
    devObj(dev, DEV_OVERRIDE),
    devObj(dev, DEV_PRESENT),
    devObj(dev, DEV_SRIOV),
    drvObj(drv, DRV_DYNIDS),
    drvObj(drv, DRV_REGISTERED),
    BUS_DRIVERS,
    BUS_DEVICES,
  ];
  const pf = k.world.devSpecs[dev].pf;
  if (pf >= 0) out.push(devObj(pf, DEV_SRIOV)); // pci_device_can_probe reads the PF's sriov_drivers_autoprobe
  return out;
}

export const pci_bus_type: BusType = {
  name: 'pci',
  match: pci_bus_match,
  probe: pci_device_probe,
  remove: pci_device_remove,
  register: driver_register, // __pci_register_driver -> driver_register
  enumerate: pci_enumerate,
  hotplug: pciehp,
  matchRd: pciMatchRd,
  // 3.16+ (782a985d7af2); parsing and lock by era in pci-sysfs.ts.
  override: {
    exists: (q) => q.overrideStore !== 'absent',
    store: driver_override_store,
    show: driver_override_show,
  },
  // "%x %x %x %x %x %x %lx", duplicate rule by era (pci-driver.c new_id_store).
  dynids: { new_id: store_new_id, remove_id: remove_id_store },
  attrs: {
    bus: ['drivers_probe', 'drivers_autoprobe', 'rescan'],
    driver: ['new_id', 'remove_id', 'bind', 'unbind'],
    device: [
      'driver_override',
      'remove',
      'rescan',
      'sriov_numvfs',
      'sriov_totalvfs',
      'sriov_drivers_autoprobe',
      'vendor',
      'device',
      'subsystem_vendor',
      'subsystem_device',
      'class',
      'revision',
      'modalias',
      'iommu_group',
      'driver',
    ],
  },
};
