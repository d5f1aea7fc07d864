// One fuzz job (a scenario under a profile), the same in the main thread and in a worker thread: its result is
// plain data, so workers can send it back and the report is identical either way.
import { drain, fuzzSteps, type FuzzScheduler } from './fuzz.js';
import { bootScenario } from '../exec/run.js';
import { childSeed } from '../prng/index.js';
import { scenarioHash } from '../scenario/hash.js';
import type { MatchPolicy } from '../profiles/policy.js';
import { findProfile } from '../profiles/index.js';
import type { Scenario } from '../scenario/types.js';
import type { ExecutionProperty } from '../../properties/types.js';

/** A job as the main thread hands it to a worker (the worker loads the scenario from its file). */
export interface JobSpec {
  readonly index: number;
  readonly file: string;
  readonly profile: string;
}

export interface JobOptions {
  readonly seed: string;
  readonly scheduler: FuzzScheduler;
  readonly runs: number;
  readonly depth: number;
}

export interface JobFinding {
  readonly property: string;
  readonly message: string;
  readonly step: number | null;
  readonly choices: readonly number[];
  readonly atRun: number;
  /** `deterministic`: the schedule of the other outcome. */
  readonly versus?: readonly number[];
}

export interface JobResult {
  readonly index: number;
  readonly seed: string;
  readonly runs: number;
  readonly findings: readonly JobFinding[];
}

/** The job as a generator that yields between rounds of executions (see fuzzSteps). */
export function* jobSteps(
  s: Scenario,
  job: JobSpec,
  o: JobOptions,
  policy: MatchPolicy | undefined,
  properties: readonly ExecutionProperty[],
  shouldStop: () => boolean,
): Generator<number, JobResult> {
  // Each job draws from its own child seed, so results do not depend on order, sharding or workers.
  const seed = childSeed(o.seed, `${scenarioHash(s)}/${job.profile}`);
  const b = bootScenario(s, findProfile(job.profile)!, policy);
  const opts = { scheduler: o.scheduler, seed, runs: o.runs, depth: o.depth, shouldStop, properties };
  const r = yield* fuzzSteps(b, opts);
  return {
    index: job.index,
    seed,
    runs: r.runs,
    findings: r.findings.map((f) => ({
      property: f.property,
      message: f.message,
      step: f.step,
      choices: f.run.choices,
      atRun: f.atRun,
      ...(f.versus ? { versus: f.versus.choices } : {}),
    })),
  };
}

/** The job run to its end (a worker thread, the library). */
export function runJob(...args: Parameters<typeof jobSteps>): JobResult {
  return drain(jobSteps(...args));
}
