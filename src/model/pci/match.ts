// Matching primitives (drivers/pci/pci.h: pci_match_one_device; drivers/pci/pci-driver.c: pci_match_id).
import { PCI_ANY_ID, type DeviceSpec, type PciDeviceId } from '../types.js';

/** The fields of a pci_dev that matching reads (a real device or new_id's fake one). */
export type MatchDev = Pick<DeviceSpec, 'vendor' | 'device' | 'subvendor' | 'subdevice' | 'class'>;

export function pci_match_one_device(id: PciDeviceId, dev: MatchDev): boolean {
  return (
    (id.vendor === PCI_ANY_ID || id.vendor === dev.vendor) &&
    (id.device === PCI_ANY_ID || id.device === dev.device) &&
    (id.subvendor === PCI_ANY_ID || id.subvendor === dev.subvendor) &&
    (id.subdevice === PCI_ANY_ID || id.subdevice === dev.subdevice) &&
    ((id.class ^ dev.class) & id.class_mask) === 0
  );
}

/** Table terminator: vendor == 0 && subvendor == 0 && class_mask == 0 (pci_match_id loop condition). */
export function isTerminator(id: PciDeviceId): boolean {
  return id.vendor === 0 && id.subvendor === 0 && id.class_mask === 0;
}

/** pci_match_id from index `from`: first static hit in table order; ignores override_only. Returns the index or -1. */
export function pci_match_id_index(ids: readonly PciDeviceId[] | null, dev: MatchDev, from = 0): number {
  if (ids === null) return -1;
  for (let i = from; i < ids.length && !isTerminator(ids[i]); i++) {
    if (pci_match_one_device(ids[i], dev)) return i;
  }
  return -1;
}

export function pci_match_id(ids: readonly PciDeviceId[] | null, dev: MatchDev): PciDeviceId | null {
  const i = pci_match_id_index(ids, dev);
  return i < 0 ? null : ids![i];
}

/** First dynid that matches, in insertion order (list_for_each_entry under dynids.lock). */
export function firstDynid(dynids: readonly PciDeviceId[], dev: MatchDev): PciDeviceId | null {
  for (const d of dynids) if (pci_match_one_device(d, dev)) return d;
  return null;
}

/** pci_device_id_any (3.16+, 782a985d7af2): the dummy id an override match returns. */
export const pci_device_id_any: PciDeviceId = Object.freeze({
  vendor: PCI_ANY_ID,
  device: PCI_ANY_ID,
  subvendor: PCI_ANY_ID,
  subdevice: PCI_ANY_ID,
  class: 0,
  class_mask: 0,
  driver_data: 0,
  override_only: false,
});
