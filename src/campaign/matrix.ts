// The profile x property matrix over scenarios: which hazards each policy exhibits.
import { PROPERTIES } from '../../properties/index.js';

export interface MatrixCell {
  readonly scenario: string;
  readonly profile: string;
  readonly property: string;
}

/** Matrix columns: every property; no-regression only when a baseline is given. */
export function matrixColumns(withRegression: boolean): string[] {
  return PROPERTIES.map((p) => p.name).filter((n) => withRegression || n !== 'no-regression');
}

/** "h13a-rfc-…" -> "13a": hazard scenarios by number, others by name. */
export function shortName(scenario: string): string {
  const m = /^h0*(\d+[a-z]?)-/.exec(scenario);
  return m ? m[1] : scenario;
}

/** The violating scenarios of one cell by short name, in first-seen order; "n/a" or "-" (none). */
export function cellNames(
  cells: readonly MatrixCell[],
  profile: string,
  property: string,
  na: ReadonlySet<string> = new Set(),
): string[] {
  if (na.has(`${profile}\0${property}`)) return ['n/a'];
  const names = [
    ...new Set(cells.filter((c) => c.profile === profile && c.property === property).map((c) => shortName(c.scenario))),
  ];
  return names.length ? names : ['-'];
}

/** "3,5,6,7,10" -> "3,5-7,10": runs of three or more consecutive hazard numbers as a range (text tables only). */
export function compactRanges(names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < names.length;) {
    let j = i;
    while (j + 1 < names.length && /^\d+$/.test(names[j]) && names[j + 1] === String(Number(names[j]) + 1)) j++;
    out.push(j - i >= 2 ? `${names[i]}-${names[j]}` : names[i]);
    if (j - i < 2) j = i;
    i = j + 1;
  }
  return out;
}

/** row -> column -> the cell's scenarios by short name, each with the indexes (in `cells`) of its findings. */
export function matrixLinks(
  cells: readonly MatrixCell[],
): Map<string, Map<string, { readonly label: string; readonly runs: number[] }[]>> {
  const rows = new Map<string, Map<string, { label: string; runs: number[] }[]>>();
  cells.forEach((c, i) => {
    const row = rows.get(c.profile) ?? new Map<string, { label: string; runs: number[] }[]>();
    const cell = row.get(c.property) ?? [];
    const label = shortName(c.scenario);
    const entry = cell.find((x) => x.label === label);
    if (entry) entry.runs.push(i);
    else cell.push({ label, runs: [i] });
    row.set(c.property, cell);
    rows.set(c.profile, row);
  });
  return rows;
}

// Column heads when the full names do not fit: the legend under the table spells them out.
const SHORT_HEADS: Readonly<Record<string, string>> = {
  'no-collateral': 'collat',
  deterministic: 'determ',
  'override-exclusive': 'ov-ex',
  'error-visible': 'err-vis',
  'no-deadlock': 'deadlk',
  'override-in-table': 'ov-table',
  'match-sound': 'match',
  'kernel-bug': 'bug',
  'no-regression': 'regress',
};

/** Built-in heads from the table; a user property of more than 8 characters by its words' initials. */
export function abbreviations(columns: readonly string[]): string[] {
  const used = new Set<string>();
  return columns.map((c) => {
    let a = SHORT_HEADS[c] ?? c;
    if (a.length > 8) {
      const initials = a
        .split(/[-_.]+/)
        .map((w) => w[0] ?? '')
        .join('');
      a = initials.length >= 2 ? initials : a.slice(0, 7);
    }
    let unique = a;
    for (let i = 2; used.has(unique); i++) unique = `${a}${i}`;
    used.add(unique);
    return unique;
  });
}

export interface MatrixTextOptions {
  /** The width the table should fit (default 120); cells wrap after a comma to get there. */
  readonly width?: number;
}

const SEP = '  ';

/** Greedy packing of names into lines of at most `width` characters; every name but the last is followed by `sep`. */
function wrapNames(names: readonly string[], width: number, sep = ','): string[] {
  const lines: string[] = [];
  let line = '';
  names.forEach((n, i) => {
    const piece = i < names.length - 1 ? `${n}${sep}` : n;
    if (line && line.trimEnd().length + piece.trimEnd().length > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += piece;
  });
  return [...lines, line];
}

/** As few lines as at `width`, but as even as they can be ("3,5,6,7," "10,16,18", not "3,5,6,7,10,16," "18"). */
function wrapBalanced(names: readonly string[], width: number): string[] {
  const height = wrapNames(names, width).length;
  let w = width;
  while (w > 1 && wrapNames(names, w - 1).length === height) w--;
  return wrapNames(names, w);
}

/** The narrowest width (from `floor`) at which every cell of a column wraps into at most `height` lines. */
function widthFor(column: readonly (readonly string[])[], floor: number, height: number): number {
  const natural = Math.max(floor, ...column.map((names) => names.join(',').length));
  let w = floor;
  while (w < natural && column.some((names) => wrapNames(names, w).length > height)) w++;
  return w;
}

/**
 * A text table: one row per profile, one column per property, the violating scenarios in each cell ("-" = none,
 * "5-7" = 5, 6 and 7).
 * Within `width` (default 120) when it can be: full property names when every row fits on one line; else
 * abbreviated heads with a legend under the table, and cells wrapped after a comma into the fewest lines
 * a row needs to fit.
 */
export function formatMatrix(
  cells: readonly MatrixCell[],
  profiles: readonly string[],
  columns: readonly string[],
  na: ReadonlySet<string> = new Set(),
  o: MatrixTextOptions = {},
): string {
  const width = o.width ?? 120;
  const body = stackSameRows(
    profiles.map((p) => [[p], ...columns.map((c) => compactRanges(cellNames(cells, p, c, na)))]),
  );
  const stacked = body.some((row) => row[0].length > 1)
    ? ['= P: profile P has the same cells as the one above it']
    : [];
  const column = (j: number): string[][] => body.map((row) => row[j]);
  const span = (w: readonly number[]): number => w.reduce((a, b) => a + b, 0) + SEP.length * (w.length - 1);
  // No column narrower than its head or its longest name (with its comma); profile names one per line.
  const floor = (heads: readonly string[]): number[] =>
    heads.map((h, j) =>
      Math.max(
        h.length,
        ...column(j).flatMap((names) => names.map((n, i) => n.length + (j > 0 && i < names.length - 1 ? 1 : 0))),
      ),
    );
  const full = ['', ...columns];
  const oneLine = floor(full).map((f, j) => (j === 0 ? f : widthFor(column(j), f, 1)));
  if (span(oneLine) <= width) return [...render(full, body, oneLine), ...stacked].join('\n');
  const short = ['', ...abbreviations(columns)];
  const floors = floor(short);
  const tallest = Math.max(...body.flatMap((row) => row.map((names) => names.length)));
  let widths = floors.map((f, j) => (j === 0 ? oneLine[0] : widthFor(column(j), f, tallest)));
  for (let height = 1; height <= tallest; height++) {
    const w = floors.map((f, j) => (j === 0 ? oneLine[0] : widthFor(column(j), f, height)));
    if (span(w) <= width) {
      widths = w;
      break;
    }
  }
  widths = shortest(body, [oneLine[0], ...floors.slice(1)], width - SEP.length * (short.length - 1), widths);
  const legend = columns.map((c, j) => `${short[j + 1]} = ${c}`).filter((_, j) => short[j + 1] !== columns[j]);
  return [...render(short, body, widths), ...wrapNames(legend, width, ';  '), ...stacked].join('\n');
}

/** Consecutive profiles whose every cell is the same share one row: "= 5.11" under "5.10" in its first column. */
function stackSameRows(rows: readonly string[][][]): string[][][] {
  const body: string[][][] = [];
  for (const row of rows) {
    const last = body.at(-1);
    if (last && JSON.stringify(last.slice(1)) === JSON.stringify(row.slice(1)))
      last[0] = [...last[0], `= ${row[0][0]}`];
    else body.push(row.map((names) => [...names]));
  }
  return body;
}

/** The table's height in lines (each row as tall as its tallest cell), then the lines of all cells: fewer is better. */
function tableHeight(body: readonly string[][][], widths: readonly number[]): number {
  let rows = 0;
  let cells = 0;
  for (const row of body) {
    const lines = row.slice(1).map((n, j) => wrapNames(n, widths[j + 1]).length);
    rows += Math.max(row[0].length, ...lines);
    cells += lines.reduce((a, b) => a + b, 0);
  }
  return rows * 10_000 + cells;
}

/** The widths (from `floor`) at which a column's cells take fewer lines than one character narrower. */
function breakpoints(column: readonly (readonly string[])[], floor: number): number[] {
  const natural = Math.max(floor, ...column.map((names) => names.join(',').length));
  const shape = (w: number): string => column.map((names) => wrapNames(names, w).length).join();
  const points = [floor];
  for (let w = floor + 1; w <= natural; w++) if (shape(w) !== shape(w - 1)) points.push(w);
  return points;
}

/**
 * The column widths (each at least its floor, all within `budget`) that make the table shortest, then its cells:
 * every combination of each column's breakpoints, while there are few enough; else each column at `fallback`.
 */
function shortest(
  body: readonly string[][][],
  floors: readonly number[],
  budget: number,
  fallback: number[],
): number[] {
  const choices = floors.map((f, j) =>
    j === 0
      ? [f]
      : breakpoints(
          body.map((row) => row[j]),
          f,
        ),
  );
  if (choices.reduce((n, c) => n * c.length, 1) > 50_000) return fallback;
  // lines[j][k][r]: the lines of row r's cell in column j at the column's k-th breakpoint.
  const lines = choices.map((ws, j) =>
    ws.map((w) => body.map((row) => (j === 0 ? row[0].length : wrapNames(row[j], w).length))),
  );
  let best = { widths: fallback, height: tableHeight(body, fallback) };
  const pick = (j: number, chosen: number[], used: number, rows: readonly number[], cells: number): void => {
    if (j === choices.length) {
      const height = rows.reduce((a, b) => a + b, 0) * 10_000 + cells;
      if (height < best.height) best = { widths: [...chosen], height };
      return;
    }
    choices[j].forEach((w, k) => {
      if (used + w > budget) return;
      const here = lines[j][k];
      chosen.push(w);
      const counted = j === 0 ? 0 : here.reduce((a, b) => a + b, 0);
      pick(
        j + 1,
        chosen,
        used + w,
        rows.map((h, r) => Math.max(h, here[r])),
        cells + counted,
      );
      chosen.pop();
    });
  };
  pick(
    0,
    [],
    0,
    body.map(() => 1),
    0,
  );
  return best.widths;
}

function render(heads: readonly string[], body: readonly string[][][], widths: readonly number[]): string[] {
  const line = (row: readonly string[]): string =>
    row
      .map((c, j) => c.padEnd(widths[j]))
      .join(SEP)
      .trimEnd();
  const lines = [line(heads)];
  for (const row of body) {
    const wrapped = row.map((names, j) => (j === 0 ? names : wrapBalanced(names, widths[j])));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let i = 0; i < height; i++) lines.push(line(wrapped.map((w) => w[i] ?? '')));
  }
  return lines;
}
