import type { ExecutionProperty, Violation } from './types.js';
import { observed } from './observe.js';
import type { Scenario } from '../src/scenario/types.js';
import { describeBinding } from './timeline.js';

/**
 * `intent`: at quiescence every device in an actor's intent is bound as intended (null = unbound),
 * unless one of that actor's ops failed visibly (a negative errno, or a tool that exited non-zero or
 * printed an error); a visible failure is `error-visible`'s business, not this property's.
 * Class-invariant (under explore's reduction): the final bindings are the same for every execution of a
 * Mazurkiewicz class, and whether an actor's op failed is its own thread's history.
 */
export const intent = observed({
  name: 'intent',
  doc: "at quiescence every device in an actor's intent is bound as intended, unless one of that actor's ops failed visibly",
  observe: (s) => ({
    finish(r) {
      const out: Violation[] = [];
      if (r.status !== 'done') return out;
      let failed: Set<string> | null = null;
      for (const o of r.ops) if (o.failed) (failed ??= new Set()).add(o.actor);
      for (const [name, wanted] of intents(s)) {
        if (failed?.has(name)) continue;
        for (const [bdf, want] of wanted) {
          const got = bdf in r.bindings ? r.bindings[bdf] : undefined;
          if (got === want) continue;
          out.push({
            property: 'intent',
            message: `${name} wanted ${bdf} ${want === null ? 'unbound' : `on ${want}`}; it ended ${describeBinding(got)}, and every op of ${name} succeeded`,
            step: null,
          });
        }
      }
      return out;
    },
  }),
});

/** Each actor with an intent, with its (device, driver) pairs: once per scenario, not per run. */
const cache = new WeakMap<Scenario, readonly (readonly [string, readonly (readonly [string, string | null])[]])[]>();
function intents(s: Scenario): readonly (readonly [string, readonly (readonly [string, string | null])[]])[] {
  let out = cache.get(s);
  if (out === undefined)
    cache.set(
      s,
      (out = s.actors.flatMap((a) => (a.intent === null ? [] : [[a.name, Object.entries(a.intent)] as const]))),
    );
  return out;
}

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
