// Comparing explore with brute force: both searches with every property checked on every execution.
import type { Booted } from '../../src/exec/run.js';
import { bruteForce } from '../../src/explore/brute.js';
import { checkExplored, type CheckedExploration } from '../../src/explore/check.js';
import { contextFor } from '../../properties/index.js';

/** Execution properties by (property, outcome); outcome-set ones (deterministic, lock order) by property. */
export function violationKeys(x: CheckedExploration): string[] {
  return [...new Set(x.violations.map((v) => (v.versus ? v.property : `${v.property} @ ${v.outcome}`)))].sort();
}

/** Brute force (every interleaving) with every property checked on every execution, up to `max` executions. */
export function bruteChecked(b: Booted, max: number): CheckedExploration {
  return checkExplored(b, contextFor(b), {}, (bb, o) => bruteForce(bb, max, o.onRun));
}
