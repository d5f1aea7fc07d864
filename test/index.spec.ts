// The library API as a user imports it.
import { describe, expect, it } from 'vitest';
import { explore, fuzz, loadScenario, parseScenario, PROFILES, replay, run, UserError } from '../src/index.js';

const H6 = 'corpus/scenarios/h06-driverctl-unbind-window.json';

describe("import { loadScenario, run, explore, fuzz, replay } from 'hotplug-fuzz'", () => {
  it('run is FIFO by default; explore finds both outcomes and checks every property; each witness replays', () => {
    const s = loadScenario(H6);
    expect(run(s).bindings).toEqual({ '0000:01:00.0': 'vfio-pci' });
    const x = explore(s, { kernel: '6.1' });
    expect(x.outcomes.map((o) => o.bindings['0000:01:00.0']).sort()).toEqual(['e1000e', 'vfio-pci']);
    for (const o of x.outcomes) expect(replay(o.witness, s).bindings).toEqual(o.bindings);
    // Every property on every execution: driverctl's silent wrong driver shows in the e1000e outcome.
    expect(x.violations.map((v) => v.property)).toEqual(['deterministic', 'intent', 'error-visible']);
    const lost = x.outcomes.findIndex((o) => o.bindings['0000:01:00.0'] === 'e1000e');
    for (const v of x.violations.slice(1)) {
      expect(v.outcome).toBe(lost);
      expect(replay(v.token, s).violations.map((w) => w.property)).toContain(v.property);
    }
    const det = x.violations[0];
    expect(new Set([det.outcome, det.versus!.outcome])).toEqual(new Set([0, 1]));
    expect(replay(det.versus!.token, s).bindings).toEqual(x.outcomes[det.versus!.outcome].bindings);
  });

  it('fuzz returns findings whose tokens replay to the violation', () => {
    const s = loadScenario(H6);
    const f = fuzz(s, { seed: 'lib', runs: 1500 });
    const hit = f.findings.find((x) => x.property === 'intent')!;
    expect(replay(hit.token, s).violations.map((v) => v.property)).toContain('intent');
    expect(run(s, { schedule: hit.token }).bindings['0000:01:00.0']).toBe('e1000e');
    const det = f.findings.find((x) => x.property === 'deterministic')!;
    expect(replay(det.versus!, s).bindings).not.toEqual(replay(det.token, s).bindings);
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

describe("kernel: a profile name or 'all'", () => {
  it("'all' runs every profile (one report each, in table order), as the CLI's -k all does", () => {
    const s = loadScenario(H6);
    const all = run(s, { kernel: 'all' });
    expect(all.map((r) => r.profile)).toEqual(PROFILES.map((p) => p.name));
    expect(all.find((r) => r.profile === '6.1')!.bindings).toEqual(run(s, { kernel: '6.1' }).bindings);
    const xs = explore(s, { kernel: 'all' });
    expect(xs).toHaveLength(PROFILES.length);
    expect(xs.every((x) => x.complete)).toBe(true);
  });

  it('an unknown profile lists the known ones', () => {
    const s = loadScenario(H6);
    expect(() => run(s, { kernel: '9.9' as 'all' })).toThrow(
      `kernel: unknown kernel profile "9.9" (known: ${PROFILES.map((p) => p.name).join(', ')}, or all)`,
    );
  });
});

describe('one scenario loader', () => {
  it("the library's loadScenario is the CLI's, and both refuse a scenario naming an unknown profile or policy", async () => {
    const cli = await import('../src/cli/io.js');
    expect(loadScenario).toBe(cli.loadScenario);
    const src = (o: object): string => JSON.stringify({ scenario: 1, name: 'x', actors: [], ...o });
    expect(() => parseScenario(src({ kernel: '9.9' }), 'x.json')).toThrow(
      /^x\.json: kernel: unknown kernel profile "9\.9" \(known: 3\.15,/,
    );
    expect(() => parseScenario(src({ policy: 'mine' }), 'x.json')).toThrow(/^x\.json: policy: unknown policy "mine"/);
    expect(() => loadScenario('nope.json')).toThrow(/^nope\.json: no such file$/);
  });
});
