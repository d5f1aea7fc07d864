// Worlds with USB interfaces and interface drivers, built directly.
import type { DeviceSpec, DriverSpec, ProbeSpec, UsbDeviceId, UsbInterfaceIdentity } from '../../../src/model/types.js';
import type { Kernel } from '../../../src/model/kernel.js';
import type { Quirks } from '../../../src/profiles/types.js';
import { kernelOf } from '../platform/helpers.js';

export type UIntf = { readonly dev: string } & Partial<UsbInterfaceIdentity>;
export interface UDrv {
  readonly name: string;
  readonly ids?: readonly UsbDeviceId[] | null;
  readonly no_dynamic_id?: boolean;
  readonly probe?: ProbeSpec;
}

function devSpec(d: UIntf): DeviceSpec {
  const usb: UsbInterfaceIdentity = {
    idVendor: 0x1e0e,
    idProduct: 0x9001,
    bcdDevice: 0x0100,
    bDeviceClass: 0,
    bDeviceSubClass: 0,
    bDeviceProtocol: 0,
    bInterfaceClass: 0xff,
    bInterfaceSubClass: 0xff,
    bInterfaceProtocol: 0xff,
    bInterfaceNumber: 0,
    device_authorized: true,
    authorized_default: true,
    owned: false,
    ...d,
  };
  return {
    bus: 'usb',
    bdf: d.dev,
    vendor: usb.idVendor,
    device: usb.idProduct,
    subvendor: 0,
    subdevice: 0,
    class: 0,
    revision: 0,
    header_type: 'normal',
    iommu_group: null,
    pf: -1,
    vf_index: -1,
    sriov: null,
    platform: null,
    usb,
    serio: null,
  };
}

function drvSpec(d: UDrv): DriverSpec {
  return {
    bus: 'usb',
    name: d.name,
    module: d.name,
    id_table: null,
    probe: d.probe ?? { kind: 'ok' },
    probe_model: 'generic',
    sriov_configure: false,
    exists: true,
    source: 'test',
    platform: null,
    usb: { id_table: d.ids === undefined ? [] : d.ids, no_dynamic_id: d.no_dynamic_id ?? false },
    serio: null,
  };
}

/** A kernel over USB interfaces (not yet added) and interface drivers (not yet registered). */
export function usbKernel(devs: readonly UIntf[], drvs: readonly UDrv[], era: string | Quirks = '6.1'): Kernel {
  return kernelOf(devs.map(devSpec), drvs.map(drvSpec), era);
}
