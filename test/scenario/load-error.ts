// Loading a scenario object as the CLI does, for tests of the loader's one-line messages.
import { parseScenario } from '../../src/index.js';
import { UserError } from '../../src/util/errors.js';

export const load = (o: object): ReturnType<typeof parseScenario> => parseScenario(JSON.stringify(o), 's.json');

/** The loader's message for `o` ("s.json: field: message"); a test error when it loads. */
export function loadError(o: object): string {
  try {
    load(o);
  } catch (e) {
    if (e instanceof UserError) return e.message;
    throw e;
  }
  throw new Error('loaded');
}
