// Feeding observers (properties/types.ts RunObserver): one pass over a run's events and op returns, shared by
// every built-in property, instead of each property walking the trace (and error-visible replaying it per actor).
import type { RunResult } from '../src/exec/run.js';
import type { Scenario } from '../src/scenario/types.js';
import type { World } from '../src/model/types.js';
import type { CheckContext, ObservedProperty, RunObserver, Violation } from './types.js';

/** Shows `r` to the observers in order (see RunObserver) and gathers their violations, observer by observer. */
export function observeRun(r: RunResult, observers: readonly RunObserver[]): Violation[] {
  const onStep: NonNullable<RunObserver['onStep']>[] = [];
  const onOp: NonNullable<RunObserver['onOpReturn']>[] = [];
  for (const o of observers) {
    if (o.onStep !== undefined) onStep.push(o.onStep);
    if (o.onOpReturn !== undefined) onOp.push(o.onOpReturn);
  }
  const ops = r.ops;
  const trace = r.trace;
  // Ops that returned before any step (an op with no interleaving point, at spawn) come first.
  for (let j = 0; j < ops.length; j++) if (ops[j].step < 0) for (let i = 0; i < onOp.length; i++) onOp[i](ops[j]);
  let j = 0;
  for (let n = 0; n < trace.length; n++) {
    const t = trace[n];
    if (t.events.length > 0) for (let i = 0; i < onStep.length; i++) onStep[i](t.seq, t.events);
    for (; j < ops.length && ops[j].step <= t.seq; j++)
      if (ops[j].step >= 0) for (let i = 0; i < onOp.length; i++) onOp[i](ops[j]);
  }
  if (observers.length === 1) return observers[0].finish(r);
  const out: Violation[] = [];
  for (const o of observers) for (const v of o.finish(r)) out.push(v);
  return out;
}

/** A built-in property from its observer; `check` runs that observer alone over a finished run. */
export function observed(p: {
  name: string;
  doc: string;
  observe(s: Scenario, initial: World, ctx: CheckContext): RunObserver;
}): ObservedProperty {
  return {
    name: p.name,
    kind: 'execution',
    doc: p.doc,
    observe: p.observe,
    check: (s, r, ctx) => observeRun(r, [p.observe(s, r.initial, ctx)]),
  };
}
