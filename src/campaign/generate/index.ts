// `fuzz --generate --bus <bus>`: the world generator of every modelled bus. PCI's is campaign/generate.ts (the
// default); each other bus has one file here built on world.ts's shape. Adding a bus: a file, one line below.
import type fc from 'fast-check';
import type { BusName } from '../../model/types.js';
import { scenarioJson } from '../generate.js';
import type { Json } from './world.js';
import { platformScenarioJson } from './platform.js';
import { usbScenarioJson } from './usb.js';
import { serioScenarioJson } from './serio.js';
import { ambaScenarioJson } from './amba.js';
import { spiScenarioJson } from './spi.js';
import { cssScenarioJson } from './css.js';
import { apScenarioJson } from './ap.js';
import { vmbusScenarioJson } from './vmbus.js';
import { cdxScenarioJson } from './cdx.js';
import { fslMcScenarioJson } from './fsl-mc.js';

export const BUS_GENERATORS: Readonly<Record<BusName, fc.Arbitrary<Json>>> = {
  pci: scenarioJson,
  platform: platformScenarioJson,
  usb: usbScenarioJson,
  serio: serioScenarioJson,
  amba: ambaScenarioJson,
  spi: spiScenarioJson,
  css: cssScenarioJson,
  ap: apScenarioJson,
  vmbus: vmbusScenarioJson,
  cdx: cdxScenarioJson,
  'fsl-mc': fslMcScenarioJson,
};
