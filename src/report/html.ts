// The HTML report: one self-contained file (no network, no external assets). Per run: lanes per thread
// with every step's kernel function and object, the bindings of every device over time, the violating
// step highlighted, the replay token with a copy button. Optionally the profile x property matrix, whose
// cells link to the runs that show them.
import type { RunResult } from '../exec/run.js';
import type { Violation } from '../../properties/types.js';

export interface HtmlRun {
  readonly title: string;
  readonly profile: string;
  readonly token: string;
  readonly replay: string;
  readonly result: RunResult;
  readonly violations: readonly Violation[];
}

export interface HtmlMatrix {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** row -> column -> the indexes of the runs (in `runs`) that show it. */
  readonly cells: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top;font-size:12px}
th{background:#f3f3f3;position:sticky;top:0}
td.step{color:#888;text-align:right}td.lane{font-family:ui-monospace,monospace;min-width:14em}
td.bind{font-family:ui-monospace,monospace;color:#555}td.changed{background:#e8f4ff;color:#000}
tr.violation td{background:#ffe3e3}tr.violation td.step{color:#b00;font-weight:bold}
.viol{color:#b00}.token{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
.matrix td{text-align:center}.matrix a{margin:0 2px}
button{font-size:12px;margin-left:.5em}
`;

const SCRIPT = `
document.querySelectorAll('button.copy').forEach(function (b) {
  b.addEventListener('click', function () {
    var t = b.getAttribute('data-token');
    if (navigator.clipboard) navigator.clipboard.writeText(t).then(function () { b.textContent = 'copied'; }, function () { b.textContent = 'select and copy'; });
  });
});
`;

function runSection(run: HtmlRun, index: number): string {
  const r = run.result;
  const w = r.initial;
  const devices = w.devSpecs.map((d) => d.bdf);
  const bound = w.devices.map((d) => (d.present ? (d.driver < 0 ? '-' : w.drvSpecs[d.driver].name) : 'absent'));
  const marked = new Map<number, string[]>();
  for (const v of run.violations) if (v.step !== null) marked.set(v.step, [...(marked.get(v.step) ?? []), v.property]);
  const rows = r.trace.map((e) => {
    const changed = new Set<number>();
    for (const ev of e.events) {
      if (ev.kind === 'bound') ((bound[ev.dev] = w.drvSpecs[ev.drv].name), changed.add(ev.dev));
      else if (ev.kind === 'unbound') ((bound[ev.dev] = '-'), changed.add(ev.dev));
      else if (ev.kind === 'uevent' && ev.action === 'add') ((bound[ev.dev] = '-'), changed.add(ev.dev));
      else if (ev.kind === 'uevent' && ev.action === 'remove') ((bound[ev.dev] = 'absent'), changed.add(ev.dev));
    }
    const mark = marked.get(e.seq);
    const lanes = r.threads
      .map(
        (_, t) =>
          `<td class="lane">${t === e.tid ? `${esc(e.fn)} <span>${esc(e.obj)}</span>${e.notes.length ? `<br><small>${esc(e.notes.join('; '))}</small>` : ''}` : ''}</td>`,
      )
      .join('');
    const binds = devices
      .map((_, d) => `<td class="bind${changed.has(d) ? ' changed' : ''}">${esc(bound[d])}</td>`)
      .join('');
    return `<tr class="${mark ? 'violation' : ''}" id="run${index}-step${e.seq}"${mark ? ` title="${esc(mark.join(', '))}"` : ''}><td class="step">${e.seq}</td>${lanes}${binds}</tr>`;
  });
  const violations = run.violations
    .map(
      (v) =>
        `<li class="viol"><b>${esc(v.property)}</b>${v.step !== null ? ` (step <a href="#run${index}-step${v.step}">${v.step}</a>)` : ''}: ${esc(v.message)}</li>`,
    )
    .join('');
  return [
    `<section id="run${index}"><h2>${esc(run.title)} <small>on ${esc(run.profile)}</small></h2>`,
    `<p>token <span class="token">${esc(run.token)}</span><button class="copy" data-token="${esc(run.token)}">copy</button><br><small>${esc(run.replay)}</small></p>`,
    violations ? `<ul>${violations}</ul>` : '<p>no violation</p>',
    `<table class="timeline"><thead><tr><th>step</th>${r.threads.map((t) => `<th class="lane-head">${esc(t)}</th>`).join('')}${devices.map((d) => `<th>${esc(d)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody></table></section>`,
  ].join('\n');
}

function matrixSection(m: HtmlMatrix): string {
  const head = `<tr><th></th>${m.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  const body = m.rows.map(
    (row) =>
      `<tr><th>${esc(row)}</th>${m.columns
        .map((c) => {
          const runs = m.cells.get(row)?.get(c) ?? [];
          return `<td>${runs.length ? runs.map((i) => `<a href="#run${i}">${i + 1}</a>`).join('') : '-'}</td>`;
        })
        .join('')}</tr>`,
  );
  return `<h2>profile × property</h2><table class="matrix">${head}${body.join('')}</table><p><small>A number links to the run that shows the violation.</small></p>`;
}

export function htmlReport(title: string, runs: readonly HtmlRun[], matrix?: HtmlMatrix): string {
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
    matrix ? matrixSection(matrix) : '',
    ...runs.map(runSection),
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
