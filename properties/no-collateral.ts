import type { Violation } from './types.js';
import type { Scenario } from '../src/scenario/types.js';
import { observed } from './observe.js';
import { describeBinding } from './timeline.js';

/**
 * `no-collateral`: every device outside all actors' intents ends bound exactly as in the reference run,
 * where only the environment actors (hotplug, module loads) run, one after another. A twin captured by
 * another device's new_id (H1, H2) or a host-driver load sweeping up a device fails it.
 * Class-invariant: it reads only the final bindings (and the reference run, which is fixed).
 */
export const noCollateral = observed({
  name: 'no-collateral',
  doc: 'devices outside every intent end bound as in the reference run (environment actors alone, serially)',
  observe: (s, _w, ctx) => ({
    finish(r) {
      const out: Violation[] = [];
      if (r.status !== 'done') return out;
      const intended = intendedOf(s);
      const ref = ctx.reference().bindings;
      const check = (bdf: string): void => {
        if (intended.has(bdf)) return;
        const want = bdf in ref ? ref[bdf] : undefined;
        const got = bdf in r.bindings ? r.bindings[bdf] : undefined;
        if (want === got) return;
        out.push({
          property: 'no-collateral',
          message: `${bdf}, in no actor's intent, ended ${describeBinding(got)}; with the environment alone it is ${describeBinding(want)}`,
          step: null,
        });
      };
      // The reference's devices, then the ones only this run has.
      for (const bdf in ref) check(bdf);
      for (const bdf in r.bindings) if (!(bdf in ref)) check(bdf);
      return out;
    },
  }),
});

/** Every device in some actor's intent, once per scenario. */
const intended = new WeakMap<Scenario, ReadonlySet<string>>();
function intendedOf(s: Scenario): ReadonlySet<string> {
  let set = intended.get(s);
  if (set === undefined) intended.set(s, (set = new Set(s.actors.flatMap((a) => Object.keys(a.intent ?? {})))));
  return set;
}
