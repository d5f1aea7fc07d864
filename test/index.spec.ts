// The library API as a user imports it.
import { describe, expect, it } from 'vitest';
import { explore, fuzz, loadScenario, parseScenario, replay, run, UserError } from '../src/index.js';

const H6 = 'corpus/scenarios/h06-driverctl-unbind-window.json';

describe("import { loadScenario, run, explore, fuzz, replay } from 'hotplug-fuzz'", () => {
  it('run is FIFO by default; explore finds both outcomes; each witness replays to its bindings', () => {
    const s = loadScenario(H6);
    expect(run(s).bindings).toEqual({ '0000:01:00.0': 'vfio-pci' });
    const x = explore(s, { kernel: '6.1' });
    expect(x.outcomes.map((o) => o.bindings['0000:01:00.0']).sort()).toEqual(['e1000e', 'vfio-pci']);
    for (const o of x.outcomes) expect(replay(o.witness, s).bindings).toEqual(o.bindings);
    expect(x.violations.map((v) => v.property)).toEqual(['deterministic']);
  });

  it('fuzz returns findings whose tokens replay to the violation', () => {
    const s = loadScenario(H6);
    const f = fuzz(s, { seed: 'lib', runs: 1500 });
    const hit = f.findings.find((x) => x.property === 'intent')!;
    expect(replay(hit.token, s).violations.map((v) => v.property)).toContain('intent');
    expect(run(s, { schedule: hit.token }).bindings['0000:01:00.0']).toBe('e1000e');
  });

  it('bad input is a UserError naming the file and field; a token for another scenario is refused', () => {
    expect(() => parseScenario('{"scenario": 2}', 'x.json')).toThrow(UserError);
    expect(() => parseScenario('{"scenario": 2}', 'x.json')).toThrow(/^x\.json: /);
    const other = parseScenario(JSON.stringify({ scenario: 1, name: 'o', actors: [] }));
    const token = explore(loadScenario(H6)).outcomes[0].witness;
    expect(() => replay(token, other)).toThrow(/another scenario/);
    expect(() => run(other, { kernel: '9.9' })).toThrow(/unknown kernel profile "9.9"/);
  });
});
