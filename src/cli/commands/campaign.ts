// `hotplug-fuzz` / `hotplug-fuzz campaign`: every scenario in corpus/scenarios x every profile, each
// explored exhaustively (source-DPOR); properties checked on every outcome; the profile x property matrix.
import type { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { bootScenario } from '../../exec/run.js';
import { explore } from '../../explore/dpor.js';
import { checkExecution } from '../../../properties/index.js';
import { outcomeViolations } from '../../../properties/outcomes.js';
import { UserError } from '../../util/errors.js';
import { loadScenario, out, selectProfiles } from '../io.js';
import { tokenFor } from '../tokens.js';

interface CampaignFlags {
  kernel?: string;
  scenarios: string;
  maxExecutions: string;
  json?: boolean;
}

interface Finding {
  scenario: string;
  profile: string;
  property: string;
  message: string;
  token: string;
}

const PROPERTIES = ['intent', 'deterministic', 'no-deadlock'];

function scenarioFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new UserError(dir, '', 'cannot read the scenario directory');
  }
  const files = names.filter((n) => n.endsWith('.json')).sort().map((n) => join(dir, n));
  if (files.length === 0) throw new UserError(dir, '', 'no *.json scenarios here');
  return files;
}

function matrix(findings: readonly Finding[], profiles: readonly string[]): string {
  const w = Math.max(...profiles.map((p) => p.length)) + 2;
  const rows = [''.padEnd(w) + PROPERTIES.map((p) => p.padEnd(15)).join('')];
  for (const p of profiles) {
    const cells = PROPERTIES.map((prop) => {
      const n = new Set(findings.filter((f) => f.profile === p && f.property === prop).map((f) => f.scenario)).size;
      return (n === 0 ? 'ok' : `${n} scenario${n > 1 ? 's' : ''}`).padEnd(15);
    });
    rows.push(p.padEnd(w) + cells.join(''));
  }
  return rows.join('\n');
}

export function registerCampaign(program: Command): void {
  program
    .command('campaign', { isDefault: true })
    .description('the default job: every scenario in corpus/scenarios x every profile, explored exhaustively; prints the profile x property matrix')
    .option('-k, --kernel <profile>', 'one profile, or "all"', 'all')
    .option('--scenarios <dir>', 'directory of scenarios', 'corpus/scenarios')
    .option('--max-executions <n>', 'exploration budget per scenario and profile', '20000')
    .option('--json', 'machine-readable output on stdout')
    .addHelpText('after', '\nEvery finding prints its replay token: `hotplug-fuzz run <scenario> --schedule <token> --trace` shows it.\nExit codes: 0 no violation, 1 violations found, 2 bad input, 4 a budget was exhausted.')
    .action((flags: CampaignFlags) => {
      const max = Number(flags.maxExecutions);
      if (!Number.isInteger(max) || max < 1) throw new UserError('--max-executions', '', 'must be a positive integer');
      const scenarios = scenarioFiles(flags.scenarios).map((f) => ({ file: f, s: loadScenario(f) }));
      const profiles = selectProfiles(flags.kernel, null);
      const bar = !flags.json && process.stderr.isTTY ? new SingleBar({ format: 'campaign {bar} {value}/{total} {what}', hideCursor: true, stream: process.stderr }) : null;
      bar?.start(scenarios.length * profiles.length, 0, { what: '' });
      const findings: Finding[] = [];
      let executions = 0;
      let incomplete = 0;
      for (const { file, s } of scenarios) {
        for (const p of profiles) {
          bar?.increment(1, { what: `${s.name} @ ${p.name}` });
          const x = explore(bootScenario(s, p), { maxExecutions: max });
          executions += x.executions;
          if (!x.complete) incomplete++;
          const add = (property: string, message: string, choices: readonly number[]): void => {
            if (!findings.some((f) => f.scenario === file && f.profile === p.name && f.property === property && f.message === message)) {
              findings.push({ scenario: file, profile: p.name, property, message, token: tokenFor(s, p, choices) });
            }
          };
          for (const v of outcomeViolations(s, x)) add(v.property, v.message, v.choices);
          for (const o of x.outcomes) for (const v of checkExecution(s, o.result)) add(v.property, v.message, o.result.choices);
        }
      }
      bar?.stop();
      const names = profiles.map((p) => p.name);
      if (flags.json) out(JSON.stringify({ scenarios: scenarios.length, profiles: names, executions, incomplete, findings }, null, 2));
      else {
        out(`hotplug-fuzz campaign: ${scenarios.length} scenarios x ${names.length} profiles, ${executions} executions (exhaustive, source-DPOR)\n`);
        out(matrix(findings, names) + '\n');
        for (const f of findings) out(`${f.profile.padEnd(19)} ${f.property.padEnd(14)} ${f.scenario}\n  ${f.message}\n  replay: hotplug-fuzz run ${f.scenario} --schedule ${f.token} --trace`);
        if (incomplete) out(`\n${incomplete} explorations hit --max-executions ${max}: their outcome sets are partial`);
      }
      process.exitCode = incomplete ? 4 : findings.length ? 1 : 0;
    });
}
