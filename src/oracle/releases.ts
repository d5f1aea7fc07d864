// Real kernels the oracle runs: Debian's releases, and which profile a kernel's release string is compared against.
import { PROFILES } from '../profiles/index.js';

export interface DebianRelease {
  /** What `oracle --kernel` accepts: the upstream series. */
  readonly series: string;
  readonly debian: number;
  readonly codename: string;
  /** The profile this release's kernels are compared against. */
  readonly profile: string;
}

/** Debian's kernels (linux-image-amd64 of each release), oldest first. */
export const DEBIAN_RELEASES: readonly DebianRelease[] = [
  { series: '5.10', debian: 11, codename: 'bullseye', profile: '5.10' },
  { series: '6.1', debian: 12, codename: 'bookworm', profile: '6.1' },
  { series: '6.12', debian: 13, codename: 'trixie', profile: '6.12' },
];

export const debianRelease = (series: string): DebianRelease | undefined =>
  DEBIAN_RELEASES.find((r) => r.series === series);

/** A release string's series (`uname -r`: 6.1.0-56-amd64 → 6.1, 6.12.117+deb13-amd64 → 6.12), or null. */
export function seriesOf(release: string): string | null {
  const m = /^(\d+)\.(\d+)[.+-]/.exec(`${release}-`);
  return m ? `${m[1]}.${m[2]}` : null;
}

/** The profile a kernel release string matches, by its series. */
export function profileForRelease(release: string): string | null {
  const series = seriesOf(release);
  return (series !== null && debianRelease(series)?.profile) || null;
}

/**
 * The profile a run compares against: the user's `--profile` if given (it must exist), else the release's own.
 * A one-line reason when there is none.
 */
export function chooseProfile(release: string, named: string | undefined): { profile: string } | { error: string } {
  const names = PROFILES.map((p) => p.name).join(', ');
  if (named !== undefined)
    return PROFILES.some((p) => p.name === named)
      ? { profile: named }
      : { error: `no profile "${named}" (profiles: ${names})` };
  const p = profileForRelease(release);
  return p !== null
    ? { profile: p }
    : { error: `kernel ${release} maps to no profile: name one with --profile (profiles: ${names})` };
}

/**
 * The release in a bzImage's setup header (x86 boot protocol 2.x: "HdrS" at 0x202, kernel_version at 0x20e
 * points 0x200 before a NUL-terminated "6.1.0-56-amd64 (…) #1 SMP …"); null if it is not a bzImage.
 */
export function bzImageRelease(head: Uint8Array): string | null {
  if (head.length < 0x210) return null;
  const magic = String.fromCharCode(...head.subarray(0x202, 0x206));
  if (magic !== 'HdrS') return null;
  const at = (head[0x20e] | (head[0x20f] << 8)) + 0x200;
  if (at >= head.length) return null;
  let end = at;
  while (end < head.length && end - at < 256 && head[end] !== 0) end++;
  const text = String.fromCharCode(...head.subarray(at, end));
  return /^\S+/.exec(text)?.[0] ?? null;
}
