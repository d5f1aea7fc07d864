// drivers/hv/vmbus_drv.c: hv_vmbus_get_id, vmbus_match, vmbus_probe, vmbus_remove and the device's offer and
// rescind. Read at torvalds/linux 0027e3fd6d90 (≈5.9) and a pre-4.20 copy (uuid_le, hv_vmbus_get_id(drv, guid));
// the override lines as 331d8900121a (the generic conversion) leaves them.
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import { DEV_OVERRIDE, DEV_PRESENT, DRV_DYNIDS, DRV_STATE, devObj, drvObj } from '../objects.js';
import { probeSpec } from '../core/probe.js';
import { device_add, device_unregister } from '../core/device.js';

/** Where hv_vmbus_get_id found its id: a dynid, the static table, or vmbus_device_null (override, no id). */
export interface HvId {
  readonly guid: string;
  readonly from: 'dynid' | 'table' | 'null';
}

/** vmbus_device_null: the all-zero id that makes a matching driver_override a bypass (4.20+). */
export const vmbus_device_null: HvId = Object.freeze({ guid: '00000000-0000-0000-0000-000000000000', from: 'null' });

/** hv_vmbus_dynid_match: the first dynid equal to `guid` (under drv->dynids.lock). */
export function hv_vmbus_dynid_match(k: Kernel, drv: number, guid: string): HvId | null {
  return k.world.drivers[drv].guid_dynids.includes(guid) ? { guid, from: 'dynid' } : null;
}

/** hv_vmbus_dev_match: the static id_table; NULL (uio_hv_generic) is an empty table. */
export function hv_vmbus_dev_match(k: Kernel, drv: number, guid: string): HvId | null {
  return k.world.drvSpecs[drv].vmbus!.id_table?.includes(guid) === true ? { guid, from: 'table' } : null;
}

/** The device's driver_override as hv_vmbus_get_id reads it: none before 4.20 (d765edbb301c). */
export function vmbusOverride(k: Kernel, dev: number): string | null {
  const era = k.quirks.vmbus;
  return era === 'override' || era === 'generic' ? k.world.devices[dev].override : null;
}

/**
 * hv_vmbus_get_id (4.20+): a driver_override naming another driver -> NULL ("" too: strcmp fails, the 5.19 NUL
 * store); then the dynamic ids first, the static table second; no id but the override names us -> the dummy.
 * <4.10 the static table only; 4.10-4.19 dynids then the table, no override.
 */
export function hv_vmbus_get_id(k: Kernel, drv: number, dev: number): HvId | null {
  const override = vmbusOverride(k, dev);
  if (override !== null && override !== k.world.drvSpecs[drv].name) return null;
  const guid = k.world.devSpecs[dev].vmbus!.class_id;
  const id =
    (k.quirks.vmbus === 'static' ? null : hv_vmbus_dynid_match(k, drv, guid)) ?? hv_vmbus_dev_match(k, drv, guid);
  if (id === null && override !== null) return vmbus_device_null;
  return id;
}

/** vmbus_match: hv_sock offers go to the hv_sock driver whatever driver_override says; else hv_vmbus_get_id. */
export function vmbus_match(k: Kernel, drv: number, dev: number): boolean {
  if (k.world.devSpecs[dev].vmbus!.hvsock) return k.world.drvSpecs[drv].vmbus!.hvsock; // is_hvsock_channel
  return hv_vmbus_get_id(k, drv, dev) !== null;
}

/**
 * vmbus_probe, device_lock held: hv_vmbus_get_id again, and drv->probe(dev, id) even when the id is NULL. Unlike
 * __pci_device_probe nothing re-checks the match: an override written after __driver_attach's unlocked match
 * does not stop the probe.
 */
export function vmbus_probe(k: Kernel, drv: number, dev: number): number {
  const id = hv_vmbus_get_id(k, drv, dev);
  const guid = k.world.devSpecs[dev].vmbus!.class_id;
  const hvsock = k.world.devSpecs[dev].vmbus!.hvsock && k.world.drvSpecs[drv].vmbus!.hvsock;
  // What checkers need (read only). hvsock is the hv_sock driver's table; `sound` is about user policies, which
  // vmbus has none of: a probe after an override named another driver is override-exclusive's to report.
  const inTable = hvsock || hv_vmbus_dynid_match(k, drv, guid) !== null || hv_vmbus_dev_match(k, drv, guid) !== null;
  k.event({ kind: 'match', dev, drv, override: vmbusOverride(k, dev), inTable, sound: true });
  if (id === null && !hvsock) k.note('vmbus_probe: hv_vmbus_get_id is NULL now; drv->probe is called anyway');
  return probeSpec(k, drv);
}

/** vmbus_remove: drv->remove; nothing the model tracks. */
export function* vmbus_remove(): KGen<void> {}

/** What vmbus_match and vmbus_probe read: the override, presence, the driver's dynids and probe count. */
export function vmbusMatchRd(k: Kernel, dev: number, drv: number): number[] {
  void k;
  return [devObj(dev, DEV_OVERRIDE), devObj(dev, DEV_PRESENT), drvObj(drv, DRV_DYNIDS), drvObj(drv, DRV_STATE)];
}

/**
 * vmbus_device_register (vmbus_add_channel_work, for an offer the host makes): device_register -> device_add;
 * the name is the instance GUID, the uevent carries MODALIAS=vmbus:<class>, then bus_probe_device.
 */
export function vmbus_device_register(k: Kernel, dev: number): KGen<void> {
  return device_add(k, dev, 'vmbus_device_register');
}

/** vmbus_device_unregister (the host rescinds the offer): device_unregister -> device_del; the driver is released. */
export function vmbus_device_unregister(k: Kernel, dev: number): KGen<void> {
  return device_unregister(k, dev, 'vmbus_device_unregister');
}

/** A hotplug op on a vmbus device: the host offers the channel (CHANNELMSG_OFFERCHANNEL) or rescinds it. */
export function* vmbus_hotplug(k: Kernel, dev: number, action: 'add' | 'remove'): KGen<number> {
  if (action === 'add') yield* vmbus_device_register(k, dev);
  else yield* vmbus_device_unregister(k, dev);
  return 0;
}

/** Boot: vmbus_request_offers, then each offer registered in the order the host makes them (declaration order). */
export function* vmbus_enumerate(k: Kernel): KGen<void> {
  const devs = k.world.devSpecs.flatMap((s, i) => (s.bus === 'vmbus' && k.world.devices[i].hw ? [i] : []));
  if (devs.length === 0) return;
  yield step('boot', 'vmbus offers (vmbus_request_offers)', [], []);
  for (const dev of devs) yield* vmbus_device_register(k, dev);
}
