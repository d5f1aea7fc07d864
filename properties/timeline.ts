// Replaying an execution's kernel events: bindings and overrides as they were at any step.
import type { RunResult } from '../src/exec/run.js';
import type { KernelEvent } from '../src/runtime/kernel.js';

/** Calls `f` for every kernel event of the execution, in order, with its step. */
export function eachEvent(r: RunResult, f: (e: KernelEvent, seq: number) => void): void {
  for (const t of r.trace) for (const e of t.events) f(e, t.seq);
}

/** BDF -> driver name (null = unbound), present devices only, after the step `upTo` (inclusive). */
export function bindingsAt(r: RunResult, upTo: number): Record<string, string | null> {
  const w = r.initial;
  const bound = w.devices.map((d) => (d.present ? d.driver : -2));
  for (const t of r.trace) {
    if (t.seq > upTo) break;
    for (const e of t.events) {
      if (e.kind === 'bound') bound[e.dev] = e.drv;
      else if (e.kind === 'unbound') bound[e.dev] = -1;
      else if (e.kind === 'uevent' && e.action === 'add') bound[e.dev] = -1;
      else if (e.kind === 'uevent' && e.action === 'remove') bound[e.dev] = -2;
    }
  }
  const out: Record<string, string | null> = {};
  bound.forEach((b, i) => {
    if (b !== -2) out[w.devSpecs[i].bdf] = b < 0 ? null : w.drvSpecs[b].name;
  });
  return out;
}

export const describeBinding = (got: string | null | undefined): string =>
  got === undefined ? 'not present' : got === null ? 'unbound' : `bound to ${got}`;
