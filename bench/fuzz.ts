// Fuzzing benchmarks: time to first counterexample per public hazard (fast-check choice arrays, shrinking
// included), the shrunk schedule against explore's minimal witness, and 1 -> 2 worker scaling.
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseScenario } from '../src/scenario/load.js';
import { findDriver } from '../src/model/catalogue/index.js';
import { findProfile } from '../src/profiles/index.js';
import { bootScenario } from '../src/exec/run.js';
import { fuzzScenario } from '../src/campaign/fuzz.js';
import { explore } from '../src/explore/dpor.js';
import { checkExecution, contextFor } from '../properties/index.js';

/** The profile each hazard shows on (hazards.md). */
const PROFILE: Record<string, string> = {
  h09: '5.19',
  h11: 'rfc-09of11',
  h12: 'rfc-09of11',
  h13a: 'rfc-09of11-on-5.10',
  h13b: 'rfc-09of11',
  h14: 'rfc-09of11',
  h15: '5.14',
};
const SEEDS = 20;

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const switches = (c: readonly number[]): number => c.filter((x) => x !== 0).length;

export function timeToFirst(): void {
  console.log(`\n# time to first counterexample, fuzz --scheduler fc (shrinking included), ${SEEDS} seeds each`);
  console.log(
    "the property is the hazard's own (the one explore finds; deterministic only where nothing else shows); switches = context switches in the",
  );
  console.log('shrunk schedule / in the fewest-switch explore witness showing the same property');
  console.log(
    `${'hazard'.padEnd(44)} ${'profile'.padEnd(19)} ${'property'.padEnd(17)} ${'median'.padStart(9)} ${'p95'.padStart(9)} runs(med) switches`,
  );
  const dir = 'corpus/scenarios';
  const all: number[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const s = parseScenario(readFileSync(`${dir}/${f}`, 'utf8'), f, (n) => findDriver(n) !== undefined);
    const profile = findProfile(PROFILE[f.split('-')[0]] ?? '6.1')!;
    const b = bootScenario(s, profile);
    const x = explore(b);
    const ctx = contextFor(b);
    const shows = (prop: string) =>
      x.outcomes.filter((o) => checkExecution(s, o.result, ctx).some((v) => v.property === prop));
    const props = [...new Set(x.outcomes.flatMap((o) => checkExecution(s, o.result, ctx).map((v) => v.property)))];
    const target = props[0] ?? (x.outcomes.length > 1 ? 'deterministic' : null);
    const name = f.replace('.json', '').padEnd(44);
    if (target === null) {
      console.log(
        `${name} ${profile.name.padEnd(19)} (a two-policy hazard: no-regression in \`matrix\`, not a single-policy fuzz target)`,
      );
      continue;
    }
    const times: number[] = [];
    const runs: number[] = [];
    let shrunk = '-';
    for (let i = 0; i < SEEDS; i++) {
      const t0 = performance.now();
      const r = fuzzScenario(b, { scheduler: 'fc', seed: `bench-${i}`, runs: 100_000, depth: 2, until: target });
      times.push(performance.now() - t0);
      runs.push(r.runs);
      const hit = r.findings.find((h) => h.property === target);
      if (i === 0 && hit && target !== 'deterministic')
        shrunk = `${switches(hit.run.choices)}/${Math.min(...shows(target).map((o) => switches(o.result.choices)))}`;
    }
    all.push(...times);
    const ms = (v: number): string => `${v.toFixed(1)} ms`.padStart(9);
    console.log(
      `${name} ${profile.name.padEnd(19)} ${target.padEnd(17)} ` +
        `${ms(quantile(times, 0.5))} ${ms(quantile(times, 0.95))} ${String(quantile(runs, 0.5)).padStart(9)} ${shrunk}`,
    );
  }
  console.log(`all hazards: median ${quantile(all, 0.5).toFixed(1)} ms, p95 ${quantile(all, 0.95).toFixed(1)} ms`);
}

const HAZARDS = ['h01-new-id-captures-hot-added-twin', 'h04-new-id-without-remove-id', 'h06-driverctl-unbind-window'];
const FILES = [...HAZARDS, 'h18-two-tools-two-twins'].map((h) => `corpus/scenarios/${h}.json`);
const CLI = ['--import', './dist/bench/cpu-at-exit.js', 'dist/src/cli/main.js', 'fuzz'];

interface Timed {
  readonly s: number;
  readonly cpu: number;
  readonly out: string;
}

/** The built CLI with these fuzz arguments: wall seconds, CPU seconds, stdout. */
function timeCli(args: readonly string[]): Timed {
  const t0 = performance.now();
  const r = spawnSync('node', [...CLI, ...args], { encoding: 'utf8' });
  const cpu = Number(/cpu-seconds (\S+)/.exec(r.stderr)?.[1] ?? NaN);
  return { s: (performance.now() - t0) / 1000, cpu, out: r.stdout };
}

/** Two one-worker processes side by side: what this machine's two cores give at best (no shared work). */
function twoProcesses(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync('sh', [
    '-c',
    `node ${[...CLI, ...args].join(' ')} >/dev/null & node ${[...CLI, ...args].join(' ')} >/dev/null; wait`,
  ]);
  if (r.status !== 0) throw new Error('two processes failed');
  return (performance.now() - t0) / 1000;
}

/**
 * 1 -> 2 workers on three shapes: the fc mix (16 uneven jobs), one random job (cut into run ranges), four equal
 * random jobs; each against linear and against the machine's own ceiling (two independent processes).
 */
export function workerScaling(runs = 10_000): void {
  console.log(`\n# fuzz worker scaling (the built CLI; each pair alternates 1 and 2 workers: the load drifts)`);
  const common = ['--seed', 'scale', '--no-save', '--json'];
  const shapes: [string, string[]][] = [
    [`fc, 4 hazards x 4 profiles, ${runs} runs`, [...FILES, '-k', '6.1,5.14,3.16,rfc-09of11', '--runs', String(runs)]],
    [`random, 1 job, ${runs * 4} runs`, [FILES[2], '-k', '6.1', '--scheduler', 'random', '--runs', String(runs * 4)]],
    [
      `random, 4 equal jobs, ${runs} runs`,
      [FILES[2], '-k', '6.1,5.14,5.10,5.11', '--scheduler', 'random', '--runs', String(runs)],
    ],
  ];
  for (const [label, shape] of shapes) {
    const args = [...shape, ...common];
    const [one, two] = [timeCli([...args, '--workers', '1']), timeCli([...args, '--workers', '2'])];
    const ceiling = (2 * timeCli([...args, '--workers', '1']).s) / twoProcesses([...args, '--workers', '1']);
    const up = one.s / two.s;
    console.log(
      `${label}: 1 worker ${one.s.toFixed(2)} s (${one.cpu.toFixed(2)} CPU-s), 2 workers ${two.s.toFixed(2)} s ` +
        `(${two.cpu.toFixed(2)} CPU-s); findings identical: ${one.out === two.out}`,
    );
    console.log(
      `  speed-up ${up.toFixed(2)}x = ${((up / 2) * 100).toFixed(0)}% of linear; two independent processes ` +
        `${ceiling.toFixed(2)}x here, so ${((up / ceiling) * 100).toFixed(0)}% of what this machine allows`,
    );
  }
}
