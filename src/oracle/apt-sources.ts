// The machine's apt sources, parsed (one-line `sources.list` and deb822 `*.sources`), and what the oracle derives from
// them so that no mirror address is written into the project: the Debian mirror (scripts/oracle-sriov-setup.sh's
// debootstrap) and the oracle's own source list for another Debian release (the archive and security entries, their
// suites renamed).
import type { DebianRelease } from './releases.js';

/** One apt source entry, from either the one-line (`deb [opts] uri suite comp…`) or the deb822 form. */
export interface AptSource {
  readonly types: readonly string[];
  readonly uris: readonly string[];
  readonly suites: readonly string[];
  readonly components: readonly string[];
  readonly signedBy: string | null;
}

/** Debian's codenames, oldest first, and the suite aliases: the suites whose mirrors serve every release. */
const CODENAMES = [
  'stretch',
  'buster',
  'bullseye',
  'bookworm',
  'trixie',
  'forky',
  'duke',
  'sid',
  'oldoldstable',
  'oldstable',
  'stable',
  'testing',
  'unstable',
];

/** Entries of a one-line sources.list; comments, blank lines and deb-src kept out. */
export function parseOneLine(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^(deb)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const opts = new Map(
      (m[2] ?? '')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((o) => o.split('=') as [string, string]),
    );
    out.push({
      types: [m[1]],
      uris: [m[3]],
      suites: [m[4]],
      components: m[5].split(/\s+/).filter(Boolean),
      signedBy: opts.get('signed-by') ?? null,
    });
  }
  return out;
}

/** Entries of a deb822 .sources file (paragraphs of `Field: value`; `Enabled: no` skipped). */
export function parseDeb822(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last = '';
    for (const line of para.split('\n')) {
      if (line.startsWith('#')) continue;
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (m) fields.set((last = m[1].toLowerCase()), m[2].trim());
      else if (/^\s/.test(line) && last) fields.set(last, `${fields.get(last)} ${line.trim()}`.trim());
    }
    const list = (f: string): string[] => (fields.get(f) ?? '').split(/\s+/).filter(Boolean);
    if (!fields.has('types') || /^(no|false|0)$/i.test(fields.get('enabled') ?? 'yes')) continue;
    // An inline key block (Signed-By: followed by an armoured key) is not a path; apt's own keyrings then apply.
    const signed = fields.get('signed-by') ?? null;
    out.push({
      types: list('types'),
      uris: list('uris'),
      suites: list('suites'),
      components: list('components'),
      signedBy: signed !== null && signed.startsWith('/') && !signed.includes(' ') ? signed : null,
    });
  }
  return out;
}

export interface DebianMirrors {
  /** The archive (`<codename> main`), and the security archive (`<codename>-security main`) if listed. */
  readonly archive: { readonly uri: string; readonly signedBy: string | null };
  readonly security: { readonly uri: string; readonly signedBy: string | null } | null;
}

function findMirror(
  sources: readonly AptSource[],
  want: (suite: string) => boolean,
): { uri: string; signedBy: string | null } | null {
  for (const s of sources) {
    if (!s.types.includes('deb') || !s.components.includes('main') || !s.suites.some(want)) continue;
    // A mirror apt and debootstrap can fetch from (not a cdrom: entry).
    const uri = s.uris.find((u) => /^(https?|file):/.test(u));
    if (uri !== undefined) return { uri, signedBy: s.signedBy };
  }
  return null;
}

/** The machine's Debian mirrors: an entry whose suite is a Debian codename, and one whose suite is `<codename>-security`. */
export function debianMirrors(sources: readonly AptSource[]): DebianMirrors | null {
  const archive = findMirror(sources, (x) => CODENAMES.includes(x));
  if (archive === null) return null;
  const security = findMirror(sources, (x) => x.endsWith('-security') && CODENAMES.includes(x.slice(0, -9)));
  return { archive, security };
}

/** The Debian archive's mirror without a trailing slash (debootstrap's MIRROR argument), or null. */
export function debianMirror(sources: readonly AptSource[]): string | null {
  return debianMirrors(sources)?.archive.uri.replace(/\/+$/, '') ?? null;
}

/** The oracle's sources.list (one-line form) for a release: its archive and, if the machine lists one, its security archive. */
export function sourceListFor(release: DebianRelease, mirrors: DebianMirrors): string {
  const line = (m: { uri: string; signedBy: string | null }, suite: string): string =>
    `deb ${m.signedBy ? `[signed-by=${m.signedBy}] ` : ''}${m.uri} ${suite} main`;
  const lines = [line(mirrors.archive, release.codename)];
  if (mirrors.security) lines.push(line(mirrors.security, `${release.codename}-security`));
  return lines.join('\n') + '\n';
}

/** The kernel package `linux-image-amd64` depends on, from `apt-cache depends linux-image-amd64`. */
export function kernelPackage(depends: string): string | null {
  return /Depends:\s*(linux-image-[0-9]\S*)/.exec(depends)?.[1] ?? null;
}
