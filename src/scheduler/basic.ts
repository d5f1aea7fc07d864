// Schedulers over the engine's runnable set: random, replay of a choice sequence, choice arrays.
import type { Scheduler } from '../exec/engine.js';
import type { Prng } from '../prng/index.js';

/** Uniform among runnable threads at every decision. */
export function randomScheduler(g: Prng): Scheduler {
  return { pick: (runnable) => g.int(runnable.length) };
}

/**
 * Replays recorded choices in order; past the end it behaves as FIFO (choice 0). A recorded choice
 * that is out of range here makes the engine raise ScheduleDivergence.
 */
export function replayScheduler(choices: readonly number[]): Scheduler {
  let i = 0;
  return { pick: () => (i < choices.length ? choices[i++] : 0) };
}

/**
 * A fast-check choice array: each entry picks among the runnable threads modulo their number; past the
 * end, FIFO. Shrinking the array (shorter, smaller numbers) shrinks the schedule toward FIFO.
 */
export function choiceArrayScheduler(arr: readonly number[]): Scheduler {
  let i = 0;
  return { pick: (runnable) => (i < arr.length ? arr[i++] % runnable.length : 0) };
}
