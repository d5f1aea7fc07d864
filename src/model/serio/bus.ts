// drivers/input/serio/serio.c serio_bus: match, probe (->connect), remove, and its own attributes.
import type { BusType } from '../kernel.js';
import {
  serio_bus_match,
  serio_driver_probe,
  serio_driver_remove,
  serio_register_driver,
  serioMatchRd,
  serio_enumerate,
  serio_hotplug,
} from './serio.js';
import { bindModeText, drvctl_store, serio_drv_set_bind_mode, serio_set_bind_mode } from './serio.js';

export const serio_bus: BusType = {
  name: 'serio',
  match: serio_bus_match,
  probe: serio_driver_probe,
  remove: serio_driver_remove,
  matchRd: serioMatchRd,
  register: serio_register_driver, // __serio_register_driver
  enumerate: serio_enumerate,
  hotplug: serio_hotplug,
  override: null, // no driver_override: drvctl is serio's way to pick a driver
  dynids: null, // no new_id / remove_id
  attrs: {
    bus: ['drivers_probe', 'drivers_autoprobe'],
    driver: ['bind', 'unbind', 'bind_mode'],
    device: ['drvctl', 'bind_mode', 'driver'],
  },
  devAttrs: {
    drvctl: { store: drvctl_store, show: null }, // DEVICE_ATTR_WO
    bind_mode: { store: serio_set_bind_mode, show: (k, dev) => bindModeText(k.world.devices[dev].manual_bind) },
  },
  drvAttrs: {
    bind_mode: { store: serio_drv_set_bind_mode, show: (k, drv) => bindModeText(k.world.drivers[drv].manual_bind) },
  },
};
