// The property registry: every invariant of design §4 by name, with its doc.
import type { CheckContext, ExecutionProperty, ObservedProperty, Property, Violation } from './types.js';
import type { Scenario } from '../src/scenario/types.js';
import { referenceRun, type Booted, type RunResult } from '../src/exec/run.js';
import { intent } from './intent.js';
import { noCollateral } from './no-collateral.js';
import { deterministic } from './deterministic.js';
import { overrideExclusive } from './override-exclusive.js';
import { errorVisible } from './error-visible.js';
import { noDeadlock } from './no-deadlock.js';
import { overrideInTable } from './override-in-table.js';
import { matchSound } from './match-sound.js';
import { kernelBug } from './kernel-bug.js';
import { noRegression } from './no-regression.js';
import { observeRun } from './observe.js';

export const EXECUTION_PROPERTIES: readonly ObservedProperty[] = [
  intent,
  noCollateral,
  overrideExclusive,
  errorVisible,
  noDeadlock,
  overrideInTable,
  matchSound,
  kernelBug,
];

/** In the order of design §4. */
export const PROPERTIES: readonly Property[] = [
  intent,
  noCollateral,
  deterministic,
  overrideExclusive,
  errorVisible,
  noDeadlock,
  overrideInTable,
  matchSound,
  kernelBug,
  noRegression,
];

export function findProperty(name: string): Property | undefined {
  return PROPERTIES.find((p) => p.name === name);
}

/** The context of one booted scenario: the reference run is computed once, when first asked for. */
export function contextFor(b: Booted, extra: readonly ExecutionProperty[] = []): CheckContext {
  let ref: RunResult | null = null;
  return { reference: () => (ref ??= referenceRun(b)), extra };
}

/**
 * Built-in properties (observers sharing one pass over the run), then the user's (their `check` on the finished
 * run); a user property that throws is reported as its own violation.
 */
export function checkExecution(s: Scenario, r: RunResult, ctx: CheckContext): Violation[] {
  const out = observeRun(
    r,
    EXECUTION_PROPERTIES.map((p) => p.observe(s, r.initial, ctx)),
  );
  return ctx.extra.length === 0 ? out : [...out, ...checkUser(s, r, ctx)];
}

/** The user's properties alone (`ctx.extra`), each guarded: one that throws or returns garbage is its own violation. */
export function checkUser(s: Scenario, r: RunResult, ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  for (const p of ctx.extra) {
    try {
      const vs = p.check(s, r, ctx);
      if (!Array.isArray(vs)) throw new Error(`returned ${typeof vs}, not an array of violations`);
      for (const v of vs)
        out.push({
          property: p.name,
          message: String((v as Violation | null)?.message ?? v),
          step: typeof v?.step === 'number' ? v.step : null,
        });
    } catch (e) {
      out.push({
        property: p.name,
        message: `the property threw: ${e instanceof Error ? e.message : String(e)}`,
        step: null,
      });
    }
  }
  return out;
}
