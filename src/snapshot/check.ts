// Does the snapshot reproduce the host? Boot it in the model (plus its setup actors, FIFO) and compare
// every device's driver with the host's.
import { parseScenario } from '../scenario/load.js';
import { findDriver } from '../model/catalogue/index.js';
import { findProfile } from '../profiles/index.js';
import { bootScenario, runBooted } from '../exec/run.js';

export interface BindingCheck {
  readonly bdf: string;
  readonly host: string | null;
  /** The model's driver, null when unbound; undefined when the device is not in the model's world. */
  readonly model: string | null | undefined;
}

export function checkSnapshot(
  scenario: Record<string, unknown>,
  host: Readonly<Record<string, string | null>>,
  profile: string,
): BindingCheck[] {
  const s = parseScenario(JSON.stringify(scenario), 'snapshot.json', (n) => findDriver(n) !== undefined);
  const r = runBooted(bootScenario(s, findProfile(profile)!));
  return Object.keys(host)
    .sort()
    .map((bdf) => ({ bdf, host: host[bdf], model: Object.hasOwn(r.bindings, bdf) ? r.bindings[bdf] : undefined }));
}
