import { describe, expect, it } from 'vitest';
import { pctBound, pctScheduler } from '../../src/scheduler/pct.js';
import { prng, type Prng } from '../../src/prng/index.js';
import type { Thread } from '../../src/exec/engine.js';

const threads = (n: number): Thread[] =>
  Array.from({ length: n }, (_, id) => ({ id, name: `t${id}`, gen: null as never, pending: null, done: false }));

describe('PCT scheduler', () => {
  it('depth 1 (no change points) always runs the same highest-priority thread', () => {
    const s = pctScheduler(prng('x'), { depth: 1, maxSteps: 100 });
    const ts = threads(3);
    const first = s.pick([0, 1, 2], ts, 0);
    for (let i = 1; i < 50; i++) expect(s.pick([0, 1, 2], ts, i)).toBe(first);
  });

  it('a change point demotes the running thread below all others', () => {
    // Scripted generator: change point at step 0; thread 0 priority d+0.9, thread 1 d+0.1.
    const scripted = (): Prng => {
      const xs = [0.9, 0.1];
      return { next: () => xs.shift()!, int: () => 0 };
    };
    const ts = threads(2);
    expect(pctScheduler(scripted(), { depth: 1, maxSteps: 10 }).pick([0, 1], ts, 0)).toBe(0);
    const s = pctScheduler(scripted(), { depth: 2, maxSteps: 10 });
    expect(s.pick([0, 1], ts, 0)).toBe(1);
    expect(s.pick([0, 1], ts, 1)).toBe(1);
    expect(s.pick([0], ts, 2)).toBe(0);
  });

  it('is deterministic for a seed', () => {
    const run = (seed: string) => {
      const s = pctScheduler(prng(seed), { depth: 3, maxSteps: 20 });
      const ts = threads(4);
      return Array.from({ length: 20 }, (_, i) => s.pick([0, 1, 2, 3], ts, i));
    };
    expect(run('seed-1')).toEqual(run('seed-1'));
  });

  it('reports the 1/(n k^(d-1)) bound', () => {
    expect(pctBound(4, 20, 1)).toBe(1 / 4);
    expect(pctBound(4, 20, 3)).toBe(1 / (4 * 400));
  });
});
