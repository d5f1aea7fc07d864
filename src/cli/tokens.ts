// Replay tokens as the CLI uses them: bound to a scenario (by hash), a profile and a policy.
import type { Scenario } from '../scenario/types.js';
import { scenarioHash } from '../scenario/hash.js';
import { decodeToken, type TokenData } from '../scheduler/token.js';
import { findProfile } from '../profiles/index.js';
import type { Profile } from '../profiles/types.js';
import { UserError } from '../util/errors.js';

export { tokenFor } from '../campaign/tokens.js';

/** Decode a token given with --schedule and check it belongs to this scenario; exit 2 otherwise. */
export function tokenForScenario(
  token: string,
  s: Scenario,
  file: string,
  policy: string = s.policy,
): { data: TokenData; profile: Profile } {
  const d = decodeToken(token);
  if (typeof d === 'string') throw new UserError('--schedule', '', d);
  const hash = scenarioHash(s);
  if (d.scenario !== hash)
    throw new UserError(
      '--schedule',
      '',
      `this token is for another scenario (hash ${d.scenario}; ${file} has ${hash})`,
    );
  if (d.policy !== policy)
    throw new UserError(
      '--schedule',
      '',
      `this token is for policy "${d.policy}", this run uses "${policy}"${d.policy !== s.policy ? ' (give that policy module with --policy)' : ''}`,
    );
  const profile = findProfile(d.profile);
  if (!profile) throw new UserError('--schedule', '', `unknown kernel profile "${d.profile}" in the token`);
  return { data: d, profile };
}
