// Worlds with USB interfaces and interface drivers, built directly.
import type { DeviceSpec, DriverSpec, ProbeSpec, UsbDeviceId, UsbInterfaceIdentity } from '../../../src/model/types.js';
import type { Kernel } from '../../../src/model/kernel.js';
import type { Quirks } from '../../../src/profiles/types.js';
import { deviceSlot, driverSlot, kernelOf } from '../platform/helpers.js';

export type UIntf = { readonly dev: string } & Partial<UsbInterfaceIdentity>;
export interface UDrv {
  readonly name: string;
  readonly ids?: readonly UsbDeviceId[] | null;
  readonly no_dynamic_id?: boolean;
  readonly probe?: ProbeSpec;
}

function devSpec(d: UIntf): DeviceSpec {
  const { dev, ...fields } = d;
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
    ...fields,
  };
  return deviceSlot('usb', dev, { usb });
}

function drvSpec(d: UDrv): DriverSpec {
  const usb = { id_table: d.ids === undefined ? [] : d.ids, no_dynamic_id: d.no_dynamic_id ?? false };
  return driverSlot('usb', d.name, d.probe ?? { kind: 'ok' }, { usb });
}

/** A kernel over USB interfaces (not yet added) and interface drivers (not yet registered). */
export function usbKernel(devs: readonly UIntf[], drvs: readonly UDrv[], era: string | Quirks = '6.1'): Kernel {
  return kernelOf(devs.map(devSpec), drvs.map(drvSpec), era);
}
