// `fuzz --generate --bus css`: s390 subchannels (two I/O subchannels, one attached while the admins work, and a
// CHSC subchannel); io_subchannel and chsc_subchannel built in, vfio_ccw a module loaded or not; admins handing
// an I/O subchannel to vfio_ccw with driverctl -b css or vfio-ccw.rst's unbind and bind, or back; one driverctl on
// the CHSC subchannel (H31: the override filters); meanwhile vfio_ccw loads, a subchannel comes and goes, reprobes.
import fc from 'fast-check';
import { busScenarioJson, commonEnv, driverctl, setOverride, sysfs, type ToolRun } from './world.js';

const IO = '0.0.0100';
const LATE = '0.0.0101';
const CHSC = '0.0.ff00';
const f = sysfs('css');
const TYPES: Readonly<Record<string, number[]>> = { io_subchannel: [0], chsc_subchannel: [1], vfio_ccw: [0] };

const tool = (dev: string): fc.Arbitrary<ToolRun> =>
  dev === CHSC
    ? fc.constant(setOverride('css', dev, 'vfio_ccw')) // H31: the filter keeps it unbound
    : fc.oneof(
        driverctl('css', dev, 'vfio_ccw', 'io_subchannel'),
        fc.constant<ToolRun>({
          ops: [
            { modprobe: 'vfio_ccw' },
            { write: f.dev(dev, 'driver/unbind'), value: dev },
            { write: f.drv('vfio_ccw', 'bind'), value: dev },
          ],
          target: 'vfio_ccw',
        }),
      );

export const cssScenarioJson = busScenarioJson({
  bus: 'css',
  builtin: ['io_subchannel', 'chsc_subchannel'].map((name) => ({ bus: 'css', name, subchannel_type: TYPES[name] })),
  drivers: ['vfio_ccw'],
  driver: (name) => ({ bus: 'css', name, subchannel_type: TYPES[name] }),
  devices: (late) => [
    { bus: 'css', name: IO, subchannel_type: 0 },
    { bus: 'css', name: LATE, subchannel_type: 0, present: late },
    { bus: 'css', name: CHSC, subchannel_type: 1 },
  ],
  targets: [IO, CHSC],
  tool,
  env: fc.oneof(...commonEnv('css', { modules: ['vfio_ccw'], unload: ['vfio_ccw'], late: LATE, probe: [LATE, IO] })),
});
