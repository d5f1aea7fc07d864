// Scenario format v1, vmbus devices and drivers (drivers/hv/vmbus_drv.c): a device is a host offer named by its
// instance GUID (`name`, the entry under /sys/bus/vmbus/devices/) and matched by its class GUID (`class_id`) or,
// for hv_sock channels (`hvsock`), only by a driver with hvsock set; a driver is hv_netvsc, uio_hv_generic or
// hv_sock from the catalogue (src/model/vmbus/drivers.ts) by name, or inline with `id_table` (class GUIDs) and
// `hvsock`.
import type { ProbeSpec } from '../../model/types.js';
import { UserError } from '../../util/errors.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { Json, ScenarioBus } from './types.js';
import { names } from './platform.js';
import { namedDevice, namedDriver } from './named.js';
import { guid_parse } from '../../model/vmbus/guid.js';
import { findVmbusDriver } from '../../model/vmbus/drivers.js';
import type { DriverNames } from '../../model/catalogue/index.js';

function device(o: Json): DeviceDecl {
  return {
    ...namedDevice(o, 'vmbus'),
    vmbus: { class_id: guid_parse(String(o.class_id))!, hvsock: o.hvsock === true },
  };
}

function inline(o: Json, probe: ProbeSpec): InlineDriver {
  const known = findVmbusDriver(String(o.name));
  const own = o.id_table !== undefined || o.hvsock !== undefined;
  const table = own ? ((o.id_table as string[] | null | undefined) ?? null) : (known?.id_table ?? null);
  return {
    ...namedDriver(probe),
    vmbus: {
      id_table: table === null ? null : table.map((g) => guid_parse(g)!),
      hvsock: own ? o.hvsock === true : (known?.hvsock ?? false),
    },
  };
}

/**
 * The instance GUIDs, unique; in lower case, as the kernel names the device (vmbus_device_register, v4.9+:
 * dev_set_name("%pUl", if_instance), 9a56e5d6a0ba and f6b2db084b65), so that intents and sysfs paths written as
 * `ls /sys/bus/vmbus/devices` shows them find it.
 */
function vmbusNames(file: string, devices: readonly (readonly [number, DeviceDecl])[]): Map<string, string> {
  for (const [i, d] of devices)
    if (d.bdf !== d.bdf.toLowerCase())
      throw new UserError(
        file,
        `devices[${i}].name`,
        `must be lower case, as the kernel names vmbus devices ("%pUl"): "${d.bdf.toLowerCase()}"`,
      );
  return names(file, devices);
}

/** hv_netvsc, uio_hv_generic, hv_sock by kernel or module name (the module spelling "uio-hv-generic" too). */
function known(given: string): DriverNames | undefined {
  const d = findVmbusDriver(given);
  return d === undefined ? undefined : { name: d.name, module: d.module };
}

export const vmbusScenario: ScenarioBus = {
  name: 'vmbus',
  device,
  names: vmbusNames,
  isInline: () => true,
  known,
  inline,
};
