// `fuzz --generate --bus cdx`: an AMD FPGA's CDMA function (a second one a new bitstream brings, added at the next
// rescan); cdx-cdma-1.0 and vfio-cdx (an override_only entry) in random order and load state; admins binding the
// function to vfio-cdx as AMD's DPDK README does (unbind, driver_override, drivers_probe) or with driverctl -b cdx,
// or back; meanwhile the FPGA tool rescans (H24), the bitstream changes, modules load and unload, reprobes.
import fc from 'fast-check';
import { busScenarioJson, commonEnv, driverctl, sysfs, type ToolRun } from './world.js';

const CDMA = 'cdx-00:00';
const LATE = 'cdx-00:01';
const f = sysfs('cdx');
const TABLES: Readonly<Record<string, unknown[]>> = {
  'cdx-cdma-1.0': [{ vendor: '10ee', device: '8084' }],
  'vfio-cdx': [{ vendor: 'ffff', device: 'ffff', override_only: true }],
};

const tool = (dev: string): fc.Arbitrary<ToolRun> =>
  fc.oneof(
    fc.constant<ToolRun>({
      ops: [
        { modprobe: 'vfio-cdx' },
        { write: f.drv('cdx-cdma-1.0', 'unbind'), value: `${dev}\n` },
        { write: f.dev(dev, 'driver_override'), value: 'vfio-cdx\n' },
        { write: f.probe, value: `${dev}\n` },
      ],
      target: 'vfio-cdx',
    }),
    driverctl('cdx', dev, 'vfio-cdx', 'cdx-cdma-1.0'),
  );

export const cdxScenarioJson = busScenarioJson({
  bus: 'cdx',
  drivers: ['cdx-cdma-1.0', 'vfio-cdx'],
  driver: (name) => ({ bus: 'cdx', name, match_id_table: TABLES[name] }),
  devices: (late) => [
    { bus: 'cdx', name: CDMA, vendor: '10ee', device: '8084' },
    { bus: 'cdx', name: LATE, vendor: '10ee', device: '8084', present: late },
  ],
  targets: [CDMA],
  tool,
  env: fc.oneof(
    ...commonEnv('cdx', {
      modules: ['cdx-cdma-1.0', 'vfio-cdx'],
      unload: ['cdx-cdma-1.0', 'vfio-cdx'],
      late: LATE,
      probe: [LATE],
    }),
    fc.constant({ write: '/sys/bus/cdx/rescan', value: '1\n' }),
  ),
});
