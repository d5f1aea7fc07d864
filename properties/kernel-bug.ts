import type { Violation } from './types.js';
import { observed } from './observe.js';

/**
 * `kernel-bug`: the kernel never frees memory twice or reads it after freeing it — what KASAN reports on a real
 * kernel (the model reports it as a `bug` event; today the unlocked platform driver_override store and show of
 * 3.17-4.12, CVE-2017-12146). Class-invariant: a bug event is recorded by the step that frees or reads the string,
 * which reads and writes driver_override, so its order against the other store is the same in every execution
 * of a class.
 */
export const kernelBug = observed({
  name: 'kernel-bug',
  doc: 'the kernel never frees memory twice or reads it after freeing it (what KASAN would report)',
  observe: (_s, w) => {
    const out: Violation[] = [];
    return {
      onStep(seq, events) {
        for (const e of events)
          if (e.kind === 'bug')
            out.push({
              property: 'kernel-bug',
              message: `${e.fn}: ${e.what} of ${w.devSpecs[e.dev].bdf}'s driver_override string`,
              step: seq,
            });
      },
      finish: () => out,
    };
  },
});
