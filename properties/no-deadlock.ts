import type { ExecutionProperty } from './types.js';
import { describeLock } from '../src/model/objects.js';

/**
 * `no-deadlock`: no schedule reaches a state where the threads that have not finished all wait on
 * locks held by each other. Reported with the wait-for cycle (thread, lock, holder).
 */
export const noDeadlock: ExecutionProperty = {
  name: 'no-deadlock',
  kind: 'execution',
  doc: 'no schedule reaches a state where every unfinished thread waits on a lock',
  check(_s, r) {
    if (r.status !== 'deadlock' || r.deadlock === null) return [];
    const waits = r.deadlock.waits.map(
      (w) =>
        `${r.threads[w.tid]} waits for ${describeLock(r.world, w.lock)} held by ${r.threads[w.holder] ?? `#${w.holder}`}`,
    );
    return [{ property: 'no-deadlock', message: waits.join('; '), step: r.trace.length }];
  },
};
