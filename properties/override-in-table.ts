import type { Violation } from './types.js';
import { observed } from './observe.js';

/**
 * `override-in-table` (a policy goal, not a kernel promise): a driver bound while driver_override names it
 * has a static or dynamic id entry matching the device. What the 2021 RFC patch wanted; mainline fails it
 * by design (override binds any driver), and the matrix shows what the RFC pays for it in `no-regression`.
 * Class-invariant: each verdict is about one step's own events (the match and the bind it leads to).
 */
export const overrideInTable = observed({
  name: 'override-in-table',
  doc: 'a driver bound through driver_override has a static or dynamic id entry matching the device',
  observe: (_s, w) => {
    const out: Violation[] = [];
    return {
      onStep(seq, events) {
        for (const e of events) {
          if (e.kind !== 'bound') continue;
          const m = events.find((x) => x.kind === 'match' && x.dev === e.dev && x.drv === e.drv);
          if (m?.kind !== 'match' || m.override === null || m.inTable) continue;
          out.push({
            property: 'override-in-table',
            message: `${w.drvSpecs[e.drv].name} bound ${w.devSpecs[e.dev].bdf} through driver_override with no id entry for it`,
            step: seq,
          });
        }
      },
      finish: () => out,
    };
  },
});
