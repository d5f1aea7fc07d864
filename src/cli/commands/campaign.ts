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
import { matrixColumns } from '../../campaign/matrix.js';
import { formatCampaignSummary, type CampaignFindingLine } from '../../report/campaign-text.js';
import { suggestedCommand } from '../../report/commands.js';
import { writeJunit } from '../junit.js';
import { loadProperties } from '../property.js';
import { loadScenario, out, scenarioFiles } from '../io.js';
import { placeEntry, type Place } from '../corpus.js';
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
  verbose?: boolean;
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
        'Findings new to --corpus are listed with the command that replays each (--verbose: every finding).',
        'Exit codes: 0 no violation, 1 violations found, 2 bad input, 4 a budget was exhausted, 130 interrupted.',
      ].join('\n'),
    );
  withOptions(cmd, 'baseline', 'junit', 'property', 'json')
    .option('--verbose', 'list every finding, not only the ones new to the corpus')
    .action(async (flags: CampaignFlags) => {
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
      const written = new Set<string>();
      const lines = r.findings.map((f) =>
        lineOf(f, placeEntry(flags.corpus, flags.save, campaignEntry(f), written), flags),
      );
      const saved = written.size;
      if (flags.junit) writeJunit(flags.junit, junitCases(r));
      if (flags.json) out(JSON.stringify(campaignJson(r, saved), null, 2));
      else
        out(
          formatCampaignSummary(
            {
              scenarios: r.scenarios,
              profiles: r.rows,
              columns: [...matrixColumns(true), ...extra.map((p) => p.name)],
              na: new Set([`${r.baseline}\0no-regression`]),
              executions: r.executions,
              findings: lines,
              corpus: flags.corpus,
              saved: flags.save,
              incomplete: r.incomplete,
              maxExecutions: max,
              skipped: r.skipped,
              stop: !r.stopped
                ? null
                : run.interrupted()
                  ? { reason: 'interrupted' }
                  : { reason: 'time', seconds: Number(flags.time) },
            },
            { verbose: flags.verbose },
          ),
        );
      process.exitCode = run.interrupted() ? 130 : r.incomplete || r.stopped ? 4 : r.findings.length ? 1 : 0;
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

/** A finding as the text report lists it: where it is in the corpus and the command that shows its property. */
function lineOf(f: CampaignFinding, place: Place, flags: CampaignFlags): CampaignFindingLine {
  const ref = { ...f, entry: place.entry, propertyModules: flags.property };
  return { ...findingSummary(f), entry: place.entry, isNew: place.isNew, replay: suggestedCommand(ref) };
}
