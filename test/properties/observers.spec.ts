// The built-in properties as observers (one shared pass) give exactly the violations the old per-property
// trace walks gave (test/properties/legacy.ts), in the same order, over the corpus x every profile x seeded
// random schedules.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../src/scenario/load.js';
import { findDriver } from '../../src/model/catalogue/index.js';
import { PROFILES } from '../../src/profiles/index.js';
import { bootScenario, runBooted } from '../../src/exec/run.js';
import { randomScheduler } from '../../src/scheduler/basic.js';
import { child } from '../../src/prng/index.js';
import { checkExecution, contextFor, EXECUTION_PROPERTIES } from '../../properties/index.js';
import { legacyCheck } from './legacy.js';

const DIR = join(__dirname, '../../corpus/scenarios');
const SCHEDULES = 12;

describe('properties as observers', () => {
  it('give the old checks’ violations on the corpus x every profile x seeded random schedules', () => {
    const seen = new Set<string>();
    let runs = 0;
    for (const f of readdirSync(DIR)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const s = parseScenario(readFileSync(join(DIR, f), 'utf8'), f, (n) => findDriver(n) !== undefined);
      for (const p of PROFILES) {
        const b = bootScenario(s, p);
        const ctx = contextFor(b);
        for (let i = 0; i <= SCHEDULES; i++) {
          const r = runBooted(b, i === 0 ? {} : { scheduler: randomScheduler(child(`${f}/${p.name}`, `${i}`)) });
          const now = checkExecution(s, r, ctx);
          expect(now, `${f} ${p.name} schedule ${i}`).toEqual(legacyCheck(s, r, ctx));
          for (const v of now) seen.add(v.property);
          runs++;
        }
      }
    }
    // Not vacuous: the corpus violates most built-in properties somewhere.
    expect(runs).toBeGreaterThan(2000);
    for (const p of ['intent', 'no-collateral', 'error-visible', 'override-in-table']) expect(seen).toContain(p);
  });

  it('each property’s check() alone gives its share of the shared pass', () => {
    const s = parseScenario(
      readFileSync(join(DIR, 'h07-override-to-unloaded-driver.json'), 'utf8'),
      'h07',
      (n) => findDriver(n) !== undefined,
    );
    const b = bootScenario(
      s,
      PROFILES.find((p) => p.name === '6.1')!,
    );
    const r = runBooted(b);
    const ctx = contextFor(b);
    expect(EXECUTION_PROPERTIES.flatMap((p) => p.check(s, r, ctx))).toEqual(checkExecution(s, r, ctx));
    expect(checkExecution(s, r, ctx).map((v) => v.property)).toEqual(['intent', 'error-visible']);
  });
});
