// What a property is and what a violation carries.
import type { Scenario } from '../src/scenario/types.js';
import type { RunResult } from '../src/exec/run.js';
import type { ExploreResult } from '../src/explore/dpor.js';

export interface Violation {
  readonly property: string;
  /** Names the devices and drivers involved. */
  readonly message: string;
  /** Trace step at which it became visible, or null for end-of-run checks. */
  readonly step: number | null;
}

/** What a check may ask for beyond the execution: the reference run (environment actors alone, serially). */
export interface CheckContext {
  reference(): RunResult;
  /** The user's own properties (--property ./file.js), checked after the built-in ones. */
  readonly extra: readonly ExecutionProperty[];
}

/** A property checked on one execution. */
export interface ExecutionProperty {
  readonly name: string;
  readonly kind: 'execution';
  /** One paragraph: when it holds. */
  readonly doc: string;
  check(s: Scenario, r: RunResult, ctx: CheckContext): Violation[];
}

/** A violation found in an outcome set, with the schedule that shows it. */
export interface OutcomeViolation extends Violation {
  readonly choices: readonly number[];
}

/** A property checked on the set of outcomes of all schedules. */
export interface OutcomeProperty {
  readonly name: string;
  readonly kind: 'outcomes';
  readonly doc: string;
  check(s: Scenario, x: ExploreResult): OutcomeViolation[];
}

/** A property over two policies run on the same scenario and schedules. */
export interface PairProperty {
  readonly name: string;
  readonly kind: 'pair';
  readonly doc: string;
}

export type Property = ExecutionProperty | OutcomeProperty | PairProperty;
