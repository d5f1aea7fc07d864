// The model keeps the facts design §8 reports from a real 6.1 kernel (`oracle --facts` re-checks them there).
import { describe, expect, it } from 'vitest';
import { FACTS, broken } from '../../../src/cli/oracle/facts.js';
import { modelSide, plan } from '../../../src/cli/oracle/differential.js';
import { parseScenario } from '../../../src/scenario/load.js';
import { findDriver } from '../../../src/model/catalogue/index.js';

const scenario = (f: (typeof FACTS)[number]) =>
  parseScenario(JSON.stringify(f.scenario), `${f.id}.json`, (n) => findDriver(n) !== undefined);

describe('design §8 facts', () => {
  it.each(FACTS.map((f) => [f.id, f] as const))('%s: the 6.1 model keeps it', (_, f) => {
    expect(broken(f, modelSide(scenario(f), '6.1'))).toBeNull();
  });

  it.each(FACTS.map((f) => [f.id, f] as const))('%s: the guest can run it', (_, f) => {
    expect(plan(scenario(f))).not.toHaveProperty('reason');
  });

  it('a side that breaks a fact is named: the op or the device', () => {
    const f = FACTS.find((x) => x.id === 'new-id-in-static-table')!;
    expect(broken(f, { ops: ['ok'], bindings: {} })).toBe('op 1 returned ok, the fact says -EEXIST');
    expect(broken(f, { ops: ['-EEXIST'], bindings: { '0000:01:00.0': 'e1000e', '0000:02:00.0': null } })).toBe(
      '0000:02:00.0 is unbound, the fact says e1000e',
    );
  });
});
