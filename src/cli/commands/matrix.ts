// `hotplug-fuzz matrix`: profile x property over scenarios, and the policy diff (--baseline P --candidate Q).
// Parses options, calls runCampaign (src/campaign/campaign.ts) and renders its result.
import type { Command } from 'commander';
import { boot, type Candidate } from '../../campaign/check.js';
import {
  findingSummary,
  runCampaign,
  type CampaignFinding,
  type CampaignResult,
  type ScenarioResultDifference,
} from '../../campaign/campaign.js';
import { formatMatrix, matrixColumns, matrixLinks, shortName, type MatrixCell } from '../../campaign/matrix.js';
import { profileNamed } from '../../campaign/kernel.js';
import { loadScenario, out, scenarioFiles } from '../io.js';
import { isModulePath, loadPolicy } from '../policy.js';
import { loadProperties } from '../property.js';
import { checkExecution, contextFor } from '../../../properties/index.js';
import type { ExecutionProperty } from '../../../properties/types.js';
import { htmlReport, type HtmlRun } from '../../report/html.js';
import { suggestedCommand } from '../../report/commands.js';
import { writeFileAtomic } from '../write.js';
import { deadlineOf, kernelRows, positiveInt, withOptions } from '../options.js';
import { checkPath } from '../paths.js';
import { session } from '../run-hooks.js';

interface MatrixFlags {
  kernel?: string;
  time?: string;
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
    const p = profileNamed(spec, '--candidate', '; or give a policy module: ./my-policy.js');
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
  const cmd = program
    .command('matrix [scenarios...]')
    .description(
      'profile x property table over scenarios (default: corpus/scenarios), with no-regression against a baseline; --candidate for a policy diff',
    );
  withOptions(cmd, 'kernel', 'baseline').option(
    '--candidate <profile|module>',
    "diff mode: a profile, or a policy module (./my-policy.js) run on the baseline's kernel",
  );
  withOptions(cmd, 'scenarios', 'maxExecutions', 'time', 'property', 'html', 'json')
    .addHelpText(
      'after',
      [
        '',
        'Cells name the violating scenarios: hazard numbers for hNN-… files (corpus/scenarios/hNN-*.json, each with its',
        'description), "-" for none.',
        'Examples:',
        '  hotplug-fuzz matrix -k 5.14,rfc-09of11,rfc-09of11-rev,6.1',
        '  hotplug-fuzz matrix --baseline 5.14 --candidate rfc-09of11',
        '  hotplug-fuzz matrix --baseline 6.1 --candidate ./examples/override-in-table-except-stubs.js',
        "The diff also runs each scenario's schedules (FIFO, one per distinct result) under both and lists where what",
        'userspace sees (op results, final bindings) differs under the same schedule, with a replay command for each side.',
        'Exit codes: 0 nothing violated (diff: no regression), 1 violations (diff: regressions), 2 bad input, 4 a budget was exhausted, 130 interrupted.',
      ].join('\n'),
    )
    .action(matrixAction);
}

/** Parses the options, runs, reports. */
async function matrixAction(names: string[], flags: MatrixFlags): Promise<void> {
  const max = positiveInt('--max-executions', flags.maxExecutions);
  const deadline = deadlineOf(flags.time, Date.now());
  if (flags.html) checkPath('--html', flags.html, 'file');
  const files = names.length ? names : scenarioFiles(flags.scenarios);
  const scenarios = files.map((f) => ({ file: f, s: loadScenario(f) }));
  const extra = await loadProperties(flags.property);
  const base = profileNamed(flags.baseline, '--baseline');
  const baseline: Candidate = { label: base.name, profile: base };
  const byKernel = kernelRows(flags.kernel, scenarios);
  const rows: Candidate[] =
    flags.candidate !== undefined
      ? [baseline, await candidateOf(flags.candidate, baseline)]
      : byKernel.profiles.map((p) => ({ label: p.name, profile: p }));
  const applies = flags.candidate === undefined ? byKernel.applies : undefined;
  const run = session({ name: 'matrix', deadline, bar: !flags.json });
  let r: CampaignResult;
  try {
    r = await runCampaign(
      {
        scenarios,
        candidates: rows,
        baseline,
        maxExecutions: max,
        properties: extra,
        applies,
        compareResults: flags.candidate !== undefined,
      },
      run,
    );
  } finally {
    run.close();
  }
  const found = r.findings.map(rowOf);
  const results = r.resultDifferences.map((d) => resultRow(d, rows));
  const labels = r.rows;
  const na = new Set<string>([`${baseline.label}\0no-regression`]);
  const columns = [...matrixColumns(true), ...extra.map((p) => p.name)];
  if (flags.html) writeFileAtomic(flags.html, matrixHtml(r.findings, { labels, columns, na }, extra, flags.property));
  if (flags.json) {
    out(
      JSON.stringify(
        {
          baseline: baseline.label,
          profiles: labels,
          properties: columns,
          scenarios: files,
          incomplete: r.incomplete,
          skipped: r.skipped,
          findings: found,
          ...(flags.candidate !== undefined ? { resultDifferences: results } : {}),
        },
        null,
        2,
      ),
    );
  } else {
    out(
      `hotplug-fuzz matrix: ${scenarios.length} scenarios x ${labels.length} ` +
        `${flags.candidate ? 'policies' : 'profiles'}; no-regression against ${baseline.label}\n`,
    );
    out(formatMatrix(found, labels, columns, na) + '\n');
    if (flags.candidate !== undefined) out(diffText(found, baseline.label, labels[1]) + resultsText(results, labels));
    if (r.incomplete) out(`${r.incomplete} explorations hit --max-executions ${max}: their outcome sets are partial`);
    if (r.stopped)
      out(
        `${r.skipped} scenario x profile pairs not run: ${run.interrupted() ? 'interrupted' : `--time ${flags.time}s reached`}`,
      );
  }
  process.exitCode = run.interrupted()
    ? 130
    : r.incomplete || r.stopped
      ? 4
      : found.some((f) => (flags.candidate === undefined ? true : f.property === 'no-regression'))
        ? 1
        : 0;
}

/** Each finding's execution under its row's policy, and the matrix whose cells name and link to them. */
function matrixHtml(
  found: readonly CampaignFinding[],
  table: { readonly labels: readonly string[]; readonly columns: readonly string[]; readonly na: ReadonlySet<string> },
  extra: readonly ExecutionProperty[],
  propertyModules: readonly string[] | undefined,
): string {
  const runs: HtmlRun[] = found.map((f) => {
    const b = boot(f.s, f.candidate);
    return {
      title: `${f.property} in ${f.scenario}: ${f.message}`,
      profile: f.profile,
      token: f.token,
      replay: suggestedCommand({ ...f, entry: null, policyModule: f.candidate.module, propertyModules }),
      result: f.run,
      violations: checkExecution(f.s, f.run, contextFor(b, extra)),
      finding: { property: f.property, message: f.message },
      ...(f.versus
        ? {
            versus: {
              token: f.versus.token,
              replay: suggestedCommand({
                ...f,
                token: f.versus.token,
                entry: null,
                policyModule: f.candidate.module,
                propertyModules,
              }),
              result: f.versus.run,
            },
          }
        : {}),
    };
  });
  const { labels, columns, na } = table;
  return htmlReport('hotplug-fuzz matrix', runs, { rows: labels, columns, cells: matrixLinks(found), na });
}

function rowOf(f: CampaignFinding): Row {
  return { ...findingSummary(f), replay: replayOf(f.file, f.candidate, f.token) };
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

/** A result difference with the command that replays each side's run. */
function resultRow(d: ScenarioResultDifference, rows: readonly Candidate[]) {
  const side = (x: ScenarioResultDifference['baseline']) => ({
    ...x,
    replay: replayOf(
      d.file,
      rows.find((c) => c.label === x.label)!,
      x.token,
    ),
  });
  return { ...d, baseline: side(d.baseline), candidate: side(d.candidate) };
}

/** Where what userspace sees differs under the same schedule: the first op (or final binding), and both replays. */
function resultsText(results: readonly ReturnType<typeof resultRow>[], labels: readonly string[]): string {
  const [base, cand] = labels;
  if (results.length === 0) return `${cand} and ${base} give userspace the same results on every schedule compared.\n`;
  const lines = [`what userspace sees differs (the same schedule under both; FIFO and one per distinct result):`];
  const pad = Math.max(base.length, cand.length) + 1;
  for (const d of results) {
    lines.push(`  ${shortName(d.scenario).padEnd(5)} ${d.message} (${d.differing} of ${d.schedules} schedules)`);
    for (const x of [d.baseline, d.candidate]) lines.push(`        ${`${x.label}:`.padEnd(pad)} ${x.replay}`);
  }
  return lines.join('\n') + '\n';
}
