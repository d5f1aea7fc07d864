// Two kernels' runs of one trace side by side, with the model's results under each kernel's profile: one row per
// unit and per device's final binding; `*` marks where the kernels differ, `!` a model result its kernel did not give.
import type { Side } from './entry.js';
import type { KernelRun } from './kernel-diff.js';

export interface PairView {
  readonly baseline: KernelRun;
  readonly candidate: KernelRun;
  /** The model's FIFO run under the baseline's profile and under the candidate's. */
  readonly models: readonly [Side, Side];
}

const show = (v: string | null | undefined): string => (v === undefined ? 'absent' : v === null ? 'unbound' : v);

/** Rows of [mark, what, baseline, candidate, model under baseline, model under candidate]. */
function rows(v: PairView): string[][] {
  const { baseline: a, candidate: b, models } = v;
  const [ma, mb] = models;
  const cell = (m: string | undefined, k: string | undefined): string => `${m ?? '-'}${m !== k ? ' !' : ''}`;
  const out: string[][] = [];
  const n = Math.max(a.ops.length, b.ops.length, ma.ops.length, mb.ops.length);
  for (let i = 0; i < n; i++) {
    const la = a.labels[i] ?? ma.labels?.[i];
    const lb = b.labels[i] ?? mb.labels?.[i];
    const what = la === lb ? `${i + 1} ${la ?? '-'}` : `${i + 1} ${la ?? '-'} | ${lb ?? '-'}`;
    const differ = la !== lb || a.ops[i] !== b.ops[i];
    out.push([
      differ ? '*' : ' ',
      what,
      a.ops[i] ?? '-',
      b.ops[i] ?? '-',
      cell(ma.ops[i], a.ops[i]),
      cell(mb.ops[i], b.ops[i]),
    ]);
  }
  const bdfs = [...new Set([...Object.keys(a.bindings), ...Object.keys(b.bindings)])].sort();
  for (const bdf of bdfs) {
    const [ka, kb] = [show(a.bindings[bdf]), show(b.bindings[bdf])];
    const [xa, xb] = [show(ma.bindings[bdf]), show(mb.bindings[bdf])];
    out.push([
      ka !== kb ? '*' : ' ',
      `${bdf} bound to`,
      ka,
      kb,
      `${xa}${xa !== ka ? ' !' : ''}`,
      `${xb}${xb !== kb ? ' !' : ''}`,
    ]);
  }
  return out;
}

/** The side-by-side table as text, columns padded. */
export function sideBySide(v: PairView): string {
  const head = [
    ' ',
    'unit',
    v.baseline.release,
    v.candidate.release,
    `model ${v.baseline.profile}`,
    `model ${v.candidate.profile}`,
  ];
  const all = [head, ...rows(v)];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  return all
    .map((r) =>
      r
        .map((x, c) => x.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
