// Properties over an outcome set (explore): deterministic, and no-deadlock's lock-order cycles. The execution
// properties (no-deadlock's deadlocked schedules among them) are checked on every execution: src/explore/check.ts.
import type { Scenario } from '../src/scenario/types.js';
import type { ExploreResult } from '../src/explore/dpor.js';
import type { OutcomeViolation } from './types.js';
import { deterministic } from './deterministic.js';
import { lockOrderCycle } from './lock-order.js';
import { describeLock } from '../src/model/objects.js';

/**
 * The lock-order verdict is sound under the reduction too: which locks a thread holds when it takes another is
 * its own history, the same in every execution of a class, and every class is explored.
 */
export function outcomeViolations(s: Scenario, x: ExploreResult): OutcomeViolation[] {
  const out: OutcomeViolation[] = deterministic.check(s, x);
  const cycle = lockOrderCycle(x);
  if (cycle && x.outcomes.length) {
    const w = x.outcomes[0].result.world;
    out.push({
      property: 'no-deadlock',
      message: `lock order cycle: ${[...cycle, cycle[0]].map((l) => describeLock(w, l)).join(' -> ')}`,
      step: null,
      choices: x.outcomes[0].result.choices,
      outcome: x.outcomes[0].key,
    });
  }
  return out;
}
