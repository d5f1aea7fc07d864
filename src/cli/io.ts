// The CLI's contact with files and streams.
import { findDriver } from '../model/catalogue/index.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { UserError } from '../util/errors.js';

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
}

/** A regular file's text; `what` words the errors. Devices and FIFOs are refused: /dev/zero would never end. */
export function readText(path: string, what = 'a scenario file'): string {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UserError(path, '', `is a directory, not ${what}`);
    if (!st.isFile()) throw new UserError(path, '', `is not a regular file (${what} is)`);
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(path, '', code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`);
  }
}

/** The one scenario loader (the library's loadScenario is this one): read, parse, validate. */
export function loadScenario(path: string): Scenario {
  return loadScenarioFile(path, (name) => findDriver(name) !== undefined, readText);
}

/** The *.json scenarios of a directory, sorted by name. */
export function scenarioFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new UserError(dir, '', 'cannot read the scenario directory');
  }
  const files = names
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => join(dir, n));
  if (files.length === 0) throw new UserError(dir, '', 'no *.json scenarios here');
  return files;
}

/** ANSI colour only on a terminal, and never with NO_COLOR set (no-color.org). */
export function useColour(): boolean {
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}

/** The terminal's width for layouts that can use it (the timeline); 100 when stdout is not a terminal. */
export function terminalWidth(fallback = 100): number {
  const c = process.stdout.isTTY ? process.stdout.columns : undefined;
  return typeof c === 'number' && c > 0 ? c : fallback;
}
