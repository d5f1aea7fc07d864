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
  /** The guest crashed (src/oracle/crash.ts): "guest crashed at op N: <first oops line>"; `ops` end there. */
  readonly crash?: string;
}

/** The pseudo-property of oracle entries: the model agrees with the kernel it claims to model. */
export const KERNEL_AGREEMENT = 'kernel-agreement';

export interface KernelResult extends Side {
  readonly release: string;
}

/** Where two sides first differ: a unit run on one side and not the other, a unit's result, or a final binding. */
export type Difference =
  | { readonly kind: 'crash'; readonly a?: string; readonly b?: string }
  | { readonly kind: 'unit'; readonly op: number; readonly a: string; readonly b: string }
  | { readonly kind: 'result'; readonly op: number; readonly label?: string; readonly a?: string; readonly b?: string }
  | { readonly kind: 'binding'; readonly bdf: string; readonly a?: string | null; readonly b?: string | null };

/**
 * The first place the two sides differ; null when they agree. A side that crashed differs first; when both sides carry labels, a unit run on one and
 * not the other differs (`unit`, op numbered from 1); then each unit's result; then the final bindings.
 */
export function differenceOf(a: Side, b: Side): Difference | null {
  // A crash first: the results it cut short say nothing more.
  if (a.crash !== b.crash) return { kind: 'crash', a: a.crash, b: b.crash };
  for (let i = 0; i < Math.max(a.ops.length, b.ops.length); i++) {
    const la = a.labels?.[i];
    const lb = b.labels?.[i];
    if (la !== undefined && lb !== undefined && la !== lb) return { kind: 'unit', op: i + 1, a: la, b: lb };
    const label = la ?? lb;
    if (a.ops[i] !== b.ops[i])
      return { kind: 'result', op: i + 1, ...(label !== undefined ? { label } : {}), a: a.ops[i], b: b.ops[i] };
  }
  for (const bdf of [...new Set([...Object.keys(a.bindings), ...Object.keys(b.bindings)])].sort())
    if (a.bindings[bdf] !== b.bindings[bdf]) return { kind: 'binding', bdf, a: a.bindings[bdf], b: b.bindings[bdf] };
  return null;
}

/** A difference in one line; `names` say whose each side is (the model and the kernel, or two kernels). */
export function describeDifference(d: Difference, names: readonly [string, string] = ['model', 'kernel']): string {
  const [x, y] = names;
  const word = (v: string | null | undefined): string => (v === undefined ? 'absent' : (v ?? 'unbound'));
  switch (d.kind) {
    case 'crash':
      // One side crashed: its message alone ("guest crashed at op N: …"); both, differently: each named.
      return d.a === undefined ? d.b! : d.b === undefined ? d.a : `${x}: ${d.a}; ${y}: ${d.b}`;
    case 'unit':
      return `op ${d.op}: ${x} runs ${JSON.stringify(d.a)}, ${y} ${JSON.stringify(d.b)}`;
    case 'result':
      return (
        `${d.label !== undefined ? `op ${d.op} (${d.label})` : `op ${d.op}`}: ` +
        `${x} ${JSON.stringify(d.a ?? null)}, ${y} ${JSON.stringify(d.b ?? null)}`
      );
    case 'binding':
      return `${d.bdf}: ${x} ${word(d.a)}, ${y} ${word(d.b)}`;
  }
}

/** The first place the two sides differ, in one line (differenceOf, described); null when they agree. */
export function firstDifference(
  a: Side,
  b: Side,
  names: readonly [string, string] = ['model', 'kernel'],
): string | null {
  const d = differenceOf(a, b);
  return d === null ? null : describeDifference(d, names);
}

export function disagreementEntry(
  s: Scenario,
  profileName: string,
  model: Side,
  kernel: KernelResult,
  found: CorpusEntry['found'],
): CorpusEntry {
  const message = firstDifference(model, kernel) ?? 'no difference';
  return oracleEntry(s, { property: KERNEL_AGREEMENT, profile: profileName, message, model, found }, [kernel.release], {
    kernel,
  });
}

/**
 * An oracle finding as a corpus entry: the model's FIFO run under `profile` as its trace, the scenario embedded,
 * the fingerprint a hash of the property, profile, `releases`, scenario and message (one run twice is one entry).
 */
export function oracleEntry(
  s: Scenario,
  f: { property: string; profile: string; message: string; model: Side; found: CorpusEntry['found'] },
  releases: readonly string[],
  results: Pick<CorpusEntry, 'kernel' | 'kernels'>,
): CorpusEntry {
  const key = f.property === KERNEL_AGREEMENT ? [f.property, f.profile, ...releases] : [f.property, ...releases];
  const fp = createHash('sha256')
    .update(JSON.stringify([...key, scenarioHash(s), f.message]))
    .digest('hex')
    .slice(0, 12);
  return {
    hotplugFuzzFinding: FINDING_FORMAT,
    property: f.property,
    profile: f.profile,
    policy: s.policy,
    message: f.message,
    step: null,
    token: tokenFor(s, findProfile(f.profile)!, []),
    fingerprint: fp,
    bindings: f.model.bindings,
    ops: f.model.ops.map((result, i) => {
      const [actor, ...op] = (f.model.labels?.[i] ?? `: op ${i + 1}`).split(': ');
      return { actor, op: op.join(': '), result };
    }),
    found: f.found,
    ...results,
    scenarioFile: `${s.name}.json`,
    scenarioHash: scenarioHash(s),
    scenario: JSON.parse(s.source) as unknown,
  };
}
