// Properties over an outcome set (explore), plus execution properties on each outcome's witness.
import type { Scenario } from '../src/scenario/types.js';
import type { ExploreResult } from '../src/explore/dpor.js';
import type { CheckContext, OutcomeViolation } from './types.js';
import { deterministic } from './deterministic.js';
import { noDeadlock } from './no-deadlock.js';
import { lockOrderCycle } from './lock-order.js';
import { describeLock } from '../src/model/objects.js';

export function outcomeViolations(s: Scenario, x: ExploreResult, ctx: CheckContext): OutcomeViolation[] {
  const out: OutcomeViolation[] = deterministic.check(s, x);
  for (const o of x.outcomes) {
    for (const v of noDeadlock.check(s, o.result, ctx)) out.push({ ...v, choices: o.result.choices });
  }
  const cycle = lockOrderCycle(x);
  if (cycle && x.outcomes.length) {
    const w = x.outcomes[0].result.world;
    out.push({
      property: 'no-deadlock',
      message: `lock order cycle: ${[...cycle, cycle[0]].map((l) => describeLock(w, l)).join(' -> ')}`,
      step: null,
      choices: x.outcomes[0].result.choices,
    });
  }
  return out;
}
