// Where the step loop stands, measured as ratios within one process: the machines this runs on are shared
// and noisy, so every workload runs in interleaved rounds and each ratio is the median of per-round ratios.
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { fuzz } from '../src/index.js';
import { findProfile } from '../src/profiles/index.js';
import { bootScenario, runBooted, type Booted } from '../src/exec/run.js';
import { Engine } from '../src/exec/engine.js';
import { Kernel } from '../src/model/kernel.js';
import { BUSES } from '../src/model/buses.js';
import { step, type KGen } from '../src/runtime/step.js';
import { randomScheduler } from '../src/scheduler/basic.js';
import { child } from '../src/prng/index.js';
import type { Scenario } from '../src/scenario/types.js';
import { explore } from '../src/explore/dpor.js';

/** A workload: does some executions and returns how many. */
export interface Workload {
  readonly label: string;
  run(): number | Promise<number>;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Median over rounds of a[r] / b[r]: a ratio that survives the machine's load changing between rounds. */
export const ratio = (a: readonly number[], b: readonly number[]): number => median(a.map((x, r) => x / b[r]));

/**
 * Each workload for about `slice` seconds per round, `rounds` times, in rotating order; prints each one's
 * median rate and returns every round's rate per workload, in executions per CPU-second of this process
 * (other processes on the machine then slow the wall clock more than the rate).
 */
export async function compare(ws: readonly Workload[], rounds = 5, slice = 0.6): Promise<number[][]> {
  const rates: number[][] = ws.map(() => []);
  for (const w of ws) await w.run(); // warm up: compile the hot paths before anything is timed
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < ws.length; j++) {
      const i = (j + r) % ws.length;
      let n = 0;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      while (performance.now() - t0 < slice * 1000) n += await ws[i].run();
      const c = process.cpuUsage(c0);
      rates[i].push(n / ((c.user + c.system) / 1e6));
    }
  }
  ws.forEach((w, i) =>
    console.log(
      `${w.label.padEnd(52)} ${median(rates[i]).toFixed(0).padStart(7)} executions/CPU-s` +
        `  (rounds: ${rates[i].map((x) => (x / 1000).toFixed(1)).join(' ')} k/s)`,
    ),
  );
  return rates;
}

/** The 4 x 21 round trip through the public fuzz API: random scheduler, every built-in property checked. */
export function fuzzApi(s: Scenario, runs = 500): Workload {
  let call = 0;
  return {
    label: 'round trip: fuzz API, random, every property',
    run: () => fuzz(s, { kernel: '6.1', scheduler: 'random', seed: `bench-${call++}`, runs }).runs,
  };
}

/** The same schedules as fuzz --scheduler random draws, with no property checked: the model and the loop. */
export function noProperties(b: Booted, runs = 500): Workload {
  let call = 0;
  return {
    label: 'round trip: same schedules, no property',
    run: () => {
      const seed = `bench-${call++}`;
      const outcomes = new Set<string>();
      for (let i = 0; i < runs; i++) {
        const r = runBooted(b, { scheduler: randomScheduler(child(seed, `random/${i}`)) });
        if (r.status === 'done') outcomes.add(JSON.stringify(r.bindings));
      }
      return runs;
    },
  };
}

/** The floor: the same engine, kernel and random scheduler stepping 4 threads x 21 steps that do nothing. */
export function bareLoop(b: Booted, runs = 500): Workload {
  const rd = [1, 2, 3];
  const wr = [4];
  function* idle(): KGen {
    for (let i = 0; i < 21; i++) yield step('idle', 'x', rd, wr);
  }
  let call = 0;
  return {
    label: 'bare loop floor: 4 x 21 no-op steps, random',
    run: () => {
      const seed = `bench-${call++}`;
      for (let i = 0; i < runs; i++) {
        const e = new Engine(new Kernel(b.world, b.profile.quirks, b.policy, BUSES));
        for (let t = 0; t < 4; t++) e.spawn(`t${t}`, idle());
        e.run(randomScheduler(child(seed, `random/${i}`)));
      }
      return runs;
    },
  };
}

/**
 * H1 (new_id captures a hot-added twin) as a 5-step fast-check test with `fc.scheduler`: the admin unbinds
 * NIC 0, adds pci-stub's dynamic id and removes it again; the hot-add adds NIC 1 and probes it (pci-stub
 * registered first). Written with scheduleSequence, the fastest of the forms tried (async functions awaiting
 * s.schedule, promise chains): the comparison should not flatter us. The property holds in every schedule,
 * so fast-check runs them all and never shrinks.
 */
export function fcSchedulerH1(runs = 500): Workload {
  const toy = async (s: fc.Scheduler): Promise<boolean> => {
    const bound: (string | null)[] = ['e1000e', null];
    let dynid = false;
    let present = false;
    s.scheduleSequence([
      { label: 'unbind', builder: async () => void (bound[0] = null) },
      {
        label: 'new_id',
        builder: async () => {
          dynid = true;
          if (bound[0] === null) bound[0] = 'pci-stub'; // driver_attach binds every unbound matching device
          if (bound[1] === null && present) bound[1] = 'pci-stub';
        },
      },
      { label: 'remove_id', builder: async () => void (dynid = false) },
    ]);
    s.scheduleSequence([
      { label: 'device_add', builder: async () => void (present = true) },
      { label: 'probe', builder: async () => void (bound[1] ??= dynid ? 'pci-stub' : 'e1000e') },
    ]);
    await s.waitAll();
    return bound[1] !== null; // holds always: a property about the outcome would stop the run at its first failure
  };
  let call = 0;
  return {
    label: 'fc.scheduler: 5-step H1 toy (fast-check)',
    run: async () => {
      await fc.assert(fc.asyncProperty(fc.scheduler(), toy), { numRuns: runs, seed: call++ });
      return runs;
    },
  };
}

/** Exhaustive exploration of the round trip (source-DPOR + sleep sets): every execution of one complete explore. */
export function exploreAll(b: Booted): Workload {
  return {
    label: 'round trip: explore (complete), per execution',
    run: () => {
      const x = explore(b);
      if (!x.complete) throw new Error('bench: explore of the round trip did not complete');
      return x.executions;
    },
  };
}

export async function stepLoop(s: Scenario): Promise<void> {
  console.log('\n# the 4 x 21 round trip, its floor and fast-check, in one process (medians of 5 interleaved rounds)');
  const b = bootScenario(s, findProfile('6.1')!);
  const [api, none, bare, fcs, all] = await compare([
    fuzzApi(s),
    noProperties(b),
    bareLoop(b),
    fcSchedulerH1(),
    exploreAll(b),
  ]);
  const show = (what: string, x: number): void => console.log(`${what.padEnd(52)} ${x.toFixed(3).padStart(8)}`);
  show('fuzz API, every property / fc.scheduler H1 toy', ratio(api, fcs));
  show('  (issue 16 target: >= 0.25)', 0.25);
  show('fuzz API, every property / no property', ratio(api, none));
  show('no property / bare loop floor', ratio(none, bare));
  show('bare loop floor / fc.scheduler H1 toy', ratio(bare, fcs));
  show('explore executions / no-property executions', ratio(all, none));
}
