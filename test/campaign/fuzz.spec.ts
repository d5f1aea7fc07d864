// Schedule fuzzing: finds the races, shrinks toward FIFO, and is a pure function of its seed.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fuzzScenario } from '../../src/campaign/fuzz.js';
import { bootScenario, runBooted } from '../../src/exec/run.js';
import { replayScheduler } from '../../src/scheduler/basic.js';
import { explore } from '../../src/explore/dpor.js';
import { parseScenario } from '../../src/scenario/load.js';
import { findDriver } from '../../src/model/catalogue/index.js';
import { findProfile } from '../../src/profiles/index.js';
import { checkExecution, contextFor } from '../../properties/index.js';
import { A, admin, nic, scenario } from '../helpers.js';

const load = (name: string) =>
  parseScenario(readFileSync(`corpus/scenarios/${name}.json`, 'utf8'), name, (n) => findDriver(n) !== undefined);
const booted = (name: string, profile = '6.1') => bootScenario(load(name), findProfile(profile)!);
const summary = (r: ReturnType<typeof fuzzScenario>) =>
  r.findings.map((f) => [f.property, f.message, f.atRun, f.run.choices.join(',')]);

describe('fuzzScenario', () => {
  it.each(['fc', 'random', 'pct'] as const)(
    "%s finds H6's silent wrong driver and every finding replays to its violation",
    (scheduler) => {
      const b = booted('h06-driverctl-unbind-window');
      const r = fuzzScenario(b, { scheduler, seed: 's1', runs: 2000, depth: 2 });
      expect(r.findings.map((f) => f.property)).toEqual(
        expect.arrayContaining(['deterministic', 'intent', 'error-visible']),
      );
      for (const f of r.findings.filter((x) => x.property !== 'deterministic')) {
        const again = runBooted(b, { scheduler: replayScheduler(f.run.choices) });
        expect(
          checkExecution(b.scenario, again, contextFor(b)).some(
            (v) => v.property === f.property && v.message === f.message,
          ),
        ).toBe(true);
      }
    },
  );

  it('fuzzes without the trace notes, but every finding holds its execution with them, as a replay shows it', () => {
    const b = booted('h06-driverctl-unbind-window');
    const r = fuzzScenario(b, { scheduler: 'random', seed: 's1', runs: 300, depth: 2 });
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) {
      const shown = runBooted(b, { scheduler: replayScheduler(f.run.choices) });
      expect(f.run.trace.map((e) => e.notes)).toEqual(shown.trace.map((e) => e.notes));
      expect(f.run.trace.some((e) => e.notes.length > 0)).toBe(true);
    }
    const bare = runBooted(b, { scheduler: replayScheduler(r.findings[0].run.choices), notes: false });
    expect(bare.trace.every((e) => e.notes.length === 0)).toBe(true);
    expect(bare.bindings).toEqual(r.findings[0].run.bindings);
  });

  it('is a pure function of the seed: same seed, same findings; another seed, another search', () => {
    const b = booted('h18-two-tools-two-twins');
    const one = fuzzScenario(b, { scheduler: 'fc', seed: 'x', runs: 500, depth: 2 });
    expect(
      summary(fuzzScenario(booted('h18-two-tools-two-twins'), { scheduler: 'fc', seed: 'x', runs: 500, depth: 2 })),
    ).toEqual(summary(one));
    expect(summary(fuzzScenario(b, { scheduler: 'fc', seed: 'y', runs: 500, depth: 2 }))).not.toEqual(summary(one));
  });

  it("fc shrinks toward FIFO: H6's counterexample switches thread only where the race needs it", () => {
    const r = fuzzScenario(booted('h06-driverctl-unbind-window'), {
      scheduler: 'fc',
      seed: 's1',
      runs: 2000,
      depth: 2,
    });
    const f = r.findings.find((x) => x.property === 'intent')!;
    // The minimal schedule (explore's witness of the e1000e outcome): driverctl up to its unbind, then the
    // other tool's steps, then driverctl. The shrunk one is within one context switch of it.
    const b = booted('h06-driverctl-unbind-window');
    const witness = explore(b).outcomes.find((o) => o.result.bindings[A] === 'e1000e')!.result.choices;
    const switches = (c: readonly number[]) => c.filter((x) => x !== 0).length;
    expect(Math.abs(switches(f.run.choices) - switches(witness))).toBeLessThanOrEqual(1);
    expect(f.run.bindings[A]).toBe('e1000e');
  });

  it('stops on the budget and when asked to', () => {
    const b = booted('h01-new-id-captures-hot-added-twin');
    expect(fuzzScenario(b, { scheduler: 'random', seed: 's', runs: 37, depth: 2 }).runs).toBe(37);
    let n = 0;
    const r = fuzzScenario(b, { scheduler: 'random', seed: 's', runs: 1000, depth: 2, shouldStop: () => ++n > 10 });
    expect(r.stopped).toBe(true);
    expect(r.runs).toBeLessThanOrEqual(11);
  });

  it('a single actor has one outcome and no finding', () => {
    const b = bootScenario(
      scenario({
        drivers: ['e1000e', 'vfio-pci'],
        devices: [nic(A)],
        actors: [admin([{ recipe: 'libvirt detach', bdf: A }], { [A]: 'vfio-pci' })],
      }),
      findProfile('6.1')!,
    );
    const r = fuzzScenario(b, { scheduler: 'fc', seed: 'z', runs: 200, depth: 2 });
    expect(r.findings).toEqual([]);
    expect(r.outcomes).toBe(1);
  });
});
