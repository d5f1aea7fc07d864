// Happens-before clocks: truncate() returns them exactly to an earlier prefix, so explore can keep them.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { HappensBefore, type Footprint } from '../../src/explore/hb.js';

const objects = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 });
const step = fc.record({
  tid: fc.integer({ min: 0, max: 4 }),
  fp: fc.record({ rd: objects, wr: objects }),
  spawns: fc.boolean(),
});
type Step = { tid: number; fp: Footprint; spawns: boolean };

/** Clocks and races of steps [from, end); threads 3 and 4 are spawned by the first two steps that spawn. */
function run(h: HappensBefore, steps: readonly Step[], from = 0): unknown[] {
  const out: unknown[] = [];
  let next = 3 + steps.slice(0, from).filter((s) => s.spawns).length;
  steps.slice(from).forEach((s) => {
    const { event, races } = h.add(s.tid, s.fp);
    if (s.spawns && next <= 4) h.spawned(next++, event);
    out.push([event.pos, event.clock.slice(), races.map((r) => r.pos)]);
  });
  return out;
}

function fresh(): HappensBefore {
  const h = new HappensBefore(true);
  [0, 1, 2].forEach((t) => h.spawned(t, null));
  return h;
}

describe('HappensBefore.truncate', () => {
  test.prop([fc.array(step, { maxLength: 12 }), fc.array(step, { maxLength: 12 }), fc.nat()], { numRuns: 300 })(
    'after truncate(n), the same continuation gets the same clocks and races as on fresh clocks',
    (first, then, cut) => {
      const n = first.length === 0 ? 0 : cut % (first.length + 1);
      const h = fresh();
      run(h, first);
      h.truncate(n);
      expect(h.events.length).toBe(n);
      const again = run(h, [...first.slice(0, n), ...then], n);
      const want = run(fresh(), [...first.slice(0, n), ...then]).slice(n);
      expect(again).toEqual(want);
    },
  );
});
