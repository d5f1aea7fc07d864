import type { ExecutionProperty, Violation } from './types.js';
import { describeBinding } from './timeline.js';

/**
 * `no-collateral`: every device outside all actors' intents ends bound exactly as in the reference run,
 * where only the environment actors (hotplug, module loads) run, one after another. A twin captured by
 * another device's new_id (H1, H2) or a host-driver load sweeping up a device fails it.
 */
export const noCollateral: ExecutionProperty = {
  name: 'no-collateral',
  kind: 'execution',
  doc: 'devices outside every intent end bound as in the reference run (environment actors alone, serially)',
  check(s, r, ctx) {
    const out: Violation[] = [];
    if (r.status !== 'done') return out;
    const intended = new Set(s.actors.flatMap((a) => Object.keys(a.intent ?? {})));
    const ref = ctx.reference().bindings;
    for (const bdf of new Set([...Object.keys(ref), ...Object.keys(r.bindings)])) {
      if (intended.has(bdf)) continue;
      const want = bdf in ref ? ref[bdf] : undefined;
      const got = bdf in r.bindings ? r.bindings[bdf] : undefined;
      if (want === got) continue;
      out.push({
        property: 'no-collateral',
        message: `${bdf}, in no actor's intent, ended ${describeBinding(got)}; with the environment alone it is ${describeBinding(want)}`,
        step: null,
      });
    }
    return out;
  },
};
