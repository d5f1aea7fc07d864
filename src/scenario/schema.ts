// The JSON Schema of scenario format v1, shipped as schema/scenario-v1.schema.json.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let cached: object | null = null;

/** The schema object (sources run from src/scenario, the build from dist/src/scenario). */
export function scenarioSchema(): object {
  if (cached) return cached;
  for (const rel of ['../../schema/scenario-v1.schema.json', '../../../schema/scenario-v1.schema.json']) {
    try {
      cached = require(rel) as object;
      return cached;
    } catch {
      // try the other layout
    }
  }
  throw new Error('schema/scenario-v1.schema.json is missing from the package');
}
