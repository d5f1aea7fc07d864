import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  REFERENCE_FILE,
  REFERENCE_PROFILES,
  RUNS_PER_PAIR,
  corpusScenarios,
  pairKey,
  recordPair,
  type ReferenceFile,
} from './traces.js';

const reference = JSON.parse(readFileSync(REFERENCE_FILE, 'utf8')) as ReferenceFile;

describe('reference traces: the model behaves exactly as recorded', () => {
  it('covers at least 10,000 schedules over every corpus scenario and five profiles', () => {
    const names = corpusScenarios().map((c) => c.name);
    const expected = names.flatMap((n) => REFERENCE_PROFILES.map((p) => pairKey(n, p)));
    expect(Object.keys(reference.pairs).sort()).toEqual(expected.sort());
    expect(expected.length * RUNS_PER_PAIR).toBeGreaterThanOrEqual(10_000);
  });

  for (const { name, text } of corpusScenarios()) {
    it(`${name}: ${REFERENCE_PROFILES.length} profiles x ${RUNS_PER_PAIR} seeded schedules`, () => {
      for (const p of REFERENCE_PROFILES) {
        const got = recordPair(name, text, p);
        const want = reference.pairs[pairKey(name, p)];
        const first = got.findIndex((d, i) => d !== want[i]);
        expect(
          first,
          `${pairKey(name, p)}: seed ${first} differs from the reference (trace, footprint, locks, outcome or token)`,
        ).toBe(-1);
      }
    });
  }
});
