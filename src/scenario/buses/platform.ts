// Scenario format v1, platform devices and drivers (drivers/base/platform.c): a device is named by its dev_name
// (`name`, the entry under /sys/bus/platform/devices/) and matched by pdev->name, OF compatibles and ACPI ids;
// a driver is inline, with of_match_table, acpi_match_table, an optional id_table and probe_once
// (registered with platform_driver_probe()).
import { UserError } from '../../util/errors.js';
import type { ProbeSpec } from '../../model/types.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { Json, ScenarioBus } from './types.js';
import { namedDevice, strings, namedDriver } from './named.js';

function device(o: Json): DeviceDecl {
  const name = String(o.name);
  return {
    ...namedDevice(o, 'platform'),
    // pdev->name defaults to dev_name: a device registered with id -1 (PLATFORM_DEVID_NONE) has dev_name == name.
    platform: {
      name: (o.pdev_name as string | undefined) ?? name,
      of_compatible: strings(o.of_compatible),
      acpi_ids: strings(o.acpi_ids),
    },
    vmbus: null,
  };
}

/** dev_name is unique on the bus (every bus but PCI, whose VF slots make it longer). */
export function names(file: string, devices: readonly (readonly [number, DeviceDecl])[]): Map<string, string> {
  const owner = new Map<string, string>();
  for (const [i, d] of devices) {
    if (owner.has(d.bdf))
      throw new UserError(file, `devices[${i}].name`, `duplicate device ${d.bdf} (also ${owner.get(d.bdf)})`);
    owner.set(d.bdf, `devices[${i}]`);
  }
  return owner;
}

function inline(o: Json, probe: ProbeSpec): InlineDriver {
  return {
    ...namedDriver(probe),
    platform: {
      of_match_table: strings(o.of_match_table),
      acpi_match_table: strings(o.acpi_match_table),
      id_table: o.id_table === undefined ? null : strings(o.id_table),
      probe_once: o.probe_once === true,
    },
  };
}

/** The same rule under the name the USB and serio loaders use. */
export const uniqueNames = names;

export const platformScenario: ScenarioBus = { name: 'platform', device, names, isInline: () => true, inline };
