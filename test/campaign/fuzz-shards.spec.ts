// Random and PCT jobs cut into run ranges for worker threads: the merged result is the one search, finding for
// finding (tokens, first executions, `deterministic` and its other outcome, order), whatever the cut or the order
// the shards finish in.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/cli/io.js';
import { findProfile } from '../../src/profiles/index.js';
import { fuzzCampaign, type Executor, type FuzzCampaignInput } from '../../src/campaign/fuzz-campaign.js';
import { runJob, shardSpecs, type JobResult } from '../../src/campaign/fuzz-job.js';
import type { FuzzScheduler } from '../../src/campaign/fuzz.js';

const files = ['h01-new-id-captures-hot-added-twin', 'h06-driverctl-unbind-window', 'h18-two-tools-two-twins'];
const input = (scheduler: FuzzScheduler, runs: number, profiles = ['6.1']): FuzzCampaignInput => ({
  jobs: files.flatMap((f) => {
    const file = `corpus/scenarios/${f}.json`;
    return profiles.map((p) => ({ file, s: loadScenario(file), profile: findProfile(p)! }));
  }),
  options: { seed: 'shards', scheduler, runs, depth: 2 },
  policy: null,
  properties: [],
});

/** Runs the shards in this thread, last first: the merge must not depend on the order results arrive in. */
function reversed(i: FuzzCampaignInput, workers: number): Executor {
  return {
    workers,
    run: async (specs, done) => {
      const results: JobResult[] = specs.map((spec) => {
        const j = i.jobs[spec.index];
        return runJob(j.s, spec, i.options, undefined, [], () => false);
      });
      for (const r of results.reverse()) done(r);
    },
  };
}

const summary = (r: Awaited<ReturnType<typeof fuzzCampaign>>) => ({
  runs: r.runs,
  ran: r.ran.map((j) => `${j.file} ${j.profile.name}`),
  findings: r.findings.map((f) => [f.job.s.name, f.property, f.message, f.atRun, f.token, f.versus?.token ?? '-']),
});

describe('sharded random and PCT jobs', () => {
  it('cuts a few jobs into run ranges that cover each job once, and leaves fc jobs whole', () => {
    const specs = [0, 1].map((index) => ({ index, file: 'x', profile: '6.1' }));
    const cut = shardSpecs(specs, { seed: '1', scheduler: 'random', runs: 1000, depth: 2 }, 2);
    expect(cut.map((s) => [s.index, s.shard?.from, s.shard?.to])).toEqual([
      [0, 0, 250],
      [0, 250, 500],
      [0, 500, 750],
      [0, 750, 1000],
      [1, 0, 250],
      [1, 250, 500],
      [1, 500, 750],
      [1, 750, 1000],
    ]);
    expect(shardSpecs(specs, { seed: '1', scheduler: 'fc', runs: 1000, depth: 2 }, 2)).toEqual(specs);
    expect(shardSpecs(specs, { seed: '1', scheduler: 'pct', runs: 300, depth: 2 }, 2)).toHaveLength(2); // too few runs
  });

  for (const scheduler of ['random', 'pct'] as const)
    it(`${scheduler}: the merged shards give exactly the unsharded search's findings`, async () => {
      const i = input(scheduler, 1500, ['6.1', '3.16']);
      const one = summary(await fuzzCampaign(i));
      expect(one.findings.some((f) => f[1] === 'deterministic')).toBe(true);
      expect(new Set(one.findings.map((f) => f[1])).size).toBeGreaterThan(2);
      for (const workers of [2, 3]) {
        const cut = shardSpecs(
          i.jobs.map((j, index) => ({ index, file: j.file, profile: j.profile.name })),
          i.options,
          workers,
        );
        expect(cut.length).toBeGreaterThan(i.jobs.length); // really cut
        expect(summary(await fuzzCampaign(i, { executor: reversed(i, workers) }))).toEqual(one);
      }
    }, 120_000);
});
