// A corpus entry (design §6): a finding, self-contained (the scenario embedded), with its fingerprint.
import { createHash } from 'node:crypto';
import type { Scenario } from '../scenario/types.js';
import { scenarioHash } from '../scenario/hash.js';
import type { Booted, RunResult } from '../exec/run.js';
import { racingSteps } from './conflicts.js';

export const FINDING_FORMAT = 1;

/** One real kernel's run of a trace: its release, the profile whose units it ran, their labels and results, the bindings. */
export interface KernelRunRecord {
  readonly release: string;
  readonly profile: string;
  readonly labels: readonly string[];
  readonly ops: readonly string[];
  readonly bindings: Readonly<Record<string, string | null>>;
  /** The guest crashed: "guest crashed at op N: <first oops line>" (`ops` end there, `bindings` are empty). */
  readonly crash?: string;
}

export interface CorpusEntry {
  readonly hotplugFuzzFinding: typeof FINDING_FORMAT;
  readonly property: string;
  readonly profile: string;
  readonly policy: string;
  readonly message: string;
  readonly step: number | null;
  readonly token: string;
  readonly fingerprint: string;
  readonly bindings: Readonly<Record<string, string | null>>;
  /** The ops each actor ran and what they returned (the shrunk trace's summary). */
  readonly ops: readonly { readonly actor: string; readonly op: string; readonly result: string }[];
  readonly found: { readonly scheduler: string; readonly seed: string; readonly atRun: number };
  /** no-regression: the baseline profile the candidate was compared with. */
  readonly baseline?: string;
  /** deterministic: a schedule ending in the other outcome (`token` and `bindings` are one; this is the other). */
  readonly versus?: { readonly token: string; readonly bindings: Readonly<Record<string, string | null>> };
  /** kernel-agreement (oracle): what the real kernel did (per-op results, final bindings, its release). */
  readonly kernel?: {
    readonly release: string;
    readonly ops: readonly string[];
    readonly bindings: Readonly<Record<string, string | null>>;
    readonly crash?: string;
  };
  /** kernel-difference (oracle --baseline/--candidate): each real kernel's run (its profile gave the units it ran). */
  readonly kernels?: {
    readonly baseline: KernelRunRecord;
    readonly candidate: KernelRunRecord;
  };
  readonly scenarioFile: string;
  readonly scenarioHash: string;
  /** The scenario itself, so the entry replays without its file. */
  readonly scenario: unknown;
}

/**
 * Identical bugs from different seeds collapse (design §6): hash of (property, profile, policy, scenario, final
 * bindings, and the execution's racing steps — the steps of its ordered conflicts that the sequential run does
 * not have, see conflicts.ts). The violation's message is not part of it: two schedules that race the same steps
 * are one bug whatever their wording, and two that race different steps are two.
 */
export function fingerprint(
  property: string,
  profile: string,
  policy: string,
  s: Scenario,
  bindings: Readonly<Record<string, string | null>>,
  racing: readonly string[],
): string {
  const sorted = Object.keys(bindings)
    .sort()
    .map((k) => [k, bindings[k]]);
  return createHash('sha256')
    .update(JSON.stringify([property, profile, policy, scenarioHash(s), sorted, racing]))
    .digest('hex')
    .slice(0, 12);
}

export interface EntryInput {
  readonly s: Scenario;
  /** The booted scenario the run came from (its steps' footprints give the fingerprint). */
  readonly b: Booted;
  readonly scenarioFile: string;
  readonly profile: string;
  readonly policy: string;
  readonly property: string;
  readonly message: string;
  readonly step: number | null;
  readonly token: string;
  readonly run: RunResult;
  readonly found: CorpusEntry['found'];
  readonly baseline?: string;
  /** deterministic: the other outcome's schedule (as a token) and its execution. */
  readonly versus?: { readonly token: string; readonly run: RunResult };
}

export function corpusEntry(e: EntryInput): CorpusEntry {
  return {
    hotplugFuzzFinding: FINDING_FORMAT,
    property: e.property,
    profile: e.profile,
    policy: e.policy,
    message: e.message,
    step: e.step,
    token: e.token,
    fingerprint: fingerprint(e.property, e.profile, e.policy, e.s, e.run.bindings, racingSteps(e.b, e.run.choices)),
    bindings: e.run.bindings,
    ops: e.run.ops.map((o) => ({ actor: o.actor, op: o.op, result: o.result })),
    found: e.found,
    ...(e.baseline !== undefined ? { baseline: e.baseline } : {}),
    ...(e.versus !== undefined ? { versus: { token: e.versus.token, bindings: e.versus.run.bindings } } : {}),
    scenarioFile: e.scenarioFile,
    scenarioHash: scenarioHash(e.s),
    scenario: JSON.parse(e.s.source) as unknown,
  };
}

/** corpus/findings/<property>-<profile>-<fingerprint>.json */
export const entryFileName = (e: Pick<CorpusEntry, 'property' | 'profile' | 'fingerprint'>): string =>
  `${e.property}-${e.profile.replace(/[^A-Za-z0-9_.-]/g, '_')}-${e.fingerprint}.json`;
