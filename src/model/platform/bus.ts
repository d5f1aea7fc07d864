// drivers/base/platform.c platform_bus_type: platform's bus record.
import type { BusType } from '../kernel.js';
import { platform_match, platform_probe, platform_remove, platformMatchRd } from './platform.js';
import { platform_driver_register, platform_override_show, platform_override_store } from './platform.js';
import { platform_enumerate, platform_hotplug } from './platform.js';

export const platform_bus_type: BusType = {
  name: 'platform',
  match: platform_match,
  probe: platform_probe,
  remove: platform_remove,
  matchRd: platformMatchRd,
  register: platform_driver_register,
  enumerate: platform_enumerate,
  hotplug: platform_hotplug,
  override: {
    exists: (q) => q.platformOverride !== 'absent',
    store: platform_override_store,
    show: platform_override_show,
  },
  dynids: null, // platform has no new_id / remove_id
  attrs: {
    // bus_register's own files, per bus (bus->p->drivers_autoprobe); no rescan on platform.
    bus: ['drivers_probe', 'drivers_autoprobe'],
    // bind/unbind absent for platform_driver_probe() drivers (suppress_bind_attrs).
    driver: ['bind', 'unbind'],
    device: ['driver_override', 'modalias', 'driver'],
  },
};
