// `hotplug-fuzz snapshot`: read a host (read-only) and write the scenario that reproduces its binding state.
import type { Command } from 'commander';
import { release as uname } from 'node:os';
import { resolve, sep } from 'node:path';
import { statSync } from 'node:fs';
import { checkSnapshot, snapshotHost, type BindingCheck, type SnapshotResult } from '../../snapshot/index.js';
import { findProfile, PROFILES } from '../../profiles/index.js';
import { UserError } from '../../util/errors.js';
import { err, out } from '../io.js';
import { writeFileAtomic } from '../write.js';
import { fsHostView } from '../host-view.js';

interface SnapshotFlags {
  root: string;
  out?: string;
  kernel?: string;
  json?: boolean;
  quiet?: boolean;
}

const mark = (c: BindingCheck): string => (c.model === c.host ? 'ok' : 'DIFFERS');

function summary(r: SnapshotResult, check: readonly BindingCheck[], root: string, dest: string): string[] {
  const same = check.filter((c) => c.model === c.host).length;
  const list = (title: string, xs: readonly string[], max = 30): string[] =>
    xs.length
      ? [
          `${title} (${xs.length}):`,
          ...xs.slice(0, max).map((x) => `  - ${x}`),
          ...(xs.length > max ? [`  … ${xs.length - max} more`] : []),
        ]
      : [];
  return [
    `hotplug-fuzz snapshot of ${root}: kernel ${r.release ?? 'unknown'} -> profile ${r.profile}`,
    `read ${r.read} files: ${r.counts.devices} PCI functions, ${r.counts.drivers} drivers, ${r.counts.udev} udev rules; scenario written to ${dest}`,
    ...list(
      'could not read',
      r.unreadable.map((u) => `${u.path}: ${u.why}`),
      20,
    ),
    `bindings: the scenario boots in the model to ${same}/${check.length} of the host's`,
    ...check.map(
      (c) =>
        `  ${c.bdf}  host ${c.host ?? '(none)'}  model ${c.model === undefined ? '(absent)' : (c.model ?? '(none)')}  ${mark(c)}`,
    ),
    ...list('inferred', r.inferred),
    ...list('modelled from configuration', r.modelled),
    ...list('read but not modelled', r.notModelled),
    ...list('left out', r.dropped),
    `next: hotplug-fuzz fuzz --generate --from ${dest === 'stdout' ? 'host.json' : dest}`,
  ];
}

export function registerSnapshot(program: Command): void {
  program
    .command('snapshot')
    .description(
      "read this host's PCI devices, drivers and binding configuration (read-only) and write them as a scenario",
    )
    .option('--root <dir>', 'read a copied tree instead of / (its sys/, proc/, etc/, lib/)', '/')
    .option('--out <file>', 'write the scenario here (atomically); default stdout')
    .option('-k, --kernel <profile>', 'the profile to use instead of the one the kernel release maps to')
    .option('--json', 'a JSON summary on stdout (with the scenario when there is no --out)')
    .option('--quiet', 'no summary')
    .action((flags: SnapshotFlags) => {
      const root = resolve(flags.root);
      let isDir = false;
      try {
        isDir = statSync(root).isDirectory();
      } catch {
        // reported below
      }
      if (!isDir) throw new UserError('--root', '', `${flags.root} is not a directory`);
      if (flags.kernel !== undefined && findProfile(flags.kernel) === undefined)
        throw new UserError(
          '--kernel',
          '',
          `unknown kernel profile "${flags.kernel}" (known: ${PROFILES.map((p) => p.name).join(', ')})`,
        );
      if (flags.out !== undefined && root !== sep && resolve(flags.out).startsWith(root + sep))
        throw new UserError(
          '--out',
          '',
          `${flags.out} is inside --root ${flags.root}: the snapshot never writes into the tree it reads`,
        );
      const r = snapshotHost(fsHostView(root), { kernel: flags.kernel, release: root === sep ? uname() : undefined });
      const check = checkSnapshot(r.scenario, r.bindings, r.profile);
      const text = JSON.stringify(r.scenario, null, 2) + '\n';
      if (flags.out !== undefined) writeFileAtomic(flags.out, text);
      if (flags.json) {
        const { scenario, ...rest } = r;
        out(
          JSON.stringify(
            { root, ...rest, check, ...(flags.out !== undefined ? { out: flags.out } : { scenario }) },
            null,
            2,
          ),
        );
        return;
      }
      if (flags.out === undefined) out(text);
      if (!flags.quiet) err(summary(r, check, root, flags.out ?? 'stdout').join('\n'));
    });
}
