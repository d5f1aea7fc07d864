// The conflicting steps of an execution, for a finding's fingerprint (design §6): two steps conflict when they
// belong to different threads and are dependent by footprint (src/explore/hb.ts `dependent`: one writes an
// object the other reads or writes, locks included). Each conflict is ordered as the execution ran it
// ("first -> second"), a step named by its thread, kernel function and object. Executions in one Mazurkiewicz
// trace order every dependent pair the same way, so they have the same conflicts whatever the order of their
// independent steps; the conflicts the sequential (FIFO) run also has are left out, so what remains is what
// the interleaving changed — the race — and not the scenario's ordinary sequential dependencies.
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

/** Every ordered conflict of the execution, "first -> second", sorted and without repeats. */
export function orderedConflicts(b: Booted, choices: readonly number[]): string[] {
  const s = steps(b, choices);
  const pairs = new Set<string>();
  for (let j = 0; j < s.length; j++)
    for (let i = 0; i < j; i++)
      if (s[i].tid !== s[j].tid && dependent(s[i].fp, s[j].fp)) pairs.add(`${s[i].name} -> ${s[j].name}`);
  return [...pairs].sort();
}

/** The conflicts of the execution that the sequential (FIFO) run does not have: its race. */
export function raceConflicts(b: Booted, choices: readonly number[]): string[] {
  const fifo = new Set(orderedConflicts(b, []));
  return orderedConflicts(b, choices).filter((c) => !fifo.has(c));
}
