// drivers/hv/vmbus_drv.c hv_bus ("vmbus"): the bus record (match, probe, remove, drv_groups new_id/remove_id,
// dev_groups with driver_override; generic conversion 331d8900121a: .driver_override = true, same semantics).
import type { BusType } from '../kernel.js';
import { driver_register } from '../core/bus.js';
import { vmbus_enumerate, vmbus_hotplug, vmbus_match, vmbus_probe, vmbus_remove, vmbusMatchRd } from './vmbus_drv.js';
import { vmbus_new_id_store, vmbus_override_show, vmbus_override_store, vmbus_remove_id_store } from './vmbus-sysfs.js';

export const vmbus_bus_type: BusType = {
  name: 'vmbus',
  match: vmbus_match,
  probe: vmbus_probe,
  remove: vmbus_remove,
  matchRd: vmbusMatchRd,
  register: driver_register, // __vmbus_driver_register: INIT_LIST_HEAD(dynids), driver_register
  enumerate: vmbus_enumerate,
  hotplug: vmbus_hotplug,
  override: {
    exists: (q) => q.vmbus === 'override' || q.vmbus === 'generic', // 4.20+ (d765edbb301c)
    store: vmbus_override_store,
    show: vmbus_override_show,
  },
  dynids: {
    exists: (k) => k.quirks.vmbus !== 'static', // 4.10+ (fc76936d3ea5)
    new_id: vmbus_new_id_store,
    remove_id: vmbus_remove_id_store,
  },
  attrs: {
    // bus_register's own files, per bus (bus->p->drivers_autoprobe).
    bus: ['drivers_probe', 'drivers_autoprobe'],
    driver: ['new_id', 'remove_id', 'bind', 'unbind'],
    device: ['driver_override', 'class_id', 'device_id', 'modalias', 'driver'],
  },
};
