// The JSON Schema of scenario format v1, shipped as schema/scenario-v1.schema.json at the package root.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const FILE = 'schema/scenario-v1.schema.json';
let cached: object | null = null;

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') Object.values(Object.freeze(v)).forEach(deepFreeze);
  return v;
}

/**
 * The schema object (frozen, loaded once). Sources run from src/scenario/ and the build from
 * dist/src/scenario/, so walk up from this module to the first directory that holds the file.
 */
export function scenarioSchema(): object {
  if (cached) return cached;
  for (let up = 1; up <= 6; up++) {
    const url = new URL(`${'../'.repeat(up)}${FILE}`, import.meta.url);
    try {
      cached = deepFreeze(require(fileURLToPath(url)) as object);
      return cached;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e; // a broken file is a packaging bug
    }
  }
  throw new Error(`${FILE} is missing from the package`);
}
