// The text matrix: within 120 columns, every hazard number still there, full heads when they fit.
import { describe, expect, it } from 'vitest';
import { abbreviations, cellNames, formatMatrix, matrixColumns, type MatrixCell } from '../../src/campaign/matrix.js';

const PROFILES = ['3.15', '5.14', 'rfc-09of11', 'rfc-09of11-on-5.10', '6.1'];

/** A dense matrix like the shipped corpus's: most cells list many hazards. */
function dense(): MatrixCell[] {
  const cells: MatrixCell[] = [];
  const scenarios = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, '13a', '13b', 14, 15, 16, 17, 18].map(
    (n) => `h${String(n).padStart(2, '0')}-scenario`,
  );
  matrixColumns(true).forEach((property, j) =>
    PROFILES.forEach((profile, i) =>
      scenarios.forEach((scenario, k) => {
        if ((k * 7 + i * 3 + j) % (j % 3 === 0 ? 2 : 9) === 0) cells.push({ scenario, profile, property });
      }),
    ),
  );
  return cells;
}

/** Reads the table back: the names in each (profile, column) cell, continuation lines joined. */
function parse(text: string, columns: number): Map<string, string[][]> {
  const lines = text.split('\n');
  const head = lines[0];
  const starts = [...head.matchAll(/\S+/g)].map((m) => m.index);
  const rows = new Map<string, string[][]>();
  let current: string[][] | null = null;
  for (const l of lines.slice(1)) {
    if (l.includes(' = ')) break; // the legend
    const first = l.slice(0, starts[0]).trim();
    if (first) rows.set(first, (current = Array.from({ length: columns }, () => [])));
    starts.forEach((s, j) => {
      const piece = l.slice(s, starts[j + 1] ?? undefined).trim();
      if (piece) current![j].push(piece);
    });
  }
  return rows;
}

describe('formatMatrix', () => {
  it('fits 120 columns with abbreviated heads and a legend, and keeps every hazard number', () => {
    const cells = dense();
    const columns = matrixColumns(true);
    const na = new Set(['5.14\0no-regression']);
    const text = formatMatrix(cells, PROFILES, columns, na);
    for (const l of text.split('\n')) expect(l.length, l).toBeLessThanOrEqual(120);
    expect(text).toContain('ov-table = override-in-table');
    const rows = parse(text, columns.length);
    expect([...rows.keys()]).toEqual(PROFILES);
    for (const p of PROFILES)
      columns.forEach((c, j) =>
        expect(rows.get(p)![j].join(''), `${p} ${c}`).toBe(cellNames(cells, p, c, na).join(',')),
      );
  });

  it('keeps the full property names on one line per row when they fit', () => {
    const cells: MatrixCell[] = [{ scenario: 'h11-x', profile: '6.1', property: 'override-in-table' }];
    const text = formatMatrix(cells, ['6.1'], ['intent', 'deterministic', 'override-in-table']);
    expect(text.split('\n')).toEqual([
      '     intent  deterministic  override-in-table',
      '6.1  -       -              11',
    ]);
  });

  it('wraps to a narrower width when asked', () => {
    const text = formatMatrix(dense(), PROFILES, matrixColumns(true), new Set(), { width: 100 });
    for (const l of text.split('\n')) expect(l.length, l).toBeLessThanOrEqual(100);
  });

  it("abbreviates a user property's long name by its words' initials, never twice the same", () => {
    expect(abbreviations(['intent', 'no-stub-without-intent', 'no-stub-without-iommu', 'mine'])).toEqual([
      'intent',
      'nswi',
      'nswi2',
      'mine',
    ]);
  });
});
