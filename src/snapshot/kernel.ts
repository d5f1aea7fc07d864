// The host's kernel release mapped to a profile: the same version, else the nearest older one.
import { PROFILES } from '../profiles/index.js';

const version = (s: string): [number, number] | null => {
  const m = /^(\d+)\.(\d+)/.exec(s);
  return m ? [Number(m[1]), Number(m[2])] : null;
};
const older = (a: [number, number], b: [number, number]): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);

/** "6.1.0-50-amd64" -> 6.1; "6.18.44" -> 6.1 with a note; a release before every profile -> the oldest, noted. */
export function profileForRelease(release: string): { profile: string; note: string | null } {
  const v = version(release);
  const numbered = PROFILES.map((p) => ({ name: p.name as string, v: version(p.name) }))
    .filter((p): p is { name: string; v: [number, number] } => p.v !== null && /^\d+\.\d+$/.test(p.name))
    .sort((a, b) => (older(a.v, b.v) ? -1 : 1));
  if (v === null)
    return { profile: '6.1', note: `kernel release "${release}" has no version: profile 6.1 (the default)` };
  const fit = numbered.filter((p) => older(p.v, v)).pop();
  if (fit === undefined)
    return {
      profile: numbered[0].name,
      note: `kernel ${release} is older than every profile: ${numbered[0].name}, the oldest`,
    };
  if (fit.v[0] === v[0] && fit.v[1] === v[1]) return { profile: fit.name, note: null };
  return {
    profile: fit.name,
    note: `kernel ${release} has no profile of its own: ${fit.name}, the nearest older one (changes after ${fit.name} are not modelled; --kernel overrides)`,
  };
}
