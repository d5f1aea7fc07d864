// Schedule fuzzing of one booted scenario: fast-check choice arrays (shrunk toward FIFO), or seeded
// random / PCT schedules. Pure: the budget is a run count plus a stop callback the CLI owns.
import fc from 'fast-check';
import { runBooted, type Booted, type RunResult } from '../exec/run.js';
import type { Scheduler } from '../exec/engine.js';
import { checkExecution, checkUser, contextFor } from '../../properties/index.js';
import { choiceArrayScheduler, randomScheduler, replayScheduler } from '../scheduler/basic.js';
import { pctScheduler } from '../scheduler/pct.js';
import { child, fnv1a } from '../prng/index.js';
import type { ExecutionProperty } from '../../properties/types.js';
import { drain } from '../util/steps.js';

export { drain, drive } from '../util/steps.js';

export type FuzzScheduler = 'fc' | 'random' | 'pct';

export interface FuzzOptions {
  readonly scheduler: FuzzScheduler;
  readonly seed: string;
  /** Executions at most. */
  readonly runs: number;
  /** PCT bug depth. */
  readonly depth: number;
  /** Asked between executions; true ends the search early (time budget, SIGINT). */
  readonly shouldStop?: () => boolean;
  /** The user's own properties, beside the built-in ones. */
  readonly properties?: readonly ExecutionProperty[];
  /** Stop at the first finding of this property (time-to-first-counterexample measurements). */
  readonly until?: string;
  /** false: check none of the built-in properties (`deterministic` included), only `properties` (default true). */
  readonly builtins?: boolean;
  /**
   * random/pct: the index of the first execution, for a shard of a longer search (execution i draws from its own
   * child seed, so shards [0, a) and [a, b) together are the search [0, b); see mergeShards). Default 0.
   */
  readonly firstRun?: number;
}

export interface FuzzFinding {
  readonly property: string;
  readonly message: string;
  readonly step: number | null;
  /** The execution that shows it: its recorded choices replay it exactly. */
  readonly run: RunResult;
  /** Executions done when it was first seen (time to first counterexample, in runs). */
  readonly atRun: number;
  /** `deterministic`: an execution that ended in the other outcome (`run` ends differently). */
  readonly versus?: RunResult;
}

/** An outcome the search met for the first time: its key (the final bindings), execution and when. */
export interface FirstOutcome {
  readonly key: string;
  readonly run: RunResult;
  readonly atRun: number;
}

export interface FuzzResult {
  readonly runs: number;
  readonly findings: readonly FuzzFinding[];
  readonly outcomes: number;
  readonly stopped: boolean;
  /** The first two outcomes met, in order (what `deterministic` is judged from; shards merge these). */
  readonly firstOutcomes: readonly FirstOutcome[];
}

const outcomeKey = (r: RunResult): string => JSON.stringify(r.bindings);

/** `deterministic`'s message: the same whichever of the two outcomes came first. */
export function deterministicMessage(a: string, b: string): string {
  const pair = [a, b].sort();
  return `two schedules end differently: ${pair[0]} and ${pair[1]}`;
}

/** Accumulates what the executions show, whichever scheduler produced them. */
class Search {
  runs = 0;
  stopped = false;
  readonly findings: FuzzFinding[] = [];
  private readonly outcomes = new Map<string, RunResult>();
  private readonly first: FirstOutcome[] = [];
  private readonly ctx;
  /** The global index of this search's first execution (a shard's offset). */
  private readonly offset: number;

  constructor(
    readonly b: Booted,
    readonly opts: FuzzOptions,
  ) {
    this.ctx = contextFor(b, opts.properties ?? []);
    this.offset = opts.firstRun ?? 0;
  }

  /** Executions done, counted from the search's start (a shard counts from its offset). */
  private get at(): number {
    return this.offset + this.runs;
  }

  done(): boolean {
    if (
      this.runs >= this.opts.runs ||
      (this.opts.until !== undefined && this.findings.some((f) => f.property === this.opts.until))
    )
      return true;
    if (!this.stopped && this.opts.shouldStop?.()) this.stopped = true;
    return this.stopped;
  }

  /** One execution (counted), its outcome noted for `deterministic`. */
  run(sched: Scheduler): RunResult {
    this.runs++;
    const r = runBooted(this.b, { scheduler: sched, notes: false });
    if (this.opts.builtins === false) return r;
    const key = outcomeKey(r);
    // Like `deterministic` over explore's outcomes: only schedules that finish count as outcomes.
    if (r.status === 'done' && !this.outcomes.has(key)) {
      this.outcomes.set(key, r);
      if (this.first.length < 2) this.first.push({ key, run: r, atRun: this.at });
      if (this.outcomes.size === 2) {
        this.findings.push({
          property: 'deterministic',
          message: deterministicMessage(this.first[0].key, key),
          step: null,
          run: this.withNotes(r),
          atRun: this.at,
          versus: this.first[0].run,
        });
      }
    }
    return r;
  }

  isKnown(property: string, message: string): boolean {
    return this.findings.some((f) => f.property === property && f.message === message);
  }

  /** Violations of the execution that are not findings yet. */
  fresh(r: RunResult): { property: string; message: string; step: number | null }[] {
    const check = this.opts.builtins === false ? checkUser : checkExecution;
    return check(this.b.scenario, r, this.ctx).filter((v) => !this.isKnown(v.property, v.message));
  }

  /** New violations become findings, each holding its execution replayed with the trace's notes. */
  record(r: RunResult): void {
    const fresh = this.fresh(r);
    if (fresh.length === 0) return;
    const full = this.withNotes(r);
    for (const v of fresh) this.findings.push({ ...v, run: full, atRun: this.at });
  }

  /** The same execution again, keeping the notes a shown trace needs (fuzzing runs without them). */
  private withNotes(r: RunResult): RunResult {
    return runBooted(this.b, { scheduler: replayScheduler(r.choices) });
  }

  result(): FuzzResult {
    const { runs, findings, stopped, first } = this;
    return { runs, findings, outcomes: this.outcomes.size, stopped, firstOutcomes: first };
  }
}

/**
 * fast-check over choice arrays: a failing array is shrunk (shorter, smaller numbers = closer to FIFO)
 * before it is recorded; the search goes on with a derived seed until the run budget is spent.
 * Shrinking runs count against the budget too.
 */
const CHUNK = 100;

function* fuzzFc(s: Search, opts: FuzzOptions): Generator<number, void> {
  const arb = fc.array(fc.nat({ max: 15 }), { maxLength: 256, size: 'large' }); // schedules need length: past the end is FIFO
  for (let round = 0; !s.done(); round++) {
    const before = s.runs;
    // Rounds of at most CHUNK runs, each with its own derived seed, so a stop is honoured promptly.
    const res = fc.check(
      fc.property(arb, (arr) => s.done() || s.fresh(s.run(choiceArrayScheduler(arr))).length === 0),
      {
        seed: parseInt(fnv1a(`${opts.seed}/fc/${round}`).slice(0, 8), 16) | 0,
        numRuns: Math.max(1, Math.min(CHUNK, opts.runs - s.runs)),
      },
    );
    if (res.failed && res.counterexample !== null) s.record(s.run(choiceArrayScheduler(res.counterexample[0])));
    else if (s.runs === before) break;
    yield s.runs;
  }
}

function* fuzzSeeded(s: Search, opts: FuzzOptions): Generator<number, void> {
  for (let i = opts.firstRun ?? 0; !s.done(); i++) {
    const g = child(opts.seed, `${opts.scheduler}/${i}`);
    s.record(
      s.run(opts.scheduler === 'random' ? randomScheduler(g) : pctScheduler(g, { depth: opts.depth, maxSteps: 200 })),
    );
    if ((i + 1) % CHUNK === 0) yield s.runs;
  }
}

/**
 * The search as a generator: it yields the executions done so far after every round of at most CHUNK runs, so
 * whoever drives it can let the world in between (the CLI awaits its event loop there, and Ctrl-C lands within
 * a round). Its return value is the result; the yields change nothing in it.
 */
export function* fuzzSteps(b: Booted, opts: FuzzOptions): Generator<number, FuzzResult> {
  if (opts.scheduler === 'fc' && opts.firstRun) throw new Error('fc searches cannot be sharded (firstRun)');
  const s = new Search(b, opts);
  yield* opts.scheduler === 'fc' ? fuzzFc(s, opts) : fuzzSeeded(s, opts);
  return s.result();
}

export function fuzzScenario(b: Booted, opts: FuzzOptions): FuzzResult {
  return drain(fuzzSteps(b, opts));
}
