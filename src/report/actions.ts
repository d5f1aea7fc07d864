// An execution as the sequence of userspace actions that made it: every raw op and every system call a
// recipe made, in the order they completed in the schedule. What the exporters turn into scripts.
import type { RunResult } from '../exec/run.js';
import type { Scenario } from '../scenario/types.js';

export type Action =
  | {
      readonly kind: 'write';
      readonly actor: string;
      readonly path: string;
      readonly value: string;
      readonly result: string;
    }
  | { readonly kind: 'read'; readonly actor: string; readonly path: string; readonly result: string }
  | {
      readonly kind: 'hotplug';
      readonly actor: string;
      readonly action: 'add' | 'remove';
      readonly bdf: string;
      readonly result: string;
    }
  | {
      readonly kind: 'modprobe';
      readonly actor: string;
      readonly module: string;
      readonly params: string;
      readonly result: string;
    }
  | { readonly kind: 'rmmod'; readonly actor: string; readonly module: string; readonly result: string };

/** The first step of each op: the thread's first step after its previous op returned. */
function startSteps(r: RunResult): Map<(typeof r.ops)[number], number> {
  const out = new Map<(typeof r.ops)[number], number>();
  const last = new Map<string, number>();
  for (const o of r.ops) {
    const tid = r.threads.indexOf(o.actor);
    const after = last.get(o.actor) ?? -1;
    out.set(o, r.trace.find((t) => t.tid === tid && t.seq > after)?.seq ?? o.step);
    last.set(o.actor, o.step);
  }
  return out;
}

/**
 * Sorted by the step each completed at (stable: an actor's own order is kept), except hotplug, placed
 * where it started: a device must be there before anything (a udev rule it triggers) can touch it.
 */
export function actionsOf(_s: Scenario, r: RunResult): Action[] {
  const out: { step: number; a: Action }[] = [];
  const starts = startSteps(r);
  for (const o of r.ops) {
    if (o.calls) {
      for (const c of o.calls) {
        const step = c.step ?? o.step;
        if (c.call === 'write')
          out.push({
            step,
            a: { kind: 'write', actor: o.actor, path: c.path, value: c.value ?? '', result: c.result },
          });
        else if (c.call === 'modprobe')
          out.push({
            step,
            a: { kind: 'modprobe', actor: o.actor, module: c.path, params: c.value ?? '', result: c.result },
          });
        else if (c.call === 'rmmod')
          out.push({ step, a: { kind: 'rmmod', actor: o.actor, module: c.path, result: c.result } });
      }
      continue;
    }
    const d = o.decl;
    switch (d.kind) {
      case 'write':
        out.push({
          step: o.step,
          a: { kind: 'write', actor: o.actor, path: d.path, value: d.value, result: o.result },
        });
        break;
      case 'read':
        out.push({ step: o.step, a: { kind: 'read', actor: o.actor, path: d.path, result: o.result } });
        break;
      case 'hotplug':
        out.push({
          step: starts.get(o) ?? o.step,
          a: { kind: 'hotplug', actor: o.actor, action: d.action, bdf: d.bdf, result: o.result },
        });
        break;
      case 'modprobe':
        out.push({
          step: o.step,
          a: { kind: 'modprobe', actor: o.actor, module: d.module, params: d.params, result: o.result },
        });
        break;
      case 'rmmod':
        out.push({ step: o.step, a: { kind: 'rmmod', actor: o.actor, module: d.module, result: o.result } });
        break;
      default:
        break;
    }
  }
  return out.sort((x, y) => x.step - y.step).map((x) => x.a);
}
