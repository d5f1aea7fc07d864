// Happens-before over executed steps: vector clocks from program order, spawns and conflicting
// accesses (footprints). Lock acquisition counts as a write of the lock.
import type { Step } from '../exec/step.js';

/** Object id space for locks, above every footprint object (model/objects.ts). */
const LOCK_OBJ = 1 << 24;

export interface Footprint {
  readonly rd: readonly number[];
  readonly wr: readonly number[];
}

export function footprintOf(s: Step): Footprint {
  return s.acquire < 0 ? s : { rd: s.rd, wr: [...s.wr, LOCK_OBJ + s.acquire] };
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

/** Tracks clocks while an execution runs; reports each new event's race candidates. */
export class HappensBefore {
  readonly events: Event[] = [];
  private readonly threadClock: number[][] = [];
  private readonly counts: number[] = [];
  private readonly lastWrite = new Map<number, Event>();
  private readonly readsSince = new Map<number, Event[]>();

  /** A thread spawned by the event at `parent` starts after it. */
  spawned(tid: number, parent: Event | null): void {
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
    this.events.push(event);
    this.threadClock[tid] = clock;
    this.counts[tid] = idx + 1;
    for (const o of fp.wr) {
      this.lastWrite.set(o, event);
      this.readsSince.set(o, []);
    }
    for (const o of fp.rd)
      if (!fp.wr.includes(o)) (this.readsSince.get(o) ?? this.readsSince.set(o, []).get(o)!).push(event);
    return { event, races };
  }
}
