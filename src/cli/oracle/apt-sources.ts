// The Debian mirror this machine's apt already uses, read from its sources (one-line `sources.list` and deb822
// `*.sources`), so the oracle fetches other releases' packages from it and no host name is written into the
// project. Shared by the SR-IOV root (scripts/oracle-sriov-setup.sh) and other Debian suites' kernels.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../util/errors.js';

/** One apt source: a `deb` (or `deb-src`) line, or one deb822 stanza, expanded to one URI each. */
export interface AptSource {
  readonly file: string;
  readonly type: string;
  readonly uri: string;
  readonly suites: readonly string[];
  readonly components: readonly string[];
}

/** `deb [arch=amd64 signed-by=…] URI suite comp…` lines; comments and blank lines skipped. */
export function parseOneLine(file: string, text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const m = /^(deb|deb-src)\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    out.push({ file, type: m[1], uri: m[2], suites: [m[3]], components: m[4].split(/\s+/).filter(Boolean) });
  }
  return out;
}

/** deb822 stanzas (`Types:`, `URIs:`, `Suites:`, `Components:`, `Enabled: no`); continuation lines folded. */
export function parseDeb822(file: string, text: string): AptSource[] {
  const out: AptSource[] = [];
  const stanzas = text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n')
    .split(/\n\s*\n/);
  for (const stanza of stanzas) {
    const fields = new Map<string, string>();
    let last = '';
    for (const line of stanza.split('\n')) {
      if (/^\s/.test(line) && last) fields.set(last, `${fields.get(last)} ${line.trim()}`);
      else {
        const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
        if (m) fields.set((last = m[1].toLowerCase()), m[2].trim());
      }
    }
    if (/^(no|false|0)$/i.test(fields.get('enabled') ?? 'yes')) continue;
    const list = (k: string): string[] => (fields.get(k) ?? '').split(/\s+/).filter(Boolean);
    for (const type of list('types'))
      for (const uri of list('uris'))
        out.push({ file, type, uri, suites: list('suites'), components: list('components') });
  }
  return out;
}

/**
 * The Debian archive's mirror: the first binary (`deb`) source carrying a release suite (`bookworm`,
 * `bookworm-updates`, not `-security`, which is another archive) with `main`; its URI without a trailing slash.
 */
export function debianMirror(sources: readonly AptSource[]): string | null {
  const archive = sources.find(
    (s) =>
      s.type === 'deb' &&
      /^(https?|file):/.test(s.uri) &&
      s.components.includes('main') &&
      s.suites.some((x) => !x.endsWith('-security') && !x.includes('/')),
  );
  return archive ? archive.uri.replace(/\/+$/, '') : null;
}

/** Every source under an apt configuration directory (normally /etc/apt), in apt's order. */
export function readAptSources(etcApt = '/etc/apt'): AptSource[] {
  const out: AptSource[] = [];
  const main = join(etcApt, 'sources.list');
  if (existsSync(main)) out.push(...parseOneLine(main, readFileSync(main, 'utf8')));
  const dir = join(etcApt, 'sources.list.d');
  const files = existsSync(dir) ? readdirSync(dir).sort() : [];
  for (const f of files) {
    const path = join(dir, f);
    if (f.endsWith('.list')) out.push(...parseOneLine(path, readFileSync(path, 'utf8')));
    else if (f.endsWith('.sources')) out.push(...parseDeb822(path, readFileSync(path, 'utf8')));
  }
  return out;
}

/** The machine's Debian mirror, or a one-line error naming where it looked. */
export function machineMirror(etcApt = '/etc/apt'): string {
  const m = debianMirror(readAptSources(etcApt));
  if (m === null)
    throw new UserError(
      join(etcApt, 'sources.list'),
      '',
      'no Debian archive source (a "deb" entry with a release suite and "main") in it or in sources.list.d/',
    );
  return m;
}
