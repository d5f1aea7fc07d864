// The benchmark scenarios built in code.
import { parseScenario } from '../src/scenario/load.js';
import { findDriver } from '../src/model/catalogue/index.js';
import type { Scenario } from '../src/scenario/types.js';

/**
 * 4 actors, each moving one twin NIC from e1000e to vfio-pci with override + drivers_probe (13 steps an
 * actor); `roundTrip` moves it back too (unbind + drivers_probe: 21 steps an actor, issue 4's 4 × 20).
 */
export function fourActorScenario(roundTrip = false): Scenario {
  const bdf = (i: number): string => `0000:0${i + 1}:00.0`;
  const actor = (i: number) => ({
    name: `admin${i}`,
    ops: [
      { write: `/sys/bus/pci/devices/${bdf(i)}/driver_override`, value: 'vfio-pci\n' },
      { write: `/sys/bus/pci/devices/${bdf(i)}/driver/unbind`, value: bdf(i) },
      { write: '/sys/bus/pci/drivers_probe', value: bdf(i) },
      { write: `/sys/bus/pci/devices/${bdf(i)}/driver_override`, value: '\n' },
      ...(roundTrip
        ? [
            { write: `/sys/bus/pci/devices/${bdf(i)}/driver/unbind`, value: bdf(i) },
            { write: '/sys/bus/pci/drivers_probe', value: bdf(i) },
          ]
        : []),
    ],
  });
  const s = {
    scenario: 1,
    name: roundTrip ? 'bench-4x-round-trip' : 'bench-4x',
    drivers: ['e1000e', 'vfio-pci'],
    devices: [0, 1, 2, 3].map((i) => ({ bdf: bdf(i), vendor: '8086', device: '10d3', class: '020000' })),
    actors: [0, 1, 2, 3].map(actor),
  };
  return parseScenario(JSON.stringify(s), 'bench-4x.json', (n) => findDriver(n) !== undefined);
}
