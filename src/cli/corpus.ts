// The findings corpus on disk: atomic writes (temp file + rename), reading entries back, clear errors.
import { readdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { entryFileName, FINDING_FORMAT, type CorpusEntry } from '../campaign/finding.js';
import { UserError } from '../util/errors.js';
import { makeDirs } from './paths.js';
import { readText } from './io.js';

/** Where the entry is (or would be) in the corpus directory. */
export const entryPath = (dir: string, e: CorpusEntry): string => join(dir, entryFileName(e));

/** The corpus already holds a finding with the entry's name (property, profile, fingerprint). */
export const hasEntry = (dir: string, e: CorpusEntry): boolean => existsSync(entryPath(dir, e));

/** Where a finding is in the corpus: written by this run (new), there before (known), or nowhere (not saved). */
export interface Place {
  readonly entry: string | null;
  readonly isNew: boolean;
}

/**
 * Saves the entry (unless `save` is false) and says where it is; `written` collects the files this run wrote, so
 * a second finding with the same file name in one run is new too, not "known".
 */
export function placeEntry(dir: string, save: boolean, e: CorpusEntry, written: Set<string>): Place {
  const path = entryPath(dir, e);
  if (written.has(path)) return { entry: path, isNew: true };
  if (!save) return hasEntry(dir, e) ? { entry: path, isNew: false } : { entry: null, isNew: true };
  const isNew = saveEntry(dir, e);
  if (isNew) written.add(path);
  return { entry: path, isNew };
}

/** Writes the entry unless one with its name (property, profile, fingerprint) exists; true when written. */
export function saveEntry(dir: string, e: CorpusEntry): boolean {
  const path = entryPath(dir, e);
  if (existsSync(path)) return false;
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    makeDirs(dir);
    writeFileSync(tmp, JSON.stringify(e, null, 2) + '\n');
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UserError(
      dir,
      '',
      `cannot write a finding: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return true;
}

export function readEntry(path: string): CorpusEntry {
  const text = readText(path, 'a finding file');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(path, '', 'not valid JSON');
  }
  const e = data as Partial<CorpusEntry> | null;
  if (e === null || typeof e !== 'object' || e.hotplugFuzzFinding !== FINDING_FORMAT)
    throw new UserError(path, 'hotplugFuzzFinding', `not a hotplug-fuzz finding (format ${FINDING_FORMAT})`);
  for (const f of ['property', 'profile', 'policy', 'token', 'fingerprint', 'message'] as const) {
    if (typeof e[f] !== 'string') throw new UserError(path, f, 'must be a string');
  }
  if (e.scenario === undefined) throw new UserError(path, 'scenario', 'is required (entries embed their scenario)');
  return e as CorpusEntry;
}

/** The *.json entries of a corpus directory, sorted; [] when it does not exist yet. */
export function entryFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => join(dir, n));
  } catch {
    throw new UserError(dir, '', 'cannot read the corpus directory');
  }
}
