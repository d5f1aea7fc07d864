// Scenario format v1, vmbus devices and drivers (drivers/hv/vmbus_drv.c): a device is a host offer named by its
// instance GUID (`name`, the entry under /sys/bus/vmbus/devices/) and matched by its class GUID (`class_id`) or,
// for hv_sock channels (`hvsock`), only by a driver with hvsock set; a driver is hv_netvsc, uio_hv_generic or
// hv_sock from the catalogue (src/model/vmbus/drivers.ts) by name, or inline with `id_table` (class GUIDs) and
// `hvsock`.
import type { ProbeSpec } from '../../model/types.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { Json, ScenarioBus } from './types.js';
import { names } from './platform.js';
import { namedDevice, namedDriver } from './named.js';
import { guid_parse } from '../../model/vmbus/guid.js';
import { findVmbusDriver } from '../../model/vmbus/drivers.js';

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

export const vmbusScenario: ScenarioBus = { name: 'vmbus', device, names, isInline: () => true, inline };
