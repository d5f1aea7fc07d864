// Naming kernel profiles: one name, a comma-separated list, or "all". Every unknown name is refused with the
// list of known ones, whichever option or field it came from.
import { findProfile, PROFILES, type ProfileName } from '../profiles/index.js';
import type { Profile } from '../profiles/types.js';
import { UserError } from '../util/errors.js';

/** A profile name, or every profile. */
export type Kernel = ProfileName | 'all';

/** What a run uses when neither the caller nor the scenario names a profile. */
export const DEFAULT_KERNEL: ProfileName = '6.1';

export const knownProfiles = (): string => `known: ${PROFILES.map((q) => q.name).join(', ')}`;

/** One profile by name; `field` names where the name came from (`--baseline`, `kernel`…). */
export function profileNamed(name: string, field: string, hint = ''): Profile {
  const p = findProfile(name);
  if (!p) throw new UserError(field, '', `unknown kernel profile "${name}" (${knownProfiles()}${hint})`);
  return p;
}

/** Comma-separated profile names, or "all". */
export function profilesNamed(spec: string, field: string): Profile[] {
  if (spec === 'all') return [...PROFILES];
  return spec.split(',').map((n) => profileNamed(n.trim(), field, ', or all'));
}
