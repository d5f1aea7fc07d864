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
  /** The command that shows the finding's property (suggestedCommand). */
  readonly replay: string;
  readonly result: RunResult;
  readonly violations: readonly Violation[];
  /** A finding's own property and message: listed first, the execution's other violations after it. */
  readonly finding?: { readonly property: string; readonly message: string };
  /** `deterministic`: an execution ending in the other outcome, shown under the first with its own timeline. */
  readonly versus?: { readonly token: string; readonly replay: string; readonly result: RunResult };
}

/** The scenarios of one matrix cell: each by its short name, with the runs (indexes in `runs`) that show it. */
export type HtmlMatrixCell = readonly { readonly label: string; readonly runs: readonly number[] }[];

export interface HtmlMatrix {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** row -> column -> the scenarios that violate it. */
  readonly cells: ReadonlyMap<string, ReadonlyMap<string, HtmlMatrixCell>>;
  /** "row\0column" cells that do not apply (no-regression of the baseline). */
  readonly na?: ReadonlySet<string>;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top;font-size:12px}
th{background:#f3f3f3;position:sticky;top:0}
td.step{color:#888;text-align:right}td.lane{font-family:ui-monospace,monospace;min-width:14em}
td.bind{font-family:ui-monospace,monospace;color:#555}td.changed{background:#e8f4ff;color:#000}
tr.violation td{background:#ffe3e3}tr.violation td.step{color:#b00;font-weight:bold}
.viol{color:#b00}.also{color:#555}.token{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
.matrix td{text-align:left;font-family:ui-monospace,monospace;min-width:3em}
.matrix th:first-child{white-space:nowrap}.matrix sup a{margin:0 1px}
button{font-size:12px;margin-left:.5em}
`;

const SCRIPT = `
document.querySelectorAll('button.copy').forEach(function (b) {
  b.addEventListener('click', function () {
    var t = b.getAttribute('data-token');
    if (navigator.clipboard)
      navigator.clipboard.writeText(t).then(
        function () { b.textContent = 'copied'; },
        function () { b.textContent = 'select and copy'; },
      );
  });
});
`;

/** A table in a box that scrolls sideways, so a wide one never widens the page. */
const scrolling = (table: string): string => `<div class="scroll">${table}</div>`;

const tokenLine = (token: string, replay: string): string =>
  `<p>token <span class="token">${esc(token)}</span>` +
  `<button class="copy" data-token="${esc(token)}">copy</button><br><small>${esc(replay)}</small></p>`;

/** One lane per thread, every step, the bindings of every device over time; `id` prefixes the step anchors. */
function timelineTable(r: RunResult, violations: readonly Violation[], id: string): string {
  const w = r.initial;
  const bound = w.devices.map((d) => (d.present ? (d.driver < 0 ? '-' : w.drvSpecs[d.driver].name) : 'absent'));
  const marked = new Map<number, string[]>();
  for (const v of violations) if (v.step !== null) marked.set(v.step, [...(marked.get(v.step) ?? []), v.property]);
  const rows = r.trace.map((e) => {
    const changed = new Set<number>();
    for (const ev of e.events) {
      if (ev.kind === 'bound') ((bound[ev.dev] = w.drvSpecs[ev.drv].name), changed.add(ev.dev));
      else if (ev.kind === 'unbound') ((bound[ev.dev] = '-'), changed.add(ev.dev));
      else if (ev.kind === 'uevent' && ev.action === 'add') ((bound[ev.dev] = '-'), changed.add(ev.dev));
      else if (ev.kind === 'uevent' && ev.action === 'remove') ((bound[ev.dev] = 'absent'), changed.add(ev.dev));
    }
    const mark = marked.get(e.seq);
    const notes = e.notes.length ? `<br><small>${esc(e.notes.join('; '))}</small>` : '';
    const lanes = r.threads
      .map((_, t) => `<td class="lane">${t === e.tid ? `${esc(e.fn)} <span>${esc(e.obj)}</span>${notes}` : ''}</td>`)
      .join('');
    const binds = bound.map((b, d) => `<td class="bind${changed.has(d) ? ' changed' : ''}">${esc(b)}</td>`).join('');
    const attrs = mark ? ` class="violation" title="${esc(mark.join(', '))}"` : ' class=""';
    return `<tr${attrs} id="${id}-step${e.seq}"><td class="step">${e.seq}</td>${lanes}${binds}</tr>`;
  });
  const heads = [
    '<th>step</th>',
    ...r.threads.map((t) => `<th class="lane-head">${esc(t)}</th>`),
    ...w.devSpecs.map((d) => `<th>${esc(d.bdf)}</th>`),
  ].join('');
  return scrolling(
    `<table class="timeline"><thead><tr>${heads}</tr></thead>\n<tbody>${rows.join('\n')}</tbody></table>`,
  );
}

/** The finding's own property first (with its message), then whatever else this execution violates. */
function violationList(run: HtmlRun, index: number): string {
  const item = (v: Violation, cls: string): string => {
    const at = v.step !== null ? ` (step <a href="#run${index}-step${v.step}">${v.step}</a>)` : '';
    return `<li class="${cls}"><b>${esc(v.property)}</b>${at}: ${esc(v.message)}</li>`;
  };
  const f = run.finding;
  if (f === undefined)
    return run.violations.length ? `<ul>${run.violations.map((v) => item(v, 'viol')).join('')}</ul>` : '';
  const own = run.violations.find((v) => v.property === f.property && v.message === f.message);
  const others = run.violations.filter((v) => v !== own);
  const main = item(own ?? { property: f.property, message: f.message, step: null }, 'viol');
  const also = others.length
    ? '<p class="also">Also violated in this execution:</p>' +
      `<ul class="also">${others.map((v) => item(v, 'also')).join('')}</ul>`
    : '';
  return `<ul>${main}</ul>${also}`;
}

const bindingsText = (r: RunResult): string =>
  Object.entries(r.bindings)
    .map(([bdf, drv]) => `${bdf} ${drv ?? 'unbound'}`)
    .join(', ');

function runSection(run: HtmlRun, index: number): string {
  const violations = violationList(run, index);
  return [
    `<section id="run${index}"><h2>${esc(run.title)} <small>on ${esc(run.profile)}</small></h2>`,
    tokenLine(run.token, run.replay),
    violations || '<p>no violation</p>',
    ...(run.versus ? [`<h3>outcome ${esc(bindingsText(run.result))}</h3>`] : []),
    timelineTable(run.result, run.violations, `run${index}`),
    ...(run.versus
      ? [
          `<h3>the other outcome: ${esc(bindingsText(run.versus.result))}</h3>`,
          tokenLine(run.versus.token, run.versus.replay),
          timelineTable(run.versus.result, [], `run${index}v`),
        ]
      : []),
    '</section>',
  ].join('\n');
}

/** A cell: each scenario's name links to its first run; further runs of it as small numbered links. */
function matrixCell(cell: HtmlMatrixCell | undefined, na: boolean): string {
  if (na) return '<td>n/a</td>';
  if (!cell || cell.length === 0) return '<td>-</td>';
  const names = cell.map(({ label, runs }) => {
    const more = runs.slice(1).map((i, k) => `<a href="#run${i}">${k + 2}</a>`);
    return `<a href="#run${runs[0]}">${esc(label)}</a>${more.length ? `<sup>${more.join('')}</sup>` : ''}`;
  });
  return `<td>${names.join(', ')}</td>`;
}

function matrixSection(m: HtmlMatrix): string {
  const head = `<tr><th></th>${m.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  const body = m.rows.map(
    (row) =>
      `<tr><th>${esc(row)}</th>${m.columns
        .map((c) => matrixCell(m.cells.get(row)?.get(c), m.na?.has(`${row}\0${c}`) === true))
        .join('')}</tr>`,
  );
  return [
    `<h2>profile × property</h2>${scrolling(`<table class="matrix">${head}${body.join('')}</table>`)}`,
    '<p><small>Each cell names the scenarios (hazard numbers for hNN-… files) that violate the property;',
    'a name links to the run that shows it, a small number to its further runs.</small></p>',
  ].join('\n');
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
