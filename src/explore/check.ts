// explore as a model checker (issue 13.1): every property on every explored execution. The built-in execution
// properties and the user's on each execution DPOR runs, the outcome-set ones (deterministic, lock order) on
// the outcome set; each violated (property, outcome) reported once, with the schedule of the first execution
// that showed it. Sound because every property's verdict is the same on every execution of a Mazurkiewicz
// class (properties/types.ts ExecutionProperty), and DPOR runs at least one execution of each class.
import type { Booted, RunResult } from '../exec/run.js';
import { explore, exploreSteps, outcomeKey, type ExploreOptions, type ExploreResult } from './dpor.js';
import { checkExecution } from '../../properties/index.js';
import { outcomeViolations } from '../../properties/outcomes.js';
import type { CheckContext } from '../../properties/types.js';

export interface ExploredViolation {
  readonly property: string;
  readonly message: string;
  /** The step of the witness at which it became visible, or null. */
  readonly step: number | null;
  /** The outcome (ExploreResult.outcomes[].key) the witness ends in. */
  readonly outcome: string;
  /** The witness schedule; `result` is its execution. */
  readonly choices: readonly number[];
  readonly result: RunResult;
  /** `deterministic`: the first outcome, which the witness's differs from, with its own witness. */
  readonly versus?: { readonly outcome: string; readonly choices: readonly number[]; readonly result: RunResult };
}

export interface CheckedExploration extends ExploreResult {
  /** Outcome-set violations first, then execution ones in the order explore found them. */
  readonly violations: readonly ExploredViolation[];
}

/** A search over executions that calls `onRun` with each one it runs to the end (explore, or brute force). */
export type Search = (b: Booted, opts: ExploreOptions) => ExploreResult;

/** Explores `b` (or searches it with `search`), checking every property on every execution. */
export function checkExplored(
  b: Booted,
  ctx: CheckContext,
  opts: ExploreOptions = {},
  search: Search = explore,
): CheckedExploration {
  const c = checker(b, ctx, opts);
  return c.finish(search(b, c.opts));
}

/** checkExplored's exploration as a step generator (dpor.ts exploreSteps): yields between rounds of executions. */
export function* checkSteps(
  b: Booted,
  ctx: CheckContext,
  opts: ExploreOptions = {},
): Generator<number, CheckedExploration> {
  const c = checker(b, ctx, opts);
  return c.finish(yield* exploreSteps(b, c.opts));
}

/** The options that check each execution as the search runs it, and what turns the search's result into a check. */
function checker(b: Booted, ctx: CheckContext, opts: ExploreOptions) {
  const s = b.scenario;
  const seen = new Set<string>();
  const found: ExploredViolation[] = [];
  const withChecks: ExploreOptions = {
    ...opts,
    onRun(r) {
      opts.onRun?.(r);
      const vs = checkExecution(s, r, ctx);
      if (vs.length === 0) return;
      const outcome = outcomeKey(r);
      // A (property, outcome) is shown by its first witness, with every message that witness gives for it.
      const fresh = new Set(vs.map((v) => v.property).filter((p) => !seen.has(`${p}\0${outcome}`)));
      for (const p of fresh) seen.add(`${p}\0${outcome}`);
      for (const v of vs) if (fresh.has(v.property)) found.push({ ...v, outcome, choices: r.choices, result: r });
    },
  };
  const finish = (x: ExploreResult): CheckedExploration => {
    const byKey = new Map(x.outcomes.map((o) => [o.key, o.result]));
    const outcomeSet = outcomeViolations(s, x).map(({ versus, ...v }): ExploredViolation => ({
      ...v,
      result: byKey.get(v.outcome)!,
      ...(versus ? { versus: { ...versus, result: byKey.get(versus.outcome)! } } : {}),
    }));
    return { ...x, violations: [...outcomeSet, ...found] };
  };
  return { opts: withChecks, finish };
}
