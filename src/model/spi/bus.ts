// drivers/spi/spi.c spi_bus_type: spi's bus record.
import type { BusType } from '../kernel.js';
import { overrideEra } from '../../profiles/generic-override.js';
import { driver_register } from '../core/bus.js';
import { device_add, enumerateWith, hotplugWith } from '../core/device.js';
import type { Kernel } from '../kernel.js';
import { spi_match_device, spi_override_show, spi_override_store, spi_probe, spi_remove, spiMatchRd } from './spi.js';

/** device_add as spi_add_device. */
const add = (k: Kernel, dev: number) => device_add(k, dev, 'spi_add_device');

export const spi_bus_type: BusType = {
  name: 'spi',
  match: spi_match_device,
  probe: spi_probe,
  remove: spi_remove,
  matchRd: spiMatchRd,
  enumerate: enumerateWith('spi', 'spi devices (spi_register_controller: DT/ACPI children)', add),
  hotplug: hotplugWith(add, 'spi_unregister_device'),
  register: driver_register, // __spi_register_driver -> driver_register
  override: {
    exists: (q) => overrideEra(q, 'spi') !== null,
    store: spi_override_store,
    show: spi_override_show,
  },
  dynids: null,
  attrs: {
    bus: ['drivers_probe', 'drivers_autoprobe'],
    driver: ['bind', 'unbind'],
    device: ['driver_override', 'driver'],
  },
};
