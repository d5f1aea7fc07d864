// `fuzz --generate --bus vmbus`: a Hyper-V guest's synthetic NICs (one the host offers later) and an hv_sock
// channel; hv_netvsc (loaded at boot), uio_hv_generic and hv_sock in random order and load state; admins running
// DPDK's netvsc guide (new_id of the NIC class, unbind, bind: the new_id stays) or driverctl -b vmbus (H23 on the
// hv_sock channel); meanwhile the host offers and rescinds the late NIC (H22), modules load and unload, reprobes.
import fc from 'fast-check';
import { busScenarioJson, commonEnv, driverctl, setOverride, type ToolRun } from './world.js';
import { HV_NIC_GUID } from '../../model/vmbus/guid.js';

const ETH0 = 'ed963694-e847-4b2a-85af-bc9cfc11d6f3';
const ETH1 = 'c4a8f2d1-5b3e-4e7a-9f10-2d6b8e4a1c37';
const LATE = '3b2e1c90-6c4f-4d0b-a7a4-1b2f5e7c9d10'; // a NIC the host offers while the admins work
const SOCK = '9f6e1d2a-2c49-4d43-9c39-3ff8e1a0c7a5';

const tool = (dev: string): fc.Arbitrary<ToolRun> =>
  dev === SOCK
    ? fc.constant(setOverride('vmbus', dev, 'uio_hv_generic')) // H23: hv_sock keeps it
    : fc.oneof(
        fc.constant<ToolRun>({ ops: [{ recipe: 'dpdk netvsc-guide', bdf: dev }], target: 'uio_hv_generic' }),
        driverctl('vmbus', dev, 'uio_hv_generic', 'hv_netvsc'),
      );

export const vmbusScenarioJson = busScenarioJson({
  bus: 'vmbus',
  drivers: ['hv_netvsc', 'uio_hv_generic', 'hv_sock'], // the real tables (src/model/vmbus/drivers.ts)
  driver: (name) => ({ bus: 'vmbus', name }),
  coldplug: ['hv_netvsc'], // udev loads it for the NICs at boot: the guest's network
  devices: (late) => [
    { bus: 'vmbus', name: ETH0, class_id: HV_NIC_GUID },
    { bus: 'vmbus', name: ETH1, class_id: HV_NIC_GUID },
    { bus: 'vmbus', name: LATE, class_id: HV_NIC_GUID, present: late },
    { bus: 'vmbus', name: SOCK, class_id: 'a42e7cda-d03f-480c-9cc2-a4de20abb878', hvsock: true },
  ],
  targets: [ETH0, ETH1, SOCK],
  tool,
  env: fc.oneof(
    ...commonEnv('vmbus', {
      modules: ['hv_netvsc', 'uio_hv_generic', 'hv_sock'],
      unload: ['hv_netvsc', 'uio_hv_generic'],
      late: LATE,
      probe: [LATE, ETH0],
    }),
  ),
});
