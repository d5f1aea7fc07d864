// The text matrix: within 120 columns, every hazard number still there, full heads when they fit.
import { describe, expect, it } from 'vitest';
import {
  abbreviations,
  cellNames,
  compactRanges,
  formatMatrix,
  matrixColumns,
  type MatrixCell,
} from '../../src/campaign/matrix.js';

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
    if (first.startsWith('= '))
      rows.set(first.slice(2), current!); // the same cells as the profile above
    else if (first) rows.set(first, (current = Array.from({ length: columns }, () => [])));
    starts.forEach((s, j) => {
      const piece = l.slice(s, starts[j + 1] ?? undefined).trim();
      if (piece) current![j].push(piece);
    });
  }
  return rows;
}

/** "3,5-7,10" -> "3,5,6,7,10". */
const expand = (cell: string): string =>
  cell.replace(/(\d+)-(\d+)/g, (_, a: string, b: string) =>
    Array.from({ length: Number(b) - Number(a) + 1 }, (_x, i) => Number(a) + i).join(','),
  );

describe('compactRanges', () => {
  it('writes three or more consecutive hazard numbers as a range, and nothing else', () => {
    expect(compactRanges(['3', '5', '6', '7', '10'])).toEqual(['3', '5-7', '10']);
    expect(compactRanges(['1', '2', '4', '5'])).toEqual(['1', '2', '4', '5']);
    expect(compactRanges(['11', '12', '13a', '13b', '14', '15', '16'])).toEqual(['11', '12', '13a', '13b', '14-16']);
    expect(compactRanges(['8', '9', '10', '11'])).toEqual(['8-11']);
    expect(compactRanges(['-'])).toEqual(['-']);
    expect(compactRanges(['n/a'])).toEqual(['n/a']);
    expect(compactRanges(['7', '6', '5'])).toEqual(['7', '6', '5']);
  });
});

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
        expect(expand(rows.get(p)![j].join('')), `${p} ${c}`).toBe(cellNames(cells, p, c, na).join(',')),
      );
  });

  it('stacks consecutive profiles with the same cells in one row, and only those', () => {
    const cells: MatrixCell[] = [
      { scenario: 'h05-x', profile: '5.10', property: 'intent' },
      { scenario: 'h05-x', profile: '5.11', property: 'intent' },
      { scenario: 'h06-x', profile: '5.14', property: 'intent' },
      { scenario: 'h05-x', profile: '6.1', property: 'intent' },
    ];
    expect(formatMatrix(cells, ['5.10', '5.11', '5.14', '6.1'], ['intent', 'deterministic']).split('\n')).toEqual([
      '        intent  deterministic',
      '5.10    5       -',
      '= 5.11',
      '5.14    6       -',
      '6.1     5       -',
      '= P: profile P has the same cells as the one above it',
    ]);
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
