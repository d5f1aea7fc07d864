// drivers/cdx/cdx.c cdx_bus_type: CDX's bus record (AMD FPGA devices behind a firmware controller).
import type { BusType } from '../kernel.js';
import { driver_register } from '../core/bus.js';
import { cdx_bus_match, cdx_override_show, cdx_override_store, cdx_probe, cdx_remove, cdxMatchRd } from './cdx.js';
import { cdx_rescan_store, cdxOverrideExists } from './cdx.js';
import { cdx_enumerate, cdx_hotplug } from './cdx.js';

export const cdx_bus_type: BusType = {
  name: 'cdx',
  inEra: (q) => q.cdxBus !== 'absent', // 2959ab247061 (6.4)
  match: cdx_bus_match,
  probe: cdx_probe,
  remove: cdx_remove,
  register: driver_register, // __cdx_driver_register -> driver_register
  enumerate: cdx_enumerate,
  hotplug: cdx_hotplug,
  matchRd: cdxMatchRd,
  override: {
    exists: (q) => q.cdxOverride !== 'absent',
    visible: cdxOverrideExists, // hidden on bus devices (cdx_dev_attrs_are_visible) until the generic attribute
    store: cdx_override_store,
    show: cdx_override_show,
  },
  dynids: null, // no new_id / remove_id on cdx
  busStores: { rescan: cdx_rescan_store },
  attrs: {
    bus: ['drivers_probe', 'drivers_autoprobe', 'rescan'],
    driver: ['bind', 'unbind'],
    // remove/reset/enable act on the firmware controller: not modelled.
    device: [
      'driver_override',
      'vendor',
      'device',
      'subsystem_vendor',
      'subsystem_device',
      'class',
      'modalias',
      'driver',
    ],
  },
};
