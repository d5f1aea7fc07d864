// `hotplug-fuzz fuzz <scenario…>`: schedule fuzzing (fast-check choice arrays shrunk toward FIFO, or seeded
// random / PCT) of scenarios x profiles; findings written to the corpus, de-duplicated by fingerprint.
import type { Command } from 'commander';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { fuzzScenario, type FuzzScheduler } from '../../campaign/fuzz.js';
import { corpusEntry } from '../../campaign/finding.js';
import { bootScenario } from '../../exec/run.js';
import { childSeed, isValidSeed } from '../../prng/index.js';
import { scenarioHash } from '../../scenario/hash.js';
import type { Scenario } from '../../scenario/types.js';
import type { Profile } from '../../profiles/types.js';
import type { Policy } from '../../profiles/policy.js';
import { UserError } from '../../util/errors.js';
import { err, loadScenario, out, profileList, selectProfiles } from '../io.js';
import { tokenFor } from '../tokens.js';
import { loadPolicy } from '../policy.js';
import { saveEntry } from '../corpus.js';
import { parseShard } from '../shard.js';
import { writeJunit, type JunitCase } from '../junit.js';
import { positiveInt } from './campaign.js';

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

export function registerFuzz(program: Command): void {
  program
    .command('fuzz <scenarios...>')
    .description('fuzz the interleavings of scenarios under profiles; findings are shrunk, saved to the corpus and replayable')
    .option('-k, --kernel <profiles>', 'comma-separated profiles or "all" (default: each scenario\'s "kernel", else 6.1)')
    .option('--policy <module>', 'a user matching policy (./my-policy.js) instead of each profile\'s own')
    .option('--seed <seed>', 'campaign seed (default: from the clock; printed)')
    .option('--runs <n>', 'executions per scenario and profile', '2000')
    .option('--time <seconds>', 'stop starting new executions after this long (findings so far are kept)')
    .option('--scheduler <kind>', 'fc (fast-check choice arrays, shrunk toward FIFO), random or pct', 'fc')
    .option('--depth <d>', 'PCT bug depth', '2')
    .option('--corpus <dir>', 'where findings are written', 'corpus/findings')
    .option('--no-save', 'do not write findings')
    .option('--shard <i/n|auto>', 'run every n-th job starting at i; "auto" reads a Kubernetes Indexed Job, Slurm array or CI matrix index')
    .option('--json', 'machine-readable output on stdout (progress and logs on stderr)')
    .option('--junit <file>', 'also write a JUnit XML report')
    .option('--quiet', 'no progress bar, only the summary')
    .addHelpText('after', [
      '',
      'The same seed, runs and scenarios give the same findings on any machine, in any shard split: each',
      '(scenario, profile) job draws from its own child seed. --time makes the amount of work depend on speed.',
      'Examples:',
      '  hotplug-fuzz fuzz corpus/scenarios/h01-new-id-captures-hot-added-twin.json -k all --seed 1',
      '  hotplug-fuzz fuzz corpus/scenarios/*.json --scheduler pct --depth 3 --runs 500 --json',
      '  hotplug-fuzz fuzz corpus/scenarios/*.json --shard auto --corpus out/shard-$JOB_COMPLETION_INDEX',
      'Then: hotplug-fuzz replay corpus/findings/<file>.json, hotplug-fuzz corpus check, hotplug-fuzz merge.',
      'Exit codes: 0 no finding, 1 findings, 2 bad input, 130 interrupted (findings so far are saved).',
    ].join('\n'))
    .action(async (files: string[], flags: FuzzFlags) => {
      const runs = positiveInt('--runs', flags.runs);
      const depth = positiveInt('--depth', flags.depth);
      if (!['fc', 'random', 'pct'].includes(flags.scheduler)) throw new UserError('--scheduler', '', `unknown scheduler "${flags.scheduler}" (fc, random, pct)`);
      const seconds = flags.time === undefined ? null : Number(flags.time);
      if (seconds !== null && !(seconds > 0)) throw new UserError('--time', '', `must be a positive number of seconds, not "${flags.time}"`);
      const seed = flags.seed ?? String(Date.now() % 1_000_000_007);
      if (!isValidSeed(seed)) throw new UserError('--seed', '', 'a seed is 1-64 letters, digits or ._:-');
      const shard = parseShard(flags.shard, process.env);
      const policy: Policy | null = flags.policy !== undefined ? await loadPolicy(flags.policy) : null;
      const jobs = jobsOf(files, flags.kernel).filter((_, i) => i % shard.count === shard.index);
      const log = flags.json ? err : out;
      if (!flags.quiet) log(`hotplug-fuzz fuzz: seed ${seed}, scheduler ${flags.scheduler}, ${runs} runs x ${jobs.length} jobs${shard.count > 1 ? ` (shard ${shard.index}/${shard.count})` : ''}`);

      let interrupted = false;
      const onInt = (): void => void (interrupted = true);
      process.once('SIGINT', onInt);
      const deadline = seconds === null ? Infinity : Date.now() + seconds * 1000;
      const shouldStop = (): boolean => interrupted || Date.now() > deadline;
      const bar = !flags.quiet && !flags.json && process.stderr.isTTY ? new SingleBar({ format: 'fuzz {bar} {value}/{total} {what}', hideCursor: true, stream: process.stderr }) : null;
      bar?.start(jobs.length, 0, { what: '' });

      const found: FuzzReportFinding[] = [];
      const cases: JunitCase[] = [];
      let total = 0;
      try {
        for (const job of jobs) {
          if (shouldStop()) break;
          bar?.increment(1, { what: `${job.s.name} @ ${job.profile.name}` });
          const jobSeed = childSeed(seed, `${scenarioHash(job.s)}/${job.profile.name}`);
          const b = bootScenario(job.s, job.profile, policy?.match);
          const r = fuzzScenario(b, { scheduler: flags.scheduler as FuzzScheduler, seed: jobSeed, runs, depth, shouldStop });
          total += r.runs;
          const policyName = policy?.name ?? job.s.policy;
          const failures: JunitCase['failures'][number][] = [];
          for (const f of r.findings) {
            const token = tokenFor(job.s, job.profile, f.run.choices, policyName);
            const entry = corpusEntry({
              s: job.s, scenarioFile: job.file, profile: job.profile.name, policy: policyName, property: f.property, message: f.message, step: f.step,
              token, run: f.run, found: { scheduler: flags.scheduler, seed: jobSeed, atRun: f.atRun },
            });
            const saved = flags.save && saveEntry(flags.corpus, entry) ? flags.corpus : null;
            const replay = `hotplug-fuzz run ${job.file}${flags.policy ? ` --policy ${flags.policy}` : ''} --schedule ${token} --trace`;
            found.push({ scenario: job.file, profile: job.profile.name, property: f.property, message: f.message, token, fingerprint: entry.fingerprint, saved, atRun: f.atRun, replay });
            failures.push({ property: f.property, message: f.message, replay });
          }
          cases.push({ profile: job.profile.name, scenario: basename(job.file, '.json'), failures });
          await new Promise((res) => setImmediate(res)); // let SIGINT in between jobs
        }
      } finally {
        bar?.stop();
        process.removeListener('SIGINT', onInt);
      }
      if (flags.junit) writeJunit(flags.junit, cases);
      if (flags.json) out(JSON.stringify({ seed, scheduler: flags.scheduler, shard, jobs: jobs.length, runs: total, interrupted, findings: found }, null, 2));
      else {
        log(`${total} executions, ${found.length} findings${flags.save ? ` (${found.filter((f) => f.saved).length} new in ${flags.corpus})` : ''}${interrupted ? ', interrupted' : ''}`);
        for (const f of found) log(`${f.profile.padEnd(19)} ${f.property.padEnd(18)} ${f.scenario}\n  ${f.message}\n  found after ${f.atRun} runs; replay: ${f.replay}`);
      }
      process.exitCode = interrupted ? 130 : found.length ? 1 : 0;
    });
}
