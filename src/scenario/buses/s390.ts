// Scenario format v1, the s390 buses: css subchannels (drivers/s390/cio/css.c: a subchannel type, drivers with
// the types they drive) and ap queues (drivers/s390/crypto/ap_bus.c: a device type and whether apmask/aqmask
// give it to the default drivers; drivers with their types and AP_DRIVER_FLAG_DEFAULT).
import type { ProbeSpec } from '../../model/types.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { Json, ScenarioBus } from './types.js';
import { names } from './platform.js';
import { namedDevice, namedDriver } from './named.js';

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

export const apScenario: ScenarioBus = {
  name: 'ap',
  device: (o: Json): DeviceDecl => ({
    ...namedDevice(o, 'ap'),
    ap: { device_type: o.device_type as number, in_masks: o.in_masks !== false },
  }),
  names,
  isInline: () => true,
  inline: (o: Json, probe: ProbeSpec): InlineDriver => ({
    ...namedDriver(probe),
    ap: { device_types: numbers(o.device_types), default_driver: o.default_driver === true },
  }),
};
