// The policy diff's view of what userspace sees (matrix --baseline P --candidate Q): the same schedules run under
// both, and the first op whose result differs (a write's errno, a read's text, a tool's system call) or the first
// final binding. The properties judge outcomes over all schedules, so an errno that changes while the bindings stay
// the same (5.10's bind_store -ENODEV where 6.1 says -EBUSY) is no property's concern: this comparison shows it, the
// model's form of `oracle --baseline A --candidate B`.
import type { Scenario } from '../scenario/types.js';
import { runBooted, type Booted, type RunResult } from '../exec/run.js';
import { exploreSteps } from '../explore/dpor.js';
import { choiceArrayScheduler } from '../scheduler/basic.js';
import { differenceOf, describeDifference, type Difference, type Side } from '../oracle/entry.js';
import { boot, type Candidate } from './check.js';
import { tokenFor } from './tokens.js';

/** One side of a result difference: what it saw there, and the token that replays its run. */
export interface ResultSide {
  readonly label: string;
  /** What this side saw at the difference: an op's result, the unit it ran instead, or a device's final driver. */
  readonly result: string;
  readonly token: string;
}

export interface ResultDifference {
  /** "op 1 (admin: write …)", "op 3" (the sides ran different units there) or a BDF (a final binding). */
  readonly where: string;
  /** The difference in one line, each side named by its label. */
  readonly message: string;
  readonly baseline: ResultSide;
  readonly candidate: ResultSide;
  /** Schedules compared (FIFO and one witness per distinct result seen under either side), and how many differ. */
  readonly schedules: number;
  readonly differing: number;
}

/**
 * What userspace sees of a run: each op's result (a write's "ok" or errno, a read's text, a tool's exit and each of
 * its system calls), ordered by actor (the scenario's order, then others by name) and op index, so the same ops line
 * up whichever order a schedule completed them in; the final bindings; and a status unit when the run did not end.
 */
export function userView(s: Scenario, r: RunResult): Side {
  const rank = (actor: string): number => {
    const i = s.actors.findIndex((a) => a.name === actor);
    return i < 0 ? s.actors.length : i;
  };
  const ops = [...r.ops].sort(
    (x, y) =>
      rank(x.actor) - rank(y.actor) || (x.actor < y.actor ? -1 : x.actor > y.actor ? 1 : 0) || x.index - y.index,
  );
  const units = ops.flatMap((o) => [
    ...(o.calls ?? []).map((c) => ({ label: `${o.actor}: ${o.op}: ${c.call} ${c.path}`, result: c.result })),
    { label: `${o.actor}: ${o.op}`, result: o.result },
  ]);
  if (r.status !== 'done') units.push({ label: 'status', result: r.status });
  return { ops: units.map((u) => u.result), labels: units.map((u) => u.label), bindings: r.bindings };
}

/** Each distinct user view an exploration runs into, with the first schedule that showed it. */
function* witnesses(b: Booted, maxExecutions: number, shouldStop?: () => boolean): Generator<number, number[][]> {
  const seen = new Map<string, readonly number[]>();
  const onRun = (r: RunResult): void => {
    const key = JSON.stringify(userView(b.scenario, r));
    if (!seen.has(key)) seen.set(key, r.choices);
  };
  yield* exploreSteps(b, { maxExecutions, shouldStop, onRun });
  return [...seen.values()].map((c) => [...c]);
}

function where(d: Difference): string {
  if (d.kind === 'crash') return 'crash'; // the model never crashes; a type's completeness
  if (d.kind === 'binding') return d.bdf;
  return d.kind === 'result' && d.label !== undefined ? `op ${d.op} (${d.label})` : `op ${d.op}`;
}

/** What each side saw at the difference. */
function seen(d: Difference): [string, string] {
  const word = (v: string | null | undefined): string => (v === undefined ? 'absent' : (v ?? 'unbound'));
  if (d.kind === 'binding') return [word(d.a), word(d.b)];
  if (d.kind === 'crash') return [d.a ?? 'no crash', d.b ?? 'no crash'];
  if (d.kind === 'unit') return [`runs ${d.a}`, `runs ${d.b}`];
  return [d.a ?? '(not run)', d.b ?? '(not run)'];
}

/**
 * The same schedules under `baseline` and `candidate` — FIFO, then one witness of every distinct user view each
 * side's exploration reaches (a choice array: the same picks, modulo the runnable threads, FIFO past their end) —
 * and the first schedule whose user views differ; null when none does. Deterministic: DPOR's order, no randomness.
 */
export function* resultDiffSteps(
  s: Scenario,
  baseline: Candidate,
  candidate: Candidate,
  maxExecutions: number,
  shouldStop?: () => boolean,
): Generator<number, ResultDifference | null> {
  const [bb, bc] = [boot(s, baseline), boot(s, candidate)];
  const found = [
    ...(yield* witnesses(bb, maxExecutions, shouldStop)),
    ...(yield* witnesses(bc, maxExecutions, shouldStop)),
  ];
  const schedules = [...new Map([[], ...found].map((c) => [c.join(), c] as const)).values()];
  let first: ResultDifference | null = null;
  let differing = 0;
  for (const [i, choices] of schedules.entries()) {
    if (i > 0 && i % 50 === 0) yield i; // replays too let Ctrl-C in
    const [rb, rc] = [bb, bc].map((b) => runBooted(b, { scheduler: choiceArrayScheduler(choices) }));
    const d = differenceOf(userView(s, rb), userView(s, rc));
    if (d === null) continue;
    differing++;
    if (first !== null) continue;
    const [a, b] = seen(d);
    first = {
      where: where(d),
      message: describeDifference(d, [baseline.label, candidate.label]),
      baseline: {
        label: baseline.label,
        result: a,
        token: tokenFor(s, baseline.profile, rb.choices, baseline.policyName),
      },
      candidate: {
        label: candidate.label,
        result: b,
        token: tokenFor(s, candidate.profile, rc.choices, candidate.policyName),
      },
      schedules: 0,
      differing: 0,
    };
  }
  return first === null ? null : { ...first, schedules: schedules.length, differing };
}
