// The terminal timeline: one column per thread (actor, udev worker, kernel work), rows in schedule order,
// the kernel function and object of each step in its thread's column, binding changes under the step
// that made them, the step where a violation became visible marked. Fits `width` columns (the terminal's)
// by wrapping: a step's text continues on the next lines of its column, and nothing is ever cut.
import type { RunResult } from '../exec/run.js';
import type { Violation } from '../../properties/types.js';

export interface TimelineOptions {
  /** The terminal's width (default 100). */
  readonly width?: number;
  /** ANSI colour (a TTY without NO_COLOR). */
  readonly colour?: boolean;
}

/** The step-number gutter: "!" or " ", four digits, two spaces. */
const GUTTER = 7;

/**
 * Lines of at most `width` characters: breaks after a "/" or at a space (the space dropped), else in the
 * middle of a word when one is longer than the line. Every other character is kept.
 */
export function wrapText(s: string, width: number): string[] {
  const w = Math.max(1, width);
  const lines: string[] = [];
  let rest = s;
  while (rest.length > w) {
    const head = rest.slice(0, w + 1);
    const space = head.lastIndexOf(' ');
    const slash = head.slice(0, w).lastIndexOf('/');
    const cut = Math.max(space, slash + 1);
    if (cut <= 0) {
      lines.push(rest.slice(0, w));
      rest = rest.slice(w);
    } else {
      lines.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).replace(/^ /, '');
    }
  }
  return [...lines, rest];
}

/** `text` from column `at`, moved left (not past the gutter) when it would pass `width`; wrapped if still too long. */
function placed(text: string, at: number, width: number): string[] {
  const start = Math.max(GUTTER, Math.min(at, width - text.length));
  return wrapText(text, width - start).map((l) => `${' '.repeat(start)}${l}`);
}

/** Wrapped to `width`, continuation lines indented by `indent` (so "~ 0000:…" continuing a step is no event line). */
function hanging(text: string, width: number, indent: number): string[] {
  const first = wrapText(text, width)[0];
  const rest = text.slice(first.length).replace(/^ /, '');
  return rest ? [first, ...wrapText(rest, width - indent).map((l) => `${' '.repeat(indent)}${l}`)] : [first];
}

function eventText(r: RunResult, ev: RunResult['trace'][number]['events'][number]): string | null {
  const w = r.initial;
  if (ev.kind === 'bound') return `+ ${w.devSpecs[ev.dev].bdf} bound to ${w.drvSpecs[ev.drv].name}`;
  if (ev.kind === 'unbound') return `- ${w.devSpecs[ev.dev].bdf} unbound from ${w.drvSpecs[ev.drv].name}`;
  if (ev.kind === 'override')
    return `~ ${w.devSpecs[ev.dev].bdf} driver_override=${ev.value === null ? '(null)' : JSON.stringify(ev.value)}`;
  return null;
}

export function timeline(r: RunResult, violations: readonly Violation[], o: TimelineOptions = {}): string[] {
  const width = Math.max(GUTTER + 9, o.width ?? 100);
  const paint = (code: string, s: string): string => (o.colour ? `\x1b[${code}m${s}\x1b[0m` : s);
  const n = Math.max(1, r.threads.length);
  const col = Math.max(8, Math.floor((width - GUTTER) / n) - 1);
  const marked = new Map<number, string[]>();
  for (const v of violations) if (v.step !== null) marked.set(v.step, [...(marked.get(v.step) ?? []), v.property]);
  // One row of cells, each wrapped in its column; `first` is the gutter of the row's first line.
  const row = (cells: readonly string[], first: string, code?: string): string[] => {
    const wrapped = cells.map((c) => (c ? hanging(c, col, 2) : ['']));
    const height = Math.max(...wrapped.map((w) => w.length));
    return Array.from({ length: height }, (_, i) => {
      const text = wrapped.map((w) => (w[i] ?? '').padEnd(col)).join(' ');
      const styled = code ? wrapped.map((w) => paint(code, (w[i] ?? '').padEnd(col))).join(' ') : text;
      return text.trim() ? `${i === 0 ? first : ' '.repeat(GUTTER - 2)}  ${styled}`.trimEnd() : '';
    }).filter((l) => l !== '');
  };
  const lines = row(r.threads, ' '.repeat(GUTTER - 2), o.colour ? '1' : undefined);
  for (const e of r.trace) {
    const mark = marked.get(e.seq);
    const prefix = mark ? paint('31;1', `!${String(e.seq).padStart(4)}`) : ` ${String(e.seq).padStart(4)}`;
    const step = row(
      r.threads.map((_, i) => (i === e.tid ? `${e.fn} ${e.obj}` : '')),
      prefix,
    );
    if (mark) {
      // The mark after the step's first line when it fits there, else on a line of its own under the step.
      const note = `<- ${mark.join(', ')}`;
      const plainEnd = GUTTER + e.tid * (col + 1) + hanging(`${e.fn} ${e.obj}`, col, 2)[0].length;
      if (plainEnd + 1 + note.length <= width) step[0] = `${step[0]} ${paint('31;1', note)}`;
      else step.push(...placed(note, GUTTER + e.tid * (col + 1), width).map((l) => paint('31;1', l)));
    }
    lines.push(...step);
    for (const ev of e.events) {
      const text = eventText(r, ev);
      // Under the thread's column, shifted left rather than cut when the column is too far right.
      if (text !== null) lines.push(...placed(text, GUTTER + e.tid * (col + 1), width));
    }
  }
  for (const v of violations.filter((x) => x.step === null))
    lines.push(...hanging(`  end: ${v.property}: ${v.message}`, width, GUTTER).map((l) => paint('31;1', l)));
  return lines;
}
