// `run --json` (design §5): { bindings, ops: [{ actor, op, result }], violations }.
import type { RunResult } from '../exec/run.js';
import type { Violation } from '../../properties/types.js';

export function runJson(r: RunResult, violations: readonly Violation[], withTrace: boolean): object {
  return {
    scenario: r.scenario,
    profile: r.profile,
    status: r.status,
    bindings: r.bindings,
    ops: r.ops.map((o) => ({
      actor: o.actor,
      index: o.index,
      op: o.op,
      result: o.result,
      step: o.step,
      ...(o.calls ? { calls: o.calls, printed: o.errors ?? [] } : {}),
    })),
    violations,
    ...(withTrace
      ? { trace: r.trace.map((e) => ({ step: e.seq, thread: r.threads[e.tid], fn: e.fn, obj: e.obj, notes: e.notes })) }
      : {}),
  };
}
