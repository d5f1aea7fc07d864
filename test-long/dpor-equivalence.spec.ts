// Opt-in (npm run check:dpor): thousands of random scenarios, explore's outcome set vs brute force.
import { expect, it } from 'vitest';
import { fc } from '@fast-check/vitest';
import { bootScenario } from '../src/exec/run.js';
import { explore } from '../src/explore/dpor.js';
import { bruteForce } from '../src/explore/brute.js';
import { findProfile } from '../src/profiles/index.js';
import { smallScenario } from '../test/explore/arbitrary.js';

const PROFILES = ['3.16', '5.10', '5.14', '6.1', 'rfc-09of11', '7.1'];

for (const seed of [5, 11, 99]) {
  it(`explore = brute force on 2000 random scenarios (seed ${seed})`, () => {
    let compared = 0;
    let racy = 0;
    let bruteExecutions = 0;
    let dporExecutions = 0;
    fc.assert(
      fc.property(smallScenario, (s) => {
        const b = bootScenario(s, findProfile(PROFILES[(s.actors.length + s.devices.length) % PROFILES.length])!);
        const brute = bruteForce(b, 50_000);
        if (!brute.complete) return;
        const dpor = explore(b);
        compared++;
        racy += brute.outcomes.length > 1 ? 1 : 0;
        bruteExecutions += brute.executions;
        dporExecutions += dpor.executions;
        expect(dpor.outcomes.map((o) => o.key).sort()).toEqual(brute.outcomes.map((o) => o.key).sort());
      }),
      { numRuns: 2000, seed },
    );
    console.log(
      `seed ${seed}: ${compared} scenarios compared, ${racy} with several outcomes; executions brute ${bruteExecutions} vs explore ${dporExecutions}`,
    );
  }, 1_800_000);
}
