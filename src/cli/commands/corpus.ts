// `replay <token|file>`, `corpus check [dir]`, `merge <dir…> --out DIR`: the findings corpus after the fuzzing.
import type { Command } from 'commander';
import { checkPath } from '../paths.js';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { bootScenario, runBooted, runScenario, type Booted, type RunResult } from '../../exec/run.js';
import { firstDifference, KERNEL_AGREEMENT } from '../../oracle/entry.js';
import { sideOf } from '../../oracle/compare.js';
import { KERNEL_DIFFERENCE } from '../../oracle/kernel-diff.js';
import { sideBySide } from '../../oracle/side-by-side.js';
import { replayPair, type ReplayedPair } from '../oracle/replay-pair.js';
import { replayScheduler } from '../../scheduler/basic.js';
import { checkExecution, contextFor, findProperty } from '../../../properties/index.js';
import { outcomeViolations } from '../../../properties/outcomes.js';
import { regressions } from '../../../properties/no-regression.js';
import { explore } from '../../explore/dpor.js';
import { parseScenario } from '../../scenario/load.js';
import { scenarioHash } from '../../scenario/hash.js';
import { findDriver } from '../../model/catalogue/index.js';
import { findProfile } from '../../profiles/index.js';
import type { Profile } from '../../profiles/types.js';
import type { Scenario } from '../../scenario/types.js';
import type { CorpusEntry } from '../../campaign/finding.js';
import type { ExecutionProperty, Violation } from '../../../properties/types.js';
import { collect, loadProperties } from '../property.js';
import { decodeToken } from '../../scheduler/token.js';
import { tokenFor } from '../tokens.js';
import { UserError } from '../../util/errors.js';
import { formatRun } from '../../report/run-text.js';
import { loadScenario, out, terminalWidth, useColour, scenarioFiles } from '../io.js';
import { entryFiles, readEntry, saveEntry } from '../corpus.js';
import { htmlReport } from '../../report/html.js';
import { writeFileAtomic } from '../write.js';
import { loadPolicy } from '../policy.js';

type Verdict = 'still failing' | 'fixed' | 'changed';

interface Replayed {
  readonly r: RunResult;
  readonly verdict: Verdict;
  readonly violations: readonly Violation[];
  /** deterministic: an execution ending in another outcome than `r` (the entry's own, or found by exploring). */
  readonly versus?: { readonly token: string; readonly r: RunResult };
  /** kernel-difference: both kernels and the model under each one's profile. */
  readonly pair?: ReplayedPair['pair'];
}

function entryScenario(path: string, e: CorpusEntry): Scenario {
  return parseScenario(JSON.stringify(e.scenario), `${path}: scenario`, (n) => findDriver(n) !== undefined);
}

/**
 * Runs the entry's schedule and compares: the same property and message = still failing; the property
 * gone = fixed; the property still there with another message = changed. A deterministic finding needs
 * the outcome set, so its replay shows the witness outcome and compares the final bindings.
 */
async function replayEntry(
  path: string,
  e: CorpusEntry,
  policyModule: string | undefined,
  extra: readonly ExecutionProperty[],
): Promise<Replayed> {
  if (e.property === KERNEL_AGREEMENT) return replayDisagreement(path, e);
  if (e.property === KERNEL_DIFFERENCE) return replayPair(path, e, entryScenario(path, e));
  if (!findProperty(e.property) && !extra.some((p) => p.name === e.property))
    throw new UserError(
      path,
      'property',
      `found with the user property "${e.property}": give its module with --property`,
    );
  const s = entryScenario(path, e);
  const profile = findProfile(e.profile);
  if (!profile) throw new UserError(path, 'profile', `unknown kernel profile "${e.profile}"`);
  let match;
  if (e.policy !== s.policy) {
    if (policyModule === undefined)
      throw new UserError(path, 'policy', `found with the user policy "${e.policy}": give its module with --policy`);
    const p = await loadPolicy(policyModule);
    if (p.name !== e.policy)
      throw new UserError('--policy', '', `the module's policy is "${p.name}", the finding's "${e.policy}"`);
    match = p.match;
  }
  const token = decodeToken(e.token);
  if (typeof token === 'string') throw new UserError(path, 'token', token);
  const b = bootScenario(s, profile, match);
  const r = runBooted(b, { scheduler: replayScheduler(token.choices) });
  const ctx = contextFor(b, extra);
  const violations = checkExecution(s, r, ctx);
  const judge = (vs: readonly { property: string; message: string }[]): Verdict =>
    vs.some((v) => v.property === e.property && v.message === e.message)
      ? 'still failing'
      : vs.some((v) => v.property === e.property)
        ? 'changed'
        : 'fixed';
  let verdict: Verdict;
  if (e.property === 'no-regression') {
    // A pair property: the baseline's schedules replayed under this policy again.
    const base = e.baseline === undefined ? undefined : findProfile(e.baseline);
    if (!base) throw new UserError(path, 'baseline', 'a no-regression finding names its baseline profile');
    const found = regressions(bootScenario(s, base), b, REPLAY_BUDGET, {
      baseline: base.name,
      candidate: e.profile,
    }).found;
    verdict = judge(found.map((f) => ({ property: 'no-regression', message: f.message })));
  } else if (
    e.property === 'deterministic' ||
    (e.property === 'no-deadlock' && e.step === null && e.message.startsWith('lock order cycle'))
  ) {
    // Properties of the outcome set: explore again. `deterministic` holds or not (its wording differs between explore and fuzz).
    const x = explore(b, { maxExecutions: REPLAY_BUDGET });
    const done = x.outcomes.filter((o) => o.result.status === 'done');
    verdict =
      e.property === 'deterministic' ? (done.length > 1 ? 'still failing' : 'fixed') : judge(outcomeViolations(s, x));
    if (e.property === 'deterministic') {
      // Its own evidence only: the two outcomes, not what else this one schedule violates.
      const own = verdict === 'still failing' ? [{ property: e.property, message: e.message, step: null }] : [];
      const versus = otherOutcome(path, e, b, r, done);
      return { r, verdict, violations: own, ...(versus ? { versus } : {}) };
    }
  } else verdict = judge(violations);
  return { r, verdict, violations };
}

/** A deterministic finding's other outcome: the entry's own `versus` schedule, else one explore reached. */
function otherOutcome(
  path: string,
  e: CorpusEntry,
  b: Booted,
  r: RunResult,
  done: readonly { readonly result: RunResult }[],
): { token: string; r: RunResult } | undefined {
  if (e.versus !== undefined) {
    const d = decodeToken(e.versus.token);
    if (typeof d === 'string') throw new UserError(path, 'versus.token', d);
    return { token: e.versus.token, r: runBooted(b, { scheduler: replayScheduler(d.choices) }) };
  }
  const key = JSON.stringify(r.bindings);
  const o = done.find((y) => JSON.stringify(y.result.bindings) !== key);
  return o && { token: tokenFor(b.scenario, b.profile, o.result.choices, e.policy), r: o.result };
}

/** An oracle entry: the model's sequential run again, against what the kernel did then. */
function replayDisagreement(path: string, e: CorpusEntry): Replayed {
  const k = e.kernel;
  if (k === undefined || !Array.isArray(k.ops) || typeof k.bindings !== 'object' || k.bindings === null)
    throw new UserError(
      path,
      'kernel',
      'a kernel-agreement entry records what the kernel did ({ release, ops, bindings })',
    );
  const s = entryScenario(path, e);
  if (!findProfile(e.profile)) throw new UserError(path, 'profile', `unknown kernel profile "${e.profile}"`);
  const r = runScenario(s, findProfile(e.profile)!);
  const diff = firstDifference(sideOf(r), k);
  const violations = diff === null ? [] : [{ property: KERNEL_AGREEMENT, message: diff, step: null }];
  return { r, verdict: diff === null ? 'fixed' : diff === e.message ? 'still failing' : 'changed', violations };
}

const REPLAY_BUDGET = 100_000;

/** A bare token: its scenario is looked up by hash in corpus/scenarios and the findings. */
function scenarioByHash(hash: string, dirs: readonly string[]): { file: string; s: Scenario } | null {
  for (const dir of dirs) {
    for (const f of dir.endsWith('findings') ? entryFiles(dir) : safeFiles(dir)) {
      const s = dir.endsWith('findings') ? entryScenario(f, readEntry(f)) : loadScenario(f);
      if (scenarioHash(s) === hash) return { file: f, s };
    }
  }
  return null;
}

function safeFiles(dir: string): string[] {
  try {
    return scenarioFiles(dir);
  } catch {
    return [];
  }
}

/** What a token or a finding file replays: its scenario, profile and schedule. */
export interface Target {
  readonly file: string;
  readonly s: Scenario;
  readonly profile: Profile;
  readonly choices: readonly number[];
  readonly token: string;
  /** A corpus entry's finding: its property and message. */
  readonly finding?: { readonly property: string; readonly message: string };
}

export function resolveTarget(arg: string, scenarioFile: string | undefined, policyName?: string): Target {
  if (arg.startsWith('hf1.')) {
    const d = decodeToken(arg);
    if (typeof d === 'string') throw new UserError(arg.slice(0, 16) + '…', '', d);
    const found =
      scenarioFile !== undefined
        ? { file: scenarioFile, s: loadScenario(scenarioFile) }
        : scenarioByHash(d.scenario, ['corpus/scenarios', 'corpus/findings']);
    if (found === null)
      throw new UserError(
        'replay',
        '',
        `no scenario with hash ${d.scenario} in corpus/scenarios or corpus/findings: give it with --scenario FILE`,
      );
    if (scenarioHash(found.s) !== d.scenario)
      throw new UserError(
        '--scenario',
        '',
        `this token is for another scenario (hash ${d.scenario}; ${found.file} has ${scenarioHash(found.s)})`,
      );
    const profile = findProfile(d.profile);
    if (!profile) throw new UserError(arg.slice(0, 16) + '…', '', `unknown kernel profile "${d.profile}" in the token`);
    if (policyName !== undefined ? d.policy !== policyName : d.policy !== found.s.policy) {
      throw new UserError(
        arg.slice(0, 16) + '…',
        '',
        `this token is for policy "${d.policy}"${d.policy !== found.s.policy ? ' (give its module with --policy)' : ''}`,
      );
    }
    return { file: found.file, s: found.s, profile, choices: d.choices, token: arg };
  }
  const e = readEntry(arg);
  const d = decodeToken(e.token);
  if (typeof d === 'string') throw new UserError(arg, 'token', d);
  const profile = findProfile(e.profile);
  if (!profile) throw new UserError(arg, 'profile', `unknown kernel profile "${e.profile}"`);
  return {
    file: arg,
    s: entryScenario(arg, e),
    profile,
    choices: d.choices,
    token: e.token,
    finding: { property: e.property, message: e.message },
  };
}

export function registerCorpus(program: Command): void {
  program
    .command('replay <tokenOrFile>')
    .description('reproduce a finding exactly (a corpus file, or a token) and show its trace and violation')
    .option('--scenario <file>', 'the scenario a bare token belongs to (default: looked up by hash in corpus/)')
    .option('--policy <module>', 'the user policy module a finding was made with')
    .option('--property <module>', 'a user property module a finding was made with; repeatable', collect)
    .option('--html <file>', 'also write a self-contained HTML report of the run')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExit codes: 1 the violation reproduces, 0 it no longer does (fixed or changed), 2 bad input, 3 replay divergence.' +
        "\nA kernel-difference entry (oracle --baseline/--candidate) shows both kernels and the model under each one's profile" +
        " side by side: 1 the model does not predict the kernels' difference, 0 it does.",
    )
    .action(
      async (
        arg: string,
        flags: { scenario?: string; policy?: string; property?: string[]; html?: string; json?: boolean },
      ) => {
        if (flags.html) checkPath('--html', flags.html, 'file');
        const extra = await loadProperties(flags.property);
        if (arg.startsWith('hf1.')) {
          const pol = flags.policy ? await loadPolicy(flags.policy) : undefined;
          const found = resolveTarget(arg, flags.scenario, pol?.name);
          const profile = found.profile;
          const b = bootScenario(found.s, profile, pol?.match);
          const r = runBooted(b, { scheduler: replayScheduler(found.choices) });
          const v = checkExecution(found.s, r, contextFor(b, extra));
          if (flags.html)
            writeFileAtomic(
              flags.html,
              htmlReport(`hotplug-fuzz replay: ${found.s.name}`, [
                {
                  title: found.s.name,
                  profile: profile.name,
                  token: arg,
                  replay: `hotplug-fuzz replay ${arg} --scenario ${found.file}`,
                  result: r,
                  violations: v,
                },
              ]),
            );
          if (flags.json)
            out(
              JSON.stringify(
                { scenario: found.file, profile: profile.name, bindings: r.bindings, violations: v },
                null,
                2,
              ),
            );
          else
            out(
              `scenario ${found.file}\n` +
                formatRun(r, profile, v, { trace: true, boot: false, colour: useColour(), width: terminalWidth() }),
            );
          process.exitCode = v.length ? 1 : 0;
          return;
        }
        const e = readEntry(arg);
        const x = await replayEntry(arg, e, flags.policy, extra);
        if (flags.html)
          writeFileAtomic(
            flags.html,
            htmlReport(`hotplug-fuzz replay: ${e.property} on ${e.profile}`, [
              {
                title: `${e.property}: ${e.message}`,
                profile: e.profile,
                token: e.token,
                replay: `hotplug-fuzz replay ${arg}`,
                result: x.r,
                violations: x.violations,
                finding: e,
                ...(x.versus
                  ? {
                      versus: {
                        token: x.versus.token,
                        replay: `hotplug-fuzz replay ${x.versus.token} --scenario ${e.scenarioFile}`,
                        result: x.versus.r,
                      },
                    }
                  : {}),
              },
            ]),
          );
        if (flags.json)
          out(
            JSON.stringify(
              {
                finding: arg,
                property: e.property,
                verdict: x.verdict,
                bindings: x.r.bindings,
                violations: x.violations,
                ...(x.versus ? { versus: { token: x.versus.token, bindings: x.versus.r.bindings } } : {}),
                ...(e.kernel ? { kernel: e.kernel } : {}),
                ...(x.pair ? { kernels: e.kernels, prediction: x.pair.prediction, model: x.pair.model } : {}),
              },
              null,
              2,
            ),
          );
        else {
          out(`finding ${arg}: ${e.property} on ${e.profile} — ${e.message}`);
          if (x.pair) {
            // Two kernels: no schedule to show, the units side by side with the model under each profile.
            out(sideBySide(x.pair.view));
            out(
              `the model under ${x.pair.view.baseline.profile} and ${x.pair.view.candidate.profile}: ${x.pair.prediction}` +
                (x.pair.prediction === 'predicted' ? '' : ` (${x.pair.model ?? 'no difference'})`),
            );
            out(`verdict: ${x.verdict}`);
            process.exitCode = x.verdict === 'still failing' ? 1 : 0;
            return;
          }
          const show = (r: RunResult, vs: readonly Violation[]): string =>
            formatRun(r, findProfile(e.profile)!, vs, {
              trace: true,
              boot: false,
              colour: useColour(),
              width: terminalWidth(),
              finding: e,
            });
          if (x.versus) {
            // Both outcomes, each with the trace of a schedule that reaches it.
            out(`outcome 1 (${e.token}):`);
            out(show(x.r, []));
            out(`\noutcome 2 (${x.versus.token}):`);
            out(show(x.versus.r, []));
            for (const v of x.violations) out(`VIOLATION ${v.property}: ${v.message}`);
          } else out(show(x.r, x.violations));
          if (e.kernel)
            out(
              `the real kernel (${e.kernel.release}): results ${e.kernel.ops.join(', ')}; ` +
                (e.kernel.crash !== undefined ? e.kernel.crash : `bindings ${JSON.stringify(e.kernel.bindings)}`),
            );
          out(`verdict: ${x.verdict}`);
        }
        process.exitCode = x.verdict === 'still failing' ? 1 : 0;
      },
    );

  const corpus = program.command('corpus').description('work with the findings corpus');
  corpus
    .command('check [dir]')
    .description('replay every finding: still failing / fixed / changed')
    .option('--policy <module>', 'the user policy module findings were made with')
    .option('--property <module>', 'a user property module findings were made with; repeatable', collect)
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExit codes: 0 every finding is fixed, 1 some still fail or changed, 2 bad input.')
    .action(async (dir: string | undefined, flags: { policy?: string; property?: string[]; json?: boolean }) => {
      const extra = await loadProperties(flags.property);
      const d = dir ?? 'corpus/findings';
      if (dir !== undefined && !existsSync(dir)) throw new UserError(dir, '', 'no such directory');
      const files = entryFiles(d);
      const rows: { file: string; property: string; profile: string; verdict: Verdict }[] = [];
      for (const f of files) {
        const e = readEntry(f);
        rows.push({
          file: f,
          property: e.property,
          profile: e.profile,
          verdict: (await replayEntry(f, e, flags.policy, extra)).verdict,
        });
      }
      const count = (v: Verdict): number => rows.filter((r) => r.verdict === v).length;
      if (flags.json) out(JSON.stringify({ dir: d, entries: rows }, null, 2));
      else {
        for (const r of rows) out(`${r.verdict.padEnd(14)} ${basename(r.file)}`);
        out(
          `${rows.length} findings: ${count('still failing')} still failing, ${count('fixed')} fixed, ${count('changed')} changed`,
        );
      }
      process.exitCode = count('still failing') + count('changed') > 0 ? 1 : 0;
    });

  program
    .command('merge <dirs...>')
    .description('merge shard corpora into one, de-duplicated by fingerprint')
    .requiredOption('--out <dir>', 'the merged corpus')
    .option('--json', 'machine-readable output')
    .action((dirs: string[], flags: { out: string; json?: boolean }) => {
      checkPath('--out', flags.out, 'dir');
      let read = 0;
      let written = 0;
      for (const d of dirs) {
        if (!existsSync(d)) throw new UserError(d, '', 'no such directory');
        for (const f of entryFiles(d)) {
          read++;
          if (saveEntry(flags.out, readEntry(f))) written++;
        }
      }
      if (flags.json) out(JSON.stringify({ read, written, duplicates: read - written, out: flags.out }));
      else out(`${read} findings read, ${written} written to ${flags.out}, ${read - written} duplicates skipped`);
    });
}
