// Replay tokens bound to a scenario (by hash), a profile and a policy: the one place a finding's token is made.
import type { Scenario } from '../scenario/types.js';
import { scenarioHash } from '../scenario/hash.js';
import { encodeToken } from '../scheduler/token.js';
import type { Profile } from '../profiles/types.js';

/** `policy`: a user policy's name when one replaced the scenario's (--policy / --candidate). */
export function tokenFor(s: Scenario, profile: Profile, choices: readonly number[], policy: string = s.policy): string {
  return encodeToken({ profile: profile.name, policy, scenario: scenarioHash(s), choices });
}
