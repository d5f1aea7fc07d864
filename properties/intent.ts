import type { ExecutionProperty, Violation } from './types.js';

/**
 * `intent`: at quiescence every device in an actor's intent is bound as intended (null = unbound),
 * unless one of that actor's writes returned an error; a failed write makes the failure visible,
 * which is `error-visible`'s business, not this property's.
 */
export const intent: ExecutionProperty = {
  name: 'intent',
  kind: 'execution',
  doc: "at quiescence every device in an actor's intent is bound as intended, unless one of that actor's writes failed",
  check(s, r) {
    const out: Violation[] = [];
    if (r.status !== 'done') return out;
    for (const a of s.actors) {
      if (a.intent === null) continue;
      if (r.ops.some((o) => o.actor === a.name && o.failed)) continue;
      for (const [bdf, want] of Object.entries(a.intent)) {
        const got = bdf in r.bindings ? r.bindings[bdf] : undefined;
        if (got === want) continue;
        const gotText = got === undefined ? 'not present' : got === null ? 'unbound' : `bound to ${got}`;
        out.push({ property: 'intent', message: `${a.name} wanted ${bdf} ${want === null ? 'unbound' : `on ${want}`}; it ended ${gotText}, and every write of ${a.name} succeeded`, step: null });
      }
    }
    return out;
  },
};
