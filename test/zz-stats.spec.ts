import { it } from 'vitest';
import { fc } from '@fast-check/vitest';
import { bootScenario } from '../src/exec/run.js';
import { explore } from '../src/explore/dpor.js';
import { bruteForce } from '../src/explore/brute.js';
import { findProfile } from '../src/profiles/index.js';
import { smallScenario } from './explore/arbitrary.js';
for (const seed of [99, 5, 11]) it('stats ' + seed, () => {
  let n = 0, bx = 0, dx = 0, multi = 0;
  fc.assert(fc.property(smallScenario, (s) => {
    const b = bootScenario(s, findProfile(['3.16','5.10','5.14','6.1','rfc-09of11','7.1'][(s.actors.length + s.devices.length) % 6])!);
    const brute = bruteForce(b, 50000);
    if (!brute.complete) return;
    const d = explore(b);
    n++; bx += brute.executions; dx += d.executions; if (brute.outcomes.length > 1) multi++;
    const a = JSON.stringify(d.outcomes.map(o=>o.key).sort()), c = JSON.stringify(brute.outcomes.map(o=>o.key).sort());
    if (a !== c) { console.log(JSON.stringify(s.actors.map(a=>a.ops))); throw new Error('mismatch'); }
  }), { numRuns: 2000, seed });
  console.log({ seed, n, multi, bx, dx });
}, 900000);
