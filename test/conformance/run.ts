// One conformance case: the recipe run in the model, then the real tool on a fake sysfs made from the model's
// boot world and answers (scripts/tools-conformance.sh), and the two call sequences side by side.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { run } from '../helpers.js';
import type { RunOptions } from '../../src/exec/run.js';
import { findRecipe } from '../../src/recipes/index.js';
import { listTree, makeStage } from './stage.js';
import { modelLines, quiet, realLines } from './trace.js';

export const SCRIPT = join(__dirname, '../../scripts/tools-conformance.sh');
export const DRIVERCTL = '/usr/sbin/driverctl';
export const DEVBIND = '/usr/bin/dpdk-devbind.py';

export interface Case {
  readonly name: string;
  readonly tool: 'driverctl' | 'dpdk-devbind';
  /** The model scenario: drivers and devices, and the tool's recipe op among the admin's ops. */
  readonly world: { drivers: unknown[]; devices: object[]; actors: object[] };
  readonly profile?: string;
  readonly opts?: RunOptions;
  /** The real command line. */
  readonly argv: readonly string[];
  /** Files of /etc/driverctl.d (load-override reads the saved driver there). */
  readonly saved?: Readonly<Record<string, string>>;
}

export interface Compared {
  readonly model: string[];
  readonly real: string[];
  readonly modelExit: number;
  readonly realExit: number;
  /** Opens for writing whose O_CREAT differs from the recipe's `oCreat`. */
  readonly flagDiffs: string[];
  /** What the model's tool printed that the real one did not (stdout and stderr, line by line). */
  readonly messageDiffs: string[];
  /** Files the real tool created in the fake /sys (sysfs would have refused them). */
  readonly created: string[];
  readonly printed: string;
}

/** Why the real tools cannot run here, or null. */
export function unavailable(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'needs root for a private mount namespace (unshare -m)';
  for (const [what, p] of [
    ['strace', '/usr/bin/strace'],
    ['driverctl (Debian package driverctl)', DRIVERCTL],
    ['dpdk-devbind.py (Debian package dpdk)', DEVBIND],
  ])
    if (!existsSync(p)) return `${what} is not installed (${p})`;
  const probe = spawnSync('unshare', ['-m', 'true']);
  if (probe.status !== 0) return `unshare -m fails here: ${String(probe.stderr).trim()}`;
  return null;
}

export const packageVersion = (pkg: string): string =>
  execFileSync('dpkg-query', ['-W', '-f', '${Version}', pkg], { encoding: 'utf8' });

/** Did the real tool print what the model's printed? bash prefixes "driverctl: line N:", Python adds ": [Errno …]". */
function printedAlike(model: string, real: readonly string[]): boolean {
  if (model.startsWith('echo: write error')) return real.some((l) => l.includes('echo: write error'));
  const redirect = /^\/sys\/\S*\/([^/]+): -E\w+$/.exec(model); // bash: "<its own path to the file>: <strerror>"
  if (redirect) return real.some((l) => l.includes(`/${redirect[1]}: `) && !l.includes('echo:'));
  if (/^(OSError|TypeError)/.test(model)) return real.some((l) => l.startsWith(model.split(':')[0]));
  return real.some((l) => l.startsWith(model.trim()));
}

/** Runs the case both ways; `plant` changes the model's lines (a test that the comparison catches a change). */
export async function compare(c: Case, plant: (lines: string[]) => string[] = (l) => l): Promise<Compared> {
  const profile = c.profile ?? '6.1';
  const r = run(c.world, profile, c.opts);
  const op = r.ops.find((o) => o.actor === 'admin' && o.calls !== undefined)!;
  const boot = run({ ...c.world, actors: [] }, profile).world;
  const stage = makeStage(boot, op.calls!, profile !== '3.15', c.saved); // driver_override appeared in 3.16
  try {
    const out = join(stage.dir, 'out');
    await promisify(execFile)('sh', [SCRIPT, stage.dir, out, '--', ...c.argv], { timeout: 30_000 });
    const real = realLines(readFileSync(`${out}.strace`, 'utf8'));
    const printed = readFileSync(`${out}.stderr`, 'utf8') + readFileSync(`${out}.stdout`, 'utf8');
    const oCreat = (op.decl.kind === 'recipe' ? findRecipe(op.decl.recipe)?.oCreat : undefined) ?? true;
    const m = /^exit (\d+): /.exec(op.result);
    const lines = printed.split('\n').map((l) => l.replace(/^\S*driverctl: line \d+: /, '').trim());
    const staged = new Set(listTree(stage.dir));
    return {
      model: plant(modelLines(op.calls!)),
      real: quiet(c.tool, real.lines),
      modelExit: m ? Number(m[1]) : 0,
      realExit: Number(readFileSync(`${out}.exit`, 'utf8')),
      flagDiffs: real.opens.filter((o) => o.flags.includes('O_CREAT') !== oCreat).map((o) => `${o.path}: ${o.flags}`),
      messageDiffs: (op.errors ?? []).filter((e) => !printedAlike(e, lines)),
      created: readFileSync(`${out}.tree`, 'utf8')
        .split('\n')
        .filter((p) => p !== '' && !staged.has(p)),
      printed,
    };
  } finally {
    stage.cleanup();
  }
}
