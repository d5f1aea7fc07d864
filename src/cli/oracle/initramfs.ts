// The guest's initramfs: busybox, the catalogue's modules with their dependencies (modules.dep), and an
// init that reads shell commands from the serial console, one per line, answering "@@DONE <status>".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpioGz, type CpioEntry } from './cpio.js';
import type { OracleEnv } from './environment.js';

/** Modules the oracle can load (the catalogue drivers QEMU can drive) and what they need. */
export const ORACLE_MODULES = ['e1000e', 'e1000', '8139too', '8139cp', 'pci-stub', 'vfio-pci', 'igb', 'igbvf'];

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

/** modules.dep paths of `names` and everything they depend on. */
function closure(dep: string, names: readonly string[]): string[] {
  const lines = new Map(
    dep
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [mod, deps] = l.split(':');
        return [mod.trim(), deps.trim().split(/\s+/).filter(Boolean)] as const;
      }),
  );
  const byName = (n: string): string | undefined =>
    [...lines.keys()].find((p) => p.endsWith(`/${n}.ko`) || p.endsWith(`/${n.replace(/-/g, '_')}.ko`));
  const out = new Set<string>();
  const add = (p: string): void => {
    if (out.has(p)) return;
    out.add(p);
    for (const d of lines.get(p) ?? []) add(d);
  };
  for (const n of names) {
    const p = byName(n);
    if (p) add(p);
  }
  return [...out].sort();
}

export function buildInitramfs(env: OracleEnv): Buffer {
  const dep = readFileSync(join(env.modules, 'modules.dep'), 'utf8');
  const mods = closure(dep, ORACLE_MODULES);
  const root = `lib/modules/${env.release}`;
  const dirs = new Set<string>(['bin', 'proc', 'sys', 'dev', 'lib', 'lib/modules', root]);
  for (const m of mods) {
    const parts = m.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(`${root}/${parts.slice(0, i).join('/')}`);
  }
  const entries: CpioEntry[] = [...dirs].sort().map((d) => ({ path: d, mode: 0o40755 }));
  entries.push({ path: 'init', data: Buffer.from(INIT), mode: 0o100755 });
  entries.push({ path: 'bin/busybox', data: readFileSync(env.busybox), mode: 0o100755 });
  // Only the modules we ship, so modprobe's dependency lines all resolve.
  entries.push({
    path: `${root}/modules.dep`,
    data: Buffer.from(
      mods
        .map(
          (m) =>
            `${m}: ${
              dep
                .split('\n')
                .find((l) => l.startsWith(`${m}:`))
                ?.split(':')[1]
                .trim() ?? ''
            }`,
        )
        .join('\n') + '\n',
    ),
    mode: 0o100644,
  });
  for (const f of ['modules.builtin', 'modules.alias', 'modules.order']) {
    try {
      entries.push({ path: `${root}/${f}`, data: readFileSync(join(env.modules, f)), mode: 0o100644 });
    } catch {
      /* optional */
    }
  }
  for (const m of mods)
    entries.push({ path: `${root}/${m}`, data: readFileSync(join(env.modules, m)), mode: 0o100644 });
  return cpioGz(entries);
}
