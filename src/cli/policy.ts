// A user's matching policy module (--policy / --candidate ./file.js): loaded, its shape validated.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { MatchPolicy, Policy } from '../profiles/policy.js';
import { UserError } from '../util/errors.js';

export const isModulePath = (s: string): boolean => s.startsWith('.') || s.startsWith('/') || /\.(m?js|ts)$/.test(s);

/**
 * The module's default export (or `policy` export): `{ name, summary?, match(input) }`, `match` being
 * pci_match_device for the era (see src/profiles/policy.ts). A policy that throws at run time is a
 * `match-sound` finding, not a crash.
 */
export async function loadPolicy(path: string): Promise<Policy> {
  if (path.endsWith('.ts')) throw new UserError(path, '', 'TypeScript policies must be compiled first (tsc), or written as .js/.mjs: Node 20 runs JavaScript only');
  const abs = resolve(path);
  if (!existsSync(abs)) throw new UserError(path, '', 'no such file');
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UserError(path, '', `cannot load: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  const p = (mod.default ?? mod.policy) as Record<string, unknown> | undefined;
  if (p === undefined || p === null || typeof p !== 'object') throw new UserError(path, 'default', 'must export a policy object: export default { name, summary, match(input) }');
  if (typeof p.name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(p.name)) throw new UserError(path, 'name', 'must be a name of letters, digits, "_", "-" or "."');
  if (typeof p.match !== 'function') throw new UserError(path, 'match', 'must be a function (input) => matched id or null');
  const match = p.match as MatchPolicy;
  return { name: p.name, summary: typeof p.summary === 'string' ? p.summary : '', match: (m) => match(m) };
}
