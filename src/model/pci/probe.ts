// drivers/pci/probe.c + bus.c: the two-phase add, rescan.
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import {
  BUS_AUTOPROBE,
  BUS_DEFERRED,
  BUS_DEVICES,
  DEV_DRIVER,
  DEV_OVERRIDE,
  DEV_PRESENT,
  DEV_SRIOV,
  devObj,
  rescanRemoveLock,
} from '../objects.js';
import { bus_probe_device, device_attach } from '../core/dd.js';
import { bdfKey } from './bdf.js';
import { vfio_pci_vf_notifier } from './vfio-notifier.js';

/** pci_device_add -> device_add: the device exists, uevent "add" is sent, but match_driver is false. */
export function* pci_device_add(k: Kernel, dev: number): KGen<void> {
  const pf = k.world.devSpecs[dev].pf;
  const wr = [
    devObj(dev, DEV_PRESENT),
    devObj(dev, DEV_OVERRIDE),
    devObj(dev, DEV_DRIVER),
    devObj(dev, DEV_SRIOV),
    BUS_DEVICES,
    BUS_DEFERRED,
  ];
  yield step('pci_device_add', k.devName(dev), pf >= 0 ? [devObj(pf, DEV_DRIVER)] : [], wr);
  const w = k.world;
  const d = w.devices[dev];
  if (pf >= 0) d.hw = true; // a VF appears when SR-IOV creates it
  d.present = true;
  d.match_driver = false;
  d.driver = -1;
  d.override = null; // a new pci_dev starts without driver_override
  d.numvfs = 0;
  d.sriov_drivers_autoprobe = true;
  d.deferred = false;
  d.seq = w.bus.next_dev_seq++;
  vfio_pci_vf_notifier(k, dev); // BUS_NOTIFY_ADD_DEVICE runs inside device_add
  k.event({ kind: 'uevent', action: 'add', dev });
  k.note('device_add: uevent add, match_driver=false');
  // bus_probe_device runs here too, but pci_bus_match refuses every driver while match_driver is false.
}

/** pci_bus_add_device: match_driver = true, then device_attach (ignores drivers_autoprobe on <=6.18). */
export function* pci_bus_add_device(k: Kernel, dev: number): KGen<void> {
  yield step(
    'pci_bus_add_device',
    k.devName(dev),
    [devObj(dev, DEV_PRESENT), BUS_AUTOPROBE],
    [devObj(dev, DEV_PRESENT)],
  );
  k.world.devices[dev].match_driver = true;
  if (k.quirks.hotaddHonoursAutoprobe) yield* bus_probe_device(k, dev);
  else yield* device_attach(k, dev);
}

/** Hot-add of one function by a hotplug controller (pciehp_configure_device under pci_lock_rescan_remove). */
export function* pciehp_add(k: Kernel, dev: number): KGen<number> {
  const lock = rescanRemoveLock(k.world);
  yield step('pci_lock_rescan_remove', k.devName(dev), [devObj(dev, DEV_PRESENT)], [devObj(dev, DEV_PRESENT)], lock);
  const d = k.world.devices[dev];
  d.hw = true;
  if (!d.present) {
    yield* pci_device_add(k, dev);
    yield* pci_bus_add_device(k, dev);
  } else k.note('already present');
  k.unlock(lock);
  return 0;
}

/** pci_rescan_bus: scan every function that is there but not enumerated (phase 1 for all), then add them (phase 2). */
export function* pci_rescan(k: Kernel, onBus: number | null): KGen<void> {
  const lock = rescanRemoveLock(k.world);
  yield step(
    'pci_lock_rescan_remove',
    'rescan',
    k.world.devSpecs.map((_, i) => devObj(i, DEV_PRESENT)),
    [],
    lock,
  );
  const w = k.world;
  const found = w.devSpecs
    .map((s, i) => ({ s, i }))
    .filter(
      ({ s, i }) =>
        s.bus === 'pci' &&
        s.pf < 0 &&
        w.devices[i].hw &&
        !w.devices[i].present &&
        (onBus === null || busOf(s.bdf) === onBus),
    )
    .sort((a, b) => bdfKey(a.s.bdf) - bdfKey(b.s.bdf))
    .map(({ i }) => i);
  for (const dev of found) yield* pci_device_add(k, dev);
  for (const dev of found) yield* pci_bus_add_device(k, dev);
  if (found.length === 0) k.note('nothing new');
  k.unlock(lock);
}

export function busOf(bdf: string): number {
  return parseInt(bdf.slice(5, 7), 16);
}
