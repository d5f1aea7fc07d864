// Worlds with serio ports and serio drivers, built directly.
import type { DeviceSpec, DriverSpec, ProbeSpec, SerioId } from '../../../src/model/types.js';
import type { Kernel } from '../../../src/model/kernel.js';
import type { Quirks } from '../../../src/profiles/types.js';
import { deviceSlot, driverSlot, kernelOf } from '../platform/helpers.js';

/** An i8042 AUX port: type SERIO_8042 (0x01), proto 0, id 0, extra 0. */
export type SPort = { readonly dev: string; readonly manual_bind?: boolean } & Partial<SerioId>;
export interface SDrv {
  readonly name: string;
  readonly ids: readonly SerioId[];
  readonly manual_bind?: boolean;
  readonly probe?: ProbeSpec;
}

function devSpec(d: SPort): DeviceSpec {
  const serio = {
    type: d.type ?? 0x01,
    proto: d.proto ?? 0,
    id: d.id ?? 0,
    extra: d.extra ?? 0,
    manual_bind: d.manual_bind ?? false,
  };
  return deviceSlot('serio', d.dev, { serio });
}

function drvSpec(d: SDrv): DriverSpec {
  return driverSlot('serio', d.name, d.probe ?? { kind: 'ok' }, {
    serio: { id_table: d.ids, manual_bind: d.manual_bind ?? false },
  });
}

export function serioKernel(devs: readonly SPort[], drvs: readonly SDrv[], era: string | Quirks = '6.1'): Kernel {
  return kernelOf(devs.map(devSpec), drvs.map(drvSpec), era);
}

/** serio_device_id { type, proto, id, extra } with SERIO_ANY (0xff) where not given. */
export const sid = (type: number, rest: Partial<SerioId> = {}): SerioId => ({
  type,
  proto: rest.proto ?? 0xff,
  id: rest.id ?? 0xff,
  extra: rest.extra ?? 0xff,
});
