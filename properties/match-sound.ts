import type { Violation } from './types.js';
import { observed } from './observe.js';

/**
 * `match-sound` (a model self-check): every bind happened after the policy matched that pair under the
 * device lock, with an id that really matches (a table or dynid entry for the device, or the override
 * naming the driver). Catches user policies that lie, or that threw (reported by the runner).
 * Class-invariant: each verdict is about one step's own events; a policy's errors come from its steps.
 */
export const matchSound = observed({
  name: 'match-sound',
  doc: 'every probe follows a match under device_lock with an id that really matches the pair',
  observe: (_s, w) => {
    const out: Violation[] = [];
    const pair = (dev: number, drv: number): string => `${w.drvSpecs[drv].name} and ${w.devSpecs[dev].bdf}`;
    return {
      onStep(seq, events) {
        for (const e of events) {
          if (e.kind === 'match' && !e.sound)
            out.push({
              property: 'match-sound',
              message: `the policy matched ${pair(e.dev, e.drv)} with an id that matches neither a table entry, a dynid nor the override`,
              step: seq,
            });
          if (e.kind === 'bound' && !events.some((x) => x.kind === 'match' && x.dev === e.dev && x.drv === e.drv))
            out.push({
              property: 'match-sound',
              message: `${pair(e.dev, e.drv)} were bound without a match under device_lock`,
              step: seq,
            });
        }
      },
      finish(r) {
        for (const n of r.policyErrors) out.push({ property: 'match-sound', message: n, step: null });
        return out;
      },
    };
  },
});
