import type { Violation } from './types.js';
import { observed } from './observe.js';

/**
 * `override-exclusive`: from the moment `driver_override=X` is stored, the device is never probed by a
 * driver other than X (a probe = the driver's ->probe is called after the match under device_lock).
 * The kernel promises this since 3.16; a user policy or an era quirk that breaks it is caught here.
 * Class-invariant: the override a match sees is the last write of the device's driver_override before it
 * (a store, or a pci_dev created or destroyed), and the match step reads driver_override, so every execution
 * of a class orders those writes before the same matches.
 */
export const overrideExclusive = observed({
  name: 'override-exclusive',
  doc: 'once driver_override=X is stored, no driver other than X probes the device',
  observe: (_s, w) => {
    const out: Violation[] = [];
    const override = w.devices.map((d) => (d.present ? d.override : null));
    return {
      onStep(seq, events) {
        for (const e of events) {
          if (e.kind === 'override') override[e.dev] = e.value;
          if (e.kind === 'uevent' && (e.action === 'add' || e.action === 'remove')) override[e.dev] = null; // a new pci_dev starts without one
          if (e.kind !== 'match') continue;
          const name = w.drvSpecs[e.drv].name;
          const o = override[e.dev];
          if (o !== null && o !== name)
            out.push({
              property: 'override-exclusive',
              message: `${name} probed ${w.devSpecs[e.dev].bdf} while its driver_override was ${JSON.stringify(o)}`,
              step: seq,
            });
        }
      },
      finish: () => out,
    };
  },
});
