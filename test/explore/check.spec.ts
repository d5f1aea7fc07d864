// explore as a model checker: every property on every explored execution gives the violations brute-force
// enumeration gives, as a set of (property, outcome) — the soundness of checking under the partial-order
// reduction (properties/types.ts ExecutionProperty) — and the acceptance cases of issue 13.1.
import { describe, expect, it } from 'vitest';
import { fc } from '@fast-check/vitest';
import { bootScenario, runBooted } from '../../src/exec/run.js';
import { checkExplored } from '../../src/explore/check.js';
import { bruteChecked, violationKeys } from './compare.js';
import { contextFor } from '../../properties/index.js';
import { findProfile } from '../../src/profiles/index.js';
import { replayScheduler } from '../../src/scheduler/basic.js';
import { checkExecution } from '../../properties/index.js';
import { smallScenarioWithIntents } from './arbitrary.js';
import { dev, nic, scenario, w } from '../helpers.js';

const A = '0000:01:00.0';
const B = '0000:02:00.0';

const PROFILES = ['3.16', '5.10', '6.1', 'rfc-09of11'];

describe('checkExplored', () => {
  it('finds the (property, outcome) violations brute force finds, on 200+ random scenarios with intents', () => {
    let compared = 0;
    const shown = new Map<string, number>();
    fc.assert(
      fc.property(smallScenarioWithIntents, fc.constantFrom(...PROFILES), (s, profile) => {
        const b = bootScenario(s, findProfile(profile)!);
        const brute = bruteChecked(b, 300);
        if (!brute.complete) return;
        const dpor = checkExplored(b, contextFor(b));
        expect(dpor.complete).toBe(true);
        expect(violationKeys(dpor)).toEqual(violationKeys(brute));
        compared++;
        for (const p of new Set(dpor.violations.map((v) => v.property))) shown.set(p, (shown.get(p) ?? 0) + 1);
      }),
      { numRuns: 300, seed: 1316 },
    );
    expect(compared).toBeGreaterThanOrEqual(200);
    // Not vacuous: the properties whose verdicts depend on the interleaving show up, error-visible included.
    for (const p of ['intent', 'error-visible', 'no-collateral', 'deterministic'])
      expect(shown.get(p) ?? 0, p).toBeGreaterThan(5);
  }, 120_000); // a few seconds alone; this machine's CI shares its cores

  it('each violation replays from its witness to its outcome, and shows its property there', () => {
    fc.assert(
      fc.property(smallScenarioWithIntents, (s) => {
        const b = bootScenario(s, findProfile('6.1')!);
        const x = checkExplored(b, contextFor(b));
        for (const v of x.violations) {
          const r = runBooted(b, { scheduler: replayScheduler(v.choices) });
          expect(x.outcomes.find((o) => o.key === v.outcome)!.result.bindings).toEqual(r.bindings);
          if (!v.versus) expect(checkExecution(s, r, contextFor(b)).map((w) => w.message)).toContain(v.message);
        }
      }),
      { numRuns: 40, seed: 1317 },
    );
  });
});

describe('error-visible under the reduction', () => {
  // The admin's only op touches B, the other actor's only A: every step commutes, so without explore's observed
  // reads (src/explore/hb.ts ObservedReads) DPOR runs one execution (the admin first: A still bound when its
  // op returns) and misses the order brute force finds, where A is unbound by then.
  const s = scenario({
    drivers: ['e1000e'],
    devices: [nic(A), nic(B)],
    actors: [
      { name: 'admin', intent: { [A]: 'e1000e' }, ops: [w(dev(B, 'driver_override'), 'e1000e')] },
      { name: 'other', ops: [w(dev(A, 'driver/unbind'), A)] },
    ],
  });

  it('is found in the interleaving where an unrelated unbind lands before the last op returns', () => {
    const b = bootScenario(s, findProfile('3.16')!);
    const x = checkExplored(b, contextFor(b));
    expect(x.executions).toBe(2);
    expect(violationKeys(x)).toEqual(violationKeys(bruteChecked(b, 1000)));
    const ev = x.violations.find((v) => v.property === 'error-visible')!;
    expect(ev.message).toBe(
      'admin finished with every op reporting success, yet 0000:01:00.0 was unbound, not on e1000e',
    );
    const r = runBooted(b, { scheduler: replayScheduler(ev.choices) });
    expect(r.ops.map((o) => o.actor)).toEqual(['other', 'admin']);
  });
});
