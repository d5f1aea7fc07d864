// The campaign's text report: the matrix, then what is new since the corpus was last written, one replay
// command each; --verbose lists every finding. Whatever stopped the campaign early is the last line, so it
// cannot scroll away.
import { formatMatrix, type MatrixCell } from '../campaign/matrix.js';

export interface CampaignFindingLine extends MatrixCell {
  /** The scenario file. */
  readonly file: string;
  readonly message: string;
  /** The command that shows this finding's property (suggestedCommand). */
  readonly replay: string;
  /** The corpus file holding it (written now or before); null when not saved and not in the corpus. */
  readonly entry: string | null;
  /** Not in the corpus before this run. */
  readonly isNew: boolean;
}

export interface CampaignSummary {
  readonly scenarios: number;
  readonly profiles: readonly string[];
  readonly columns: readonly string[];
  /** "profile\0property" cells that do not apply (no-regression of the baseline). */
  readonly na: ReadonlySet<string>;
  readonly executions: number;
  readonly findings: readonly CampaignFindingLine[];
  /** The corpus directory; `saved` false with --no-save (then "new" means: not in it). */
  readonly corpus: string;
  readonly saved: boolean;
  readonly incomplete: number;
  readonly maxExecutions: number;
  /** scenario x profile pairs not run, and why. */
  readonly skipped: number;
  readonly stop: { readonly reason: 'interrupted' } | { readonly reason: 'time'; readonly seconds: number } | null;
}

export interface CampaignTextOptions {
  /** Every finding, as well as the new ones. */
  readonly verbose?: boolean;
  /** At most this many new findings are listed (default 6); --verbose lists all. */
  readonly limit?: number;
  readonly width?: number;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** New findings to list: one per scenario first, then one per (scenario, property), then repeats on other profiles. */
function pick(news: readonly CampaignFindingLine[], limit: number): CampaignFindingLine[] {
  const rank = new Map<CampaignFindingLine, number>();
  const seen = new Set<string>();
  for (const f of news) {
    const k = `${f.scenario}\0${f.property}`;
    rank.set(f, !seen.has(f.scenario) ? 0 : !seen.has(k) ? 1 : 2);
    seen.add(f.scenario).add(k);
  }
  return [0, 1, 2].flatMap((r) => news.filter((f) => rank.get(f) === r)).slice(0, limit);
}

function findingLines(f: CampaignFindingLine, status: boolean): string[] {
  const tag = status ? (f.isNew ? ' (new)' : ' (known)') : '';
  return [`${f.property} on ${f.profile}, ${f.scenario}${tag}: ${f.message}`, `  replay: ${f.replay}`];
}

/** "370 findings: 3 new, saved in corpus/findings/; 367 already known there (saved by an earlier run)". */
function countLine(r: CampaignSummary, news: number): string {
  const known = r.findings.length - news;
  const dir = r.corpus.endsWith('/') ? r.corpus : `${r.corpus}/`;
  if (r.findings.length === 0) return 'no findings';
  const head = plural(r.findings.length, 'finding');
  const before = 'already known there (saved by an earlier run)';
  if (!r.saved) return `${head}, none saved (--no-save): ${news} not in ${dir}, ${known} ${before}`;
  if (news === 0) return `${head}, all already known in ${dir} (saved by an earlier run)`;
  return `${head}: ${news} new, saved in ${dir}${known ? `; ${known} ${before}` : ''}`;
}

export function formatCampaignSummary(r: CampaignSummary, o: CampaignTextOptions = {}): string {
  const width = o.width ?? 120;
  const lines = [
    `hotplug-fuzz campaign: ${r.scenarios} scenarios x ${r.profiles.length} profiles, ` +
      `${r.executions} executions (exhaustive, source-DPOR)`,
    '',
    formatMatrix(r.findings, r.profiles, r.columns, r.na, { width }),
    '',
  ];
  const news = r.findings.filter((f) => f.isNew);
  if (o.verbose) for (const f of r.findings) lines.push(...findingLines(f, true));
  lines.push(countLine(r, news.length));
  if (!o.verbose && news.length) {
    const shown = pick(news, o.limit ?? 6);
    lines.push(`${r.saved ? 'new' : 'not in the corpus'}:`);
    for (const f of shown) lines.push(...findingLines(f, false).map((l) => `  ${l}`));
    if (news.length > shown.length)
      lines.push(`  … and ${news.length - shown.length} more (--verbose lists every finding)`);
  } else if (!o.verbose && r.findings.length)
    lines.push('(--verbose lists every finding; hotplug-fuzz corpus check replays the corpus)');
  if (r.incomplete)
    lines.push(
      `${plural(r.incomplete, 'exploration')} hit --max-executions ${r.maxExecutions}: their outcome sets are partial`,
    );
  if (r.stop !== null)
    lines.push(
      r.stop.reason === 'interrupted'
        ? `interrupted: ${plural(r.skipped, 'scenario x profile pair')} not run` +
            (r.saved ? `; the findings so far are saved in ${r.corpus}` : '')
        : `--time ${r.stop.seconds}s reached: ${plural(r.skipped, 'scenario x profile pair')} not run`,
    );
  return lines.join('\n');
}
