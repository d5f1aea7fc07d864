// Two real kernels on the same traces (oracle --baseline A --candidate B): where the kernels differ, and whether
// the model under each kernel's profile predicts that difference. Each kernel runs the units of the model's FIFO
// run under its own profile (exactly what `oracle --kernel K` replays), so a kernel the model agrees with shows
// the model's own results; a difference is predicted when the model agrees with both kernels.
import type { CorpusEntry, KernelRunRecord } from '../campaign/finding.js';
import type { Scenario } from '../scenario/types.js';
import { findProfile } from '../profiles/index.js';
import { firstDifference, oracleEntry, type Side } from './entry.js';

/** The pseudo-property of a difference between two real kernels. */
export const KERNEL_DIFFERENCE = 'kernel-difference';

/** One kernel's run of a trace (the same record a corpus entry keeps). */
export type KernelRun = KernelRunRecord;

/**
 * What the model says about a trace the kernels ran: `predicted` (it agrees with both kernels, so it predicts
 * exactly their difference), `differently` (it predicts a difference, not the kernels' one), `missed` (it
 * predicts none), `spurious` (it predicts a difference the kernels do not show).
 */
export type Prediction = 'predicted' | 'differently' | 'missed' | 'spurious';

export interface TraceComparison {
  readonly scenario: string;
  /** The first place the kernels differ; null when they agree. */
  readonly kernels: string | null;
  /** The first place the model's runs under the two profiles differ; null when they agree. */
  readonly model: string | null;
  /** Whether each kernel agrees with the model under its profile (baseline, candidate). */
  readonly agree: readonly [boolean, boolean];
  /** Null when neither the kernels nor the model differ. */
  readonly prediction: Prediction | null;
}

/** The kernel's side with the labels of the units it ran. */
const sideOf = (k: KernelRun): Side => ({
  ops: k.ops,
  labels: k.labels,
  bindings: k.bindings,
  ...(k.crash !== undefined ? { crash: k.crash } : {}),
});

/** Two distinct names for the sides of a message: the releases, or the profiles when the releases are the same. */
function names(a: KernelRun, b: KernelRun): [string, string] {
  return a.release !== b.release
    ? [a.release, b.release]
    : [`${a.release} (${a.profile})`, `${b.release} (${b.profile})`];
}

/** One trace: both kernels' runs and the model's side under each kernel's profile. */
export function compareTrace(
  scenario: string,
  a: { readonly model: Side; readonly kernel: KernelRun },
  b: { readonly model: Side; readonly kernel: KernelRun },
): TraceComparison {
  const kernels = firstDifference(sideOf(a.kernel), sideOf(b.kernel), names(a.kernel, b.kernel));
  const model = firstDifference(a.model, b.model, [`model ${a.kernel.profile}`, `model ${b.kernel.profile}`]);
  const agree: [boolean, boolean] = [
    firstDifference(a.model, a.kernel) === null,
    firstDifference(b.model, b.kernel) === null,
  ];
  const prediction: Prediction | null =
    kernels !== null
      ? agree[0] && agree[1]
        ? 'predicted'
        : model !== null
          ? 'differently'
          : 'missed'
      : model !== null
        ? 'spurious'
        : null;
  return { scenario, kernels, model, agree, prediction };
}

/** A difference between two kernels as a corpus entry: both kernels' runs, the scenario, the baseline's FIFO token. */
export function kernelDifferenceEntry(
  s: Scenario,
  baseline: KernelRun,
  candidate: KernelRun,
  modelBaseline: Side,
  found: CorpusEntry['found'],
): CorpusEntry {
  const message = firstDifference(sideOf(baseline), sideOf(candidate), names(baseline, candidate)) ?? 'no difference';
  const f = { property: KERNEL_DIFFERENCE, profile: baseline.profile, message, model: modelBaseline, found };
  return oracleEntry(s, f, [baseline.release, candidate.release], { kernels: { baseline, candidate } });
}

/** Why an entry's `kernels` is not two kernel runs (a one-line `field: message`), or null. */
export function badKernels(e: Pick<CorpusEntry, 'kernels'>): string | null {
  const k = e.kernels as Record<string, unknown> | undefined;
  if (k === undefined || k === null || typeof k !== 'object')
    return 'kernels: a kernel-difference entry records both kernels ({ baseline, candidate })';
  for (const side of ['baseline', 'candidate']) {
    const r = k[side] as Partial<KernelRun> | undefined;
    if (r === undefined || r === null || typeof r !== 'object') return `kernels.${side}: is required`;
    if (typeof r.release !== 'string') return `kernels.${side}.release: must be a string`;
    if (typeof r.profile !== 'string') return `kernels.${side}.profile: must be a string`;
    if (!findProfile(r.profile)) return `kernels.${side}.profile: unknown kernel profile "${r.profile}"`;
    for (const f of ['labels', 'ops'] as const)
      if (!Array.isArray(r[f]) || r[f].some((x) => typeof x !== 'string'))
        return `kernels.${side}.${f}: must be an array of strings`;
    if (r.labels!.length !== r.ops!.length) return `kernels.${side}.labels: one label per op (${r.ops!.length})`;
    if (typeof r.bindings !== 'object' || r.bindings === null) return `kernels.${side}.bindings: must be an object`;
    if (r.crash !== undefined && typeof r.crash !== 'string') return `kernels.${side}.crash: must be a string`;
  }
  return null;
}
