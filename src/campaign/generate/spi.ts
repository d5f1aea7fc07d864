// `fuzz --generate --bus spi`: an MCP3008 ADC (a twin a DT overlay adds); mcp320x and
// spidev in random order and load state; admins handing the ADC to spidev as spidev.rst says (driver_override,
// unbind, bind), with driverctl -b spi, or back to mcp320x clearing the override with "\n" or a NUL byte (H30);
// meanwhile module loads and unloads, the twin comes and goes, reprobes.
import fc from 'fast-check';
import { busScenarioJson, commonEnv, driverctl, sysfs, type ToolRun } from './world.js';

const ADC = 'spi0.0';
const TWIN = 'spi0.1';
const f = sysfs('spi');
const adc = (name: string) => ({ bus: 'spi', name, modalias: 'mcp3008', of_compatible: ['microchip,mcp3008'] });

const tool = (dev: string): fc.Arbitrary<ToolRun> =>
  fc.oneof(
    fc.constant<ToolRun>({
      ops: [
        { write: f.dev(dev, 'driver_override'), value: 'spidev' },
        { write: f.dev(dev, 'driver/unbind'), value: dev },
        { write: f.drv('spidev', 'bind'), value: dev },
      ],
      target: 'spidev',
    }),
    driverctl('spi', dev, 'spidev', 'mcp320x'),
    fc.constantFrom('\n', '\u0000').map((clear) => ({
      ops: [
        { write: f.dev(dev, 'driver_override'), value: clear },
        { write: f.dev(dev, 'driver/unbind'), value: dev },
        { write: f.probe, value: dev },
      ],
      target: 'mcp320x',
    })),
  );

export const spiScenarioJson = busScenarioJson({
  bus: 'spi',
  drivers: ['mcp320x', 'spidev'],
  driver: (name) =>
    name === 'spidev'
      ? { bus: 'spi', name, id_table: ['dh2228fv'] }
      : { bus: 'spi', name, of_match_table: ['microchip,mcp3008'] },
  devices: (late) => [adc(ADC), { ...adc(TWIN), present: late }],
  targets: [ADC],
  tool,
  env: fc.oneof(
    ...commonEnv('spi', {
      modules: ['mcp320x', 'spidev'],
      unload: ['mcp320x', 'spidev'],
      late: TWIN,
      probe: [TWIN, ADC],
    }),
  ),
});
