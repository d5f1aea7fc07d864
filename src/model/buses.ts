// The bus records a kernel is built with (the exec layer hands them to every Kernel it makes).
import type { BusTable } from './kernel.js';
import { pci_bus_type } from './pci/bus.js';
import { platform_bus_type } from './platform/bus.js';
import { usb_bus_type } from './usb/bus.js';
import { serio_bus } from './serio/bus.js';

import { amba_bustype } from './amba/bus.js';
import { spi_bus_type } from './spi/bus.js';
import { css_bus_type } from './css/bus.js';
import { ap_bus_type } from './ap/bus.js';
import { vmbus_bus_type } from './vmbus/bus.js';
import { cdx_bus_type } from './cdx/bus.js';
import { fsl_mc_bus_type } from './fsl-mc/bus.js';

export const BUSES: BusTable = {
  pci: pci_bus_type,
  platform: platform_bus_type,
  usb: usb_bus_type,
  serio: serio_bus,
  amba: amba_bustype,
  spi: spi_bus_type,
  css: css_bus_type,
  ap: ap_bus_type,
  vmbus: vmbus_bus_type,
  cdx: cdx_bus_type,
  'fsl-mc': fsl_mc_bus_type,
};
