import type { ExecutionProperty, Violation } from './types.js';
import { describeBinding } from './timeline.js';

/**
 * `intent`: at quiescence every device in an actor's intent is bound as intended (null = unbound),
 * unless one of that actor's ops failed visibly (a negative errno, or a tool that exited non-zero or
 * printed an error); a visible failure is `error-visible`'s business, not this property's.
 */
export const intent: ExecutionProperty = {
  name: 'intent',
  kind: 'execution',
  doc: "at quiescence every device in an actor's intent is bound as intended, unless one of that actor's ops failed visibly",
  check(s, r) {
    const out: Violation[] = [];
    if (r.status !== 'done') return out;
    for (const a of s.actors) {
      if (a.intent === null) continue;
      if (r.ops.some((o) => o.actor === a.name && o.failed)) continue;
      for (const [bdf, want] of Object.entries(a.intent)) {
        const got = bdf in r.bindings ? r.bindings[bdf] : undefined;
        if (got === want) continue;
        out.push({
          property: 'intent',
          message: `${a.name} wanted ${bdf} ${want === null ? 'unbound' : `on ${want}`}; it ended ${describeBinding(got)}, and every op of ${a.name} succeeded`,
          step: null,
        });
      }
    }
    return out;
  },
};

/** Whether every actor's intended bindings hold at quiescence, failures or not (what `no-regression` compares). */
export function intentReached(
  s: Parameters<ExecutionProperty['check']>[0],
  r: Parameters<ExecutionProperty['check']>[1],
): boolean {
  return (
    r.status === 'done' &&
    s.actors.every(
      (a) => a.intent === null || Object.entries(a.intent).every(([bdf, want]) => r.bindings[bdf] === want),
    )
  );
}
