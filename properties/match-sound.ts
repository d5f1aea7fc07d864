import type { ExecutionProperty, Violation } from './types.js';

/**
 * `match-sound` (a model self-check): every bind happened after the policy matched that pair under the
 * device lock, with an id that really matches (a table or dynid entry for the device, or the override
 * naming the driver). Catches user policies that lie, or that threw (reported by the runner).
 */
export const matchSound: ExecutionProperty = {
  name: 'match-sound',
  kind: 'execution',
  doc: 'every probe follows a match under device_lock with an id that really matches the pair',
  check(s, r) {
    const out: Violation[] = [];
    const w = r.initial;
    const pair = (dev: number, drv: number): string => `${w.drvSpecs[drv].name} and ${w.devSpecs[dev].bdf}`;
    for (const t of r.trace) {
      for (const e of t.events) {
        if (e.kind === 'match' && !e.sound)
          out.push({
            property: 'match-sound',
            message: `the policy matched ${pair(e.dev, e.drv)} with an id that matches neither a table entry, a dynid nor the override`,
            step: t.seq,
          });
        if (e.kind === 'bound' && !t.events.some((x) => x.kind === 'match' && x.dev === e.dev && x.drv === e.drv)) {
          out.push({
            property: 'match-sound',
            message: `${pair(e.dev, e.drv)} were bound without a match under device_lock`,
            step: t.seq,
          });
        }
      }
    }
    for (const n of r.policyErrors) out.push({ property: 'match-sound', message: n, step: null });
    return out;
  },
};
