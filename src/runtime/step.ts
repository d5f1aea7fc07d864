// A step: the kernel code between two points where another thread can interleave.
// Kernel paths are generators; `yield step(...)` announces the next step, the code after it is its body.

export interface Step {
  /** Kernel function the step runs in, e.g. '__driver_attach'. */
  readonly fn: string;
  /** The object it works on: a BDF, a driver name, a sysfs path. */
  readonly obj: string;
  /** Lock taken at the start of the step (a thread waiting for it is not runnable), or -1. */
  readonly acquire: number;
  /** Footprint: objects read and written (over-approximated; see model/objects.ts). */
  readonly rd: readonly number[];
  readonly wr: readonly number[];
}

export type KGen<R = void> = Generator<Step, R, void>;

const NONE: readonly number[] = [];

export function step(
  fn: string,
  obj: string,
  rd: readonly number[] = NONE,
  wr: readonly number[] = NONE,
  acquire = -1,
): Step {
  return { fn, obj, acquire, rd, wr };
}
