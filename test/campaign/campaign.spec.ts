// The campaign loop returns its result as data; stop, progress and pause are hooks its caller owns.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/cli/io.js';
import { findProfile } from '../../src/profiles/index.js';
import { runCampaign, type CampaignInput } from '../../src/campaign/campaign.js';

const file = (n: string): string => `corpus/scenarios/${n}.json`;
const scenarios = ['h01-new-id-captures-hot-added-twin', 'h06-driverctl-unbind-window'].map((n) => ({
  file: file(n),
  s: loadScenario(file(n)),
}));
const cand = (n: string) => ({ label: n, profile: findProfile(n)! });
const input: CampaignInput = {
  scenarios,
  candidates: [cand('5.14'), cand('6.1')],
  baseline: cand('5.14'),
  maxExecutions: 100_000,
  properties: [],
};

describe('runCampaign', () => {
  it('explores every scenario x row and returns the findings, each with its execution and token', async () => {
    const progress: string[] = [];
    let pauses = 0;
    const r = await runCampaign(input, {
      onJob: (n, total, what) => progress.push(`${n}/${total} ${what}`),
      pause: async () => void pauses++,
    });
    expect(progress).toEqual([
      '1/4 h01-new-id-captures-hot-added-twin @ 5.14',
      '2/4 h01-new-id-captures-hot-added-twin @ 6.1',
      '3/4 h06-driverctl-unbind-window @ 5.14',
      '4/4 h06-driverctl-unbind-window @ 6.1',
    ]);
    expect(pauses).toBe(4);
    expect(r).toMatchObject({ rows: ['5.14', '6.1'], scenarios: 2, skipped: 0, incomplete: 0, stopped: false });
    expect(r.findings.map((f) => `${f.scenario.slice(0, 3)} ${f.profile} ${f.property}`)).toEqual(
      expect.arrayContaining(['h01 6.1 deterministic', 'h06 6.1 intent']),
    );
    for (const f of r.findings) expect(f.run.choices).toEqual(f.choices);
  }, 60_000);

  it('a stop ends it between jobs: what ran is kept, the rest is counted as skipped', async () => {
    let asked = 0;
    const r = await runCampaign(input, { shouldStop: () => ++asked > 1 });
    expect(r.ran).toEqual([{ file: file('h01-new-id-captures-hot-added-twin'), row: '5.14' }]);
    expect(r).toMatchObject({ skipped: 3, stopped: true });
    expect(r.findings.every((f) => f.profile === '5.14' && f.scenario.startsWith('h01'))).toBe(true);
  }, 60_000);
});
