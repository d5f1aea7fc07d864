// `fuzz --generate --bus platform`: whole platform worlds (a DT SoC's ethernet, its twin, a DMA engine without a
// vfio reset handler), native drivers and vfio-platform in random registration order and load state, admins
// running the vfio-platform sequence of 3d713e0e382e or handing a device back, module loads and hot-adds meanwhile.
import fc from 'fast-check';
import { busScenarioJson, type Op, type ToolRun } from './world.js';

const PD = '/sys/bus/platform';
const ETH = 'fff51000.ethernet';
const TWIN = 'fff52000.ethernet';
const DMA = 'fe000000.dma';
const XGBE = 'amd,xgbe-seattle-v1a'; // has a vfio reset handler (vfio_platform_amdxgbe.c)
const PL330 = 'arm,pl330'; // has none: vfio-platform needs reset_required=0
const NATIVE: Readonly<Record<string, string>> = { [ETH]: 'amd-xgbe', [TWIN]: 'amd-xgbe', [DMA]: 'dma-pl330' };
const DRIVERS = ['amd-xgbe', 'dma-pl330', 'vfio-platform'] as const;

/** The vfio-platform sequence (override, unbind, drivers_probe) or its reverse (clear, unbind, drivers_probe). */
const toolOp = (dev: string): fc.Arbitrary<ToolRun> =>
  fc.oneof(
    fc.boolean().map((noReset) => ({
      ops: [
        (noReset ? { modprobe: 'vfio-platform', params: 'reset_required=0' } : { modprobe: 'vfio-platform' }) as Op,
        { write: `${PD}/devices/${dev}/driver_override`, value: 'vfio-platform' },
        { write: `${PD}/devices/${dev}/driver/unbind`, value: dev },
        { write: `${PD}/drivers_probe`, value: dev },
      ],
      target: 'vfio-platform',
    })),
    fc.constant<ToolRun>({
      ops: [
        { modprobe: NATIVE[dev] },
        { write: `${PD}/devices/${dev}/driver_override`, value: '\n' },
        { write: `${PD}/devices/${dev}/driver/unbind`, value: dev },
        { write: `${PD}/drivers_probe`, value: dev },
      ],
      target: NATIVE[dev],
    }),
  );

/** Things that happen meanwhile: udev's autoload, a reload, a DT overlay adding the twin, a stray reprobe. */
const envOp: fc.Arbitrary<Op> = fc.oneof(
  fc.constantFrom(...DRIVERS).map((m) => ({ modprobe: m })),
  fc.constantFrom('amd-xgbe', 'dma-pl330').map((m) => ({ rmmod: m })),
  fc.constant({ hotplug: 'add', device: TWIN }),
  fc.constantFrom(ETH, DMA).map((d) => ({ write: `${PD}/drivers_probe`, value: d })),
);

/** A platform scenario as JSON (format v1), always valid; one tool per device, no unload of a tool's target. */
export const platformScenarioJson = busScenarioJson({
  bus: 'platform',
  drivers: DRIVERS,
  driver: (name) => ({
    name,
    bus: 'platform',
    ...(name === 'vfio-platform' ? {} : { of_match_table: [name === 'amd-xgbe' ? XGBE : PL330] }),
  }),
  devices: (late) => [
    { bus: 'platform', name: ETH, of_compatible: [XGBE] },
    { bus: 'platform', name: TWIN, of_compatible: [XGBE], present: late },
    { bus: 'platform', name: DMA, of_compatible: [PL330, 'arm,primecell'] },
  ],
  targets: [ETH, DMA],
  tool: toolOp,
  env: envOp,
});
