// Exploration as a step generator (dpor.ts exploreSteps): it yields between rounds of executions so the CLI can let
// Ctrl-C in; the yields change nothing in the result, and a stop asked after a yield ends it there with what it has.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../src/exec/run.js';
import { explore, exploreSteps, EXPLORE_CHUNK, type ExploreResult } from '../../src/explore/dpor.js';
import { checkExplored, checkSteps } from '../../src/explore/check.js';
import { contextFor } from '../../properties/index.js';
import { findProfile } from '../../src/profiles/index.js';
import { loadScenario } from '../../src/cli/io.js';
import { drive } from '../../src/util/steps.js';
import { runCampaign } from '../../src/campaign/campaign.js';

// 182 executions under 6.1: three rounds and a bit.
const FILE = 'corpus/scenarios/h17-host-module-load-in-tool-window.json';
const s = loadScenario(FILE);
const boot = () => bootScenario(s, findProfile('6.1')!);

const summary = (x: ExploreResult) => ({
  complete: x.complete,
  executions: x.executions,
  sleepBlocked: x.sleepBlocked,
  lockOrder: x.lockOrder,
  outcomes: x.outcomes.map((o) => [o.key, o.count, o.result.choices.join(',')]),
});

/** Drives `g` as the CLI does, counting the pauses; `stopAfter` pauses, shouldStop says true. */
function counted(stopAfter = Infinity) {
  let pauses = 0;
  return {
    pause: async () => void pauses++,
    shouldStop: () => pauses >= stopAfter,
    pauses: () => pauses,
  };
}

describe('exploreSteps', () => {
  it('driven with pauses and a stop never asked true, gives what explore gives', async () => {
    const whole = explore(boot());
    expect(whole.complete).toBe(true);
    expect(whole.executions + whole.sleepBlocked).toBeGreaterThan(3 * EXPLORE_CHUNK);
    const h = counted();
    const driven = await drive(exploreSteps(boot(), { shouldStop: h.shouldStop }), h.pause);
    expect(summary(driven)).toEqual(summary(whole));
    expect(h.pauses()).toBe(Math.floor((whole.executions + whole.sleepBlocked) / EXPLORE_CHUNK));
    const b = boot();
    const checked = checkExplored(b, contextFor(b));
    const b2 = boot();
    const steps = await drive(checkSteps(b2, contextFor(b2), { shouldStop: h.shouldStop }), h.pause);
    expect(steps.violations.map((v) => [v.property, v.message, v.outcome, v.choices.join(',')])).toEqual(
      checked.violations.map((v) => [v.property, v.message, v.outcome, v.choices.join(',')]),
    );
  });

  it('a stop after k rounds ends it there, incomplete, with the outcomes found so far', async () => {
    const whole = explore(boot());
    const h = counted(2);
    const cut = await drive(exploreSteps(boot(), { shouldStop: h.shouldStop }), h.pause);
    expect(cut.complete).toBe(false);
    expect(cut.executions + cut.sleepBlocked).toBe(2 * EXPLORE_CHUNK);
    // The same search, cut short: its outcomes are the first ones the whole search finds, with no more runs each.
    const firstOf = new Map(whole.outcomes.map((o) => [o.key, o]));
    expect(cut.outcomes.map((o) => o.key)).toEqual(whole.outcomes.slice(0, cut.outcomes.length).map((o) => o.key));
    for (const o of cut.outcomes) {
      expect(o.count).toBeLessThanOrEqual(firstOf.get(o.key)!.count);
      expect(o.result.choices).toEqual(firstOf.get(o.key)!.result.choices);
    }
  });
});

describe('runCampaign stopped inside an exploration', () => {
  it('keeps the findings so far, counts it stopped (not as hitting maxExecutions)', async () => {
    const cand = { label: '6.1', profile: findProfile('6.1')! };
    const input = { scenarios: [{ file: FILE, s }], candidates: [cand], baseline: cand, maxExecutions: 100_000 };
    const whole = await runCampaign({ ...input, properties: [] });
    const h = counted(1);
    const cut = await runCampaign({ ...input, properties: [] }, h);
    expect(whole).toMatchObject({ stopped: false, incomplete: 0 });
    expect(cut).toMatchObject({ stopped: true, incomplete: 0, skipped: 0 });
    expect(cut.executions).toBeGreaterThan(0); // one round, then the stop
    expect(cut.executions).toBeLessThanOrEqual(EXPLORE_CHUNK);
    expect(cut.executions).toBeLessThan(whole.executions);
    const keys = (r: typeof whole) => r.findings.map((f) => `${f.property}: ${f.message}`);
    expect(keys(cut).length).toBeGreaterThan(0);
    for (const k of keys(cut)) expect(keys(whole)).toContain(k);
  });
});
