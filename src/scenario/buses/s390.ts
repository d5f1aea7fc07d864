// Scenario format v1, the s390 buses: css subchannels (drivers/s390/cio/css.c: a subchannel type, drivers with
// the types they drive) and ap queues (drivers/s390/crypto/ap_bus.c: a device type and whether apmask/aqmask
// give it to the default drivers; drivers with their types and AP_DRIVER_FLAG_DEFAULT).
import type { ProbeSpec } from '../../model/types.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { Json, ScenarioBus } from './types.js';
import { names } from './platform.js';
import { namedDevice, namedDriver } from './named.js';
import { UserError } from '../../util/errors.js';
import { apqn } from '../../model/ap/masks.js';

const numbers = (v: unknown): readonly number[] => (v as number[] | undefined) ?? [];

export const cssScenario: ScenarioBus = {
  name: 'css',
  device: (o: Json): DeviceDecl => ({
    ...namedDevice(o, 'css'),
    css: { st: (o.subchannel_type as number | undefined) ?? 0 },
  }),
  names,
  isInline: () => true,
  inline: (o: Json, probe: ProbeSpec): InlineDriver => ({
    ...namedDriver(probe),
    css: { subchannel_type: numbers(o.subchannel_type) },
  }),
};

/**
 * AP queue names are APQNs ("05.0032": card, then domain < 256, lower-case hex). in_masks is per card (apmask):
 * queues of one card that disagree are refused, since the kernel's masks cannot hold both.
 */
function apNames(file: string, devices: readonly (readonly [number, DeviceDecl])[]): Map<string, string> {
  const out = names(file, devices);
  const cardIn = new Map<number, readonly [number, boolean]>();
  for (const [i, d] of devices) {
    const q = apqn(d.bdf);
    if (q === null)
      throw new UserError(file, `devices[${i}].name`, `"${d.bdf}" is no AP queue (card.domain: "05.0032", hex)`);
    const seen = cardIn.get(q.card);
    if (seen !== undefined && seen[1] !== d.ap!.in_masks)
      throw new UserError(
        file,
        `devices[${i}].in_masks`,
        `card ${d.bdf.slice(0, 2)} is in apmask or not: devices[${seen[0]}] says ${seen[1]}, this one ${d.ap!.in_masks}`,
      );
    cardIn.set(q.card, [i, d.ap!.in_masks]);
  }
  return out;
}

export const apScenario: ScenarioBus = {
  name: 'ap',
  device: (o: Json): DeviceDecl => ({
    ...namedDevice(o, 'ap'),
    ap: { device_type: o.device_type as number, in_masks: o.in_masks !== false },
  }),
  names: apNames,
  isInline: () => true,
  inline: (o: Json, probe: ProbeSpec): InlineDriver => ({
    ...namedDriver(probe),
    ap: { device_types: numbers(o.device_types), default_driver: o.default_driver === true },
  }),
};
