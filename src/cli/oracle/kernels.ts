// Real kernels for `oracle --kernel`: a Debian release's kernel package fetched with apt (a source list, state
// and cache of the oracle's own, its mirror read from the machine's apt sources) and unpacked into a cache with
// `dpkg -x`, never installed; a `.deb` the user gives; or a vmlinuz with its modules tree beside it.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  closeSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../../util/errors.js';
import {
  debianMirror,
  debianMirrors,
  kernelPackage,
  parseDeb822,
  parseOneLine,
  sourceListFor,
  type AptSource,
} from '../../oracle/apt-sources.js';
import { bzImageRelease, DEBIAN_RELEASES, debianRelease, type DebianRelease } from '../../oracle/releases.js';

/** A kernel image and its modules tree. */
export interface KernelTree {
  readonly kernel: string;
  readonly release: string;
  readonly modules: string;
}

const cacheRoot = (): string =>
  join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hotplug-fuzz', 'kernels');

/** The machine's apt sources: /etc/apt/sources.list and sources.list.d/*.list (one-line), *.sources (deb822). */
export function machineSources(etc = '/etc/apt'): AptSource[] {
  const read = (f: string): string => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return '';
    }
  };
  const out = parseOneLine(read(join(etc, 'sources.list')));
  const dir = join(etc, 'sources.list.d');
  for (const f of existsSync(dir) ? readdirSync(dir).sort() : []) {
    if (f.endsWith('.list')) out.push(...parseOneLine(read(join(dir, f))));
    else if (f.endsWith('.sources')) out.push(...parseDeb822(read(join(dir, f))));
  }
  return out;
}

/** The machine's Debian mirror (scripts/oracle-sriov-setup.sh), or a one-line error naming where it looked. */
export function machineMirror(etc = '/etc/apt'): string {
  const m = debianMirror(machineSources(etc));
  if (m === null)
    throw new UserError(
      join(etc, 'sources.list'),
      '',
      'no Debian archive source (a "deb" entry with a Debian suite and "main") in it or in sources.list.d/',
    );
  return m;
}

/** The modules tree of `release` under an unpacked package root (5.10: lib/modules, 6.12: usr/lib/modules). */
function modulesUnder(root: string, release: string): string | null {
  for (const d of [join(root, 'lib/modules', release), join(root, 'usr/lib/modules', release)])
    if (existsSync(join(d, 'kernel'))) return d;
  return null;
}

/** The kernel in a `dpkg -x` root: boot/vmlinuz-<release> and its modules. */
function treeIn(root: string, what: string): KernelTree {
  const boot = existsSync(join(root, 'boot'))
    ? readdirSync(join(root, 'boot')).filter((f) => f.startsWith('vmlinuz-'))
    : [];
  if (boot.length !== 1) throw new UserError(what, '', `holds ${boot.length} boot/vmlinuz-* images, not one`);
  const release = boot[0].slice('vmlinuz-'.length);
  const modules = modulesUnder(root, release);
  if (modules === null)
    throw new UserError(what, '', `has no modules tree for ${release} (lib/modules or usr/lib/modules)`);
  return { kernel: join(root, 'boot', boot[0]), release, modules };
}

/** Runs a tool with a deadline: its stdout and stderr; a failure is one line naming what was being done. */
function run(
  cmd: string,
  args: readonly string[],
  doing: string,
  cwd?: string,
  timeoutMs = 600_000,
): { out: string; err: string } {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
  const err = r.stderr ?? '';
  if (r.status === 0) return { out: r.stdout, err };
  const lastErr = err.trim().split('\n').filter(Boolean).pop();
  const why =
    (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
      ? `${cmd} not found (a Debian system's apt and dpkg are needed)`
      : r.signal
        ? `no answer within ${timeoutMs / 1000} s`
        : (lastErr ?? `exit ${r.status}`);
  throw new UserError('oracle', '--kernel', `${doing}: ${why}`);
}

/** Unpacks a .deb into `root` (atomically: a sibling folder renamed into place). */
function unpack(deb: string, root: string): void {
  const tmp = `${root}.part`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run('dpkg', ['-x', deb, tmp], `dpkg -x ${basename(deb)}`);
  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
}

/** apt-get/apt-cache options that keep apt inside the oracle's own folder. */
function aptOptions(dir: string): string[] {
  const o = (k: string, v: string): string[] => ['-o', `${k}=${v}`];
  return [
    ...o('Dir::Etc::SourceList', join(dir, 'sources.list')),
    ...o('Dir::Etc::SourceParts', join(dir, 'sources.list.d')),
    ...o('Dir::State', join(dir, 'state')),
    ...o('Dir::State::status', join(dir, 'status')),
    ...o('Dir::Cache', join(dir, 'cache')),
    ...o('Acquire::http::Timeout', '30'),
    ...o('Acquire::Retries', '1'),
    ...o('Debug::NoLocking', '1'),
  ];
}

/** Debian's kernel for a release series, from the cache or fetched with apt. */
export function debianKernel(series: string): KernelTree {
  const rel = debianRelease(series);
  if (!rel)
    throw new UserError(
      'oracle',
      '--kernel',
      `"${series}" is no Debian kernel (${DEBIAN_RELEASES.map((r) => r.series).join(', ')}), .deb or vmlinuz`,
    );
  const root = join(cacheRoot(), series, 'root');
  if (!existsSync(root)) fetchKernel(rel, join(cacheRoot(), series));
  return treeIn(root, root);
}

/** Fetches and unpacks `rel`'s kernel package into `dir`/root; the mirror comes from the apt sources under `etc`. */
export function fetchKernel(rel: DebianRelease, dir: string, etc = '/etc/apt'): void {
  const mirrors = debianMirrors(machineSources(etc));
  if (mirrors === null)
    throw new UserError(
      'oracle',
      '--kernel',
      `no Debian mirror in ${etc}/sources.list{,.d} to fetch other releases from`,
    );
  const apt = join(dir, 'apt');
  for (const d of ['sources.list.d', 'state/lists/partial', 'cache/archives/partial'])
    mkdirSync(join(apt, d), { recursive: true });
  writeFileSync(join(apt, 'sources.list'), sourceListFor(rel, mirrors));
  writeFileSync(join(apt, 'status'), '');
  const opts = aptOptions(apt);
  const what = `Debian ${rel.debian}'s kernel`;
  const update = run('apt-get', [...opts, '-q', 'update'], `apt-get update for ${what}`, undefined, 300_000);
  // A mirror apt cannot reach is only a warning to apt-get update; it shows as no package here.
  const failed = update.err.split('\n').find((l) => /^(W|E|Err):/.test(l.trim()));
  let depends = '';
  try {
    depends = run('apt-cache', [...opts, 'depends', 'linux-image-amd64'], `apt-cache depends for ${what}`).out;
  } catch {
    /* no such package: said below */
  }
  const pkg = kernelPackage(depends);
  if (pkg === null)
    throw new UserError(
      'oracle',
      '--kernel',
      `apt found no linux-image-amd64 for ${rel.codename}${failed ? ` (${failed.trim()})` : ''}`,
    );
  const dl = join(dir, 'download');
  rmSync(dl, { recursive: true, force: true });
  mkdirSync(dl, { recursive: true });
  run('apt-get', [...opts, '-q', 'download', pkg], `apt-get download ${pkg}`, dl);
  const deb = readdirSync(dl).find((f) => f.endsWith('.deb'));
  if (!deb) throw new UserError('oracle', '--kernel', `apt-get download ${pkg} left no .deb`);
  unpack(join(dl, deb), join(dir, 'root'));
  rmSync(dl, { recursive: true, force: true });
}

/** A kernel package the user gives: unpacked once into the cache (keyed by its name, size and mtime: a rebuilt one is new). */
export function debKernel(deb: string): KernelTree {
  if (!existsSync(deb)) throw new UserError(deb, '', 'no such file');
  const st = statSync(deb);
  const root = join(cacheRoot(), 'deb', `${basename(deb, '.deb')}-${st.size}-${Math.floor(st.mtimeMs)}`, 'root');
  if (!existsSync(root)) unpack(resolve(deb), root);
  return treeIn(root, deb);
}

/** The first 64 KiB of a file. */
function head(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(65536);
    return b.subarray(0, readSync(fd, b, 0, b.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * A vmlinuz with its modules tree beside it: <dir>/lib/modules/<release>, <dir>/../lib/modules/<release> (a
 * package root's boot/), <dir>/../usr/lib/modules/<release>, or the machine's /lib/modules/<release>.
 */
export function imageKernel(image: string): KernelTree {
  let bytes: Buffer;
  try {
    bytes = head(image);
  } catch {
    throw new UserError(image, '', 'cannot read the kernel image');
  }
  const release = bzImageRelease(bytes) ?? (basename(image).startsWith('vmlinuz-') ? basename(image).slice(8) : null);
  if (release === null)
    throw new UserError(image, '', 'not a bzImage (no "HdrS" setup header) and not named vmlinuz-<release>');
  const dir = dirname(resolve(image));
  const tree = [dir, join(dir, '..'), join(dir, '../usr'), '/']
    .map((d) => join(d, 'lib/modules', release))
    .find((d) => existsSync(join(d, 'kernel')));
  if (!tree) throw new UserError(image, '', `no modules tree for ${release} beside it (lib/modules/${release}/kernel)`);
  return { kernel: resolve(image), release, modules: tree };
}
