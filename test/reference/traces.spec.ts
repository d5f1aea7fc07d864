// New corpus scenarios join the reference when it is re-recorded (git diff then shows the old digests unchanged).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { REFERENCE_FILE, REFERENCE_PROFILES, RUNS_PER_PAIR, corpusScenarios, pairKey, recordPair } from './traces.js';
import type { ReferenceFile } from './traces.js';

const reference = JSON.parse(readFileSync(REFERENCE_FILE, 'utf8')) as ReferenceFile;
const recorded = corpusScenarios().filter((c) => pairKey(c.name, REFERENCE_PROFILES[0]) in reference.pairs);

describe('reference traces: the model behaves exactly as recorded', () => {
  it('covers at least 10,000 schedules over five profiles, and every recorded scenario still exists', () => {
    const pairs = recorded.flatMap((c) => REFERENCE_PROFILES.map((p) => pairKey(c.name, p)));
    expect(Object.keys(reference.pairs).sort()).toEqual(pairs.sort());
    expect(pairs.length * RUNS_PER_PAIR).toBeGreaterThanOrEqual(10_000);
  });

  for (const { name, text } of recorded) {
    it(`${name}: ${REFERENCE_PROFILES.length} profiles x ${RUNS_PER_PAIR} seeded schedules`, () => {
      for (const p of REFERENCE_PROFILES) {
        const got = recordPair(name, text, p);
        const want = reference.pairs[pairKey(name, p)];
        const first = got.findIndex((d, i) => d !== want[i]);
        const what = `${pairKey(name, p)}: seed ${first} differs from the reference (trace, footprint, locks, outcome or token)`;
        expect(first, what).toBe(-1);
      }
    });
  }
});
