// One scenario under one profile (and policy): explore every interleaving, check every property on every
// execution. The campaign, the matrix and the policy diff are built from this.
import type { Scenario } from '../scenario/types.js';
import type { Profile } from '../profiles/types.js';
import type { MatchPolicy } from '../profiles/policy.js';
import { bootScenario, runBooted, type Booted, type RunResult } from '../exec/run.js';
import { replayScheduler } from '../scheduler/basic.js';
import { checkSteps } from '../explore/check.js';
import { drain } from '../util/steps.js';
import { contextFor } from '../../properties/index.js';
import { regressionSteps } from '../../properties/no-regression.js';
import type { ExecutionProperty } from '../../properties/types.js';

export interface Finding {
  readonly property: string;
  readonly message: string;
  /** The schedule that shows it (replay with the token of its scenario and profile). */
  readonly choices: readonly number[];
  /** `deterministic`: the other outcome's witness (the finding's own schedule ends differently). */
  readonly versus?: { readonly choices: readonly number[]; readonly result: RunResult };
}

export interface Checked {
  readonly findings: readonly Finding[];
  /** The execution behind each finding (for corpus entries), when there is one. */
  readonly runs: ReadonlyMap<Finding, RunResult>;
  readonly executions: number;
  readonly complete: boolean;
}

/** A profile with the policy it runs: the profile's own, or a user's module on top of its quirks. */
export interface Candidate {
  readonly label: string;
  readonly profile: Profile;
  readonly policy?: MatchPolicy;
  /** A user policy: its name (tokens carry it) and the module it came from (replay commands name it). */
  readonly policyName?: string;
  readonly module?: string;
}

export function boot(s: Scenario, c: Candidate): Booted {
  return bootScenario(s, c.profile, c.policy);
}

/**
 * Every property on every explored execution (src/explore/check.ts); findings de-duplicated by (property,
 * message), each with its first witness.
 */
export function checkScenario(
  s: Scenario,
  c: Candidate,
  maxExecutions: number,
  extra: readonly ExecutionProperty[] = [],
): Checked {
  return drain(checkScenarioSteps(s, c, maxExecutions, extra));
}

/** checkScenario as a step generator: yields between rounds of executions; `shouldStop` ends it early, incomplete. */
export function* checkScenarioSteps(
  s: Scenario,
  c: Candidate,
  maxExecutions: number,
  extra: readonly ExecutionProperty[] = [],
  shouldStop?: () => boolean,
): Generator<number, Checked> {
  const b = boot(s, c);
  const x = yield* checkSteps(b, contextFor(b, extra), { maxExecutions, shouldStop });
  const findings: Finding[] = [];
  const runs = new Map<Finding, RunResult>();
  for (const v of x.violations) {
    if (findings.some((f) => f.property === v.property && f.message === v.message)) continue;
    const f: Finding = {
      property: v.property,
      message: v.message,
      choices: v.choices,
      ...(v.versus ? { versus: { choices: v.versus.choices, result: v.versus.result } } : {}),
    };
    findings.push(f);
    runs.set(f, v.result);
  }
  return { findings, runs, executions: x.executions, complete: x.complete };
}

/** `no-regression` of `candidate` against `baseline` on one scenario, as a step generator (see checkScenarioSteps). */
export function* checkRegressionSteps(
  s: Scenario,
  baseline: Candidate,
  candidate: Candidate,
  maxExecutions: number,
  shouldStop?: () => boolean,
): Generator<number, Checked> {
  const cb = boot(s, candidate);
  const labels = { baseline: baseline.label, candidate: candidate.label };
  const r = yield* regressionSteps(boot(s, baseline), cb, maxExecutions, labels, shouldStop);
  const findings = r.found.map((f) => ({ property: 'no-regression', message: f.message, choices: f.choices }));
  const runs = new Map(findings.map((f) => [f, runBooted(cb, { scheduler: replayScheduler(f.choices) })] as const));
  return { findings, runs, executions: 0, complete: r.complete };
}
