// The racing steps of an execution, for a finding's fingerprint (design §6: "the ordered set of conflicting
// steps"). Two steps conflict when they belong to different threads and are dependent by footprint
// (src/explore/hb.ts `dependent`: one writes an object the other reads or writes, locks included); a conflict is
// ordered as the execution ran it. A step is named by its thread, kernel function and object. The racing steps
// are those on either side of an ordered conflict the sequential (FIFO) run does not have: what this
// interleaving changed. Executions in one Mazurkiewicz trace have the same ones whatever the order of their
// independent steps, and so do schedules that differ only in when an uninvolved read ran.
import { startExecution, type Booted } from '../exec/run.js';
import { dependent, footprintOf, type Footprint } from '../explore/hb.js';

interface Stepped {
  readonly tid: number;
  readonly name: string;
  readonly fp: Footprint;
}

/** Replays `choices` (past their end: FIFO) and records every step's thread, name and executed footprint. */
function steps(b: Booted, choices: readonly number[], maxSteps = 1_000_000): Stepped[] {
  const st = startExecution(b);
  const out: Stepped[] = [];
  const runnable: number[] = [];
  let i = 0;
  for (let n = 0; n < maxSteps; n++) {
    st.engine.runnable(runnable);
    if (runnable.length === 0) break;
    const c = runnable.length > 1 && i < choices.length ? Math.min(choices[i++], runnable.length - 1) : 0;
    const t = st.engine.threads[runnable[c]];
    const fp = footprintOf(t.pending!);
    const e = st.engine.stepThread(t);
    out.push({
      tid: t.id,
      name: `${t.name}:${e.fn}(${e.obj})`,
      fp: { rd: [...fp.rd, ...(e.extraRd ?? [])], wr: [...fp.wr, ...(e.extraWr ?? [])] },
    });
  }
  return out;
}

/** Every ordered conflict of the execution as [first, second], without repeats. */
function conflictPairs(b: Booted, choices: readonly number[]): Map<string, readonly [string, string]> {
  const s = steps(b, choices);
  const pairs = new Map<string, readonly [string, string]>();
  for (let j = 0; j < s.length; j++)
    for (let i = 0; i < j; i++)
      if (s[i].tid !== s[j].tid && dependent(s[i].fp, s[j].fp))
        pairs.set(`${s[i].name}\0${s[j].name}`, [s[i].name, s[j].name]);
  return pairs;
}

/** Every ordered conflict of the execution, "first -> second", sorted. */
export function orderedConflicts(b: Booted, choices: readonly number[]): string[] {
  return [...conflictPairs(b, choices).values()].map(([x, y]) => `${x} -> ${y}`).sort();
}

/**
 * The execution's racing steps: those on either side of a conflict the sequential (FIFO) run does not have,
 * sorted. A conflict the FIFO run has is the scenario's ordinary order; one it lacks, or has the other way
 * round, is what this interleaving changed.
 */
export function racingSteps(b: Booted, choices: readonly number[]): string[] {
  const fifo = conflictPairs(b, []);
  const steps = new Set<string>();
  for (const [k, [x, y]] of conflictPairs(b, choices)) if (!fifo.has(k)) steps.add(x).add(y);
  return [...steps].sort();
}
