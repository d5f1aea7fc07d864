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

/** A text table: one row per profile, one column per property, the violating scenarios in each cell ("-" = none). */
export function formatMatrix(
  cells: readonly MatrixCell[],
  profiles: readonly string[],
  columns: readonly string[],
  na: ReadonlySet<string> = new Set(),
): string {
  const text = (p: string, prop: string): string => {
    if (na.has(`${p}\0${prop}`)) return 'n/a';
    const names = [
      ...new Set(cells.filter((c) => c.profile === p && c.property === prop).map((c) => shortName(c.scenario))),
    ];
    return names.length ? names.join(',') : '-';
  };
  const grid = [['', ...columns], ...profiles.map((p) => [p, ...columns.map((c) => text(p, c))])];
  const widths = grid[0].map((_, j) => Math.max(...grid.map((row) => row[j].length)));
  return grid
    .map((row) =>
      row
        .map((c, j) => c.padEnd(widths[j]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
