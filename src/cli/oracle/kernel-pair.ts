// `oracle --baseline A --candidate B --generate N`: the same generated traces on two real kernels, one snapshot
// guest after the other; every difference between the kernels is a corpus entry, judged against the model's
// prediction (its FIFO runs under each kernel's profile).
import type { Scenario } from '../../scenario/types.js';
import { chooseProfile, DEBIAN_RELEASES } from '../../oracle/releases.js';
import type { Verdict } from '../../oracle/compare.js';
import { compareTrace, kernelDifferenceEntry, type KernelRun, type Prediction } from '../../oracle/kernel-diff.js';
import { findOracleEnv, type OracleEnv } from './environment.js';
import { buildInitramfs, oracleModules } from './initramfs.js';
import { SnapshotOracle } from './differential.js';
import { placeEntry } from '../corpus.js';
import { session } from '../run-hooks.js';
import { err, out } from '../io.js';
import { UserError } from '../../util/errors.js';

export interface PairFlags {
  readonly baseline: string;
  readonly candidate: string;
  readonly seed: string;
  readonly out: string;
  readonly json: boolean;
}

interface Kernel {
  readonly arg: string;
  readonly env: OracleEnv;
  readonly profile: string;
}

/** Both kernels found (and their profiles chosen) before either boots, so a bad candidate fails at once. */
function kernelOf(flag: string, arg: string): Kernel {
  const env = findOracleEnv(arg);
  const chosen = chooseProfile(env.release, undefined);
  if ('error' in chosen)
    throw new UserError(
      flag,
      '',
      `${arg}: kernel ${env.release} maps to no profile; --baseline/--candidate compare kernels whose series has one ` +
        `(${DEBIAN_RELEASES.map((r) => r.series).join(', ')})`,
    );
  return { arg, env, profile: chosen.profile };
}

/** Every trace on one kernel's snapshot guest; stops early (returns fewer) when the session says so. */
async function runAll(
  k: Kernel,
  traces: readonly Scenario[],
  progress: (what: string) => void,
  stop: () => boolean,
  json: boolean,
): Promise<Verdict[]> {
  const modules = oracleModules(k.env.modules);
  if (modules.missing.length && !json)
    err(`note: ${k.env.release} has no module ${modules.missing.join(', ')}: traces loading it will differ`);
  const snap = await SnapshotOracle.start(k.env, buildInitramfs(k.env, modules));
  const verdicts: Verdict[] = [];
  try {
    for (const s of traces) {
      if (stop()) break;
      verdicts.push(await snap.run(s, k.profile));
      progress(`${k.env.release} ${s.name}`);
    }
  } finally {
    snap.close();
  }
  return verdicts;
}

const runOf = (k: Kernel, v: Verdict & { supported: true }): KernelRun => ({
  release: k.env.release,
  profile: k.profile,
  // A crashed guest ran only the units before the crash (and the one that crashed it, when it answered).
  labels: (v.model.labels ?? []).slice(0, v.kernel.ops.length),
  ops: v.kernel.ops,
  bindings: v.kernel.bindings,
  ...(v.kernel.crash !== undefined ? { crash: v.kernel.crash } : {}),
});

interface Row {
  readonly trace: string;
  readonly difference: string | null;
  readonly model: string | null;
  readonly prediction: Prediction;
  readonly entry: string | null;
}

/** Each trace both kernels ran: compared, each kernel difference saved as an entry. */
function compareAll(
  a: Kernel,
  b: Kernel,
  traces: readonly Scenario[],
  va: readonly Verdict[],
  vb: readonly Verdict[],
  flags: PairFlags,
): { rows: Row[]; skipped: { trace: string; reason: string }[]; agree: number[] } {
  const rows: Row[] = [];
  const skipped: { trace: string; reason: string }[] = [];
  const written = new Set<string>();
  /** Traces where each kernel agrees with the model under its profile (what `--kernel` alone would report). */
  const agree = [0, 0];
  for (const [i, x] of vb.entries()) {
    const y = va[i];
    if (!x.supported || !y.supported) {
      skipped.push({ trace: traces[i].name, reason: !y.supported ? y.reason : !x.supported ? x.reason : '' });
      continue;
    }
    const ka = runOf(a, y);
    const kb = runOf(b, x);
    const c = compareTrace(traces[i].name, { model: y.model, kernel: ka }, { model: x.model, kernel: kb });
    c.agree.forEach((ok, side) => (agree[side] += ok ? 1 : 0));
    if (c.prediction === null) continue;
    const found = { scheduler: 'fifo', seed: flags.seed, atRun: i };
    const entry =
      c.kernels !== null
        ? placeEntry(flags.out, true, kernelDifferenceEntry(traces[i], ka, kb, y.model, found), written).entry
        : null;
    rows.push({ trace: c.scenario, difference: c.kernels, model: c.model, prediction: c.prediction, entry });
  }
  return { rows, skipped, agree };
}

/** Runs both kernels, saves each difference, prints the report; the exit code. */
export async function kernelPair(traces: readonly Scenario[], flags: PairFlags): Promise<number> {
  const a = kernelOf('--baseline', flags.baseline);
  const b = kernelOf('--candidate', flags.candidate);
  const run = session({ name: 'oracle', deadline: Infinity, bar: !flags.json });
  let done = 0;
  const progress = (what: string): void => run.onJob?.(++done, traces.length * 2, what);
  let va: Verdict[];
  let vb: Verdict[];
  try {
    va = await runAll(a, traces, progress, run.shouldStop, flags.json);
    vb = await runAll(b, traces.slice(0, va.length), progress, run.shouldStop, flags.json);
  } finally {
    run.close();
  }
  const { rows, skipped, agree } = compareAll(a, b, traces, va, vb, flags);
  const compared = vb.length - skipped.length;
  const stopped = vb.length < traces.length;
  report(a, b, { rows, skipped, compared, agree, stopped, total: traces.length }, flags);
  if (run.interrupted()) return 130;
  return rows.length ? 1 : 0;
}

function report(
  a: Kernel,
  b: Kernel,
  r: {
    rows: readonly Row[];
    skipped: readonly { trace: string; reason: string }[];
    compared: number;
    agree: readonly number[];
    stopped: boolean;
    total: number;
  },
  flags: PairFlags,
): void {
  const diffs = r.rows.filter((x) => x.difference !== null);
  const count = (p: Prediction): number => r.rows.filter((x) => x.prediction === p).length;
  const kernel = (k: Kernel, agree: number) => ({
    kernel: k.arg,
    release: k.env.release,
    profile: k.profile,
    agreeWithModel: agree,
  });
  if (flags.json) {
    out(
      JSON.stringify(
        {
          baseline: kernel(a, r.agree[0]),
          candidate: kernel(b, r.agree[1]),
          seed: flags.seed,
          traces: r.compared,
          same: r.compared - r.rows.length,
          differences: diffs,
          spurious: r.rows.filter((x) => x.prediction === 'spurious'),
          predicted: count('predicted'),
          skipped: r.skipped,
          ...(r.stopped ? { interrupted: true } : {}),
        },
        null,
        2,
      ),
    );
    return;
  }
  for (const x of r.rows) {
    out(
      x.difference !== null
        ? `DIFFER   ${x.trace}: ${x.difference}\n  model: ${x.prediction}${x.prediction === 'predicted' ? '' : ` (${x.model ?? 'no difference'})`}` +
            `${x.entry ? `\n  replay: hotplug-fuzz replay ${x.entry}` : ''}`
        : `SPURIOUS ${x.trace}: the model predicts ${x.model}; both kernels agree`,
    );
  }
  for (const s of r.skipped) out(`skip     ${s.trace}: ${s.reason}`);
  err(
    `${a.env.release} (${a.profile}) vs ${b.env.release} (${b.profile}): ${r.compared - r.rows.length}/${r.compared} traces the same, ` +
      `${diffs.length} differ (${count('predicted')} predicted by the model, ${count('differently')} predicted differently, ${count('missed')} missed); ` +
      `the model predicts ${count('spurious')} difference(s) the kernels do not show` +
      `; each kernel agrees with the model under its profile on ${r.agree[0]} and ${r.agree[1]}/${r.compared}` +
      `${r.skipped.length ? `; ${r.skipped.length} skipped` : ''}${r.stopped ? `; interrupted after ${r.compared + r.skipped.length}/${r.total}` : ''}`,
  );
}
