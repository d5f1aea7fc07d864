// `fuzz --generate --bus amba`: PrimeCell UARTs (one waiting on its SCMI clock, a twin a DT overlay adds) and a
// PL330 DMA engine; uart-pl011, dma-pl330, vfio-amba and the clock's platform driver in random order and load state;
// admins running the vfio-amba sequence (modprobe, driver_override, unbind, drivers_probe) or driverctl -b amba;
// meanwhile the clock driver loads (H28), modules load and unload, the twin comes and goes, reprobes.
import fc from 'fast-check';
import { busScenarioJson, commonEnv, driverctl, overrideProbe, type ToolRun } from './world.js';

const UART = '9000000.pl011';
const TWIN = '9010000.pl011';
const DMA = '7ff00000.dma';
const NATIVE: Readonly<Record<string, string>> = { [UART]: 'uart-pl011', [DMA]: 'dma-pl330' };
const TABLES: Readonly<Record<string, Record<string, unknown>>> = {
  'uart-pl011': { id_table: [{ id: '00041011', mask: '000fffff' }] },
  'dma-pl330': { id_table: [{ id: '00041330', mask: '000fffff' }] },
  'vfio-amba': {},
};

const tool = (dev: string): fc.Arbitrary<ToolRun> =>
  fc.oneof(
    fc
      .constant(overrideProbe('amba', dev, 'vfio-amba'))
      .map((t) => ({ ...t, ops: [{ modprobe: 'vfio-amba' }, ...t.ops] })),
    driverctl('amba', dev, 'vfio-amba', NATIVE[dev]),
  );

export const ambaScenarioJson = busScenarioJson({
  bus: 'amba',
  drivers: ['uart-pl011', 'dma-pl330', 'vfio-amba', 'scmi-clk'],
  driver: (name) =>
    name === 'scmi-clk' ? { bus: 'platform', name, id_table: ['scmi-clk'] } : { bus: 'amba', name, ...TABLES[name] },
  devices: (late) => [
    { bus: 'platform', name: 'scmi-clk' },
    { bus: 'amba', name: UART, periphid: '00041011', supplier: 'scmi-clk' },
    { bus: 'amba', name: TWIN, periphid: '00041011', present: late },
    { bus: 'amba', name: DMA, periphid: '00041330' },
  ],
  targets: [UART, DMA],
  tool,
  env: fc.oneof(
    ...commonEnv('amba', {
      modules: ['uart-pl011', 'dma-pl330', 'vfio-amba', 'scmi-clk'],
      unload: ['uart-pl011', 'dma-pl330'],
      late: TWIN,
      probe: [TWIN, UART],
    }),
  ),
});
