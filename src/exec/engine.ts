// The execution engine: runs threads of kernel steps under a scheduler. Pure: no clock, no I/O.
import type { TraceEntry } from '../runtime/kernel.js';
import type { Kernel } from '../model/kernel.js';
import type { KGen, Step } from '../runtime/step.js';
import { NO_EVENTS, NO_NOTES } from '../runtime/kernel.js';

export interface Thread {
  readonly id: number;
  readonly name: string;
  readonly gen: KGen;
  pending: Step | null;
  done: boolean;
}

/**
 * Chooses which runnable thread takes the next step: returns an index into `runnable` (thread ids,
 * ascending). Asked only when more than one thread can run; `step` is the number of steps taken so far.
 */
export interface Scheduler {
  pick(runnable: readonly number[], threads: readonly Thread[], step: number): number;
}

/** FIFO: always the lowest-numbered runnable thread, so actors run one after another in listed order. */
export const fifo: Scheduler = { pick: () => 0 };

/** A replayed schedule asked for a choice that does not exist here: the token is not for this run. */
export class ScheduleDivergence extends Error {
  constructor(
    readonly decision: number,
    readonly choice: number,
    readonly runnable: number,
  ) {
    super(`schedule diverged at decision ${decision}: choice ${choice} but only ${runnable} threads can run`);
  }
}

export interface Deadlock {
  /** Each blocked thread, the lock it waits for and the thread holding it. */
  readonly waits: readonly { readonly tid: number; readonly lock: number; readonly holder: number }[];
}

export interface Execution {
  readonly trace: TraceEntry[];
  readonly status: 'done' | 'deadlock' | 'step-limit';
  readonly deadlock: Deadlock | null;
  /** The scheduler's choice at every step where more than one thread could run (a replayable schedule). */
  readonly choices: number[];
}

export class Engine {
  readonly threads: Thread[] = [];
  readonly trace: TraceEntry[] = [];
  readonly choices: number[] = [];

  constructor(readonly k: Kernel) {}

  /** Add a thread; runs its prologue up to the first step (kernel code yields before touching state). */
  spawn(name: string, gen: KGen): Thread {
    const t: Thread = { id: this.threads.length, name, gen, pending: null, done: false };
    this.threads.push(t);
    this.advance(t);
    return t;
  }

  private advance(t: Thread): void {
    const r = t.gen.next();
    if (r.done) {
      t.done = true;
      t.pending = null;
    } else t.pending = r.value;
  }

  /**
   * Fill `out` with the ids of threads that can take a step now (not done, lock free). Overwrites in place and
   * trims only when the set shrank: `out.length = 0` on every step made V8 reallocate the array (≈13 %).
   */
  runnable(out: number[]): void {
    const locks = this.k.world.locks;
    const threads = this.threads;
    let n = 0;
    for (let i = 0; i < threads.length; i++) {
      const t = threads[i];
      if (!t.done && (t.pending!.acquire < 0 || locks[t.pending!.acquire] < 0)) out[n++] = t.id;
    }
    if (out.length !== n) out.length = n;
  }

  /** Run to quiescence (every thread done), a deadlock, or `maxSteps`. */
  run(sched: Scheduler, maxSteps = 100_000): Execution {
    const runnable: number[] = [];
    for (let n = 0; ; n++) {
      this.runnable(runnable);
      if (runnable.length === 0) return this.settled();
      if (n >= maxSteps) return this.result('step-limit', null);
      let c = 0;
      if (runnable.length > 1) {
        c = sched.pick(runnable, this.threads, n);
        if (!(c >= 0 && c < runnable.length)) throw new ScheduleDivergence(this.choices.length, c, runnable.length);
        this.choices.push(c);
      }
      this.stepThread(this.threads[runnable[c]]);
    }
  }

  /** Run one step of `t` (it must be runnable); returns its trace entry. */
  stepThread(t: Thread): TraceEntry {
    const k = this.k;
    const s = t.pending!;
    if (s.acquire >= 0) k.world.locks[s.acquire] = t.id;
    const entry: TraceEntry = {
      seq: this.trace.length,
      tid: t.id,
      fn: s.fn,
      obj: s.obj,
      notes: NO_NOTES,
      events: NO_EVENTS,
    };
    this.trace.push(entry);
    k.tid = t.id;
    k.current = entry;
    this.advance(t);
    if (k.nReleased > 0) {
      for (let i = 0; i < k.nReleased; i++) k.world.locks[k.released[i]] = -1;
      k.nReleased = 0;
    }
    k.current = null;
    if (t.done && k.world.locks.includes(t.id)) throw new Error(`thread ${t.name} ended holding a lock`);
    if (k.spawned.length > 0) for (const sp of k.spawned.splice(0)) this.spawn(sp.name, sp.gen);
    return entry;
  }

  /** How an execution ended once no thread can run: done, or deadlocked (who waits for what, held by whom). */
  settled(): Execution {
    const locks = this.k.world.locks;
    const blocked = this.threads.filter((t) => !t.done);
    if (blocked.length === 0) return this.result('done', null);
    return this.result('deadlock', {
      waits: blocked.map((t) => ({ tid: t.id, lock: t.pending!.acquire, holder: locks[t.pending!.acquire] })),
    });
  }

  result(status: Execution['status'], deadlock: Deadlock | null): Execution {
    return { trace: this.trace, status, deadlock, choices: this.choices };
  }
}
