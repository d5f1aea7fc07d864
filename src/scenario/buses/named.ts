// What the buses named by dev_name (platform, amba, spi, css, ap, cdx, fsl-mc) share in scenario format v1: a device declaration with
// PCI's identity fields zero, and an inline driver with no PCI table.
import type { BusName, ProbeSpec } from '../../model/types.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { Json } from './types.js';

/** A device of `bus` named by `name`, present unless "present": false, with its initial override. */
export function namedDevice(o: Json, bus: BusName): DeviceDecl {
  return {
    bus,
    bdf: String(o.name),
    vendor: 0,
    device: 0,
    subvendor: 0,
    subdevice: 0,
    class: 0,
    revision: 0,
    header_type: 'normal',
    iommu_group: null,
    present: o.present !== false,
    override: (o.override as string | null | undefined) ?? null,
    pf: null,
    sriov: null,
    platform: null,
    vmbus: null,
    usb: null,
    serio: null,
    cdx: null,
    fslmc: null,
  };
}

/** An inline driver with no PCI or platform tables (the caller adds its bus's). */
export const namedDriver = (probe: ProbeSpec): InlineDriver => ({
  ids: [],
  probe,
  sriov_configure: false,
  platform: null,
  vmbus: null,
  usb: null,
  serio: null,
  cdx: null,
  fslmc: null,
});

export const strings = (v: unknown): readonly string[] => (v as string[] | undefined) ?? [];
export const hex = (v: unknown): number => parseInt(String(v), 16) >>> 0;
