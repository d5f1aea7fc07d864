import { observed } from './observe.js';
import { describeLock } from '../src/model/objects.js';

/**
 * `no-deadlock`: no schedule reaches a state where the threads that have not finished all wait on
 * locks held by each other. Reported with the wait-for cycle (thread, lock, holder).
 * Class-invariant: a deadlocked execution's final state, and so who waits for which lock held by whom,
 * is the same for every execution of its class.
 */
export const noDeadlock = observed({
  name: 'no-deadlock',
  doc: 'no schedule reaches a state where every unfinished thread waits on a lock',
  observe: () => ({
    finish(r) {
      if (r.status !== 'deadlock' || r.deadlock === null) return [];
      const waits = r.deadlock.waits.map(
        (w) =>
          `${r.threads[w.tid]} waits for ${describeLock(r.world, w.lock)} held by ${r.threads[w.holder] ?? `#${w.holder}`}`,
      );
      return [{ property: 'no-deadlock', message: waits.join('; '), step: r.trace.length }];
    },
  }),
});
