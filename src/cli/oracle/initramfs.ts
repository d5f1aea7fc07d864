// The guest's initramfs: busybox, the catalogue's modules with their dependencies (found with modinfo, since
// Debian's packages carry no modules.dep; .ko.xz/.ko.zst decompressed), and an init that reads shell commands
// from the serial console, one per line, answering "@@DONE <status>".
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { cpioGz, type CpioEntry } from './cpio.js';
import type { OracleEnv } from './environment.js';
import { ORACLE_MODULES } from '../../oracle/plan.js';
import {
  compressionOf,
  moduleClosure,
  modulesDep,
  parseDepends,
  plainKo,
  type ModuleSet,
} from '../../oracle/modules.js';
import { UserError } from '../../util/errors.js';

const INIT = `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
echo "@@READY $(uname -r)"
while read -r line; do
  eval "$line"
  echo "@@DONE $?"
done
`;

/** Module files under a tree's kernel/ (and updates/, extra/), relative to the tree. */
function moduleFiles(tree: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(tree, rel), { withFileTypes: true })) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (compressionOf(e.name) !== null) out.push(p);
    }
  };
  for (const top of ['kernel', 'updates', 'extra']) if (existsSync(join(tree, top))) walk(top);
  return out;
}

/** A module file's bytes, decompressed (xz and zstd by their tools, gzip by zlib). */
export function readModule(file: string): Buffer {
  const tool = (cmd: string): Buffer => {
    try {
      return execFileSync(cmd, ['-dc', file], { maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      throw new UserError(file, '', `cannot decompress with ${cmd}: ${(e as Error).message.split('\n')[0]}`);
    }
  };
  switch (compressionOf(file)) {
    case 'xz':
      return tool('xz');
    case 'zst':
      return tool('zstd');
    case 'gz':
      return gunzipSync(readFileSync(file));
    default:
      return readFileSync(file);
  }
}

const MODINFO = ['/usr/sbin/modinfo', '/sbin/modinfo', '/usr/bin/modinfo', '/bin/modinfo'];

/** A module's `depends=` through modinfo (kmod reads .ko, .ko.xz and .ko.zst). */
function modinfoDepends(file: string): string[] {
  const bin = MODINFO.find((p) => existsSync(p));
  if (!bin) throw new UserError('oracle', '', 'modinfo not found (Debian package kmod)');
  try {
    return parseDepends(
      execFileSync(bin, ['-F', 'depends', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  } catch (e) {
    throw new UserError(file, '', `modinfo failed: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** The oracle's modules and what they depend on, in the kernel's tree. */
export function oracleModules(tree: string): ModuleSet {
  return moduleClosure(ORACLE_MODULES, moduleFiles(tree), (f) => modinfoDepends(join(tree, f)));
}

export function buildInitramfs(env: OracleEnv, set: ModuleSet = oracleModules(env.modules)): Buffer {
  const root = `lib/modules/${env.release}`;
  const dirs = new Set<string>(['bin', 'proc', 'sys', 'dev', 'lib', 'lib/modules', root]);
  for (const m of set.files) {
    const parts = m.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(`${root}/${parts.slice(0, i).join('/')}`);
  }
  const entries: CpioEntry[] = [...dirs].sort().map((d) => ({ path: d, mode: 0o40755 }));
  entries.push({ path: 'init', data: Buffer.from(INIT), mode: 0o100755 });
  entries.push({ path: 'bin/busybox', data: readFileSync(env.busybox), mode: 0o100755 });
  // Only the modules we ship, so modprobe's dependency lines all resolve.
  entries.push({ path: `${root}/modules.dep`, data: Buffer.from(modulesDep(set)), mode: 0o100644 });
  for (const f of ['modules.builtin', 'modules.order']) {
    if (existsSync(join(env.modules, f)))
      entries.push({ path: `${root}/${f}`, data: readFileSync(join(env.modules, f)), mode: 0o100644 });
  }
  for (const m of set.files)
    entries.push({ path: `${root}/${plainKo(m)}`, data: readModule(join(env.modules, m)), mode: 0o100644 });
  return cpioGz(entries);
}
