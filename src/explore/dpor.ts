// Exhaustive exploration with source-DPOR and sleep sets (Abdulla, Aronis, Jonsson, Sagonas, POPL 2014):
// every Mazurkiewicz trace class of the actors' steps is reached at least once, most exactly once.
import { bindingsOf, finish, startExecution, type Booted, type RunResult } from '../exec/run.js';
import {
  dependent,
  executedFootprint,
  footprintOf,
  hb,
  HappensBefore,
  ObservedReads,
  type Event,
  type Footprint,
} from './hb.js';
import { drain } from '../util/steps.js';

interface Node {
  readonly enabled: readonly number[];
  /** Threads asleep here, with the footprint of the step each would take (known: it ran in a sibling branch). */
  readonly sleep: ReadonlyMap<number, Footprint>;
  readonly backtrack: Set<number>;
  /** Threads explored from here, with the footprint their step had. */
  readonly done: Map<number, Footprint>;
  chosen: number;
  /** Footprint of the chosen thread's step in the current execution. */
  chosenFp: Footprint | null;
}

export interface Outcome {
  /** Final bindings, plus the status when the execution did not finish normally. */
  readonly key: string;
  readonly result: RunResult;
  count: number;
}

export interface ExploreResult {
  readonly complete: boolean;
  readonly executions: number;
  /** Executions cut short because every enabled thread was asleep (redundant interleavings). */
  readonly sleepBlocked: number;
  readonly outcomes: Outcome[];
  /** Lock order seen: [held, then acquired] pairs (lockdep-style), sorted. */
  readonly lockOrder: readonly (readonly [number, number])[];
}

function edges(set: ReadonlySet<string>): [number, number][] {
  return [...set].map((e) => e.split('>').map(Number) as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

export interface ExploreOptions {
  readonly maxExecutions?: number;
  readonly maxSteps?: number;
  /** Called after each execution (progress). */
  readonly onExecution?: (executions: number, outcomes: number) => void;
  /** Asked after each execution: true ends the search early, incomplete (the CLI's --time and Ctrl-C). */
  readonly shouldStop?: () => boolean;
  /** Called with every execution run to its end (not those cut short by sleep sets): where properties are checked. */
  readonly onRun?: (r: RunResult) => void;
}

export function outcomeKey(r: RunResult): string {
  const b = JSON.stringify(bindingsOf(r.world));
  return r.status === 'done' ? b : `${r.status}:${b}`;
}

/** Initial threads of the sequence `v` (first events with no happens-before predecessor in `v`). */
function initials(v: readonly Event[]): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  v.forEach((x, i) => {
    if (seen.has(x.tid)) return;
    seen.add(x.tid);
    if (!v.slice(0, i).some((y) => hb(y, x))) out.push(x.tid);
  });
  return out;
}

/** Source-DPOR: for a race e < e', make sure some initial of notdep(e).e' is tried before e. */
function addBacktrack(stack: Node[], events: readonly Event[], e: Event, e2: Event): void {
  const node = stack[e.pos];
  const v = events.slice(e.pos + 1).filter((x) => !hb(e, x));
  v.push(e2);
  const init = initials(v);
  if (init.some((t) => node.backtrack.has(t))) return;
  const q = init.find((t) => node.enabled.includes(t));
  if (q !== undefined) node.backtrack.add(q);
  else for (const t of node.enabled) node.backtrack.add(t); // an initial is blocked here: be conservative
}

/** Sleep set after taking the chosen step: asleep or explored threads whose step is independent of it. */
function childSleep(node: Node): Map<number, Footprint> {
  const chosen = node.chosenFp!;
  const out = new Map<number, Footprint>();
  for (const [q, fq] of [...node.sleep, ...node.done]) {
    if (q !== node.chosen && !dependent(fq, chosen)) out.set(q, fq);
  }
  return out;
}

/**
 * The clocks of the execution that ran last, and its stack. DPOR's next execution on that stack repeats the
 * previous one's steps up to the branch point (every node but the top keeps its choice), so their clocks,
 * races and footprints are kept and only the model's steps run again there (generators cannot be cloned).
 * One slot, not a WeakMap per stack: the ephemeron table made the GC of every later test 1.5-3x slower.
 */
let last: { readonly stack: Node[]; readonly hbs: HappensBefore } | null = null;

/** Run one execution following the stack's choices, extending it where it ends. Null: sleep-set blocked. */
function execute(
  b: Booted,
  stack: Node[],
  maxSteps: number,
  lockOrder: Set<string>,
  observed: ObservedReads,
): RunResult | null {
  const st = startExecution(b);
  const { engine } = st;
  const kept = last !== null && last.stack === stack;
  const hbs = kept ? last!.hbs : new HappensBefore(true);
  if (!kept) {
    last = { stack, hbs };
    engine.threads.forEach((t) => hbs.spawned(t.id, null));
  }
  // Steps [0, prefix) are the previous execution's, with the same footprints: their races were handled then.
  // Fresh clocks (another exploration ran in between) recompute them; re-adding a race's backtrack is a no-op.
  const prefix = kept ? Math.max(0, stack.length - 1) : 0;
  hbs.truncate(prefix);
  const runnable: number[] = [];
  const choices: number[] = [];
  for (let depth = 0; ; depth++) {
    engine.runnable(runnable);
    if (runnable.length === 0) return finish(b, st, { ...engine.settled(), choices });
    if (depth >= maxSteps) return finish(b, st, { ...engine.result('step-limit', null), choices });
    if (depth === stack.length) {
      const parent = stack[depth - 1];
      const sleep = parent ? childSleep(parent) : new Map<number, Footprint>();
      const pick = runnable.find((t) => !sleep.has(t));
      if (pick === undefined) return null;
      stack.push({
        enabled: runnable.slice(),
        sleep,
        backtrack: new Set([pick]),
        done: new Map(),
        chosen: pick,
        chosenFp: null,
      });
    }
    const node = stack[depth];
    const tid = node.chosen;
    if (runnable.length > 1) choices.push(runnable.indexOf(tid));
    if (depth < prefix) {
      engine.stepThread(engine.threads[tid]);
      continue;
    }
    const declared = footprintOf(engine.threads[tid].pending!);
    const acquire = engine.threads[tid].pending!.acquire;
    if (acquire >= 0) st.k.world.locks.forEach((holder, held) => holder === tid && lockOrder.add(`${held}>${acquire}`));
    const before = engine.threads.length;
    const opsBefore = st.ops.length;
    const entry = engine.stepThread(engine.threads[tid]);
    const fp = executedFootprint(declared, entry.extraRd, entry.extraWr, observed.at(st.ops, opsBefore));
    node.chosenFp = fp;
    const { event, races } = hbs.add(tid, fp);
    for (let t = before; t < engine.threads.length; t++) hbs.spawned(t, event);
    for (const e of races) addBacktrack(stack, hbs.events, e, event);
  }
}

/** Pop to the deepest node with an untried backtrack choice; false when the search is over. */
function nextBranch(stack: Node[]): boolean {
  while (stack.length) {
    const top = stack[stack.length - 1];
    top.done.set(top.chosen, top.chosenFp!);
    const next = [...top.backtrack].filter((t) => !top.done.has(t) && !top.sleep.has(t)).sort((a, b) => a - b)[0];
    if (next !== undefined) {
      top.chosen = next;
      return true;
    }
    stack.pop();
  }
  return false;
}

/** Executions (sleep-blocked ones included) between two yields of exploreSteps: well under a second of work. */
export const EXPLORE_CHUNK = 50;

/**
 * The search as a generator: it yields the executions done so far after every EXPLORE_CHUNK executions, so whoever
 * drives it can let the world in (the CLI awaits its event loop there: Ctrl-C sets the flag `shouldStop` reads,
 * which is asked right after each yield). Its return value is the result; the yields change nothing in it.
 */
export function* exploreSteps(b: Booted, opts: ExploreOptions = {}): Generator<number, ExploreResult> {
  const max = opts.maxExecutions ?? 100_000;
  const stack: Node[] = [];
  const outcomes = new Map<string, Outcome>();
  const lockOrder = new Set<string>();
  let executions = 0;
  let sleepBlocked = 0;
  const observed = new ObservedReads(b.scenario, b.world);
  const result = (complete: boolean): ExploreResult => ({
    complete,
    executions,
    sleepBlocked,
    outcomes: [...outcomes.values()],
    lockOrder: edges(lockOrder),
  });
  for (;;) {
    const r = execute(b, stack, opts.maxSteps ?? 100_000, lockOrder, observed);
    if (r === null) sleepBlocked++;
    else {
      executions++;
      opts.onRun?.(r);
      const key = outcomeKey(r);
      const o = outcomes.get(key);
      if (o) o.count++;
      else outcomes.set(key, { key, result: r, count: 1 });
    }
    opts.onExecution?.(executions, outcomes.size);
    if (!nextBranch(stack)) return result(true);
    if ((executions + sleepBlocked) % EXPLORE_CHUNK === 0) yield executions;
    if (executions >= max || opts.shouldStop?.()) return result(false);
  }
}

export function explore(b: Booted, opts: ExploreOptions = {}): ExploreResult {
  return drain(exploreSteps(b, opts));
}
