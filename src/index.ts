// The library API: `import { loadScenario, run, explore, fuzz, replay } from 'hotplug-fuzz'`.
// The CLI is built on the same modules; everything here is deterministic for the same inputs.
import { parseScenario as parseText } from './scenario/load.js';
import type { Scenario } from './scenario/types.js';
import { findDriver } from './model/catalogue/index.js';
import { PROFILES, type ProfileName } from './profiles/index.js';
import { DEFAULT_KERNEL, profileNamed, profilesNamed, type Kernel } from './campaign/kernel.js';
import { loadScenario } from './cli/io.js';
import type { Profile } from './profiles/types.js';
import type { Policy } from './profiles/policy.js';
import { bootScenario, runBooted, type RunResult, type OpResult } from './exec/run.js';
import type { Scheduler } from './exec/engine.js';
import { checkExplored } from './explore/check.js';
import { fuzzScenario, type FuzzScheduler } from './campaign/fuzz.js';
import { replayScheduler } from './scheduler/basic.js';
import { decodeToken, encodeToken } from './scheduler/token.js';
import { scenarioHash } from './scenario/hash.js';
import { checkExecution, contextFor, PROPERTIES } from '../properties/index.js';
import type { ExecutionProperty, Violation } from '../properties/types.js';
import { RECIPES } from './recipes/index.js';
import { UserError } from './util/errors.js';

export type { Scenario, Profile, Policy, RunResult, OpResult, Violation, ExecutionProperty, Scheduler };
export type { Kernel, ProfileName };
export type { MatchInput, MatchPolicy } from './profiles/policy.js';
export { PROFILES, PROPERTIES, RECIPES, UserError, loadScenario };

/** A scenario from JSON text (`file` names it in errors); throws UserError `file: field: message`. */
export function parseScenario(text: string, file = 'scenario.json'): Scenario {
  return parseText(text, file, (n) => findDriver(n) !== undefined);
}

export interface Options {
  /** A kernel profile, or 'all' (every profile: the call returns one report per profile). Default: the scenario's "kernel", else 6.1. */
  readonly kernel?: Kernel;
  /** A user matching policy instead of the profile's. */
  readonly policy?: Policy;
  /** Extra properties to check beside the built-in ones. */
  readonly properties?: readonly ExecutionProperty[];
}

/** Options naming one profile (the call returns one report). */
type One<O> = O & { readonly kernel?: ProfileName };
/** Options naming every profile (the call returns one report per profile, in table order). */
type All<O> = O & { readonly kernel: 'all' };

function profilesOf(s: Scenario, name: string | undefined): Profile[] {
  return profilesNamed(name ?? s.kernel ?? DEFAULT_KERNEL, 'kernel');
}

/** `f` per profile: one result for one profile, a list for 'all'. */
function perProfile<T>(s: Scenario, kernel: string | undefined, f: (p: Profile) => T): T | T[] {
  const ps = profilesOf(s, kernel);
  return (kernel ?? s.kernel) === 'all' ? ps.map(f) : f(ps[0]);
}

export interface Report {
  readonly profile: string;
  readonly bindings: Readonly<Record<string, string | null>>;
  readonly ops: readonly OpResult[];
  readonly violations: readonly Violation[];
  /** Replays this execution: `replay(token, scenario)`. */
  readonly token: string;
  readonly result: RunResult;
}

function report(s: Scenario, p: Profile, o: Options, scheduler?: Scheduler): Report {
  const b = bootScenario(s, p, o.policy?.match);
  const r = runBooted(b, scheduler ? { scheduler } : {});
  const token = encodeToken({
    profile: p.name,
    policy: o.policy?.name ?? s.policy,
    scenario: scenarioHash(s),
    choices: r.choices,
  });
  return {
    profile: p.name,
    bindings: r.bindings,
    ops: r.ops,
    violations: checkExecution(s, r, contextFor(b, o.properties ?? [])),
    token,
    result: r,
  };
}

type RunOptions = Options & { readonly schedule?: string };

/** One execution: FIFO (actors one after another), or the schedule of a replay token. */
export function run(s: Scenario, o?: One<RunOptions>): Report;
export function run(s: Scenario, o: All<RunOptions>): Report[];
export function run(s: Scenario, o: RunOptions = {}): Report | Report[] {
  if (o.schedule !== undefined) return replay(o.schedule, s, o);
  return perProfile(s, o.kernel, (p) => report(s, p, o));
}

/** Replays a token on its scenario exactly (refused for another scenario). */
export function replay(token: string, s: Scenario, o: Options = {}): Report {
  const d = decodeToken(token);
  if (typeof d === 'string') throw new UserError('token', '', d);
  if (d.scenario !== scenarioHash(s))
    throw new UserError(
      'token',
      '',
      `this token is for another scenario (hash ${d.scenario}, this one ${scenarioHash(s)})`,
    );
  return report(s, profileNamed(d.profile, 'token'), o, replayScheduler(d.choices));
}

export interface ExploreReport {
  readonly profile: string;
  readonly complete: boolean;
  readonly executions: number;
  readonly outcomes: readonly {
    readonly bindings: Readonly<Record<string, string | null>>;
    readonly count: number;
    readonly witness: string;
  }[];
  /** Every property on every execution; `outcome`: the index in `outcomes` its witness (`token`) ends in. */
  readonly violations: readonly {
    readonly property: string;
    readonly message: string;
    readonly token: string;
    readonly outcome: number;
    /** `deterministic`: the other outcome and its witness. */
    readonly versus?: { readonly outcome: number; readonly token: string };
  }[];
}

type ExploreOptions = Options & { readonly maxExecutions?: number };

/** Every distinct outcome of every interleaving (source-DPOR), with a witness token each; every property checked. */
export function explore(s: Scenario, o?: One<ExploreOptions>): ExploreReport;
export function explore(s: Scenario, o: All<ExploreOptions>): ExploreReport[];
export function explore(s: Scenario, o: ExploreOptions = {}): ExploreReport | ExploreReport[] {
  return perProfile(s, o.kernel, (p) => exploreOne(s, p, o));
}

function exploreOne(s: Scenario, p: Profile, o: ExploreOptions): ExploreReport {
  const b = bootScenario(s, p, o.policy?.match);
  const x = checkExplored(b, contextFor(b, o.properties ?? []), { maxExecutions: o.maxExecutions ?? 100_000 });
  const index = (key: string): number => x.outcomes.findIndex((q) => q.key === key);
  const tok = (choices: readonly number[]): string =>
    encodeToken({ profile: p.name, policy: o.policy?.name ?? s.policy, scenario: scenarioHash(s), choices });
  return {
    profile: p.name,
    complete: x.complete,
    executions: x.executions,
    outcomes: x.outcomes.map((q) => ({ bindings: q.result.bindings, count: q.count, witness: tok(q.result.choices) })),
    violations: x.violations.map((v) => ({
      property: v.property,
      message: v.message,
      token: tok(v.choices),
      outcome: index(v.outcome),
      ...(v.versus ? { versus: { outcome: index(v.versus.outcome), token: tok(v.versus.choices) } } : {}),
    })),
  };
}

export interface FuzzReport {
  readonly profile: string;
  readonly runs: number;
  readonly findings: readonly {
    readonly property: string;
    readonly message: string;
    readonly token: string;
    readonly atRun: number;
    /** `deterministic`: a schedule ending in the other outcome. */
    readonly versus?: string;
  }[];
}

type FuzzOptions = Options & {
  readonly seed?: string;
  readonly runs?: number;
  readonly scheduler?: FuzzScheduler;
  readonly depth?: number;
};

/** Schedule fuzzing: fast-check choice arrays shrunk toward FIFO (`fc`), or seeded `random` / `pct`. */
export function fuzz(s: Scenario, o?: One<FuzzOptions>): FuzzReport;
export function fuzz(s: Scenario, o: All<FuzzOptions>): FuzzReport[];
export function fuzz(s: Scenario, o: FuzzOptions = {}): FuzzReport | FuzzReport[] {
  return perProfile(s, o.kernel, (p) => fuzzOne(s, p, o));
}

function fuzzOne(s: Scenario, p: Profile, o: FuzzOptions): FuzzReport {
  const b = bootScenario(s, p, o.policy?.match);
  const tok = (choices: readonly number[]): string =>
    encodeToken({ profile: p.name, policy: o.policy?.name ?? s.policy, scenario: scenarioHash(s), choices });
  const r = fuzzScenario(b, {
    scheduler: o.scheduler ?? 'fc',
    seed: o.seed ?? '0',
    runs: o.runs ?? 2000,
    depth: o.depth ?? 2,
    properties: o.properties,
  });
  return {
    profile: p.name,
    runs: r.runs,
    findings: r.findings.map((f) => ({
      property: f.property,
      message: f.message,
      atRun: f.atRun,
      token: tok(f.run.choices),
      ...(f.versus ? { versus: tok(f.versus.choices) } : {}),
    })),
  };
}
