import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { bootScenario, runBooted } from '../../src/exec/run.js';
import { explore } from '../../src/explore/dpor.js';
import { bruteForce } from '../../src/explore/brute.js';
import { countTraces } from '../../src/explore/traces.js';
import { replayScheduler } from '../../src/scheduler/basic.js';
import { findProfile } from '../../src/profiles/index.js';
import { smallScenario } from './arbitrary.js';

const keys = (x: { outcomes: { key: string }[] }): string[] => x.outcomes.map((o) => o.key).sort();

describe('explore (source-DPOR + sleep sets)', () => {
  test.prop([smallScenario, fc.constantFrom('3.16', '5.10', '6.1', 'rfc-09of11')], { numRuns: 60, seed: 42 })(
    'finds exactly the outcome set of brute-force enumeration, in no more executions',
    (s, profile) => {
      const b = bootScenario(s, findProfile(profile)!);
      const brute = bruteForce(b, 20_000);
      fc.pre(brute.complete);
      const dpor = explore(b);
      expect(dpor.complete).toBe(true);
      expect(keys(dpor)).toEqual(keys(brute));
      expect(dpor.executions).toBeLessThanOrEqual(brute.executions);
    },
  );

  test.prop([smallScenario], { numRuns: 25, seed: 43 })('every witness replays to its own outcome', (s) => {
    const b = bootScenario(s, findProfile('6.1')!);
    for (const o of explore(b).outcomes) {
      const r = runBooted(b, { scheduler: replayScheduler(o.result.choices) });
      expect(JSON.stringify(r.bindings)).toBe(JSON.stringify(o.result.bindings));
      expect(r.status).toBe(o.result.status);
    }
  });

  test.prop([smallScenario, smallScenario], { numRuns: 15, seed: 46 })(
    'explores the same whether or not another exploration runs between its executions (kept clocks)',
    (s, other) => {
      const b = bootScenario(s, findProfile('6.1')!);
      const o = bootScenario(other, findProfile('6.1')!);
      const summary = (x: ReturnType<typeof explore>) => [
        x.executions,
        x.sleepBlocked,
        x.lockOrder,
        x.outcomes.map((c) => [c.key, c.count, c.result.choices]),
      ];
      const alone = explore(b, { maxExecutions: 300 });
      const interleaved = explore(b, { maxExecutions: 300, onExecution: () => void explore(o, { maxExecutions: 3 }) });
      expect(summary(interleaved)).toEqual(summary(alone));
    },
  );

  it('a single actor explores to exactly one outcome in one execution', () => {
    fc.assert(
      fc.property(smallScenario, (s) => {
        const one = { ...s, actors: s.actors.slice(0, 1) };
        const x = explore(bootScenario(one, findProfile('6.1')!));
        expect(x.outcomes).toHaveLength(1);
        expect(x.executions).toBe(1);
      }),
      { numRuns: 30, seed: 44 },
    );
  });
});

describe('Mazurkiewicz trace count', () => {
  test.prop([smallScenario], { numRuns: 40, seed: 45 })(
    'explore covers every Mazurkiewicz trace class: at least one execution per class',
    (s) => {
      const b = bootScenario(s, findProfile('6.1')!);
      const t = countTraces(b, 20_000);
      fc.pre(t.complete);
      const x = explore(b);
      expect(x.executions).toBeGreaterThanOrEqual(t.traces);
      expect(t.traces).toBeGreaterThanOrEqual(x.outcomes.length);
    },
  );
});
