// The terminal timeline: one column per thread (actor, udev worker, kernel work), rows in schedule order,
// the kernel function and object of each step in its thread's column, binding changes under the step
// that made them, the step where a violation became visible marked. Fits `width` columns.
import type { RunResult } from '../exec/run.js';
import type { Violation } from '../../properties/types.js';

export interface TimelineOptions {
  readonly width?: number;
  /** ANSI colour (a TTY without NO_COLOR). */
  readonly colour?: boolean;
}

const clip = (s: string, n: number): string => (s.length <= n ? s.padEnd(n) : `${s.slice(0, Math.max(0, n - 1))}…`);

export function timeline(r: RunResult, violations: readonly Violation[], o: TimelineOptions = {}): string[] {
  const width = o.width ?? 100;
  const paint = (code: string, s: string): string => (o.colour ? `\x1b[${code}m${s}\x1b[0m` : s);
  const n = Math.max(1, r.threads.length);
  const col = Math.max(8, Math.floor((width - 7) / n) - 1);
  const marked = new Map<number, string[]>();
  for (const v of violations) if (v.step !== null) marked.set(v.step, [...(marked.get(v.step) ?? []), v.property]);
  const lines = [`${''.padEnd(6)} ${r.threads.map((t) => paint('1', clip(t, col))).join(' ')}`.trimEnd()];
  const w = r.initial;
  for (const e of r.trace) {
    const cells = r.threads.map((_, i) => (i === e.tid ? clip(`${e.fn} ${e.obj}`, col) : ' '.repeat(col)));
    const mark = marked.get(e.seq);
    const prefix = mark ? paint('31;1', `!${String(e.seq).padStart(4)}`) : ` ${String(e.seq).padStart(4)}`;
    lines.push(`${prefix}  ${cells.join(' ')}`.trimEnd() + (mark ? ` ${paint('31;1', `<- ${mark.join(', ')}`)}` : ''));
    for (const ev of e.events) {
      const text =
        ev.kind === 'bound'
          ? `+ ${w.devSpecs[ev.dev].bdf} bound to ${w.drvSpecs[ev.drv].name}`
          : ev.kind === 'unbound'
            ? `- ${w.devSpecs[ev.dev].bdf} unbound from ${w.drvSpecs[ev.drv].name}`
            : ev.kind === 'override'
              ? `~ ${w.devSpecs[ev.dev].bdf} driver_override=${ev.value === null ? '(null)' : JSON.stringify(ev.value)}`
              : null;
      // Under the thread's column, shifted left rather than cut when the column is too far right.
      if (text !== null)
        lines.push(
          clip(
            `${' '.repeat(Math.max(7, Math.min(7 + e.tid * (col + 1), width - text.length)))}${text}`,
            width,
          ).trimEnd(),
        );
    }
  }
  const atEnd = violations.filter((v) => v.step === null);
  for (const v of atEnd) lines.push(paint('31;1', clip(`  end: ${v.property}: ${v.message}`, width).trimEnd()));
  return lines;
}
