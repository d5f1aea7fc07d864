// Brute force: every interleaving, one execution each (an odometer over the decision points).
// The reference the DPOR explorer is tested against, and the baseline of its reduction ratio. Lock order is not
// collected (lockOrder: []).
import { runBooted, type Booted, type RunResult } from '../exec/run.js';
import { outcomeKey, type ExploreResult, type Outcome } from './dpor.js';
import { nextPrefix } from './odometer.js';

export function bruteForce(b: Booted, maxExecutions = 1_000_000, onRun?: (r: RunResult) => void): ExploreResult {
  const outcomes = new Map<string, Outcome>();
  let prefix: number[] = [];
  for (let executions = 1; ; executions++) {
    const options: number[] = [];
    const r = runBooted(b, {
      scheduler: {
        pick(runnable) {
          const i = options.length;
          options.push(runnable.length);
          return i < prefix.length ? prefix[i] : 0;
        },
      },
    });
    onRun?.(r);
    const key = outcomeKey(r);
    const o = outcomes.get(key);
    if (o) o.count++;
    else outcomes.set(key, { key, result: r, count: 1 });
    const next = nextPrefix(
      options.map((_, j) => (j < prefix.length ? prefix[j] : 0)),
      options,
    );
    if (next === null)
      return { complete: true, executions, sleepBlocked: 0, outcomes: [...outcomes.values()], lockOrder: [] };
    if (executions >= maxExecutions)
      return { complete: false, executions, sleepBlocked: 0, outcomes: [...outcomes.values()], lockOrder: [] };
    prefix = next;
  }
}
