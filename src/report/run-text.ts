// Plain-text rendering of a run: each op's result, the final bindings, optionally the trace.
import type { RunResult } from '../exec/run.js';
import type { TraceEntry } from '../runtime/kernel.js';
import type { Profile } from '../profiles/types.js';
import type { Violation } from '../../properties/types.js';
import { timeline } from './timeline.js';

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function traceLines(
  r: RunResult,
  entries: readonly TraceEntry[],
  threadName: (tid: number) => string,
): string[] {
  const width = Math.max(6, ...r.threads.map((t) => t.length));
  return entries.map((e) => {
    const notes = e.notes.length ? `  ${e.notes.join('; ')}` : '';
    return `  ${String(e.seq).padStart(4)}  ${pad(threadName(e.tid), width)}  ${pad(e.fn, 28)} ${e.obj}${notes}`;
  });
}

export interface RunTextOptions {
  readonly trace: boolean;
  readonly boot: boolean;
  readonly colour?: boolean;
  /** The timeline's width (the terminal's). */
  readonly width?: number;
  /** A replayed finding: its property's violations are the VIOLATION lines, the others are "also" lines. */
  readonly finding?: { readonly property: string };
}

/** VIOLATION lines: the finding's own property first; what else the execution violates after it, marked so. */
export function violationLines(violations: readonly Violation[], finding?: { readonly property: string }): string[] {
  if (finding === undefined) return violations.map((v) => `VIOLATION ${v.property}: ${v.message}`);
  const own = violations.filter((v) => v.property === finding.property);
  const others = violations.filter((v) => v.property !== finding.property);
  return [
    ...own.map((v) => `VIOLATION ${v.property}: ${v.message}`),
    ...others.map((v) => `also violated in this execution: ${v.property}: ${v.message}`),
  ];
}

export function formatRun(
  r: RunResult,
  profile: Profile,
  violations: readonly Violation[],
  opts: RunTextOptions,
): string {
  const out: string[] = [`profile ${profile.name}: ${profile.summary}`];
  if (opts.boot) {
    out.push('boot:');
    out.push(...traceLines(r, r.boot, () => 'boot'));
  }
  if (opts.trace) {
    out.push('timeline (one column per thread; + bound, - unbound, ~ driver_override; ! where a violation shows):');
    out.push(...timeline(r, violations, { colour: opts.colour === true, width: opts.width }));
  }
  out.push('ops:');
  const aw = Math.max(5, ...r.ops.map((o) => o.actor.length + 1 + String(o.index).length));
  const ow = Math.min(90, Math.max(...r.ops.map((o) => o.op.length), 10));
  for (const o of r.ops) {
    out.push(`  ${pad(`${o.actor}#${o.index}`, aw)}  ${pad(o.op, ow)}  ${JSON.stringify(o.result).slice(1, -1)}`);
    // A recipe: the tool's system calls in order, and what it printed.
    for (const c of o.calls ?? [])
      out.push(
        `  ${' '.repeat(aw)}    ${c.call} ${c.path}` +
          `${c.value !== undefined ? ` ${JSON.stringify(c.value)}` : ''} = ${c.result}`,
      );
    for (const e of o.errors ?? []) out.push(`  ${' '.repeat(aw)}    printed: ${e}`);
  }
  if (r.ops.length === 0) out.push('  (none)');
  out.push('bindings:');
  for (const [bdf, drv] of Object.entries(r.bindings)) out.push(`  ${bdf}  ${drv ?? '(unbound)'}`);
  if (r.status !== 'done') out.push(`status: ${r.status}`);
  out.push(...violationLines(violations, opts.finding));
  return out.join('\n');
}

/** Compact comparison across profiles: one row per profile, one column per device. */
export function formatBindingMatrix(
  results: readonly { profile: string; r: RunResult; violations: readonly Violation[] }[],
): string {
  const bdfs = [...new Set(results.flatMap(({ r }) => Object.keys(r.bindings)))].sort();
  const cell = (r: RunResult, bdf: string): string => (bdf in r.bindings ? (r.bindings[bdf] ?? '-') : 'absent');
  const pw = Math.max(7, ...results.map(({ profile }) => profile.length)) + 2;
  const widths = bdfs.map((b) => Math.max(b.length, ...results.map(({ r }) => cell(r, b).length)) + 2);
  const rows = [pad('profile', pw) + bdfs.map((b, i) => pad(b, widths[i])).join('') + 'violations'];
  for (const { profile, r, violations } of results) {
    const v = violations.length ? [...new Set(violations.map((x) => x.property))].join(', ') : '-';
    rows.push(pad(profile, pw) + bdfs.map((b, i) => pad(cell(r, b), widths[i])).join('') + v);
  }
  return rows.join('\n');
}
