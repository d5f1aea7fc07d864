// Issue 14's before/after: PCI work at 9727197 (the last commit before the bus_type layer), at 4c6fc2f (the layer
// alone) and in this build (every bus since, and later speed work), all loaded into this process and timed in
// interleaved rounds, so the machine's load hits them alike.
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { compare, ratio, type Workload } from './throughput.js';

const BEFORE = '972719766d857b5123148364f048d5a8b53c68e7';
const LAYER = '4c6fc2fd049088119e77ffcd0993e71b4e37f56a';
/** PCI hazards with tools, hot-adds and module loads: together they touch every bus hook PCI fills. */
const SCENARIOS = [
  'h01-new-id-captures-hot-added-twin',
  'h06-driverctl-unbind-window',
  'h08-dpdk-devbind-bind-after-override',
  'h16-hot-add-window-before-override',
  'h17-host-module-load-in-tool-window',
  'h18-two-tools-two-twins',
];

/** The modules a workload needs, from one build's dist/ (the two builds are separate module graphs). */
interface Build {
  readonly root: string;
  readonly run: typeof import('../src/exec/run.js');
  readonly load: typeof import('../src/scenario/load.js');
  readonly catalogue: typeof import('../src/model/catalogue/index.js');
  readonly profiles: typeof import('../src/profiles/index.js');
  readonly scheduler: typeof import('../src/scheduler/basic.js');
  readonly prng: typeof import('../src/prng/index.js');
  readonly api: typeof import('../src/index.js');
  readonly scenarios: typeof import('./scenarios.js');
}

async function loadBuild(root: string): Promise<Build> {
  const m = (p: string) => import(pathToFileURL(join(root, 'dist', p)).href);
  return {
    root,
    run: await m('src/exec/run.js'),
    load: await m('src/scenario/load.js'),
    catalogue: await m('src/model/catalogue/index.js'),
    profiles: await m('src/profiles/index.js'),
    scheduler: await m('src/scheduler/basic.js'),
    prng: await m('src/prng/index.js'),
    api: await m('src/index.js'),
    scenarios: await m('bench/scenarios.js'),
  };
}

/** The tree at `commit`, compiled once into the cache with this checkout's node_modules; null when git lacks it. */
function treeAt(repo: string, commit: string): string | null {
  try {
    execFileSync('git', ['-C', repo, 'cat-file', '-e', `${commit}^{commit}`], { stdio: 'ignore' });
  } catch {
    return null; // a shallow clone: nothing to compare against
  }
  const dir = join(homedir(), '.cache', 'hotplug-fuzz', 'bench-trees', commit.slice(0, 12));
  if (existsSync(join(dir, 'dist', 'src', 'index.js'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  execSync(`git -C '${repo}' archive --format=tar ${commit} | tar -x -C '${tmp}'`);
  symlinkSync(join(repo, 'node_modules'), join(tmp, 'node_modules'));
  execFileSync(join(repo, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: tmp, stdio: 'inherit' });
  renameSync(tmp, dir); // atomic: a half-built tree is never taken for a built one
  return dir;
}

/** Random schedules of every SCENARIOS world plus the 4 x 21 round trip, booted once, on 6.1. */
function pciRuns(b: Build, label: string, runs = 40): Workload {
  const p = b.profiles.findProfile('6.1')!;
  const known = (n: string): boolean => b.catalogue.findDriver(n) !== undefined;
  const worlds = SCENARIOS.map((name) => {
    const file = join(b.root, 'corpus', 'scenarios', `${name}.json`);
    return b.run.bootScenario(b.load.parseScenario(readFileSync(file, 'utf8'), file, known), p);
  });
  worlds.push(b.run.bootScenario(b.scenarios.fourActorScenario(true), p));
  let call = 0;
  return {
    label: `${label}: random schedules, 7 PCI worlds`,
    run: () => {
      const seed = `bench-${call++}`;
      for (const w of worlds)
        for (let i = 0; i < runs; i++)
          b.run.runBooted(w, { scheduler: b.scheduler.randomScheduler(b.prng.child(seed, `random/${i}`)) });
      return runs * worlds.length;
    },
  };
}

/** The round trip through the public fuzz API (every built-in property checked). */
function fuzzApi(b: Build, label: string, runs = 300): Workload {
  const s = b.scenarios.fourActorScenario(true);
  let call = 0;
  return {
    label: `${label}: fuzz API, round trip, every property`,
    run: () => b.api.fuzz(s, { kernel: '6.1', scheduler: 'random', seed: `bench-${call++}`, runs }).runs,
  };
}

/** Each workload for `seconds` before anything is timed: compare()'s single warm-up call leaves V8 cold here. */
async function warm(ws: readonly Workload[], seconds = 1.5): Promise<void> {
  for (const w of ws) for (const t0 = performance.now(); performance.now() - t0 < seconds * 1000;) await w.run();
}

export async function busIndirection(): Promise<void> {
  console.log(
    `\n# bus_type indirection (issue 14): PCI at ${BEFORE.slice(0, 7)} (before), ${LAYER.slice(0, 7)} (the layer), this build`,
  );
  const repo = resolve('.');
  const dirs = [treeAt(repo, BEFORE), treeAt(repo, LAYER)];
  if (dirs[0] === null || dirs[1] === null) {
    console.log(
      `skipped: ${BEFORE.slice(0, 7)} or ${LAYER.slice(0, 7)} is not in this clone's history (git fetch --unshallow)`,
    );
    return;
  }
  const builds = [await loadBuild(dirs[0]), await loadBuild(dirs[1]), await loadBuild(repo)];
  const names = ['before', 'layer', 'now'];
  const ws = [...builds.map((b, i) => pciRuns(b, names[i])), ...builds.map((b, i) => fuzzApi(b, names[i]))];
  await warm(ws);
  const [rb, rl, rn, fb, fl, fn] = await compare(ws, 9, 1.0);
  const show = (what: string, x: number): void =>
    console.log(
      `${what.padEnd(52)} ${x.toFixed(3).padStart(8)}  (${Math.abs((1 - x) * 100).toFixed(1)}% ${x <= 1 ? 'slower' : 'faster'})`,
    );
  show('layer / before, random schedules', ratio(rl, rb));
  show('layer / before, fuzz API', ratio(fl, fb));
  show('now / before, random schedules', ratio(rn, rb));
  show('now / before, fuzz API', ratio(fn, fb));
  console.log(`${'  (issue 14 bound: >= 0.900)'}`);
}
