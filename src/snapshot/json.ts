// Id entries in the scenario's JSON form (hex strings, "any" for PCI_ANY_ID).
import { PCI_ANY_ID, type PciDeviceId } from '../model/types.js';
import { hex4 } from '../util/hex.js';

const idField = (n: number): string => (n === PCI_ANY_ID ? 'any' : hex4(n));
const hex6 = (n: number): string => n.toString(16).padStart(6, '0');

export function idJson(id: PciDeviceId): Record<string, unknown> {
  return {
    vendor: idField(id.vendor),
    device: idField(id.device),
    ...(id.subvendor !== PCI_ANY_ID ? { subvendor: idField(id.subvendor) } : {}),
    ...(id.subdevice !== PCI_ANY_ID ? { subdevice: idField(id.subdevice) } : {}),
    ...(id.class_mask !== 0 ? { class: hex6(id.class), class_mask: hex6(id.class_mask) } : {}),
    ...(id.override_only ? { override_only: true } : {}),
  };
}
