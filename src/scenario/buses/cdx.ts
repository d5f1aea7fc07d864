// Scenario format v1, CDX devices and drivers (drivers/cdx/cdx.c): a device is named by its dev_name ("cdx-00:00",
// a bus device "cdx-00") and matched by vendor/device, subsystem ids and class; a driver is inline with its
// match_id_table, whose override_only entries (vfio-cdx's) need driver_override.
import { CDX_ANY_ID, type CdxDeviceId, type ProbeSpec } from '../../model/types.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { Json, ScenarioBus } from './types.js';
import { namedDevice, namedDriver } from './named.js';
import { uniqueNames } from './platform.js';

const hex = (s: unknown, dflt: number): number => (s === undefined ? dflt : parseInt(String(s), 16) >>> 0);

function device(o: Json): DeviceDecl {
  return {
    ...namedDevice(o, 'cdx'),
    cdx: {
      vendor: hex(o.vendor, 0),
      device: hex(o.device, 0),
      subvendor: hex(o.subvendor, 0),
      subdevice: hex(o.subdevice, 0),
      class: hex(o.class, 0),
      is_bus: o.is_bus === true,
    },
  };
}

/** CDX_DEVICE / CDX_DEVICE_DRIVER_OVERRIDE: subsystem ids CDX_ANY_ID unless given, class ignored (mask 0). */
function idDecl(o: Json): CdxDeviceId {
  return {
    vendor: hex(o.vendor, 0),
    device: hex(o.device, 0),
    subvendor: hex(o.subvendor, CDX_ANY_ID),
    subdevice: hex(o.subdevice, CDX_ANY_ID),
    class: hex(o.class, 0),
    class_mask: hex(o.class_mask, 0),
    override_only: o.override_only === true,
  };
}

function inline(o: Json, probe: ProbeSpec): InlineDriver {
  const table = o.match_id_table as Json[] | undefined;
  return { ...namedDriver(probe), cdx: { match_id_table: table === undefined ? null : table.map(idDecl) } };
}

export const cdxScenario: ScenarioBus = { name: 'cdx', device, names: uniqueNames, isInline: () => true, inline };
