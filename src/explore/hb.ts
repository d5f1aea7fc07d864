// Happens-before over executed steps: vector clocks from program order, spawns and conflicting
// accesses (footprints). Lock acquisition counts as a write of the lock.
import type { Step } from '../runtime/step.js';
import type { OpResult } from '../exec/run.js';
import type { Scenario } from '../scenario/types.js';
import type { World } from '../model/types.js';
import { DEV_DRIVER, DEV_PRESENT, devObj } from '../model/objects.js';

/** Object id space for locks, above every footprint object (model/objects.ts). */
const LOCK_OBJ = 1 << 24;

export interface Footprint {
  readonly rd: readonly number[];
  readonly wr: readonly number[];
}

export function footprintOf(s: Step): Footprint {
  return s.acquire < 0 ? s : { rd: s.rd, wr: [...s.wr, LOCK_OBJ + s.acquire] };
}

/**
 * What explore's dependency relation adds to the engine's footprints (never seen by run or fuzz): the step in
 * which an actor's last op returns reads the binding and presence of every device in that actor's intent.
 * `error-visible` judges those bindings at that step; without the reads, a bind of an intent device by another
 * thread could fall on either side of it in two interleavings DPOR counts as one, and the verdict would depend
 * on which one it ran. With them, the step is ordered against every bind, unbind and hotplug of those devices.
 */
export class ObservedReads {
  private readonly last = new Map<string, { readonly index: number; readonly objs: readonly number[] }>();

  constructor(s: Scenario, w: World) {
    for (const a of s.actors) {
      if (a.intent === null) continue;
      const devs = Object.keys(a.intent).map((bdf) => w.devSpecs.findIndex((d) => d.bdf === bdf));
      const objs = devs.filter((d) => d >= 0).flatMap((d) => [devObj(d, DEV_DRIVER), devObj(d, DEV_PRESENT)]);
      this.last.set(a.name, { index: a.ops.length - 1, objs });
    }
  }

  /** The reads to add to a step during which `ops[from…]` returned (undefined: none). */
  at(ops: readonly OpResult[], from: number): number[] | undefined {
    let out: number[] | undefined;
    for (let i = from; i < ops.length; i++) {
      const l = this.last.get(ops[i].actor);
      if (l !== undefined && ops[i].index === l.index) (out ??= []).push(...l.objs);
    }
    return out;
  }
}

/** The footprint a step really had: declared, lock taken, plus what its body touched and explore's observed reads. */
export function executedFootprint(
  declared: Footprint,
  extraRd?: number[],
  extraWr?: number[],
  observed?: number[],
): Footprint {
  if (!extraRd && !extraWr && !observed) return declared;
  return { rd: [...declared.rd, ...(extraRd ?? []), ...(observed ?? [])], wr: [...declared.wr, ...(extraWr ?? [])] };
}

export function dependent(a: Footprint, b: Footprint): boolean {
  for (const o of a.wr) if (b.wr.includes(o) || b.rd.includes(o)) return true;
  for (const o of b.wr) if (a.rd.includes(o)) return true;
  return false;
}

export interface Event {
  readonly tid: number;
  /** Index of the event within its thread. */
  readonly idx: number;
  /** Position in the execution. */
  readonly pos: number;
  readonly fp: Footprint;
  /** clock[t] = number of events of thread t that happen before or are this event. */
  readonly clock: number[];
}

/** e happens before x (or is x). */
export function hb(e: Event, x: Event): boolean {
  return (x.clock[e.tid] ?? 0) > e.idx;
}

function join(into: number[], c: readonly number[]): void {
  for (let i = 0; i < c.length; i++) if ((into[i] ?? 0) < c[i]) into[i] = c[i];
}

/** What one add() or spawned() changed, so truncate() can take it back (newest first). */
interface Undo {
  readonly tid: number;
  readonly clock: number[] | undefined;
  readonly count: number | undefined;
  /** add(): per written object, the last write and the reads list it replaced; per read object, pushed once. */
  readonly wrote: readonly { readonly o: number; readonly w: Event | undefined; readonly r: Event[] | undefined }[];
  readonly read: readonly number[];
  /** An add() (an event), not a spawn. */
  readonly event: boolean;
}

/**
 * Tracks clocks while an execution runs; reports each new event's race candidates. `truncate(n)` returns it to
 * the state after its first n events, so DPOR's next execution, which repeats a prefix of this one step for
 * step, does not recompute the prefix's clocks and races (most of explore's time: issue 16).
 */
export class HappensBefore {
  readonly events: Event[] = [];
  private readonly threadClock: number[][] = [];
  private readonly counts: number[] = [];
  private readonly lastWrite = new Map<number, Event>();
  private readonly readsSince = new Map<number, Event[]>();
  private readonly undo: Undo[] = [];

  /** `undoable`: keep the log truncate() needs (explore); brute-force counting does without. */
  constructor(private readonly undoable = false) {}

  /** A thread spawned by the event at `parent` starts after it. */
  spawned(tid: number, parent: Event | null): void {
    if (this.undoable)
      this.undo.push({ tid, clock: this.threadClock[tid], count: this.counts[tid], wrote: [], read: [], event: false });
    this.threadClock[tid] = parent ? parent.clock.slice() : [];
    this.counts[tid] = 0;
  }

  /** Record the event; returns the earlier events of other threads it races with (not already ordered before it). */
  add(tid: number, fp: Footprint): { event: Event; races: Event[] } {
    const before = this.threadClock[tid] ?? [];
    const clock = before.slice();
    const idx = this.counts[tid] ?? 0;
    clock[tid] = idx + 1;
    const candidates: Event[] = [];
    for (const o of fp.rd) {
      const w = this.lastWrite.get(o);
      if (w) candidates.push(w);
    }
    for (const o of fp.wr) {
      const w = this.lastWrite.get(o);
      if (w) candidates.push(w);
      for (const r of this.readsSince.get(o) ?? []) candidates.push(r);
    }
    for (const c of candidates) join(clock, c.clock);
    const event: Event = { tid, idx, pos: this.events.length, fp, clock };
    const races = [...new Set(candidates)].filter((c) => c.tid !== tid && (before[c.tid] ?? 0) <= c.idx);
    const wrote: { o: number; w: Event | undefined; r: Event[] | undefined }[] = [];
    const read: number[] = [];
    if (this.undoable)
      this.undo.push({ tid, clock: this.threadClock[tid], count: this.counts[tid], wrote, read, event: true });
    this.events.push(event);
    this.threadClock[tid] = clock;
    this.counts[tid] = idx + 1;
    for (const o of fp.wr) {
      if (this.undoable) wrote.push({ o, w: this.lastWrite.get(o), r: this.readsSince.get(o) });
      this.lastWrite.set(o, event);
      this.readsSince.set(o, []);
    }
    for (const o of fp.rd)
      if (!fp.wr.includes(o)) {
        (this.readsSince.get(o) ?? this.readsSince.set(o, []).get(o)!).push(event);
        if (this.undoable) read.push(o);
      }
    return { event, races };
  }

  /** Back to the state right after the first `n` events (and the spawns that came with them). */
  truncate(n: number): void {
    if (!this.undoable && n < this.events.length)
      throw new Error('HappensBefore: truncate needs new HappensBefore(true)');
    // The log holds each event followed by the spawns of its step: popping down to n events keeps event n-1's.
    while (this.events.length > n) {
      const u = this.undo.pop()!;
      if (u.event) {
        this.events.pop();
        for (let i = u.read.length - 1; i >= 0; i--) this.readsSince.get(u.read[i])!.pop();
        for (let i = u.wrote.length - 1; i >= 0; i--) {
          const { o, w, r } = u.wrote[i];
          if (w === undefined) this.lastWrite.delete(o);
          else this.lastWrite.set(o, w);
          if (r === undefined) this.readsSince.delete(o);
          else this.readsSince.set(o, r);
        }
      }
      if (u.clock === undefined) delete this.threadClock[u.tid];
      else this.threadClock[u.tid] = u.clock;
      if (u.count === undefined) delete this.counts[u.tid];
      else this.counts[u.tid] = u.count;
    }
  }
}
