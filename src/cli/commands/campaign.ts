// `hotplug-fuzz` / `hotplug-fuzz campaign`: every scenario in corpus/scenarios x every profile, each
// explored exhaustively (source-DPOR), every property checked on every outcome; the profile x property matrix.
// This file parses options, calls runCampaign (src/campaign/campaign.ts) and hands its result to reporters.
import type { Command } from 'commander';
import { basename } from 'node:path';
import {
  campaignEntry,
  findingSummary,
  runCampaign,
  type CampaignFinding,
  type CampaignResult,
} from '../../campaign/campaign.js';
import type { Candidate } from '../../campaign/check.js';
import { profileNamed } from '../../campaign/kernel.js';
import { formatMatrix, matrixColumns } from '../../campaign/matrix.js';
import type { ExecutionProperty } from '../../../properties/types.js';
import { writeJunit } from '../junit.js';
import { loadProperties } from '../property.js';
import { loadScenario, out, scenarioFiles } from '../io.js';
import { saveEntry } from '../corpus.js';
import { deadlineOf, kernelRows, positiveInt, withOptions } from '../options.js';
import { checkPath } from '../paths.js';
import { session } from '../run-hooks.js';

interface CampaignFlags {
  kernel?: string;
  scenarios: string;
  maxExecutions: string;
  time?: string;
  corpus: string;
  save: boolean;
  baseline: string;
  junit?: string;
  property?: string[];
  json?: boolean;
}

export function registerCampaign(program: Command): void {
  const cmd = program
    .command('campaign', { isDefault: true })
    .description(
      'the default job: every scenario in corpus/scenarios x profiles, explored exhaustively; prints the profile x property matrix',
    );
  withOptions(cmd, 'kernel', 'scenarios', 'maxExecutions', 'time', 'corpus')
    .option('--no-save', 'do not write findings')
    .addHelpText(
      'after',
      [
        '',
        'Cells name the scenarios (hazard numbers for hNN-… files) that violate the property.',
        'Every finding prints its replay command.',
        'Exit codes: 0 no violation, 1 violations found, 2 bad input, 4 a budget was exhausted, 130 interrupted.',
      ].join('\n'),
    );
  withOptions(cmd, 'baseline', 'junit', 'property', 'json').action(async (flags: CampaignFlags) => {
    const max = positiveInt('--max-executions', flags.maxExecutions);
    const deadline = deadlineOf(flags.time, Date.now());
    if (flags.save) checkPath('--corpus', flags.corpus, 'dir');
    if (flags.junit) checkPath('--junit', flags.junit, 'file');
    const scenarios = scenarioFiles(flags.scenarios).map((f) => ({ file: f, s: loadScenario(f) }));
    const { profiles, applies } = kernelRows(flags.kernel, scenarios);
    const extra = await loadProperties(flags.property);
    const base = profileNamed(flags.baseline, '--baseline');
    const baseline: Candidate = { label: base.name, profile: base };
    const candidates = profiles.map((p) => ({ label: p.name, profile: p }));
    const run = session({ name: 'campaign', deadline, bar: !flags.json });
    let r: CampaignResult;
    try {
      r = await runCampaign({ scenarios, candidates, baseline, maxExecutions: max, properties: extra, applies }, run);
    } finally {
      run.close();
    }
    const saved = flags.save ? r.findings.filter((f) => saveEntry(flags.corpus, campaignEntry(f))).length : 0;
    if (flags.junit) writeJunit(flags.junit, junitCases(r));
    if (flags.json) out(JSON.stringify(campaignJson(r, saved), null, 2));
    else out(campaignText(r, { flags, extra, max, saved, interrupted: run.interrupted() }));
    process.exitCode = run.interrupted() ? 130 : r.incomplete || r.skipped ? 4 : r.findings.length ? 1 : 0;
  });
}

const replayOf = (f: CampaignFinding): string => `hotplug-fuzz run ${f.file} --schedule ${f.token} --trace`;

function junitCases(r: CampaignResult) {
  return r.ran.map(({ file, row }) => ({
    profile: row,
    scenario: basename(file, '.json'),
    failures: r.findings
      .filter((f) => f.file === file && f.profile === row)
      .map((f) => ({ property: f.property, message: f.message, replay: replayOf(f) })),
  }));
}

function campaignJson(r: CampaignResult, saved: number) {
  return {
    baseline: r.baseline,
    scenarios: r.scenarios,
    profiles: r.rows,
    executions: r.executions,
    incomplete: r.incomplete,
    skipped: r.skipped,
    saved,
    findings: r.findings.map(findingSummary),
  };
}

interface TextContext {
  readonly flags: CampaignFlags;
  readonly extra: readonly ExecutionProperty[];
  readonly max: number;
  readonly saved: number;
  readonly interrupted: boolean;
}

function campaignText(r: CampaignResult, { flags, extra, max, saved, interrupted }: TextContext): string {
  const lines = [
    `hotplug-fuzz campaign: ${r.scenarios} scenarios x ${r.rows.length} profiles, ${r.executions} executions (exhaustive, source-DPOR)\n`,
    formatMatrix(
      r.findings,
      r.rows,
      [...matrixColumns(true), ...extra.map((p) => p.name)],
      new Set([`${r.baseline}\0no-regression`]),
    ) + '\n',
  ];
  for (const f of r.findings)
    lines.push(`${f.profile.padEnd(19)} ${f.property.padEnd(18)} ${f.file}\n  ${f.message}\n  replay: ${replayOf(f)}`);
  if (r.incomplete)
    lines.push(`\n${r.incomplete} explorations hit --max-executions ${max}: their outcome sets are partial`);
  if (r.skipped)
    lines.push(
      `\n${r.skipped} scenario x profile pairs not run: ${interrupted ? 'interrupted' : `--time ${flags.time}s reached`}`,
    );
  if (flags.save)
    lines.push(
      `\nfindings: ${saved} new in ${flags.corpus}/ (replay one: hotplug-fuzz replay ${flags.corpus}/<file>.json; all: hotplug-fuzz corpus check)`,
    );
  return lines.join('\n');
}
