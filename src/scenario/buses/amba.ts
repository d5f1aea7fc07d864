// Scenario format v1, amba devices and drivers (drivers/amba/bus.c): a device is named by its dev_name, holds a
// peripheral ID (`periphid`, 8 hex digits) and may name the driver whose device provides its clock or power
// domain (`supplier`): until a device is bound to it the ID registers do not read. A driver is inline with an
// id_table of { id, mask } (struct amba_id).
import type { ProbeSpec } from '../../model/types.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { Json, ScenarioBus } from './types.js';
import { names } from './platform.js';
import { hex, namedDevice, namedDriver } from './named.js';

function device(o: Json): DeviceDecl {
  return {
    ...namedDevice(o, 'amba'),
    amba: { periphid: hex(o.periphid), supplier: (o.supplier as string | undefined) ?? null },
  };
}

function inline(o: Json, probe: ProbeSpec): InlineDriver {
  const ids = (o.id_table as Json[] | undefined) ?? [];
  return { ...namedDriver(probe), amba: { id_table: ids.map((e) => ({ id: hex(e.id), mask: hex(e.mask) })) } };
}

export const ambaScenario: ScenarioBus = { name: 'amba', device, names, isInline: () => true, inline };
