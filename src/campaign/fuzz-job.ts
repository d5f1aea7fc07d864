// One fuzz job (a scenario under a profile), the same in the main thread and in a worker thread: its result is
// plain data, so workers can send it back and the report is identical either way.
import { deterministicMessage, drain, fuzzSteps, type FuzzScheduler } from './fuzz.js';
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
  /** random/pct: only executions [from, to) of the job (see shardSpecs); the job's results merge exactly. */
  readonly shard?: { readonly from: number; readonly to: number };
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
  /** A shard's result: where it starts and its first two outcomes (mergeShards judges `deterministic` from them). */
  readonly shard?: {
    readonly from: number;
    readonly outcomes: readonly { readonly key: string; readonly choices: readonly number[]; readonly atRun: number }[];
  };
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
  const from = job.shard?.from ?? 0;
  const runs = job.shard ? job.shard.to - from : o.runs;
  const opts = { scheduler: o.scheduler, seed, runs, depth: o.depth, shouldStop, properties, firstRun: from };
  const r = yield* fuzzSteps(b, opts);
  const outcomes = r.firstOutcomes.map((q) => ({ key: q.key, choices: q.run.choices, atRun: q.atRun }));
  return {
    index: job.index,
    seed,
    runs: r.runs,
    ...(job.shard ? { shard: { from, outcomes } } : {}),
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

/** Executions per shard at least: below this a shard's boot and messages cost more than they spread. */
const MIN_SHARD = 250;

/**
 * The jobs as units of work for `workers` threads: random/pct jobs (whose execution i has its own seed) are cut
 * into run ranges when there are too few jobs to keep every worker busy to the end; fc jobs stay whole (a round's
 * shrinking depends on what earlier rounds found). Any cut gives the same merged result.
 */
export function shardSpecs(specs: readonly JobSpec[], o: JobOptions, workers: number): JobSpec[] {
  const want = 4 * workers; // units of work: enough that the last ones balance
  if (o.scheduler === 'fc' || workers < 2 || specs.length >= want) return specs.slice();
  const parts = Math.max(1, Math.min(Math.ceil(want / specs.length), Math.floor(o.runs / MIN_SHARD)));
  return specs.flatMap((spec) =>
    Array.from({ length: parts }, (_, k) => ({
      ...spec,
      shard: { from: Math.floor((o.runs * k) / parts), to: Math.floor((o.runs * (k + 1)) / parts) },
    })),
  );
}

/**
 * One job's shard results as the single search they cut: each (property, message) at its first execution,
 * `deterministic` judged again from the shards' first outcomes (a shard's own is only about its range), and the
 * findings in the order one search would have recorded them.
 */
export function mergeShards(parts: readonly JobResult[]): JobResult {
  if (parts.length === 1 && !parts[0].shard) return parts[0];
  const sorted = parts.slice().sort((a, b) => a.shard!.from - b.shard!.from);
  const seen = new Set<string>();
  const findings: JobFinding[] = [];
  for (const p of sorted)
    for (const f of p.findings) {
      const key = `${f.property}\0${f.message}`;
      if (f.property === 'deterministic' || seen.has(key)) continue;
      seen.add(key);
      findings.push(f);
    }
  const firsts: { key: string; choices: readonly number[]; atRun: number }[] = [];
  for (const q of sorted.flatMap((p) => p.shard!.outcomes))
    if (firsts.length < 2 && !firsts.some((x) => x.key === q.key)) firsts.push(q);
  if (firsts.length === 2) {
    const [a, b] = firsts;
    const d = {
      property: 'deterministic',
      message: deterministicMessage(a.key, b.key),
      step: null,
      choices: b.choices,
    };
    const at = findings.findIndex((f) => f.atRun >= b.atRun); // one search records it before that run's others
    findings.splice(at < 0 ? findings.length : at, 0, { ...d, atRun: b.atRun, versus: a.choices });
  }
  const { index, seed } = sorted[0];
  return { index, seed, runs: sorted.reduce((n, p) => n + p.runs, 0), findings };
}
