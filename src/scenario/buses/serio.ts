// Scenario format v1, serio ports (struct serio, "serio0", "serio1": type/proto/id/extra, bind_mode) and inline
// serio drivers (struct serio_driver: an id table whose missing fields are SERIO_ANY, and manual_bind).
import type { ProbeSpec, SerioId } from '../../model/types.js';
import { SERIO_ANY } from '../../model/serio/serio.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { Json, ScenarioBus } from './types.js';
import { hex } from './pci.js';
import { uniqueNames } from './platform.js';
import { namedDevice, namedDriver } from './named.js';

const field = (s: unknown, dflt: number): number => (s === undefined ? dflt : hex(s));

function device(o: Json): DeviceDecl {
  return {
    ...namedDevice(o, 'serio'),
    serio: {
      type: field(o.type, 0),
      proto: field(o.proto, 0),
      id: field(o.id, 0),
      extra: field(o.extra, 0),
      manual_bind: o.bind_mode === 'manual',
    },
  };
}

const idDecl = (o: Json): SerioId => ({
  type: field(o.type, SERIO_ANY),
  proto: field(o.proto, SERIO_ANY),
  id: field(o.id, SERIO_ANY),
  extra: field(o.extra, SERIO_ANY),
});

function inline(o: Json, probe: ProbeSpec): InlineDriver {
  return {
    ...namedDriver(probe),
    serio: { id_table: ((o.id_table as Json[] | undefined) ?? []).map(idDecl), manual_bind: o.manual_bind === true },
  };
}

export const serioScenario: ScenarioBus = { name: 'serio', device, names: uniqueNames, isInline: () => true, inline };
