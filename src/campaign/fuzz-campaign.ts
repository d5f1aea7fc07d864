// The fuzz loop: scenario x profile jobs, each fuzzed with its own child seed, and the findings as data (each
// execution replayed, its token and corpus entry made). `fuzz --generate` likewise, per profile. The CLI
// renders and saves the result; how jobs run (this thread, or its worker threads) is a hook.
import type { Scenario } from '../scenario/types.js';
import type { Profile } from '../profiles/types.js';
import type { Policy } from '../profiles/policy.js';
import type { ExecutionProperty } from '../../properties/types.js';
import { bootScenario, runBooted, type Booted, type RunResult } from '../exec/run.js';
import { replayScheduler } from '../scheduler/basic.js';
import { childSeed } from '../prng/index.js';
import { corpusEntry, type CorpusEntry } from './finding.js';
import { drive } from './fuzz.js';
import { jobSteps, mergeShards, shardSpecs, type JobOptions, type JobResult, type JobSpec } from './fuzz-job.js';
import { generateSteps, type GenerateOptions } from './generate.js';
import type { JobHooks } from './campaign.js';
import { tokenFor } from './tokens.js';

export interface FuzzJob {
  readonly file: string;
  readonly s: Scenario;
  readonly profile: Profile;
}

export interface FuzzCampaignInput {
  readonly jobs: readonly FuzzJob[];
  readonly options: JobOptions;
  readonly policy: Policy | null;
  readonly properties: readonly ExecutionProperty[];
}

/** Runs the specs somewhere else (the CLI's worker threads), handing each result to `done`. */
export type JobExecutor = (specs: readonly JobSpec[], done: (r: JobResult) => void) => Promise<void>;

/** An executor and how many jobs it runs at once (random/pct jobs are cut into shards to keep them all busy). */
export interface Executor {
  readonly run: JobExecutor;
  readonly workers: number;
}

export interface FuzzCampaignFinding {
  readonly job: FuzzJob;
  readonly property: string;
  readonly message: string;
  readonly step: number | null;
  readonly token: string;
  readonly atRun: number;
  /** The job's child seed. */
  readonly seed: string;
  readonly booted: Booted;
  readonly run: RunResult;
  readonly entry: CorpusEntry;
  /** deterministic: a schedule (as a token) ending in the other outcome, and its execution. */
  readonly versus?: { readonly token: string; readonly run: RunResult };
}

export interface FuzzCampaignResult {
  readonly jobs: number;
  /** The jobs that ran (fully or until a stop), in job order. */
  readonly ran: readonly FuzzJob[];
  readonly runs: number;
  readonly findings: readonly FuzzCampaignFinding[];
}

export async function fuzzCampaign(
  input: FuzzCampaignInput,
  hooks: JobHooks & { readonly executor?: Executor } = {},
): Promise<FuzzCampaignResult> {
  const { jobs, options, policy, properties } = input;
  const whole: JobSpec[] = jobs.map((j, i) => ({ index: i, file: j.file, profile: j.profile.name }));
  const specs = hooks.executor ? shardSpecs(whole, options, hooks.executor.workers) : whole;
  const parts: JobResult[] = [];
  const done = (r: JobResult): void => {
    parts.push(r);
    hooks.onJob?.(parts.length, specs.length, `${jobs[r.index].s.name} @ ${jobs[r.index].profile.name}`);
  };
  const stop = hooks.shouldStop ?? (() => false);
  if (jobs.length) hooks.onJob?.(0, specs.length, `${jobs[0].s.name} @ ${jobs[0].profile.name}`); // the bar shows from the start
  if (hooks.executor) await hooks.executor.run(specs, done);
  else
    for (const spec of specs) {
      if (stop()) break;
      const j = jobs[spec.index];
      done(await drive(jobSteps(j.s, spec, options, policy?.match, properties, stop), hooks.pause));
    }
  // The findings in job order whatever the workers' timing (a job's shards merged): each execution is replayed here.
  const results = mergeByJob(parts);
  const findings: FuzzCampaignFinding[] = [];
  for (const res of results) {
    const job = jobs[res.index];
    const b = bootScenario(job.s, job.profile, policy?.match);
    const policyName = policy?.name ?? job.s.policy;
    for (const f of res.findings) {
      const run = runBooted(b, { scheduler: replayScheduler(f.choices) });
      const token = tokenFor(job.s, job.profile, f.choices, policyName);
      const versus = f.versus && {
        token: tokenFor(job.s, job.profile, f.versus, policyName),
        run: runBooted(b, { scheduler: replayScheduler(f.versus) }),
      };
      const entry = corpusEntry({
        s: job.s,
        b,
        scenarioFile: job.file,
        profile: job.profile.name,
        policy: policyName,
        property: f.property,
        message: f.message,
        step: f.step,
        token,
        run,
        found: { scheduler: options.scheduler, seed: res.seed, atRun: f.atRun },
        versus,
      });
      findings.push({ job, ...f, token, seed: res.seed, booted: b, run, entry, versus });
    }
  }
  return {
    jobs: jobs.length,
    ran: results.map((r) => jobs[r.index]),
    runs: results.reduce((n, r) => n + r.runs, 0),
    findings,
  };
}

/** Shard results merged into one result per job, in job order. */
function mergeByJob(parts: readonly JobResult[]): JobResult[] {
  const byJob = new Map<number, JobResult[]>();
  for (const r of parts) byJob.set(r.index, [...(byJob.get(r.index) ?? []), r]);
  return [...byJob.keys()].sort((a, b) => a - b).map((i) => mergeShards(byJob.get(i)!));
}

export interface GenerateInput {
  readonly profiles: readonly Profile[];
  readonly seed: string;
  readonly runs: number;
  readonly policy: Policy | null;
  readonly properties: readonly ExecutionProperty[];
  readonly knownDriver: (name: string) => boolean;
  /** The scenarios to draw from (default: the built-in generator's; `fuzz --generate --from`: a host's). */
  readonly scenarios?: GenerateOptions['scenarios'];
}

export interface GeneratedCampaignFinding {
  readonly profile: string;
  readonly property: string;
  readonly message: string;
  readonly token: string;
  readonly atRun: number;
  readonly scenario: Scenario;
  readonly entry: CorpusEntry;
}

/** `fuzz --generate`: per profile, one shrunk generated counterexample per property. */
export async function generateCampaign(
  input: GenerateInput,
  hooks: JobHooks = {},
): Promise<{ runs: number; profiles: readonly string[]; findings: readonly GeneratedCampaignFinding[] }> {
  const findings: GeneratedCampaignFinding[] = [];
  const ran: string[] = [];
  let runs = 0;
  const policyName = input.policy?.name ?? 'mainline';
  for (const profile of input.profiles) {
    if (hooks.shouldStop?.()) break;
    hooks.onJob?.(ran.length + 1, input.profiles.length, `generated @ ${profile.name}`);
    const seed = childSeed(input.seed, `generate/${profile.name}`);
    const o = {
      seed,
      runs: input.runs,
      policy: input.policy?.match,
      properties: input.properties,
      ignore: ['override-in-table'],
      shouldStop: hooks.shouldStop,
      scenarios: input.scenarios,
    };
    const r = await drive(generateSteps(profile, o, input.knownDriver), hooks.pause);
    runs += r.runs;
    ran.push(profile.name);
    for (const f of r.findings) {
      const token = tokenFor(f.scenario, profile, f.run.choices, policyName);
      const b = bootScenario(f.scenario, profile, input.policy?.match);
      const entry = corpusEntry({
        s: f.scenario,
        b,
        scenarioFile: '(generated)',
        profile: profile.name,
        policy: policyName,
        property: f.property,
        message: f.message,
        step: f.step,
        token,
        run: f.run,
        found: { scheduler: 'fc --generate', seed, atRun: f.atRun },
      });
      findings.push({ profile: profile.name, ...f, token, entry });
    }
  }
  return { runs, profiles: ran, findings };
}
