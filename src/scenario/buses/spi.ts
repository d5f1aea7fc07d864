// Scenario format v1, spi devices and drivers (drivers/spi/spi.c): a device is named by its dev_name and matched
// by its modalias, OF compatibles and ACPI ids; a driver is inline with OF, ACPI and spi_device_id tables.
import type { ProbeSpec } from '../../model/types.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { Json, ScenarioBus } from './types.js';
import { names } from './platform.js';
import { namedDevice, namedDriver, strings } from './named.js';

function device(o: Json): DeviceDecl {
  const spi = { modalias: String(o.modalias), of_compatible: strings(o.of_compatible), acpi_ids: strings(o.acpi_ids) };
  return { ...namedDevice(o, 'spi'), spi };
}

function inline(o: Json, probe: ProbeSpec): InlineDriver {
  return {
    ...namedDriver(probe),
    spi: {
      of_match_table: strings(o.of_match_table),
      acpi_match_table: strings(o.acpi_match_table),
      id_table: o.id_table === undefined ? null : strings(o.id_table),
    },
  };
}

export const spiScenario: ScenarioBus = { name: 'spi', device, names, isInline: () => true, inline };
