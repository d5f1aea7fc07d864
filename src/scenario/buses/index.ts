// The buses scenario format v1 can declare devices and drivers on, by the name a device's or driver's "bus" gives.
//
// Adding a bus <b> (after its model in src/model/<b>/ and its name in BUS_NAMES, src/model/types.ts):
//   1. src/scenario/buses/<b>.ts exporting a ScenarioBus (device fields -> DeviceDecl, inline driver fields,
//      the sysfs names its devices take); platform.ts is the small example;
//   2. one line here;
//   3. in schema/scenario-v1.schema.json: definitions "<b>Device" and "<b>Driver" (each with "bus": {"const": "<b>"}),
//      one "if"/"then" entry in the allOf of "device" and of the object branch of "driver", "<b>" in "busName", and "<b>" under
//      the top-level "buses" (its drivers_autoprobe);
//   4. the world builder (src/model/world.ts) takes DeviceDecl.<b> / InlineDriver.<b> into the specs.
// A field of another bus on a device or driver is then refused with the bus it belongs to (structure.ts).
import type { BusName } from '../../model/types.js';
import type { ScenarioBus } from './types.js';
import { pciScenario } from './pci.js';
import { platformScenario } from './platform.js';
import { usbScenario } from './usb.js';
import { serioScenario } from './serio.js';
import { ambaScenario } from './amba.js';
import { spiScenario } from './spi.js';
import { apScenario, cssScenario } from './s390.js';
import { vmbusScenario } from './vmbus.js';
import { cdxScenario } from './cdx.js';
import { fslMcScenario } from './fsl-mc.js';

export const SCENARIO_BUSES: Readonly<Record<BusName, ScenarioBus>> = {
  pci: pciScenario,
  platform: platformScenario,
  usb: usbScenario,
  serio: serioScenario,
  amba: ambaScenario,
  spi: spiScenario,
  css: cssScenario,
  ap: apScenario,
  vmbus: vmbusScenario,
  cdx: cdxScenario,
  'fsl-mc': fslMcScenario,
};

export type { ScenarioBus, Json } from './types.js';
