// `fuzz --generate --bus ap`: s390 crypto queues of a CEX7 card in apmask/aqmask (one coming online while the
// admins work); cex4queue and vfio_ap in random order and load state; admins handing a queue to vfio_ap with
// driverctl -b ap (d38a87d7c064's reason for the file, 6.19) or the override, unbind, drivers_probe, or back;
// meanwhile modules load and unload, the queue comes and goes, reprobes. ap checks the override at probe time.
import fc from 'fast-check';
import { busScenarioJson, commonEnv, driverctl, overrideProbe, type ToolRun } from './world.js';

const Q0 = '05.0032';
const Q1 = '05.0033';
const LATE = '05.0034';
const CEX7 = 13; // ap_dev->device_type of a CEX7 queue (AP_DEVICE_TYPE_CEX7)

const tool = (dev: string): fc.Arbitrary<ToolRun> =>
  fc.oneof(
    driverctl('ap', dev, 'vfio_ap', 'cex4queue'),
    fc.constant(overrideProbe('ap', dev, 'vfio_ap')).map((t) => ({ ...t, ops: [{ modprobe: 'vfio_ap' }, ...t.ops] })),
  );

export const apScenarioJson = busScenarioJson({
  bus: 'ap',
  drivers: ['cex4queue', 'vfio_ap'],
  driver: (name) => ({
    bus: 'ap',
    name,
    device_types: [CEX7],
    ...(name === 'cex4queue' ? { default_driver: true } : {}),
  }),
  devices: (late) => [
    { bus: 'ap', name: Q0, device_type: CEX7 },
    { bus: 'ap', name: Q1, device_type: CEX7 },
    { bus: 'ap', name: LATE, device_type: CEX7, present: late },
  ],
  targets: [Q0, Q1],
  tool,
  env: fc.oneof(
    ...commonEnv('ap', {
      modules: ['cex4queue', 'vfio_ap'],
      unload: ['cex4queue', 'vfio_ap'],
      late: LATE,
      probe: [LATE],
    }),
  ),
});
