// PCT: probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010).
// Random distinct thread priorities + d-1 priority change points over k steps: for n threads and k
// steps, every bug of depth d is found with probability at least 1 / (n * k^(d-1)) per run.
import type { Scheduler, Thread } from '../exec/engine.js';
import type { Prng } from '../prng/index.js';

export interface PctOptions {
  /** Bug depth d >= 1 (d - 1 change points). */
  readonly depth: number;
  /** Bound on the steps of one execution (k); change points are drawn in [0, k). */
  readonly maxSteps: number;
}

export function pctScheduler(g: Prng, opts: PctOptions): Scheduler {
  const prio: number[] = [];
  // Change point i (1..d-1) at a random step lowers the running thread's priority to d - i.
  const points = Array.from({ length: Math.max(0, opts.depth - 1) }, (_, i) => ({
    at: g.int(Math.max(1, opts.maxSteps)),
    value: opts.depth - 1 - i,
  }));
  points.sort((a, b) => a.at - b.at || b.value - a.value);
  let next = 0;
  // Every thread (kernel work spawned later too) gets a random priority above every change value.
  const priorityOf = (t: Thread): number => {
    while (prio.length <= t.id) prio.push(opts.depth + g.next());
    return prio[t.id];
  };
  const highest = (runnable: readonly number[], threads: readonly Thread[]): number => {
    let best = 0;
    for (let i = 1; i < runnable.length; i++)
      if (priorityOf(threads[runnable[i]]) > priorityOf(threads[runnable[best]])) best = i;
    return best;
  };
  return {
    pick(runnable, threads, step) {
      let best = highest(runnable, threads);
      // The engine asks only when threads compete; a change point that fell in between applies now.
      while (next < points.length && points[next].at <= step) {
        prio[runnable[best]] = points[next++].value;
        best = highest(runnable, threads);
      }
      return best;
    },
  };
}

/** The PCT lower bound on finding a depth-d bug in one run: 1 / (n * k^(d-1)). */
export function pctBound(threads: number, steps: number, depth: number): number {
  return 1 / (threads * Math.pow(steps, depth - 1));
}
