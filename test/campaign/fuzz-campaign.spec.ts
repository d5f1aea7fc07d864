// The fuzz loop as data: it yields between rounds (the CLI lets Ctrl-C in there), a stop inside a job keeps
// what that job found, and pausing changes nothing in the result.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/cli/io.js';
import { findProfile } from '../../src/profiles/index.js';
import { fuzzCampaign, type FuzzCampaignInput } from '../../src/campaign/fuzz-campaign.js';

const H6 = 'corpus/scenarios/h06-driverctl-unbind-window.json';
const input = (runs: number): FuzzCampaignInput => ({
  jobs: [{ file: H6, s: loadScenario(H6), profile: findProfile('6.1')! }],
  options: { seed: '1', scheduler: 'fc', runs, depth: 2 },
  policy: null,
  properties: [],
});
const summary = (r: Awaited<ReturnType<typeof fuzzCampaign>>) =>
  r.findings.map((f) => `${f.property} ${f.token} ${f.entry.fingerprint}`);

describe('fuzzCampaign', () => {
  it('pauses between rounds of executions, and the pauses change nothing in the result', async () => {
    let pauses = 0;
    const paused = await fuzzCampaign(input(800), { pause: async () => void pauses++ });
    expect(pauses).toBeGreaterThan(1); // a round: at most 100 new executions, plus the shrinking of a failure
    expect(summary(paused)).toEqual(summary(await fuzzCampaign(input(800))));
    expect(paused.runs).toBe(800);
  }, 60_000);

  it('a stop inside a long job ends it at the next round and keeps its findings', async () => {
    let pauses = 0;
    const r = await fuzzCampaign(input(1_000_000), { pause: async () => void pauses++, shouldStop: () => pauses >= 8 });
    expect(r.runs).toBeLessThan(1_000_000);
    expect(r.ran).toHaveLength(1);
    expect(r.findings.map((f) => f.property)).toEqual(expect.arrayContaining(['intent', 'deterministic']));
  }, 60_000);
});
