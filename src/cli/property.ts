// A user's property module (--property ./file.js, repeatable): loaded, its shape validated.
import type { ExecutionProperty } from '../../properties/types.js';
import { PROPERTIES } from '../../properties/index.js';
import { UserError } from '../util/errors.js';
import { importUserObject } from './user-module.js';

/**
 * The module's default export: `{ name, doc, check(scenario, run, ctx) }` returning violations
 * `{ message, step? }` (see properties/types.ts). A check that throws is reported as a violation of it.
 */
export async function loadProperty(path: string): Promise<ExecutionProperty> {
  const p = await importUserObject(path, 'property', 'property', '{ name, doc, check(scenario, run, ctx) }');
  if (typeof p.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(p.name))
    throw new UserError(path, 'name', 'must be a kebab-case name (letters, digits, "-")');
  if (PROPERTIES.some((q) => q.name === p.name))
    throw new UserError(path, 'name', `"${p.name}" is a built-in property: choose another name`);
  if (typeof p.check !== 'function')
    throw new UserError(path, 'check', 'must be a function (scenario, run, ctx) => violations');
  const check = p.check as ExecutionProperty['check'];
  return {
    name: p.name,
    kind: 'execution',
    doc: typeof p.doc === 'string' ? p.doc : '',
    check: (s, r, ctx) => check(s, r, ctx),
  };
}

export async function loadProperties(paths: readonly string[] | undefined): Promise<ExecutionProperty[]> {
  const out: ExecutionProperty[] = [];
  for (const path of paths ?? []) {
    const p = await loadProperty(path);
    if (out.some((q) => q.name === p.name))
      throw new UserError(path, 'name', `two --property modules are named "${p.name}"`);
    out.push(p);
  }
  return out;
}

/** commander collector for a repeatable option. */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
