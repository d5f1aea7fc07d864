// The CLI's contact with files and streams.
import { findDriver } from '../model/catalogue/index.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { findProfile, PROFILES } from '../profiles/index.js';
import type { Profile } from '../profiles/types.js';
import { UserError } from '../util/errors.js';

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(
      path,
      '',
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a scenario file'
          : `cannot read (${code ?? (e as Error).message})`,
    );
  }
}

export function loadScenario(path: string): Scenario {
  const s = parseScenario(readText(path), path, (name) => findDriver(name) !== undefined);
  if (s.policy !== 'mainline')
    throw new UserError(
      path,
      'policy',
      `unknown policy "${s.policy}" (built in: "mainline", the profile's own pci_match_device)`,
    );
  if (s.kernel !== null && findProfile(s.kernel) === undefined)
    throw new UserError(path, 'kernel', `unknown kernel profile "${s.kernel}" (see \`hotplug-fuzz profiles\`)`);
  return s;
}

/** The profiles a command runs: the explicit --kernel, else the scenario's, else 6.1. */
export function selectProfiles(flag: string | undefined, s: Scenario | null): Profile[] {
  const name = flag ?? s?.kernel ?? '6.1';
  if (name === 'all') return [...PROFILES];
  const p = findProfile(name);
  if (p === undefined)
    throw new UserError(
      '--kernel',
      '',
      `unknown kernel profile "${name}" (known: ${PROFILES.map((q) => q.name).join(', ')}, all)`,
    );
  return [p];
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

/** Comma-separated profile names or "all". */
export function profileList(flag: string, option = '--kernel'): Profile[] {
  if (flag === 'all') return [...PROFILES];
  return flag.split(',').map((n) => {
    const p = findProfile(n.trim());
    if (!p)
      throw new UserError(
        option,
        '',
        `unknown kernel profile "${n.trim()}" (known: ${PROFILES.map((q) => q.name).join(', ')}, all)`,
      );
    return p;
  });
}

/** ANSI colour only on a terminal, and never with NO_COLOR set (no-color.org). */
export function useColour(): boolean {
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}
