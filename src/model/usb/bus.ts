// drivers/usb/core/driver.c usb_bus_type, as seen by interfaces and interface drivers (struct usb_driver).
import type { BusType } from '../kernel.js';
import {
  usb_device_match,
  usb_enumerate,
  usb_hotplug,
  usb_probe_interface,
  usb_unbind_interface,
  usbMatchRd,
} from './usb.js';
import { usb_remove_id_store, usb_show_dynids, usb_store_new_id } from './usb.js';
import { interface_authorized_show, interface_authorized_store } from './sysfs.js';
import { driver_register } from '../core/bus.js';

export const usb_bus_type: BusType = {
  name: 'usb',
  match: usb_device_match,
  probe: usb_probe_interface,
  remove: usb_unbind_interface,
  matchRd: usbMatchRd,
  register: driver_register, // usb_register_driver -> driver_register, then usb_create_newid_files
  enumerate: usb_enumerate,
  hotplug: usb_hotplug,
  override: null, // USB has no driver_override (none in any copy read, nor in the 2026 generic conversions)
  dynids: {
    new_id: usb_store_new_id,
    remove_id: usb_remove_id_store,
    // usb_create_newid_files: not for no_dynamic_id drivers (usb-serial's usb_drivers, for one).
    exists: (k, drv) => !k.world.drvSpecs[drv].usb!.no_dynamic_id,
    show: usb_show_dynids,
  },
  attrs: {
    bus: ['drivers_probe', 'drivers_autoprobe'],
    driver: ['new_id', 'remove_id', 'bind', 'unbind'],
    device: ['authorized', 'driver'],
  },
  devAttrs: {
    authorized: {
      store: interface_authorized_store,
      show: interface_authorized_show,
      exists: (q) => q.usbIntfAuthorized,
    },
  },
};
