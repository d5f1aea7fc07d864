// Replaying a kernel-difference entry: the model's FIFO runs under each kernel's profile again, beside what the two
// kernels did; `fixed` once the model predicts the kernels' difference (it agrees with both), else `still failing`.
import type { CorpusEntry } from '../../campaign/finding.js';
import type { Scenario } from '../../scenario/types.js';
import { runScenario, type RunResult } from '../../exec/run.js';
import { findProfile } from '../../profiles/index.js';
import { sideOf } from '../../oracle/compare.js';
import { badKernels, compareTrace, KERNEL_DIFFERENCE, type Prediction } from '../../oracle/kernel-diff.js';
import type { PairView } from '../../oracle/side-by-side.js';
import type { Violation } from '../../../properties/types.js';
import { UserError } from '../../util/errors.js';

export interface ReplayedPair {
  /** The model's run under the baseline's profile. */
  readonly r: RunResult;
  readonly verdict: 'fixed' | 'still failing';
  readonly violations: readonly Violation[];
  readonly pair: { readonly view: PairView; readonly prediction: Prediction | null; readonly model: string | null };
}

export function replayPair(path: string, e: CorpusEntry, s: Scenario): ReplayedPair {
  const bad = badKernels(e);
  if (bad !== null) {
    const [field, ...message] = bad.split(': ');
    throw new UserError(path, field, message.join(': '));
  }
  const { baseline, candidate } = e.kernels!;
  const ra = runScenario(s, findProfile(baseline.profile)!);
  const rb = runScenario(s, findProfile(candidate.profile)!);
  const models = [sideOf(ra), sideOf(rb)] as const;
  const c = compareTrace(s.name, { model: models[0], kernel: baseline }, { model: models[1], kernel: candidate });
  const predicted = c.prediction === 'predicted';
  const violations = predicted
    ? []
    : [{ property: KERNEL_DIFFERENCE, message: `${e.message}; the model: ${c.model ?? 'no difference'}`, step: null }];
  return {
    r: ra,
    verdict: predicted ? 'fixed' : 'still failing',
    violations,
    pair: { view: { baseline, candidate, models }, prediction: c.prediction, model: c.model },
  };
}
