// Distinct Mazurkiewicz traces by brute force: executions that order every pair of dependent steps
// the same way are one trace, under explore's dependency relation (hb.ts: footprints plus ObservedReads).
// Their number is the floor for any DPOR's execution count.
import { startExecution, type Booted } from '../exec/run.js';
import { executedFootprint, footprintOf, HappensBefore, ObservedReads } from './hb.js';
import { nextPrefix } from './odometer.js';

/** Every interleaving, keyed by the happens-before order of its steps (vector clocks per thread event). */
export function countTraces(
  b: Booted,
  maxExecutions = 1_000_000,
): { traces: number; executions: number; complete: boolean } {
  const keys = new Set<string>();
  const observed = new ObservedReads(b.scenario, b.world);
  let prefix: number[] = [];
  for (let executions = 1; ; executions++) {
    const st = startExecution(b);
    const hbs = new HappensBefore();
    st.engine.threads.forEach((t) => hbs.spawned(t.id, null));
    const options: number[] = [];
    const runnable: number[] = [];
    for (;;) {
      st.engine.runnable(runnable);
      if (runnable.length === 0) break;
      let c = 0;
      if (runnable.length > 1) {
        c = options.length < prefix.length ? prefix[options.length] : 0;
        options.push(runnable.length);
      }
      const t = st.engine.threads[runnable[c]];
      const fp = footprintOf(t.pending!);
      const before = st.engine.threads.length;
      const opsBefore = st.ops.length;
      const entry = st.engine.stepThread(t);
      const { event } = hbs.add(
        t.id,
        executedFootprint(fp, entry.extraRd, entry.extraWr, observed.at(st.ops, opsBefore)),
      );
      for (let n = before; n < st.engine.threads.length; n++) hbs.spawned(n, event);
    }
    const events = [...hbs.events].sort((x, y) => x.tid - y.tid || x.idx - y.idx);
    keys.add(events.map((e) => `${e.tid}.${e.idx}:${e.clock.join(',')}`).join(' '));
    const next = nextPrefix(
      options.map((_, j) => (j < prefix.length ? prefix[j] : 0)),
      options,
    );
    if (next === null) return { traces: keys.size, executions, complete: true };
    if (executions >= maxExecutions) return { traces: keys.size, executions, complete: false };
    prefix = next;
  }
}
