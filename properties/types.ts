// What a property is and what a violation carries.
import type { Scenario } from '../src/scenario/types.js';
import type { OpResult, RunResult } from '../src/exec/run.js';
import type { KernelEvent } from '../src/runtime/kernel.js';
import type { World } from '../src/model/types.js';
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

/**
 * A property checked on one execution.
 *
 * `explore` checks it on every execution it runs, which is sound under its partial-order reduction only if
 * the verdict (whether it is violated, and with which messages) is the same for every execution of one
 * Mazurkiewicz trace class: DPOR runs at least one execution per class, not every interleaving. A verdict is
 * class-invariant when it depends only on (a) the final state, (b) each thread's own sequence of steps with
 * what they read, returned and recorded (events, op results), and (c) the order of dependent steps — never
 * on the order of two independent steps. Each built-in property says in its file why it is; a user's
 * property is trusted to be (design its messages to name devices and drivers, not step numbers). The
 * `step` of a violation is the witness's and may differ between executions of one class.
 */
export interface ExecutionProperty {
  readonly name: string;
  readonly kind: 'execution';
  /** One paragraph: when it holds. */
  readonly doc: string;
  check(s: Scenario, r: RunResult, ctx: CheckContext): Violation[];
}

/**
 * What a built-in property sees of one run, in one pass and in order (VOPR-style: it observes, never
 * steers): each step that recorded kernel events, then the ops that returned in that step, then the end.
 * Its methods are closures over its state: the pass calls them detached (no `this`).
 */
export interface RunObserver {
  /** A step's kernel events (steps that recorded none are not shown). */
  onStep?(seq: number, events: readonly KernelEvent[]): void;
  /** An op returned during step `op.step` (after that step's events; before any step when `op.step` < 0). */
  onOpReturn?(op: OpResult): void;
  /** The run is over: its violations. */
  finish(r: RunResult): Violation[];
}

/** A built-in execution property: an observer of one run, started from the booted world. */
export interface ObservedProperty extends ExecutionProperty {
  observe(s: Scenario, initial: World, ctx: CheckContext): RunObserver;
}

/** A violation found in an outcome set, with the schedule that shows it. */
export interface OutcomeViolation extends Violation {
  readonly choices: readonly number[];
  /** The outcome (key) the witness schedule ends in. */
  readonly outcome: string;
  /** `deterministic`: the outcome the witness's differs from, with its own witness schedule. */
  readonly versus?: { readonly outcome: string; readonly choices: readonly number[] };
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
