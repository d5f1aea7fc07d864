// Loading a user's JavaScript module (a policy or a property): the exported object, or a one-line error.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { UserError } from '../util/errors.js';

/** The module's default export (or the named export `name`), which must be an object. `what` and `shape` word the errors. */
export async function importUserObject(
  path: string,
  name: string,
  what: string,
  shape: string,
): Promise<Record<string, unknown>> {
  if (path.endsWith('.ts'))
    throw new UserError(
      path,
      '',
      `TypeScript ${what}s must be compiled first (tsc), or written as .js/.mjs: Node 20 runs JavaScript only`,
    );
  const abs = resolve(path);
  if (!existsSync(abs)) throw new UserError(path, '', 'no such file');
  if (!statSync(abs).isFile()) throw new UserError(path, '', `is not a regular file (a ${what} module is)`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UserError(path, '', `cannot load: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  const o = (mod.default ?? mod[name]) as Record<string, unknown> | undefined;
  if (o === undefined || o === null || typeof o !== 'object')
    throw new UserError(path, 'default', `must export a ${what} object: export default ${shape}`);
  return o;
}
