// klist iteration as the driver core does it: the next live node after the cursor, so nodes added
// during a walk are visited and removed ones are skipped (bus_for_each_dev / bus_for_each_drv).
import type { BusName, World } from '../types.js';

/** Next registered driver of `bus` in registration order after sequence number `after`, or -1. */
export function nextDriver(w: World, bus: BusName, after: number): number {
  let best = -1;
  for (let j = 0; j < w.drivers.length; j++) {
    const d = w.drivers[j];
    if (d.registered && d.seq > after && (best < 0 || d.seq < w.drivers[best].seq) && w.drvSpecs[j].bus === bus)
      best = j;
  }
  return best;
}

/** Next device on `bus` in device-add order after sequence number `after`, or -1. */
export function nextDevice(w: World, bus: BusName, after: number): number {
  let best = -1;
  for (let i = 0; i < w.devices.length; i++) {
    const d = w.devices[i];
    if (d.present && d.seq > after && (best < 0 || d.seq < w.devices[best].seq) && w.devSpecs[i].bus === bus) best = i;
  }
  return best;
}
