// drivers/amba/bus.c amba_bustype: amba's bus record.
import type { BusType } from '../kernel.js';
import { overrideEra } from '../../profiles/generic-override.js';
import { driver_register } from '../core/bus.js';
import { enumerateWith, hotplugWith } from '../core/device.js';
import { amba_device_add } from './amba.js';
import { amba_match, amba_override_show, amba_override_store, amba_probe, amba_remove, ambaMatchRd } from './amba.js';

export const amba_bustype: BusType = {
  name: 'amba',
  match: amba_match,
  probe: amba_probe,
  remove: amba_remove,
  matchRd: ambaMatchRd,
  enumerate: enumerateWith('amba', 'amba devices (of_amba_device_create)', amba_device_add),
  hotplug: hotplugWith(amba_device_add, 'amba_device_unregister'),
  register: driver_register, // __amba_driver_register -> driver_register
  override: {
    exists: (q) => overrideEra(q, 'amba') !== null,
    store: amba_override_store,
    show: amba_override_show,
  },
  dynids: null, // amba has no new_id / remove_id
  attrs: {
    bus: ['drivers_probe', 'drivers_autoprobe'],
    driver: ['bind', 'unbind'],
    device: ['driver_override', 'driver'],
  },
};
