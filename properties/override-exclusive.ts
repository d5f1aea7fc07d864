import type { ExecutionProperty, Violation } from './types.js';
import { eachEvent } from './timeline.js';

/**
 * `override-exclusive`: from the moment `driver_override=X` is stored, the device is never probed by a
 * driver other than X (a probe = the driver's ->probe is called after the match under device_lock).
 * The kernel promises this since 3.16; a user policy or an era quirk that breaks it is caught here.
 */
export const overrideExclusive: ExecutionProperty = {
  name: 'override-exclusive',
  kind: 'execution',
  doc: 'once driver_override=X is stored, no driver other than X probes the device',
  check(s, r) {
    const out: Violation[] = [];
    const w = r.initial;
    const override = w.devices.map((d) => (d.present ? d.override : null));
    eachEvent(r, (e, seq) => {
      if (e.kind === 'override') override[e.dev] = e.value;
      if (e.kind === 'uevent' && (e.action === 'add' || e.action === 'remove')) override[e.dev] = null; // a new pci_dev starts without one
      if (e.kind !== 'match') return;
      const name = w.drvSpecs[e.drv].name;
      const o = override[e.dev];
      if (o !== null && o !== name)
        out.push({
          property: 'override-exclusive',
          message: `${name} probed ${w.devSpecs[e.dev].bdf} while its driver_override was ${JSON.stringify(o)}`,
          step: seq,
        });
    });
    return out;
  },
};
