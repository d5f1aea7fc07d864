// The campaign and matrix loop: scenarios x candidates (profiles, or a baseline and a user policy), each explored
// exhaustively with every property checked, plus no-regression against the baseline. It returns data (as
// fast-check's check() returns RunDetails); the CLI renders it. Stops when `shouldStop` says so (the CLI's
// deadline and Ctrl-C), between jobs or inside an exploration (between rounds of executions).
import type { Scenario } from '../scenario/types.js';
import type { RunResult } from '../exec/run.js';
import type { ExecutionProperty } from '../../properties/types.js';
import { boot, checkRegressionSteps, checkScenarioSteps, type Candidate, type Finding } from './check.js';
import { drive } from '../util/steps.js';
import { corpusEntry, type CorpusEntry } from './finding.js';
import type { MatrixCell } from './matrix.js';
import { tokenFor } from './tokens.js';
import { resultDiffSteps, type ResultDifference } from './result-diff.js';

export interface ScenarioInput {
  readonly file: string;
  readonly s: Scenario;
}

export interface CampaignInput {
  readonly scenarios: readonly ScenarioInput[];
  /** The rows: profiles, or (policy diff) the baseline and a candidate policy. */
  readonly candidates: readonly Candidate[];
  /** Every other candidate is replayed against it (no-regression). */
  readonly baseline: Candidate;
  readonly maxExecutions: number;
  readonly properties: readonly ExecutionProperty[];
  /** Which rows a scenario runs under (default: all); a scenario naming its own "kernel" runs under that one. */
  readonly applies?: (s: Scenario, c: Candidate) => boolean;
  /** The policy diff: also run each scenario's schedules under the baseline and every other row, and compare results. */
  readonly compareResults?: boolean;
}

/** How a long job talks to whoever runs it: the CLI passes its clock, signals and progress bar in here. */
export interface JobHooks {
  /** Asked between jobs (and, in fuzzing, between executions): true stops; what was found is kept. */
  readonly shouldStop?: () => boolean;
  /** Progress (bars): jobs counted so far (started, or for fuzzing done), the total, and the job in hand. */
  readonly onJob?: (started: number, total: number, label: string) => void;
  /** Awaited between jobs and between rounds of executions: the CLI lets signals in here. */
  readonly pause?: () => Promise<void>;
}

export interface CampaignFinding extends MatrixCell {
  readonly file: string;
  readonly s: Scenario;
  readonly candidate: Candidate;
  readonly message: string;
  readonly token: string;
  readonly choices: readonly number[];
  /** The execution that shows it. */
  readonly run: RunResult;
  /** no-regression: the baseline it was compared with. */
  readonly baseline?: string;
  /** deterministic: a schedule (as a token) ending in the other outcome, and its execution. */
  readonly versus?: { readonly token: string; readonly run: RunResult };
}

export interface CampaignResult {
  readonly baseline: string;
  /** The candidates' labels, in row order. */
  readonly rows: readonly string[];
  readonly scenarios: number;
  readonly executions: number;
  /** Explorations that hit maxExecutions: their outcome sets are partial (one cut short by a stop is not counted). */
  readonly incomplete: number;
  /** (scenario, candidate) jobs not run because of a stop. */
  readonly skipped: number;
  /** A stop came: jobs were skipped, or the one running was cut short (its findings so far are kept). */
  readonly stopped: boolean;
  /** The (scenario file, row label) jobs that ran, in order. */
  readonly ran: readonly { readonly file: string; readonly row: string }[];
  readonly findings: readonly CampaignFinding[];
  /** compareResults: each scenario and row where what userspace sees differs from the baseline under a schedule. */
  readonly resultDifferences: readonly ScenarioResultDifference[];
}

export interface ScenarioResultDifference extends ResultDifference {
  readonly scenario: string;
  readonly file: string;
  readonly row: string;
}

export async function runCampaign(input: CampaignInput, hooks: JobHooks = {}): Promise<CampaignResult> {
  const { scenarios, candidates, baseline, maxExecutions: max, properties } = input;
  const applies = input.applies ?? (() => true);
  const total = scenarios.reduce((n, { s }) => n + candidates.filter((c) => applies(s, c)).length, 0);
  const findings: CampaignFinding[] = [];
  const ran: { file: string; row: string }[] = [];
  const resultDifferences: ScenarioResultDifference[] = [];
  let executions = 0;
  let incomplete = 0;
  let started = 0;
  let stopped = false;
  for (const { file, s } of scenarios) {
    for (const c of candidates) {
      if (!applies(s, c)) continue;
      if (stopped || hooks.shouldStop?.()) {
        stopped = true;
        continue;
      }
      started++; // not inside onJob?.(…): an absent hook would skip the count
      hooks.onJob?.(started, total, `${s.name} @ ${c.label}`);
      ran.push({ file, row: c.label });
      // Each exploration yields between rounds of executions: the pause lets Ctrl-C in, and a stop ends it there.
      const stop = hooks.shouldStop;
      const checks = [await drive(checkScenarioSteps(s, c, max, properties, stop), hooks.pause)];
      if (c.label !== baseline.label && !stop?.())
        checks.push(await drive(checkRegressionSteps(s, baseline, c, max, stop), hooks.pause));
      // A job the stop cut short counts as stopped, not as one that hit maxExecutions; its findings are kept.
      if (stop?.()) stopped = true;
      for (const k of checks) {
        executions += k.executions;
        if (!k.complete && !stopped) incomplete++;
        for (const f of k.findings) findings.push(campaignFinding(file, s, c, baseline, f, k.runs.get(f)!));
      }
      if (input.compareResults && c.label !== baseline.label && !stopped) {
        const d = await drive(resultDiffSteps(s, baseline, c, max, stop), hooks.pause);
        if (stop?.()) stopped = true;
        else if (d !== null) resultDifferences.push({ scenario: scenarioName(file), file, row: c.label, ...d });
      }
      await hooks.pause?.();
    }
  }
  return {
    baseline: baseline.label,
    rows: candidates.map((c) => c.label),
    scenarios: scenarios.length,
    executions,
    incomplete,
    skipped: total - started,
    stopped,
    ran,
    findings,
    resultDifferences,
  };
}

/** A finding of one (scenario, row) job, with the tokens that replay it. */
function campaignFinding(
  file: string,
  s: Scenario,
  c: Candidate,
  baseline: Candidate,
  f: Finding,
  run: RunResult,
): CampaignFinding {
  return {
    scenario: scenarioName(file),
    file,
    s,
    candidate: c,
    profile: c.label,
    property: f.property,
    message: f.message,
    token: tokenFor(s, c.profile, f.choices, c.policyName),
    choices: f.choices,
    run,
    ...(f.property === 'no-regression' ? { baseline: baseline.label } : {}),
    ...(f.versus
      ? { versus: { token: tokenFor(s, c.profile, f.versus.choices, c.policyName), run: f.versus.result } }
      : {}),
  };
}

/** A finding as reports show it (JSON, the matrix): what, where, and the token that replays it. */
export function findingSummary(f: CampaignFinding) {
  const { scenario, file, profile, property, message, token } = f;
  return { scenario, file, profile, property, message, token };
}

/** "corpus/scenarios/h01-x.json" -> "h01-x" (no node:path below the cli layer). */
export function scenarioName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.json$/, '');
}

/** The corpus entry of a campaign finding (found by exhaustive exploration). */
export function campaignEntry(f: CampaignFinding): CorpusEntry {
  return corpusEntry({
    s: f.s,
    b: boot(f.s, f.candidate),
    scenarioFile: f.file,
    profile: f.candidate.profile.name,
    policy: f.candidate.policyName ?? f.s.policy,
    property: f.property,
    message: f.message,
    step: null,
    token: f.token,
    run: f.run,
    found: { scheduler: 'explore', seed: '-', atRun: 0 },
    ...(f.baseline !== undefined ? { baseline: f.baseline } : {}),
    ...(f.versus !== undefined ? { versus: f.versus } : {}),
  });
}
