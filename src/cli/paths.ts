// Path options, checked before any work starts: a folder that exists or can be created, a file whose folder
// does, nothing on a pseudo file system. Each problem is one line `--flag: path: why` (exit 2). Folders are
// made one level at a time: Node 20's recursive mkdirSync loops forever on paths such as /proc/nope.
import { accessSync, constants, mkdirSync, realpathSync, statSync, statfsSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { UserError } from '../util/errors.js';

/** Kernel-made trees where nothing of ours belongs (writes there are sysfs/proc writes, or fail oddly). */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];
/** statfs magic numbers of the same file systems mounted elsewhere: proc, sysfs, devpts, debugfs, tracefs, cgroup2. */
const PSEUDO_MAGIC = new Set([0x9fa0, 0x62656572, 0x1cd1, 0x64626720, 0x74726163, 0x63677270]);

type Kind = 'dir' | 'file';

const isPseudo = (real: string): boolean =>
  PSEUDO_ROOTS.some((r) => real === r || real.startsWith(r + sep)) ||
  (() => {
    try {
      return PSEUDO_MAGIC.has(Number(statfsSync(real).type));
    } catch {
      return false;
    }
  })();

function kindOf(p: string): Kind | 'other' | null {
  try {
    const st = statSync(p);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null; // ENOTDIR: a parent is a file; the walk up finds it
    throw e;
  }
}

/** The nearest part of `p` that exists, and the path parts below it that do not. */
function existingAncestor(p: string): { base: string; missing: string[] } {
  const missing: string[] = [];
  let cur = resolve(p);
  while (kindOf(cur) === null) {
    missing.unshift(cur);
    const up = dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  return { base: cur, missing };
}

/**
 * Checks a path option: `dir` a folder that exists or can be created, `file` a file (existing or not) whose
 * folder exists or can be created. Creates nothing.
 */
export function checkPath(flag: string, p: string, kind: Kind): void {
  const fail = (why: string): never => {
    throw new UserError(flag, '', `${p}: ${why}`);
  };
  if (p === '') fail('an empty path');
  const { base, missing } = existingAncestor(p);
  let real: string;
  try {
    real = realpathSync(base);
  } catch {
    return fail('cannot be resolved');
  }
  if (isPseudo(real)) fail(`on a pseudo file system (${real.split(sep).slice(0, 2).join(sep)}): not a place for files`);
  const k = kindOf(base);
  if (missing.length === 0) {
    if (kind === 'dir' && k !== 'dir') fail('is not a directory');
    if (kind === 'file' && k === 'dir') fail('is a directory, not a file');
    if (kind === 'file' && k !== 'file') fail('is not a regular file');
    try {
      accessSync(kind === 'dir' ? base : dirname(resolve(p)), constants.W_OK);
    } catch {
      fail('not writable');
    }
    return;
  }
  if (k !== 'dir') fail(`${base} is not a directory`);
  try {
    accessSync(base, constants.W_OK);
  } catch {
    fail(`cannot be created (${base} is not writable)`);
  }
}

/** Makes a folder and its missing parents, one level at a time (never recursive mkdir: see above). */
export function makeDirs(p: string): void {
  for (const d of existingAncestor(p).missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
