import type { PairProperty } from './types.js';
import type { Booted } from '../src/exec/run.js';
import { runBooted } from '../src/exec/run.js';
import { exploreSteps } from '../src/explore/dpor.js';
import { drain } from '../src/util/steps.js';
import { choiceArrayScheduler } from '../src/scheduler/basic.js';
import { intentReached } from './intent.js';
import { describeBinding } from './timeline.js';

/**
 * `no-regression` (two policies): a scenario and schedule that reach every actor's intent under the
 * baseline also reach it under the candidate. Each baseline outcome's witness schedule is replayed
 * under the candidate (the same choices, FIFO past their end). The RFC's H11-H13 fail it against 5.14.
 */
export const noRegression: PairProperty = {
  name: 'no-regression',
  kind: 'pair',
  doc: 'a scenario + schedule that meets intent under the baseline policy also meets it under the candidate',
};

export interface Regression {
  readonly message: string;
  /** The schedule, replayable under the candidate. */
  readonly choices: readonly number[];
}

export function regressions(
  baseline: Booted,
  candidate: Booted,
  maxExecutions: number,
  labels = { baseline: baseline.profile.name, candidate: candidate.profile.name },
): { complete: boolean; found: Regression[] } {
  return drain(regressionSteps(baseline, candidate, maxExecutions, labels));
}

/** regressions as a step generator (the baseline's exploration yields between rounds; dpor.ts exploreSteps). */
export function* regressionSteps(
  baseline: Booted,
  candidate: Booted,
  maxExecutions: number,
  labels = { baseline: baseline.profile.name, candidate: candidate.profile.name },
  shouldStop?: () => boolean,
): Generator<number, { complete: boolean; found: Regression[] }> {
  const s = baseline.scenario;
  if (!s.actors.some((a) => a.intent !== null)) return { complete: true, found: [] };
  const x = yield* exploreSteps(baseline, { maxExecutions, shouldStop });
  const found: Regression[] = [];
  for (const o of x.outcomes) {
    if (!intentReached(s, o.result)) continue;
    const c = runBooted(candidate, { scheduler: choiceArrayScheduler(o.result.choices) });
    if (intentReached(s, c)) continue;
    const misses = s.actors.flatMap((a) =>
      Object.entries(a.intent ?? {})
        .filter(([bdf, want]) => c.bindings[bdf] !== want)
        .map(([bdf, want]) => `${bdf} ${describeBinding(c.bindings[bdf])} (wanted ${want ?? 'unbound'})`),
    );
    const failed = c.ops.filter((op) => op.failed).map((op) => `${op.op} -> ${op.result}`);
    found.push({
      message: `${labels.baseline} reaches the intent; ${labels.candidate} leaves ${misses.join(', ')}${failed.length ? `; failed: ${failed.join('; ')}` : ''}`,
      choices: c.choices,
    });
  }
  return { complete: x.complete, found };
}
