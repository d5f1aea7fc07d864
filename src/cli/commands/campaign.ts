// `hotplug-fuzz` / `hotplug-fuzz campaign`: every scenario in corpus/scenarios x every profile, each
// explored exhaustively (source-DPOR), every property checked on every outcome; the profile x property matrix.
import type { Command } from 'commander';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { checkRegression, checkScenario, type Candidate } from '../../campaign/check.js';
import { findProfile } from '../../profiles/index.js';
import { writeJunit } from '../junit.js';
import { collect, loadProperties } from '../property.js';
import { formatMatrix, matrixColumns, type MatrixCell } from '../../campaign/matrix.js';
import { UserError } from '../../util/errors.js';
import { loadScenario, out, profileList, scenarioFiles } from '../io.js';
import { tokenFor } from '../tokens.js';
import { corpusEntry } from '../../campaign/finding.js';
import { saveEntry } from '../corpus.js';

interface CampaignFlags {
  kernel: string;
  scenarios: string;
  maxExecutions: string;
  time: string;
  corpus: string;
  save: boolean;
  baseline: string;
  junit?: string;
  property?: string[];
  json?: boolean;
}

export function positiveInt(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError(flag, '', `must be a positive integer, not "${v}"`);
  return n;
}

export function registerCampaign(program: Command): void {
  program
    .command('campaign', { isDefault: true })
    .description(
      'the default job: every scenario in corpus/scenarios x every profile, explored exhaustively; prints the profile x property matrix',
    )
    .option('-k, --kernel <profiles>', 'comma-separated profiles, or "all"', 'all')
    .option('--scenarios <dir>', 'directory of scenarios', 'corpus/scenarios')
    .option('--max-executions <n>', 'exploration budget per scenario and profile', '20000')
    .option('--time <seconds>', 'stop starting new explorations after this long', '60')
    .option(
      '--corpus <dir>',
      'where findings are written (one JSON file each, de-duplicated by fingerprint)',
      'corpus/findings',
    )
    .option('--no-save', 'do not write findings')
    .option('--baseline <profile>', 'the baseline of no-regression: every other profile is replayed against it', '5.14')
    .option('--junit <file>', 'also write a JUnit XML report')
    .option('--property <module>', 'also check your own property (./my-property.js); repeatable', collect)
    .option('--json', 'machine-readable output on stdout')
    .addHelpText(
      'after',
      '\nCells name the scenarios (hazard numbers for hNN-… files) that violate the property.\nEvery finding prints its replay command.\nExit codes: 0 no violation, 1 violations found, 2 bad input, 4 a budget was exhausted.',
    )
    .action(async (flags: CampaignFlags) => {
      const max = positiveInt('--max-executions', flags.maxExecutions);
      const seconds = Number(flags.time);
      if (!(seconds > 0))
        throw new UserError('--time', '', `must be a positive number of seconds, not "${flags.time}"`);
      const deadline = Date.now() + seconds * 1000;
      let interrupted = false;
      const onInt = (): void => void (interrupted = true);
      process.once('SIGINT', onInt);
      let skipped = 0;
      let saved = 0;
      const scenarios = scenarioFiles(flags.scenarios).map((f) => ({ file: f, s: loadScenario(f) }));
      const profiles = profileList(flags.kernel);
      const extra = await loadProperties(flags.property);
      const base = findProfile(flags.baseline);
      if (!base) throw new UserError('--baseline', '', `unknown kernel profile "${flags.baseline}"`);
      const baseline: Candidate = { label: base.name, profile: base };
      const bar =
        !flags.json && process.stderr.isTTY
          ? new SingleBar({ format: 'campaign {bar} {value}/{total} {what}', hideCursor: true, stream: process.stderr })
          : null;
      bar?.start(scenarios.length * profiles.length, 0, { what: '' });
      const findings: (MatrixCell & { file: string; message: string; token: string })[] = [];
      let executions = 0;
      let incomplete = 0;
      for (const { file, s } of scenarios) {
        for (const p of profiles) {
          if (interrupted || Date.now() > deadline) {
            skipped++;
            continue;
          }
          bar?.increment(1, { what: `${s.name} @ ${p.name}` });
          const cand: Candidate = { label: p.name, profile: p };
          const checks = [checkScenario(s, cand, max, extra)];
          if (p.name !== base.name) checks.push(checkRegression(s, baseline, cand, max));
          for (const c of checks) {
            executions += c.executions;
            if (!c.complete) incomplete++;
            for (const f of c.findings) {
              const token = tokenFor(s, p, f.choices);
              findings.push({
                scenario: basename(file, '.json'),
                file,
                profile: p.name,
                property: f.property,
                message: f.message,
                token,
              });
              if (flags.save) {
                const run = c.runs.get(f) ?? null;
                if (
                  run &&
                  saveEntry(
                    flags.corpus,
                    corpusEntry({
                      s,
                      scenarioFile: file,
                      profile: p.name,
                      policy: s.policy,
                      property: f.property,
                      message: f.message,
                      step: null,
                      token,
                      run,
                      found: { scheduler: 'explore', seed: '-', atRun: 0 },
                      ...(f.property === 'no-regression' ? { baseline: base.name } : {}),
                    }),
                  )
                )
                  saved++;
              }
            }
          }
          await new Promise((res) => setImmediate(res)); // let SIGINT in
        }
      }
      bar?.stop();
      process.removeListener('SIGINT', onInt);
      const names = profiles.map((p) => p.name);
      if (flags.junit) {
        const cases = scenarios.flatMap(({ file }) =>
          names.map((p) => ({
            profile: p,
            scenario: basename(file, '.json'),
            failures: findings
              .filter((f) => f.file === file && f.profile === p)
              .map((f) => ({
                property: f.property,
                message: f.message,
                replay: `hotplug-fuzz run ${f.file} --schedule ${f.token} --trace`,
              })),
          })),
        );
        writeJunit(flags.junit, cases);
      }
      if (flags.json)
        out(
          JSON.stringify(
            {
              baseline: base.name,
              scenarios: scenarios.length,
              profiles: names,
              executions,
              incomplete,
              skipped,
              saved,
              findings,
            },
            null,
            2,
          ),
        );
      else {
        out(
          `hotplug-fuzz campaign: ${scenarios.length} scenarios x ${names.length} profiles, ${executions} executions (exhaustive, source-DPOR)\n`,
        );
        out(
          formatMatrix(
            findings,
            names,
            [...matrixColumns(true), ...extra.map((p) => p.name)],
            new Set([`${base.name}\0no-regression`]),
          ) + '\n',
        );
        for (const f of findings)
          out(
            `${f.profile.padEnd(19)} ${f.property.padEnd(18)} ${f.file}\n  ${f.message}\n  replay: hotplug-fuzz run ${f.file} --schedule ${f.token} --trace`,
          );
        if (incomplete) out(`\n${incomplete} explorations hit --max-executions ${max}: their outcome sets are partial`);
        if (skipped)
          out(
            `\n${skipped} scenario x profile pairs not run: ${interrupted ? 'interrupted' : `--time ${seconds}s reached`}`,
          );
        if (flags.save)
          out(
            `\nfindings: ${saved} new in ${flags.corpus}/ (replay one: hotplug-fuzz replay ${flags.corpus}/<file>.json; all: hotplug-fuzz corpus check)`,
          );
      }
      process.exitCode = interrupted ? 130 : incomplete || skipped ? 4 : findings.length ? 1 : 0;
    });
}
