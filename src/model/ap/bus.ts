// drivers/s390/crypto/ap_bus.c ap_bus_type: the s390 AP (crypto) bus record, queue devices only, and its apmask and
// aqmask bus attributes (ap_bus_attrs).
import type { BusType } from '../kernel.js';
import { overrideEra } from '../../profiles/generic-override.js';
import { driver_register } from '../core/bus.js';
import { device_add, enumerateWith, hotplugWith } from '../core/device.js';
import type { Kernel } from '../kernel.js';
import {
  ap_bus_match,
  ap_device_probe,
  ap_device_remove,
  ap_override_show,
  ap_override_store,
  apMatchRd,
} from './ap.js';
import { apmask_store } from './masks.js';

/** device_add as ap_scan_bus. */
const add = (k: Kernel, dev: number) => device_add(k, dev, 'ap_scan_bus');

export const ap_bus_type: BusType = {
  name: 'ap',
  match: ap_bus_match,
  probe: ap_device_probe,
  remove: ap_device_remove,
  matchRd: apMatchRd,
  enumerate: enumerateWith('ap', 'ap queues (ap_scan_bus)', add),
  hotplug: hotplugWith(add, 'ap_queue_device_unregister'),
  register: driver_register, // ap_driver_register -> driver_register
  override: {
    exists: (q) => overrideEra(q, 'ap') !== null,
    store: ap_override_store,
    show: ap_override_show,
  },
  dynids: null,
  busStores: {
    apmask: (k, buf, count) => apmask_store(k, 'apm', buf, count),
    aqmask: (k, buf, count) => apmask_store(k, 'aqm', buf, count),
  },
  attrs: {
    bus: ['drivers_probe', 'drivers_autoprobe', 'apmask', 'aqmask'],
    driver: ['bind', 'unbind'],
    device: ['driver_override', 'driver'],
  },
};
