// The context kernel paths run in, below any model: the thread running, the step's trace entry, what it
// reports (notes, events), the locks it releases and the threads it spawns. The model's Kernel (world, era,
// policy, buses) extends it (src/model/kernel.ts).
import type { KGen } from './step.js';

/** Something the kernel did that checkers observe (they never steer). */
export type KernelEvent =
  | {
      readonly kind: 'probe';
      readonly dev: number;
      readonly drv: number;
      readonly result: number;
      readonly matched: boolean;
    }
  /**
   * pci_device_probe matched under device_lock and calls the driver's probe. `override`: driver_override then;
   * `inTable`: a static or dynamic id entry matches the device; `sound`: the id returned is such an entry, or
   * the override names this driver (a policy that returns anything else lies).
   */
  | {
      readonly kind: 'match';
      readonly dev: number;
      readonly drv: number;
      readonly override: string | null;
      readonly inTable: boolean;
      readonly sound: boolean;
    }
  | { readonly kind: 'bound'; readonly dev: number; readonly drv: number }
  | { readonly kind: 'unbound'; readonly dev: number; readonly drv: number }
  | { readonly kind: 'override'; readonly dev: number; readonly value: string | null }
  | { readonly kind: 'uevent'; readonly action: 'add' | 'remove' | 'bind' | 'unbind'; readonly dev: number }
  /** Memory the kernel frees twice or reads after freeing it (what KASAN reports on a real kernel). */
  | {
      readonly kind: 'bug';
      readonly dev: number;
      readonly what: 'double free' | 'use after free';
      readonly fn: string;
    };

export interface TraceEntry {
  readonly seq: number;
  readonly tid: number;
  readonly fn: string;
  readonly obj: string;
  notes: string[];
  events: KernelEvent[];
  /** Footprint the body added at run time (reads of objects chosen by state, e.g. the bound driver's). */
  extraRd?: number[];
  extraWr?: number[];
}

/** Shared empty lists: most steps note nothing, so a step's lists are allocated on its first note or event. */
export const NO_NOTES: string[] = Object.freeze([]) as unknown as string[];
export const NO_EVENTS: KernelEvent[] = Object.freeze([]) as unknown as KernelEvent[];

export interface SpawnRequest {
  readonly name: string;
  readonly gen: KGen;
}

/** What the engine needs of a step's context; the model's Kernel adds the world it works on. */
export class Runtime {
  /** Thread currently running (set by the engine before each step). */
  tid = -1;
  /** The entry of the step being run. */
  current: TraceEntry | null = null;
  readonly spawned: SpawnRequest[] = [];
  /** Locks the step's body released: the first `nReleased` entries (reused, not truncated, between steps). */
  readonly released: number[] = [];
  nReleased = 0;
  /** udev: called for every uevent the kernel sends during an execution (not at boot). */
  onUevent: ((action: 'add' | 'remove' | 'bind' | 'unbind', dev: number) => void) | null = null;

  /**
   * Keep notes (the trace's free text)? Only traces that are shown need them: fuzzing runs without and
   * replays each finding with them. Call sites that build a note's text can test this first.
   */
  notes = true;

  note(text: string): void {
    const c = this.current;
    if (c === null || !this.notes) return;
    if (c.notes === NO_NOTES) c.notes = [];
    c.notes.push(text);
  }

  event(e: KernelEvent): void {
    const c = this.current;
    if (c !== null) {
      if (c.events === NO_EVENTS) c.events = [];
      c.events.push(e);
    }
    if (e.kind === 'uevent' && this.onUevent) this.onUevent(e.action, e.dev);
  }

  /** Record reads/writes the step's declared footprint could not name in advance. */
  touch(rd: readonly number[], wr: readonly number[] = []): void {
    const e = this.current;
    if (!e) return;
    if (rd.length) (e.extraRd ??= []).push(...rd);
    if (wr.length) (e.extraWr ??= []).push(...wr);
  }

  /** mutex_unlock inside a step's body; the engine frees it when the body ends. */
  unlock(lock: number): void {
    this.released[this.nReleased++] = lock;
  }

  /** Queue kernel work that runs as a thread of its own (deferred probe, uevent handlers). */
  spawn(name: string, gen: KGen): void {
    this.spawned.push({ name, gen });
  }
}
