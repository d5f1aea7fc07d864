// `hotplug-fuzz fuzz <scenario…>`: schedule fuzzing (fast-check choice arrays shrunk toward FIFO, or seeded
// random / PCT) of scenarios x profiles; findings written to the corpus, de-duplicated by fingerprint.
// Parses options, calls fuzzCampaign / generateCampaign (src/campaign/fuzz-campaign.ts), saves and renders.
import type { Command } from 'commander';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { FuzzScheduler } from '../../campaign/fuzz.js';
import { entryFileName, type CorpusEntry } from '../../campaign/finding.js';
import { fuzzCampaign, generateCampaign, type FuzzJob, type JobExecutor } from '../../campaign/fuzz-campaign.js';
import type { JobOptions, JobResult } from '../../campaign/fuzz-job.js';
import { findDriver } from '../../model/catalogue/index.js';
import type { ExecutionProperty } from '../../../properties/types.js';
import type { Policy } from '../../profiles/policy.js';
import type { Scenario } from '../../scenario/types.js';
import { UserError } from '../../util/errors.js';
import { err, loadScenario, out } from '../io.js';
import { loadPolicy } from '../policy.js';
import { loadProperties } from '../property.js';
import { checkExecution, contextFor } from '../../../properties/index.js';
import { htmlReport, type HtmlRun } from '../../report/html.js';
import { writeFileAtomic } from '../write.js';
import { placeEntry, type Place } from '../corpus.js';
import { formatFuzzSummary, type FuzzFindingLine } from '../../report/fuzz-text.js';
import { suggestedCommand } from '../../report/commands.js';
import { parseShard, type Shard } from '../shard.js';
import { writeJunit, type JunitCase } from '../junit.js';
import { deadlineOf, kernelProfiles, positiveInt, seedOf, withOptions } from '../options.js';
import { checkPath } from '../paths.js';
import { session, type Session } from '../run-hooks.js';
import { fromHost, type FromHost } from '../from-host.js';
import type { WorkerData } from '../fuzz-worker.js';
import { BUS_GENERATORS } from '../../campaign/generate/index.js';
import { BUS_NAMES, type BusName } from '../../model/types.js';

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
  bus?: string;
  html?: string;
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

/** A finding as the report shows it. */
function reportOf(
  f: { property: string; message: string; token: string; atRun: number; entry: CorpusEntry },
  scenario: string,
  profile: string,
  saved: string | null,
  replay: string,
): FuzzReportFinding {
  const { property, message, token, atRun } = f;
  return { scenario, profile, property, message, token, fingerprint: f.entry.fingerprint, saved, atRun, replay };
}

/** Jobs in a fixed order; a shard takes every n-th, so the union of shards is the whole campaign. */
function jobsOf(files: readonly string[], kernel: string | undefined): FuzzJob[] {
  const jobs: FuzzJob[] = [];
  for (const file of files) {
    const s = loadScenario(file);
    for (const profile of kernelProfiles(kernel, s)) jobs.push({ file, s, profile });
  }
  return jobs;
}

/** `--workers N|auto`: auto is the cores this process may use (os.availableParallelism). */
export function workerCount(v: string): number {
  if (v === 'auto') return availableParallelism();
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UserError('--workers', '', `must be a positive integer or "auto", not "${v}"`);
  return n;
}

/** N worker threads pulling jobs from a queue in job order; each result is handed to `done`. */
function workerExecutor(n: number, data: WorkerData): JobExecutor {
  return async (specs, done) => {
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
  };
}

interface GenerateSetup {
  readonly seed: string;
  readonly runs: number;
  readonly policy: Policy | null;
  readonly extra: readonly ExecutionProperty[];
  readonly shard: Shard;
  readonly deadline: number;
  readonly from: FromHost;
}

/** --bus: the built-in generator --generate draws from (pci: campaign/generate.ts, the others: campaign/generate/). */
function busWorlds(flags: FuzzFlags): FromHost {
  if (!flags.generate) throw new UserError('--bus', '', 'goes with --generate (fuzz --generate --bus platform)');
  if (flags.from !== undefined)
    throw new UserError('--bus', '', 'a --from host brings its own devices: give one of them');
  const bus = flags.bus as BusName;
  if (!BUS_NAMES.includes(bus))
    throw new UserError('--bus', '', `unknown bus "${flags.bus}" (${BUS_NAMES.join(', ')})`);
  return bus === 'pci' ? {} : { scenarios: BUS_GENERATORS[bus] };
}

/** `fuzz --generate`: per profile, one shrunk generated counterexample per property. */
async function generateCommand(flags: FuzzFlags, g: GenerateSetup): Promise<void> {
  const profiles = kernelProfiles(flags.kernel ?? g.from.kernel).filter((_, i) => i % g.shard.count === g.shard.index);
  const run = session({ name: 'fuzz --generate', deadline: g.deadline, bar: !flags.quiet && !flags.json });
  const log = flags.json ? err : out;
  if (!flags.quiet)
    log(`hotplug-fuzz fuzz --generate: seed ${g.seed}, ${g.runs} generated cases x ${profiles.length} profiles`);
  let r: Awaited<ReturnType<typeof generateCampaign>>;
  try {
    r = await generateCampaign(
      {
        profiles,
        seed: g.seed,
        runs: g.runs,
        policy: g.policy,
        properties: g.extra,
        knownDriver: (n) => findDriver(n) !== undefined,
        scenarios: g.from.scenarios,
      },
      run,
    );
  } finally {
    run.close();
  }
  const written = new Set<string>();
  const places = r.findings.map((f) => placeEntry(flags.corpus, flags.save, f.entry, written));
  const found: FuzzReportFinding[] = r.findings.map((f, i) => {
    const saved = flags.save && places[i].isNew ? flags.corpus : null;
    const replay = saved
      ? `hotplug-fuzz replay ${join(flags.corpus, entryFileName(f.entry))}`
      : `(--no-save: the scenario is in --json)`;
    return { ...reportOf(f, '(generated)', f.profile, saved, replay), generated: f.entry.scenario };
  });
  const interrupted = run.interrupted();
  if (flags.junit)
    writeJunit(
      flags.junit,
      r.profiles.map((p) => ({
        profile: p,
        scenario: 'generated',
        failures: found
          .filter((f) => f.profile === p)
          .map(({ property, message, replay }) => ({ property, message, replay })),
      })),
    );
  if (flags.json)
    out(JSON.stringify({ seed: g.seed, generate: true, runs: r.runs, interrupted, findings: found }, null, 2));
  else {
    log('one shrunk counterexample per property and profile:');
    const lines = found.map((f, i) => {
      const s = f.generated as { actors: { name: string; ops: unknown[] }[] };
      const detail = s.actors.map((a) => `${a.name}: ${a.ops.map((o) => JSON.stringify(o)).join(', ')}`);
      const replay = places[i].entry ? `hotplug-fuzz replay ${places[i].entry}` : f.replay;
      return { ...lineOf(f, places[i], replay), detail };
    });
    const done = `${r.runs} generated cases`;
    log(formatFuzzSummary({ done, findings: lines, corpus: flags.corpus, saved: flags.save, interrupted }));
  }

  process.exitCode = interrupted ? 130 : found.length ? 1 : 0;
}

export function registerFuzz(program: Command): void {
  const cmd = program
    .command('fuzz [scenarios...]')
    .description(
      'fuzz the interleavings of scenarios under profiles; findings are shrunk, saved to the corpus and replayable',
    );
  withOptions(cmd, 'kernel', 'policy', 'seed')
    .option(
      '--runs <n>',
      'executions per scenario and profile (fc: one more when the budget ends in a shrink, to replay its counterexample)',
      '2000',
    )
    .option(
      '--generate',
      'generate whole scenarios too (twin NICs, drivers in random order, real tools with their intent, hotplug and module events), shrunk with their schedule',
    )
    .option(
      '--from <scenario>',
      "with --generate: keep this host's devices and configuration (a `snapshot`) and add its events",
    )
    .option('--bus <bus>', `with --generate: the bus of the generated worlds: ${BUS_NAMES.join(', ')} (default pci)`)
    .option('--scheduler <kind>', 'fc (fast-check choice arrays, shrunk toward FIFO), random or pct', 'fc')
    .option('--depth <d>', 'PCT bug depth', '2');
  withOptions(cmd, 'time', 'corpus')
    .option('--no-save', 'do not write findings')
    .option(
      '--shard <i/n|auto>',
      'run every n-th job starting at i; "auto" reads a Kubernetes Indexed Job, Slurm array or CI matrix index',
    );
  withOptions(cmd, 'property', 'json', 'junit', 'html')
    .option('--quiet', 'no progress bar, only the summary')
    .option(
      '--workers <n|auto>',
      `worker threads, or auto: one per core (here ${availableParallelism()}); same findings as one worker`,
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
        '  hotplug-fuzz fuzz --generate --bus vmbus --seed 1 --runs 300',
        'Then: hotplug-fuzz replay corpus/findings/<file>.json, hotplug-fuzz corpus check, hotplug-fuzz merge.',
        'Exit codes: 0 no finding, 1 findings, 2 bad input, 130 interrupted (findings so far are saved).',
      ].join('\n'),
    )
    .action(fuzzAction);
}

/** Parses the options, runs, reports. */
async function fuzzAction(files: string[], flags: FuzzFlags): Promise<void> {
  const runs = positiveInt('--runs', flags.runs);
  const depth = positiveInt('--depth', flags.depth);
  const workers = workerCount(flags.workers);
  if (!['fc', 'random', 'pct'].includes(flags.scheduler))
    throw new UserError('--scheduler', '', `unknown scheduler "${flags.scheduler}" (fc, random, pct)`);
  const deadline = deadlineOf(flags.time, Date.now());
  const seed = seedOf(flags.seed, Date.now());
  const shard = parseShard(flags.shard, process.env);
  if (flags.save) checkPath('--corpus', flags.corpus, 'dir');
  if (flags.junit) checkPath('--junit', flags.junit, 'file');
  if (flags.html) checkPath('--html', flags.html, 'file');
  const policy: Policy | null = flags.policy !== undefined ? await loadPolicy(flags.policy) : null;
  const extra = await loadProperties(flags.property);
  if (flags.generate && files.length) {
    throw new UserError(
      '--generate',
      '',
      `generates its own scenarios: give no scenario files${/^\d+$/.test(files[0]) ? ` (for ${files[0]} cases: --runs ${files[0]})` : ''}`,
    );
  }
  const from = flags.bus === undefined ? fromHost(flags) : busWorlds(flags);
  if (flags.generate) return generateCommand(flags, { seed, runs, policy, extra, shard, deadline, from });
  if (files.length === 0) throw new UserError('fuzz', '', 'name at least one scenario, or give --generate');
  const jobs = jobsOf(files, flags.kernel).filter((_, i) => i % shard.count === shard.index);
  // Ctrl-C is ours before anything is printed: a signal sent after the banner always lands in the handler.
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const run = session({ name: 'fuzz', deadline, bar: !flags.quiet && !flags.json, stopFlag });
  const log = flags.json ? err : out;
  if (!flags.quiet)
    log(
      `hotplug-fuzz fuzz: seed ${seed}, scheduler ${flags.scheduler}, ${runs} runs x ${jobs.length} jobs` +
        (shard.count > 1 ? ` (shard ${shard.index}/${shard.count})` : ''),
    );
  const options: JobOptions = { seed, scheduler: flags.scheduler as FuzzScheduler, runs, depth };
  const executor =
    workers > 1
      ? {
          workers,
          run: workerExecutor(workers, {
            scenarios: Object.fromEntries(jobs.map((j) => [j.file, j.s])),
            options,
            policy: flags.policy ?? null,
            properties: flags.property ?? [],
            deadline,
            stop: stopFlag.buffer as SharedArrayBuffer,
          }),
        }
      : undefined;
  let r: Awaited<ReturnType<typeof fuzzCampaign>>;
  try {
    r = await fuzzCampaign({ jobs, options, policy, properties: extra }, { ...run, executor });
  } finally {
    run.close();
  }
  reportFuzz(r, { flags, seed, shard, run, extra, log });
}

interface ReportContext {
  readonly flags: FuzzFlags;
  readonly seed: string;
  readonly shard: Shard;
  readonly run: Session;
  readonly extra: readonly ExecutionProperty[];
  readonly log: (text: string) => void;
}

/** Saves the findings, then hands the result to the reporters (HTML, JUnit, JSON or text). */
function reportFuzz(r: Awaited<ReturnType<typeof fuzzCampaign>>, c: ReportContext): void {
  const { flags, seed, shard, run, extra, log } = c;
  const written = new Set<string>();
  const places = r.findings.map((f) => placeEntry(flags.corpus, flags.save, f.entry, written));
  // The command each report suggests: the one that shows the finding's own property.
  const suggested = r.findings.map((f, i) =>
    suggestedCommand({
      file: f.job.file,
      profile: f.job.profile.name,
      property: f.property,
      token: f.token,
      entry: places[i].entry,
      policyModule: flags.policy,
      propertyModules: flags.property,
    }),
  );
  const found: FuzzReportFinding[] = r.findings.map((f, i) => {
    const saved = flags.save && places[i].isNew ? flags.corpus : null;
    const replay =
      `hotplug-fuzz run ${f.job.file}${flags.policy ? ` --policy ${flags.policy}` : ''}` +
      ` --schedule ${f.token} --trace`;
    return reportOf(f, f.job.file, f.job.profile.name, saved, replay);
  });
  if (flags.html) {
    const html: HtmlRun[] = r.findings.map((f, i) => ({
      title: `${f.property} in ${f.job.s.name}: ${f.message}`,
      profile: f.job.profile.name,
      token: f.token,
      replay: suggested[i],
      result: f.run,
      violations: checkExecution(f.job.s, f.run, contextFor(f.booted, extra)),
      finding: f,
      ...(f.versus
        ? {
            versus: {
              token: f.versus.token,
              replay: `hotplug-fuzz run ${f.job.file}${flags.policy ? ` --policy ${flags.policy}` : ''} --schedule ${f.versus.token} --trace`,
              result: f.versus.run,
            },
          }
        : {}),
    }));
    writeFileAtomic(flags.html, htmlReport(`hotplug-fuzz fuzz: seed ${seed}`, html));
  }
  if (flags.junit) {
    // One case per job that ran, its findings as failures.
    const cases: JunitCase[] = r.ran.map((job) => ({
      profile: job.profile.name,
      scenario: basename(job.file, '.json'),
      failures: found
        .filter((_, i) => r.findings[i].job === job)
        .map(({ property, message, replay }) => ({ property, message, replay })),
    }));
    writeJunit(flags.junit, cases);
  }
  const interrupted = run.interrupted();
  if (flags.json)
    out(
      JSON.stringify(
        { seed, scheduler: flags.scheduler, shard, jobs: r.jobs, runs: r.runs, interrupted, findings: found },
        null,
        2,
      ),
    );
  else {
    const lines = found.map((f, i) => lineOf(f, places[i], suggested[i]));
    const done = `${r.runs} executions`;
    log(formatFuzzSummary({ done, findings: lines, corpus: flags.corpus, saved: flags.save, interrupted }));
  }

  process.exitCode = interrupted ? 130 : found.length ? 1 : 0;
}

/** A finding as the text report lists it: where it is in the corpus and the command to replay it. */
function lineOf(f: FuzzReportFinding, place: Place, replay: string): FuzzFindingLine {
  const { profile, property, scenario, message, atRun } = f;
  return { profile, property, scenario, message, atRun, replay, ...place };
}
