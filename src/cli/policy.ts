// A user's matching policy module (--policy / --candidate ./file.js): loaded, its shape validated.
import type { MatchPolicy, Policy } from '../profiles/policy.js';
import { UserError } from '../util/errors.js';
import { importUserObject } from './user-module.js';

export const isModulePath = (s: string): boolean => s.startsWith('.') || s.startsWith('/') || /\.(m?js|ts)$/.test(s);

/**
 * The module's default export (or `policy` export): `{ name, summary?, match(input) }`, `match` being
 * pci_match_device for the era (see src/profiles/policy.ts). A policy that throws at run time is a
 * `match-sound` finding, not a crash.
 */
export async function loadPolicy(path: string): Promise<Policy> {
  const p = await importUserObject(path, 'policy', 'policy', '{ name, summary, match(input) }');
  if (typeof p.name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(p.name))
    throw new UserError(path, 'name', 'must be a name of letters, digits, "_", "-" or "."');
  if (typeof p.match !== 'function')
    throw new UserError(path, 'match', 'must be a function (input) => matched id or null');
  const match = p.match as MatchPolicy;
  return { name: p.name, summary: typeof p.summary === 'string' ? p.summary : '', match: (m) => match(m) };
}
