// A disagreement between the model and the real kernel, kept as a corpus entry with both results: `replay`
// and `corpus check` re-run the model and say whether it now agrees with what the kernel did.
import { createHash } from 'node:crypto';
import { FINDING_FORMAT, type CorpusEntry } from '../campaign/finding.js';
import type { Scenario } from '../scenario/types.js';
import { scenarioHash } from '../scenario/hash.js';
import { findProfile } from '../profiles/index.js';
import { tokenFor } from '../campaign/tokens.js';

/** One side of a comparison: the model's run or the kernel's. */
export interface Side {
  /** Per unit (a raw op, or one system call of a recipe), in FIFO order: "ok", an errno name, what a tool read, or "-" (not compared). */
  readonly ops: readonly string[];
  /** What each unit is (the model's side only). */
  readonly labels?: readonly string[];
  readonly bindings: Readonly<Record<string, string | null>>;
}

/** The pseudo-property of oracle entries: the model agrees with the kernel it claims to model. */
export const KERNEL_AGREEMENT = 'kernel-agreement';

export interface KernelResult extends Side {
  readonly release: string;
}

/** The first place the two sides differ, in one line; null when they agree. */
export function firstDifference(model: Side, kernel: Side): string | null {
  for (let i = 0; i < Math.max(model.ops.length, kernel.ops.length); i++) {
    const label = model.labels?.[i] !== undefined ? `op ${i + 1} (${model.labels[i]})` : `op ${i + 1}`;
    if (model.ops[i] !== kernel.ops[i])
      return `${label}: model ${JSON.stringify(model.ops[i] ?? null)}, kernel ${JSON.stringify(kernel.ops[i] ?? null)}`;
  }
  for (const bdf of [...new Set([...Object.keys(model.bindings), ...Object.keys(kernel.bindings)])].sort()) {
    const m = model.bindings[bdf];
    const k = kernel.bindings[bdf];
    if (m !== k)
      return `${bdf}: model ${m === undefined ? 'absent' : (m ?? 'unbound')}, kernel ${k === undefined ? 'absent' : (k ?? 'unbound')}`;
  }
  return null;
}

export function disagreementEntry(
  s: Scenario,
  profileName: string,
  model: Side,
  kernel: KernelResult,
  found: CorpusEntry['found'],
): CorpusEntry {
  const message = firstDifference(model, kernel) ?? 'no difference';
  const fp = createHash('sha256')
    .update(JSON.stringify([KERNEL_AGREEMENT, profileName, kernel.release, scenarioHash(s), message]))
    .digest('hex')
    .slice(0, 12);
  return {
    hotplugFuzzFinding: FINDING_FORMAT,
    property: KERNEL_AGREEMENT,
    profile: profileName,
    policy: s.policy,
    message,
    step: null,
    token: tokenFor(s, findProfile(profileName)!, []),
    fingerprint: fp,
    bindings: model.bindings,
    ops: model.ops.map((result, i) => {
      const [actor, ...op] = (model.labels?.[i] ?? `: op ${i + 1}`).split(': ');
      return { actor, op: op.join(': '), result };
    }),
    found,
    kernel,
    scenarioFile: `${s.name}.json`,
    scenarioHash: scenarioHash(s),
    scenario: JSON.parse(s.source) as unknown,
  };
}
