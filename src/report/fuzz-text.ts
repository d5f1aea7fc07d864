// The fuzz command's text report: every finding with the corpus file that holds it, then the totals and
// the new files by name, and last of all whether it was interrupted, so nothing scrolls that away.

export interface FuzzFindingLine {
  readonly profile: string;
  readonly property: string;
  /** The scenario file, or "(generated)". */
  readonly scenario: string;
  readonly message: string;
  /** Extra lines under the heading (a generated scenario's actors). */
  readonly detail?: readonly string[];
  readonly atRun: number;
  readonly replay: string;
  /** The corpus file holding it (written now or before); null when not saved and not in the corpus. */
  readonly entry: string | null;
  /** Not in the corpus before this run. */
  readonly isNew: boolean;
}

export interface FuzzSummary {
  /** "4000 executions" or "1500 generated cases". */
  readonly done: string;
  readonly findings: readonly FuzzFindingLine[];
  readonly corpus: string;
  /** false with --no-save. */
  readonly saved: boolean;
  readonly interrupted: boolean;
}

function where(f: FuzzFindingLine): string {
  if (f.entry === null) return 'not saved (--no-save)';
  return f.isNew ? `new: ${f.entry}` : `already known: ${f.entry}`;
}

export function formatFuzzSummary(r: FuzzSummary): string {
  const lines: string[] = [];
  for (const f of r.findings)
    lines.push(
      `${f.property} on ${f.profile}, ${f.scenario}: ${f.message}`,
      ...(f.detail ?? []).map((d) => `  ${d}`),
      `  found after ${f.atRun} runs; ${where(f)}`,
      `  replay: ${f.replay}`,
    );
  if (lines.length) lines.push('');
  const news = r.findings.filter((f) => f.isNew);
  const known = r.findings.length - news.length;
  const dir = r.corpus.endsWith('/') ? r.corpus : `${r.corpus}/`;
  const head = `${r.done}, ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}`;
  if (r.findings.length === 0) lines.push(head);
  else if (!r.saved)
    lines.push(`${head}, none saved (--no-save): ${news.length} not in ${dir}, ${known} already known there`);
  else if (news.length === 0) lines.push(`${head}, all already known in ${dir}`);
  else {
    lines.push(`${head}: ${news.length} new in ${dir}:`, ...news.map((f) => `  ${f.entry}`));
    if (known) lines.push(`${known} already known there`);
  }
  if (r.interrupted)
    lines.push(`interrupted: stopped early${r.saved ? `; the findings so far are saved in ${dir}` : ''}`);
  return lines.join('\n');
}
