// `hotplug-fuzz fuzz <scenario…>`: schedule fuzzing (fast-check choice arrays shrunk toward FIFO, or seeded
// random / PCT) of scenarios x profiles; findings written to the corpus, de-duplicated by fingerprint.
import type { Command } from 'commander';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { FuzzScheduler } from '../../campaign/fuzz.js';
import { corpusEntry, entryFileName } from '../../campaign/finding.js';
import { fuzzGenerated } from '../../campaign/generate.js';
import { findDriver } from '../../model/catalogue/index.js';
import { childSeed } from '../../prng/index.js';
import type { ExecutionProperty } from '../../../properties/types.js';
import { join } from 'node:path';
import { bootScenario, runBooted } from '../../exec/run.js';
import { replayScheduler } from '../../scheduler/basic.js';
import { isValidSeed } from '../../prng/index.js';
import { runJob, type JobOptions, type JobResult, type JobSpec } from '../fuzz-job.js';
import type { Scenario } from '../../scenario/types.js';
import type { Profile } from '../../profiles/types.js';
import type { Policy } from '../../profiles/policy.js';
import { UserError } from '../../util/errors.js';
import { err, loadScenario, out, profileList, selectProfiles } from '../io.js';
import { tokenFor } from '../tokens.js';
import { loadPolicy } from '../policy.js';
import { collect, loadProperties } from '../property.js';
import { checkExecution, contextFor } from '../../../properties/index.js';
import { htmlReport, type HtmlRun } from '../../report/html.js';
import { writeFileAtomic } from '../write.js';
import { saveEntry } from '../corpus.js';
import { parseShard, type Shard } from '../shard.js';
import { writeJunit, type JunitCase } from '../junit.js';
import { positiveInt } from './campaign.js';
import { fromHost, type FromHost } from '../from-host.js';

interface FuzzFlags {
  kernel?: string;
  policy?: string;
  seed?: string;
  runs: string;
  time?: string;
  scheduler: string;
  depth: string;
  corpus: string;
  save: boolean;
  shard?: string;
  json?: boolean;
  junit?: string;
  quiet?: boolean;
  workers: string;
  property?: string[];
  generate?: boolean;
  from?: string;
  html?: string;
}

interface Job {
  readonly file: string;
  readonly s: Scenario;
  readonly profile: Profile;
}

export interface FuzzReportFinding {
  scenario: string;
  profile: string;
  property: string;
  message: string;
  token: string;
  fingerprint: string;
  saved: string | null;
  atRun: number;
  replay: string;
  /** --generate: the generated scenario (also embedded in the saved finding). */
  generated?: unknown;
}

/** Jobs in a fixed order; a shard takes every n-th, so the union of shards is the whole campaign. */
function jobsOf(files: readonly string[], kernel: string | undefined): Job[] {
  const jobs: Job[] = [];
  for (const file of files) {
    const s = loadScenario(file);
    const profiles = kernel === undefined ? selectProfiles(undefined, s) : profileList(kernel);
    for (const profile of profiles) jobs.push({ file, s, profile });
  }
  return jobs;
}

interface WorkerData {
  readonly options: JobOptions;
  readonly policy: string | null;
  readonly properties: readonly string[];
  readonly deadline: number;
  readonly stop: SharedArrayBuffer;
}

/** N worker threads pulling jobs from a queue in job order; each result is handed to `done`. */
async function runWorkers(
  specs: readonly JobSpec[],
  n: number,
  data: WorkerData,
  done: (r: JobResult) => void,
): Promise<void> {
  const url = new URL('../fuzz-worker.js', import.meta.url);
  let next = 0;
  const all: Worker[] = [];
  await Promise.all(
    Array.from(
      { length: Math.min(n, specs.length) },
      (_, w) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(url, { workerData: data });
          all.push(worker);
          worker.on('message', (m: JobResult | null | 'ready') => {
            if (m !== 'ready' && m !== null) done(m);
            worker.postMessage(m === null || next >= specs.length ? null : specs[next++]);
          });
          worker.on('error', reject);
          worker.on('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`fuzz worker ${w} exited with ${code}`)),
          );
        }),
    ),
  ).catch(async (e: unknown) => {
    await Promise.all(all.map((x) => x.terminate())); // one failed: stop the others too
    throw e;
  });
}

interface GenerateSetup {
  readonly seed: string;
  readonly runs: number;
  readonly policy: Policy | null;
  readonly extra: readonly ExecutionProperty[];
  readonly shard: Shard;
  readonly from: FromHost;
}

/** `fuzz --generate`: per profile, one shrunk generated counterexample per property. */
async function generateCampaign(flags: FuzzFlags, g: GenerateSetup): Promise<void> {
  const profiles = profileList(flags.kernel ?? g.from.kernel ?? '6.1').filter(
    (_, i) => i % g.shard.count === g.shard.index,
  );
  const log = flags.json ? err : out;
  if (!flags.quiet)
    log(`hotplug-fuzz fuzz --generate: seed ${g.seed}, ${g.runs} generated cases x ${profiles.length} profiles`);
  let interrupted = false;
  const onInt = (): void => void (interrupted = true);
  process.once('SIGINT', onInt);
  const deadline = flags.time === undefined ? Number.MAX_SAFE_INTEGER : Date.now() + Number(flags.time) * 1000;
  const found: FuzzReportFinding[] = [];
  const cases: JunitCase[] = [];
  let total = 0;
  try {
    for (const profile of profiles) {
      if (interrupted || Date.now() > deadline) break;
      const seed = childSeed(g.seed, `generate/${profile.name}`);
      const r = fuzzGenerated(
        profile,
        {
          seed,
          runs: g.runs,
          policy: g.policy?.match,
          properties: g.extra,
          ignore: ['override-in-table'],
          shouldStop: () => interrupted || Date.now() > deadline,
          scenarios: g.from.scenarios,
        },
        (n) => findDriver(n) !== undefined,
      );
      total += r.runs;
      const policyName = g.policy?.name ?? 'mainline';
      const failures: JunitCase['failures'][number][] = [];
      for (const f of r.findings) {
        const token = tokenFor(f.scenario, profile, f.run.choices, policyName);
        const entry = corpusEntry({
          s: f.scenario,
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
        const saved = flags.save && saveEntry(flags.corpus, entry) ? flags.corpus : null;
        const replay = saved
          ? `hotplug-fuzz replay ${join(flags.corpus, entryFileName(entry))}`
          : `(--no-save: the scenario is in --json)`;
        found.push({
          scenario: '(generated)',
          profile: profile.name,
          property: f.property,
          message: f.message,
          token,
          fingerprint: entry.fingerprint,
          saved,
          atRun: f.atRun,
          replay,
          generated: entry.scenario,
        });
        failures.push({ property: f.property, message: f.message, replay });
      }
      cases.push({ profile: profile.name, scenario: 'generated', failures });
      await new Promise((res) => setImmediate(res));
    }
  } finally {
    process.removeListener('SIGINT', onInt);
  }
  if (flags.junit) writeJunit(flags.junit, cases);
  if (flags.json)
    out(JSON.stringify({ seed: g.seed, generate: true, runs: total, interrupted, findings: found }, null, 2));
  else {
    log(`${total} generated cases, ${found.length} findings (one shrunk counterexample per property and profile)`);
    for (const f of found) {
      const s = f.generated as { actors: { name: string; ops: unknown[] }[] };
      log(
        `${f.profile.padEnd(19)} ${f.property.padEnd(18)} ${f.message}\n  ${s.actors.map((a) => `${a.name}: ${a.ops.map((o) => JSON.stringify(o)).join(', ')}`).join('\n  ')}\n  replay: ${f.replay}`,
      );
    }
  }
  process.exitCode = interrupted ? 130 : found.length ? 1 : 0;
}

export function registerFuzz(program: Command): void {
  program
    .command('fuzz [scenarios...]')
    .description(
      'fuzz the interleavings of scenarios under profiles; findings are shrunk, saved to the corpus and replayable',
    )
    .option(
      '-k, --kernel <profiles>',
      'comma-separated profiles or "all" (default: each scenario\'s "kernel", else 6.1)',
    )
    .option('--policy <module>', "a user matching policy (./my-policy.js) instead of each profile's own")
    .option('--seed <seed>', 'campaign seed (default: from the clock; printed)')
    .option('--runs <n>', 'executions per scenario and profile', '2000')
    .option('--time <seconds>', 'stop starting new executions after this long (findings so far are kept)')
    .option(
      '--generate',
      'generate whole scenarios too (twin NICs, drivers in random order, real tools with their intent, hotplug and module events), shrunk with their schedule',
    )
    .option(
      '--from <scenario>',
      "with --generate: keep this host's devices and configuration (a `snapshot`) and add its events",
    )
    .option('--scheduler <kind>', 'fc (fast-check choice arrays, shrunk toward FIFO), random or pct', 'fc')
    .option('--depth <d>', 'PCT bug depth', '2')
    .option('--corpus <dir>', 'where findings are written', 'corpus/findings')
    .option('--no-save', 'do not write findings')
    .option(
      '--shard <i/n|auto>',
      'run every n-th job starting at i; "auto" reads a Kubernetes Indexed Job, Slurm array or CI matrix index',
    )
    .option('--property <module>', 'also check your own property (./my-property.js); repeatable', collect)
    .option('--json', 'machine-readable output on stdout (progress and logs on stderr)')
    .option('--junit <file>', 'also write a JUnit XML report')
    .option('--html <file>', 'also write a self-contained HTML report of every finding')
    .option('--quiet', 'no progress bar, only the summary')
    .option(
      '--workers <n>',
      `worker threads (this machine: ${availableParallelism()} cores); same findings as one worker`,
      '1',
    )
    .addHelpText(
      'after',
      [
        '',
        'The same seed, runs and scenarios give the same findings on any machine, in any shard split: each',
        '(scenario, profile) job draws from its own child seed. --time makes the amount of work depend on speed.',
        'Examples:',
        '  hotplug-fuzz fuzz corpus/scenarios/h01-new-id-captures-hot-added-twin.json -k all --seed 1',
        '  hotplug-fuzz fuzz corpus/scenarios/*.json --scheduler pct --depth 3 --runs 500 --json',
        '  hotplug-fuzz fuzz corpus/scenarios/*.json --shard auto --corpus out/shard-$JOB_COMPLETION_INDEX',
        'Then: hotplug-fuzz replay corpus/findings/<file>.json, hotplug-fuzz corpus check, hotplug-fuzz merge.',
        'Exit codes: 0 no finding, 1 findings, 2 bad input, 130 interrupted (findings so far are saved).',
      ].join('\n'),
    )
    .action(async (files: string[], flags: FuzzFlags) => {
      const runs = positiveInt('--runs', flags.runs);
      const depth = positiveInt('--depth', flags.depth);
      const workers = positiveInt('--workers', flags.workers);
      if (!['fc', 'random', 'pct'].includes(flags.scheduler))
        throw new UserError('--scheduler', '', `unknown scheduler "${flags.scheduler}" (fc, random, pct)`);
      const seconds = flags.time === undefined ? null : Number(flags.time);
      if (seconds !== null && !(seconds > 0))
        throw new UserError('--time', '', `must be a positive number of seconds, not "${flags.time}"`);
      const seed = flags.seed ?? String(Date.now() % 1_000_000_007);
      if (!isValidSeed(seed)) throw new UserError('--seed', '', 'a seed is 1-64 letters, digits or ._:-');
      const shard = parseShard(flags.shard, process.env);
      const policy: Policy | null = flags.policy !== undefined ? await loadPolicy(flags.policy) : null;
      const extra = await loadProperties(flags.property);
      if (flags.generate && files.length) {
        throw new UserError(
          '--generate',
          '',
          `generates its own scenarios: give no scenario files${/^\d+$/.test(files[0]) ? ` (for ${files[0]} cases: --runs ${files[0]})` : ''}`,
        );
      }
      const from = fromHost(flags);
      if (flags.generate) return generateCampaign(flags, { seed, runs, policy, extra, shard, from });
      if (files.length === 0) throw new UserError('fuzz', '', 'name at least one scenario, or give --generate');
      const jobs = jobsOf(files, flags.kernel).filter((_, i) => i % shard.count === shard.index);
      const log = flags.json ? err : out;
      if (!flags.quiet)
        log(
          `hotplug-fuzz fuzz: seed ${seed}, scheduler ${flags.scheduler}, ${runs} runs x ${jobs.length} jobs${shard.count > 1 ? ` (shard ${shard.index}/${shard.count})` : ''}`,
        );

      let interrupted = false;
      const stopFlag = new Int32Array(new SharedArrayBuffer(4));
      const onInt = (): void => {
        interrupted = true;
        Atomics.store(stopFlag, 0, 1);
      };
      process.once('SIGINT', onInt);
      const deadline = seconds === null ? Number.MAX_SAFE_INTEGER : Date.now() + seconds * 1000;
      const shouldStop = (): boolean => interrupted || Date.now() > deadline;
      const bar =
        !flags.quiet && !flags.json && process.stderr.isTTY
          ? new SingleBar({ format: 'fuzz {bar} {value}/{total} {what}', hideCursor: true, stream: process.stderr })
          : null;
      bar?.start(jobs.length, 0, { what: '' });
      const specs: JobSpec[] = jobs.map((j, i) => ({ index: i, file: j.file, profile: j.profile.name }));
      const options: JobOptions = { seed, scheduler: flags.scheduler as FuzzScheduler, runs, depth };
      const results: JobResult[] = [];
      const done = (r: JobResult): void => {
        results.push(r);
        bar?.increment(1, { what: `${jobs[r.index].s.name} @ ${jobs[r.index].profile.name}` });
      };
      try {
        if (workers <= 1) {
          for (const spec of specs) {
            if (shouldStop()) break;
            done(runJob(spec, options, policy?.match, extra, shouldStop));
            await new Promise((res) => setImmediate(res)); // let SIGINT in between jobs
          }
        } else
          await runWorkers(
            specs,
            workers,
            {
              options,
              policy: flags.policy === undefined ? null : flags.policy,
              properties: flags.property ?? [],
              deadline,
              stop: stopFlag.buffer as SharedArrayBuffer,
            },
            done,
          );
      } finally {
        bar?.stop();
        process.removeListener('SIGINT', onInt);
      }

      // The report, in job order whatever the workers' timing: each finding's execution is replayed here.
      results.sort((a, b) => a.index - b.index);
      const found: FuzzReportFinding[] = [];
      const cases: JunitCase[] = [];
      const html: HtmlRun[] = [];
      let total = 0;
      for (const res of results) {
        const job = jobs[res.index];
        total += res.runs;
        const b = bootScenario(job.s, job.profile, policy?.match);
        const policyName = policy?.name ?? job.s.policy;
        const failures: JunitCase['failures'][number][] = [];
        for (const f of res.findings) {
          const run = runBooted(b, { scheduler: replayScheduler(f.choices) });
          const token = tokenFor(job.s, job.profile, f.choices, policyName);
          const entry = corpusEntry({
            s: job.s,
            scenarioFile: job.file,
            profile: job.profile.name,
            policy: policyName,
            property: f.property,
            message: f.message,
            step: f.step,
            token,
            run,
            found: { scheduler: flags.scheduler, seed: res.seed, atRun: f.atRun },
          });
          const saved = flags.save && saveEntry(flags.corpus, entry) ? flags.corpus : null;
          const replay = `hotplug-fuzz run ${job.file}${flags.policy ? ` --policy ${flags.policy}` : ''} --schedule ${token} --trace`;
          found.push({
            scenario: job.file,
            profile: job.profile.name,
            property: f.property,
            message: f.message,
            token,
            fingerprint: entry.fingerprint,
            saved,
            atRun: f.atRun,
            replay,
          });
          failures.push({ property: f.property, message: f.message, replay });
          if (flags.html)
            html.push({
              title: `${f.property} in ${job.s.name}: ${f.message}`,
              profile: job.profile.name,
              token,
              replay,
              result: run,
              violations: checkExecution(job.s, run, contextFor(b, extra)),
            });
        }
        cases.push({ profile: job.profile.name, scenario: basename(job.file, '.json'), failures });
      }
      if (flags.html) writeFileAtomic(flags.html, htmlReport(`hotplug-fuzz fuzz: seed ${seed}`, html));
      if (flags.junit) writeJunit(flags.junit, cases);
      if (flags.json)
        out(
          JSON.stringify(
            { seed, scheduler: flags.scheduler, shard, jobs: jobs.length, runs: total, interrupted, findings: found },
            null,
            2,
          ),
        );
      else {
        log(
          `${total} executions, ${found.length} findings${flags.save ? ` (${found.filter((f) => f.saved).length} new in ${flags.corpus})` : ''}${interrupted ? ', interrupted' : ''}`,
        );
        for (const f of found)
          log(
            `${f.profile.padEnd(19)} ${f.property.padEnd(18)} ${f.scenario}\n  ${f.message}\n  found after ${f.atRun} runs; replay: ${f.replay}`,
          );
      }
      process.exitCode = interrupted ? 130 : found.length ? 1 : 0;
    });
}
