// Opt-in (npm run check:dpor): thousands of random scenarios with intents, explore vs brute force: the same
// outcome set, and the same (property, outcome) violations with every property checked on every execution.
import { expect, it } from 'vitest';
import { fc } from '@fast-check/vitest';
import { bootScenario } from '../src/exec/run.js';
import { checkExplored } from '../src/explore/check.js';
import { contextFor } from '../properties/index.js';
import { findProfile } from '../src/profiles/index.js';
import { smallScenarioWithIntents } from '../test/explore/arbitrary.js';
import { bruteChecked, violationKeys } from '../test/explore/compare.js';

const PROFILES = ['3.16', '5.10', '5.14', '6.1', 'rfc-09of11', '7.1'];

for (const seed of [5, 11, 99]) {
  it(`explore = brute force on 2000 random scenarios (seed ${seed}): outcomes and violations`, () => {
    let compared = 0;
    let racy = 0;
    let violated = 0;
    let bruteExecutions = 0;
    let dporExecutions = 0;
    fc.assert(
      fc.property(smallScenarioWithIntents, (s) => {
        const b = bootScenario(s, findProfile(PROFILES[(s.actors.length + s.devices.length) % PROFILES.length])!);
        const brute = bruteChecked(b, 50_000);
        if (!brute.complete) return;
        const dpor = checkExplored(b, contextFor(b));
        compared++;
        racy += brute.outcomes.length > 1 ? 1 : 0;
        violated += brute.violations.length > 0 ? 1 : 0;
        bruteExecutions += brute.executions;
        dporExecutions += dpor.executions;
        expect(dpor.outcomes.map((o) => o.key).sort()).toEqual(brute.outcomes.map((o) => o.key).sort());
        expect(violationKeys(dpor)).toEqual(violationKeys(brute));
      }),
      { numRuns: 2000, seed },
    );
    console.log(
      `seed ${seed}: ${compared} scenarios compared, ${racy} with several outcomes, ${violated} with violations; ` +
        `executions brute ${bruteExecutions} vs explore ${dporExecutions}`,
    );
  }, 7_200_000); // tens of minutes a seed on a loaded 2-core machine: every brute-force execution is checked
}
