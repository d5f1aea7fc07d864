// `hotplug-fuzz matrix`: profile x property over scenarios, and the policy diff (--baseline P --candidate Q).
import type { Command } from 'commander';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { checkRegression, checkScenario, type Candidate } from '../../campaign/check.js';
import { formatMatrix, matrixColumns, shortName, type MatrixCell } from '../../campaign/matrix.js';
import { findProfile } from '../../profiles/index.js';
import { UserError } from '../../util/errors.js';
import { loadScenario, out, profileList, scenarioFiles } from '../io.js';
import { tokenFor } from '../tokens.js';
import { isModulePath, loadPolicy } from '../policy.js';
import { positiveInt } from './campaign.js';
import { collect, loadProperties } from '../property.js';
import { boot } from '../../campaign/check.js';
import { runBooted } from '../../exec/run.js';
import { replayScheduler } from '../../scheduler/basic.js';
import { decodeToken, type TokenData } from '../../scheduler/token.js';
import { checkExecution, contextFor } from '../../../properties/index.js';
import type { ExecutionProperty } from '../../../properties/types.js';
import { htmlReport, type HtmlRun } from '../../report/html.js';
import { writeFileAtomic } from '../write.js';
import type { Scenario } from '../../scenario/types.js';

interface MatrixFlags {
  kernel: string;
  baseline: string;
  candidate?: string;
  scenarios: string;
  maxExecutions: string;
  property?: string[];
  html?: string;
  json?: boolean;
}

interface Row extends MatrixCell {
  readonly file: string;
  readonly message: string;
  readonly token: string;
  readonly replay: string;
}

async function candidateOf(spec: string, baseline: Candidate): Promise<Candidate> {
  if (!isModulePath(spec)) {
    const p = findProfile(spec);
    if (!p)
      throw new UserError(
        '--candidate',
        '',
        `unknown kernel profile "${spec}" (or give a policy module: ./my-policy.js)`,
      );
    return { label: p.name, profile: p };
  }
  const pol = await loadPolicy(spec);
  return {
    label: `${baseline.profile.name}+${pol.name}`,
    profile: baseline.profile,
    policy: pol.match,
    module: spec,
    policyName: pol.name,
  };
}

function replayOf(file: string, c: Candidate, token: string): string {
  const m = c.module;
  return `hotplug-fuzz run ${file}${m ? ` --policy ${m}` : ''} --schedule ${token} --trace`;
}

export function registerMatrix(program: Command): void {
  program
    .command('matrix [scenarios...]')
    .description(
      'profile x property table over scenarios (default: corpus/scenarios), with no-regression against a baseline; --candidate for a policy diff',
    )
    .option('-k, --kernel <profiles>', 'comma-separated profiles, or "all"', 'all')
    .option('--baseline <profile>', 'the baseline of no-regression', '5.14')
    .option(
      '--candidate <profile|module>',
      "diff mode: a profile, or a policy module (./my-policy.js) run on the baseline's kernel",
    )
    .option('--scenarios <dir>', 'directory used when no scenario is named', 'corpus/scenarios')
    .option('--max-executions <n>', 'exploration budget per scenario and profile', '20000')
    .option('--property <module>', 'also check your own property (./my-property.js); repeatable', collect)
    .option(
      '--html <file>',
      'also write a self-contained HTML report: the matrix, each cell linking to the runs that show it',
    )
    .option('--json', 'machine-readable output on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Cells name the violating scenarios: hazard numbers for hNN-… files (see ../shared/kernel/hazards.md), "-" for none.',
        'Examples:',
        '  hotplug-fuzz matrix -k 5.14,rfc-09of11,rfc-09of11-rev,6.1',
        '  hotplug-fuzz matrix --baseline 5.14 --candidate rfc-09of11',
        '  hotplug-fuzz matrix --baseline 6.1 --candidate ./examples/override-in-table-except-stubs.js',
        'Exit codes: 0 nothing violated (diff: no regression), 1 violations (diff: regressions), 2 bad input, 4 a budget was exhausted.',
      ].join('\n'),
    )
    .action(async (names: string[], flags: MatrixFlags) => {
      const max = positiveInt('--max-executions', flags.maxExecutions);
      const files = names.length ? names : scenarioFiles(flags.scenarios);
      const scenarios = files.map((f) => ({ file: f, s: loadScenario(f) }));
      const extra = await loadProperties(flags.property);
      const base = findProfile(flags.baseline);
      if (!base) throw new UserError('--baseline', '', `unknown kernel profile "${flags.baseline}"`);
      const baseline: Candidate = { label: base.name, profile: base };
      const rows: Candidate[] =
        flags.candidate !== undefined
          ? [baseline, await candidateOf(flags.candidate, baseline)]
          : profileList(flags.kernel).map((p) => ({ label: p.name, profile: p }));
      const bar =
        !flags.json && process.stderr.isTTY
          ? new SingleBar({ format: 'matrix {bar} {value}/{total} {what}', hideCursor: true, stream: process.stderr })
          : null;
      bar?.start(scenarios.length * rows.length, 0, { what: '' });
      const found: Row[] = [];
      let incomplete = 0;
      const na = new Set<string>([`${baseline.label}\0no-regression`]);
      for (const { file, s } of scenarios) {
        for (const c of rows) {
          bar?.increment(1, { what: `${s.name} @ ${c.label}` });
          const checks = [checkScenario(s, c, max, extra)];
          if (c.label !== baseline.label) checks.push(checkRegression(s, baseline, c, max));
          for (const k of checks) {
            if (!k.complete) incomplete++;
            for (const f of k.findings) found.push(row(file, s, c, f.property, f.message, f.choices));
          }
        }
      }
      bar?.stop();
      const labels = rows.map((r) => r.label);
      const columns = [...matrixColumns(true), ...extra.map((p) => p.name)];
      if (flags.html) writeFileAtomic(flags.html, matrixHtml(found, scenarios, rows, labels, columns, extra));
      if (flags.json) {
        out(
          JSON.stringify(
            {
              baseline: baseline.label,
              profiles: labels,
              properties: columns,
              scenarios: files,
              incomplete,
              findings: found,
            },
            null,
            2,
          ),
        );
      } else {
        out(
          `hotplug-fuzz matrix: ${scenarios.length} scenarios x ${labels.length} ${flags.candidate ? 'policies' : 'profiles'}; no-regression against ${baseline.label}\n`,
        );
        out(formatMatrix(found, labels, columns, na) + '\n');
        if (flags.candidate !== undefined) out(diffText(found, baseline.label, labels[1]));
        if (incomplete) out(`${incomplete} explorations hit --max-executions ${max}: their outcome sets are partial`);
      }
      process.exitCode = incomplete
        ? 4
        : found.some((f) => (flags.candidate === undefined ? true : f.property === 'no-regression'))
          ? 1
          : 0;
    });
}

/** Each finding replayed under its row's policy, and the matrix linking to them. */
function matrixHtml(
  found: readonly Row[],
  scenarios: readonly { file: string; s: Scenario }[],
  rows: readonly Candidate[],
  labels: readonly string[],
  columns: readonly string[],
  extra: readonly ExecutionProperty[],
): string {
  const runs: HtmlRun[] = found.map((f) => {
    const s = scenarios.find((x) => x.file === f.file)!.s;
    const c = rows.find((x) => x.label === f.profile)!;
    const b = boot(s, c);
    const d = decodeToken(f.token) as TokenData;
    const r = runBooted(b, { scheduler: replayScheduler(d.choices) });
    return {
      title: `${f.property} in ${f.scenario}: ${f.message}`,
      profile: f.profile,
      token: f.token,
      replay: f.replay,
      result: r,
      violations: checkExecution(s, r, contextFor(b, extra)),
    };
  });
  const cells = new Map<string, Map<string, number[]>>();
  found.forEach((f, i) => {
    const row = cells.get(f.profile) ?? new Map<string, number[]>();
    row.set(f.property, [...(row.get(f.property) ?? []), i]);
    cells.set(f.profile, row);
  });
  return htmlReport('hotplug-fuzz matrix', runs, { rows: labels, columns, cells });
}

function row(
  file: string,
  s: Scenario,
  c: Candidate,
  property: string,
  message: string,
  choices: readonly number[],
): Row {
  const token = tokenFor(s, c.profile, choices, c.policyName);
  return {
    scenario: basename(file, '.json'),
    file,
    profile: c.label,
    property,
    message,
    token,
    replay: replayOf(file, c, token),
  };
}

/** What the candidate breaks and what it fixes, scenario by scenario. */
function diffText(found: readonly Row[], base: string, cand: string): string {
  const key = (r: Row): string => `${r.scenario}\0${r.property}`;
  const inBase = new Set(found.filter((r) => r.profile === base).map(key));
  const inCand = new Set(found.filter((r) => r.profile === cand && r.property !== 'no-regression').map(key));
  const lines: string[] = [];
  const regress = found.filter((r) => r.profile === cand && r.property === 'no-regression');
  lines.push(regress.length ? `${cand} regresses against ${base}:` : `${cand} regresses nothing ${base} achieves.`);
  for (const r of regress) lines.push(`  ${shortName(r.scenario).padEnd(5)} ${r.message}\n        replay: ${r.replay}`);
  const fixed = [...inBase].filter((k) => !inCand.has(k)).map((k) => k.split('\0'));
  const broke = [...inCand].filter((k) => !inBase.has(k)).map((k) => k.split('\0'));
  if (fixed.length)
    lines.push(`${cand} no longer violates: ${fixed.map(([s, p]) => `${p} (${shortName(s)})`).join(', ')}`);
  if (broke.length) lines.push(`${cand} newly violates: ${broke.map(([s, p]) => `${p} (${shortName(s)})`).join(', ')}`);
  return lines.join('\n') + '\n';
}
