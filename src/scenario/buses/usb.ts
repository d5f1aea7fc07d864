// Scenario format v1, USB interfaces (struct usb_interface, named by dev_name, e.g. "1-1:1.4") and inline USB
// interface drivers (struct usb_driver: an id table whose entries set the match_flags of the fields they give,
// as the USB_DEVICE* macros do; no_dynamic_id).
import type { ProbeSpec, UsbDeviceId } from '../../model/types.js';
import { MATCH, usbId } from '../../model/usb/usb.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { Json, ScenarioBus } from './types.js';
import { hex } from './pci.js';
import { uniqueNames } from './platform.js';
import { namedDevice, namedDriver } from './named.js';

const hexOr = (s: unknown, dflt: number): number => (s === undefined ? dflt : hex(s));

/** usb_device_id fields and the match flag each sets when an entry gives it. */
const ID_FIELDS = [
  ['idVendor', MATCH.VENDOR],
  ['idProduct', MATCH.PRODUCT],
  ['bcdDevice_lo', MATCH.DEV_LO],
  ['bcdDevice_hi', MATCH.DEV_HI],
  ['bDeviceClass', MATCH.DEV_CLASS],
  ['bDeviceSubClass', MATCH.DEV_SUBCLASS],
  ['bDeviceProtocol', MATCH.DEV_PROTOCOL],
  ['bInterfaceClass', MATCH.INT_CLASS],
  ['bInterfaceSubClass', MATCH.INT_SUBCLASS],
  ['bInterfaceProtocol', MATCH.INT_PROTOCOL],
  ['bInterfaceNumber', MATCH.INT_NUMBER],
] as const;

function idDecl(o: Json): UsbDeviceId {
  let id = usbId({ driver_info: typeof o.driver_info === 'number' ? o.driver_info : hexOr(o.driver_info, 0) });
  for (const [f, flag] of ID_FIELDS)
    if (o[f] !== undefined) id = { ...id, [f]: hex(o[f]), match_flags: id.match_flags | flag };
  return id;
}

function device(o: Json): DeviceDecl {
  const idVendor = hex(o.idVendor);
  const idProduct = hex(o.idProduct);
  return {
    ...namedDevice(o, 'usb'),
    vendor: idVendor,
    device: idProduct,
    usb: {
      idVendor,
      idProduct,
      bcdDevice: hexOr(o.bcdDevice, 0),
      bDeviceClass: hexOr(o.bDeviceClass, 0),
      bDeviceSubClass: hexOr(o.bDeviceSubClass, 0),
      bDeviceProtocol: hexOr(o.bDeviceProtocol, 0),
      bInterfaceClass: hexOr(o.bInterfaceClass, 0),
      bInterfaceSubClass: hexOr(o.bInterfaceSubClass, 0),
      bInterfaceProtocol: hexOr(o.bInterfaceProtocol, 0),
      bInterfaceNumber: hexOr(o.bInterfaceNumber, 0),
      device_authorized: o.device_authorized !== false,
      authorized_default: o.authorized !== false,
      owned: o.owned === true,
    },
  };
}

function inline(o: Json, probe: ProbeSpec): InlineDriver {
  const table = o.id_table === null ? null : ((o.id_table as Json[] | undefined) ?? []).map(idDecl);
  return {
    ...namedDriver(probe),
    usb: { id_table: table, no_dynamic_id: o.no_dynamic_id === true },
  };
}

export const usbScenario: ScenarioBus = { name: 'usb', device, names: uniqueNames, isInline: () => true, inline };
