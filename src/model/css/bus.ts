// drivers/s390/cio/css.c css_bus_type: the s390 channel-subsystem bus record.
import type { BusType } from '../kernel.js';
import { overrideEra } from '../../profiles/generic-override.js';
import { driver_register } from '../core/bus.js';
import { device_add, enumerateWith, hotplugWith } from '../core/device.js';
import type { Kernel } from '../kernel.js';
import { css_bus_match, css_override_show, css_override_store, css_probe, css_remove, cssMatchRd } from './css.js';

/** device_add as css_register_subchannel. */
const add = (k: Kernel, dev: number) => device_add(k, dev, 'css_register_subchannel');

export const css_bus_type: BusType = {
  name: 'css',
  match: css_bus_match,
  probe: css_probe,
  remove: css_remove,
  matchRd: cssMatchRd,
  enumerate: enumerateWith('css', 'css subchannels (css_init: the channel subsystem scan)', add),
  hotplug: hotplugWith(add, 'css_sch_device_unregister'),
  register: driver_register, // css_driver_register -> driver_register
  override: {
    exists: (q) => overrideEra(q, 'css') !== null,
    store: css_override_store,
    show: css_override_show,
  },
  dynids: null,
  attrs: {
    bus: ['drivers_probe', 'drivers_autoprobe'],
    driver: ['bind', 'unbind'],
    device: ['driver_override', 'driver'],
  },
};
