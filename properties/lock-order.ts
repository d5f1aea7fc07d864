// Lock-order cycles: two locks taken in both orders somewhere in the explored executions (lockdep's
// check), a deadlock waiting for a schedule even when none of the explored ones hits it.
import type { ExploreResult } from '../src/explore/dpor.js';

/** A cycle in the held->acquired graph, as a list of locks, or null. */
export function lockOrderCycle(x: ExploreResult): number[] | null {
  const next = new Map<number, number[]>();
  for (const [a, b] of x.lockOrder) next.set(a, [...(next.get(a) ?? []), b]);
  const state = new Map<number, 1 | 2>();
  const path: number[] = [];
  const visit = (n: number): number[] | null => {
    if (state.get(n) === 2) return null;
    if (state.get(n) === 1) return path.slice(path.indexOf(n));
    state.set(n, 1);
    path.push(n);
    for (const m of next.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    path.pop();
    state.set(n, 2);
    return null;
  };
  for (const n of [...next.keys()].sort((a, b) => a - b)) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}
