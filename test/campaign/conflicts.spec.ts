// A finding's fingerprint is its racing steps (design §6), not its message: identical bugs from different seeds
// collapse, different races stay apart, and corpus entries written before keep loading.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/cli/io.js';
import { bootScenario, runBooted } from '../../src/exec/run.js';
import { findProfile } from '../../src/profiles/index.js';
import { racingSteps } from '../../src/campaign/conflicts.js';
import { corpusEntry } from '../../src/campaign/finding.js';
import { fuzzCampaign } from '../../src/campaign/fuzz-campaign.js';
import { fuzzScenario } from '../../src/campaign/fuzz.js';
import { replayScheduler } from '../../src/scheduler/basic.js';
import { tokenFor } from '../../src/campaign/tokens.js';
import { main } from '../../src/cli/program.js';
import { captureOutput, io } from '../cli/capture.js';

captureOutput();

const H1 = 'corpus/scenarios/h01-new-id-captures-hot-added-twin.json';
const H6 = 'corpus/scenarios/h06-driverctl-unbind-window.json';
const H16 = 'corpus/scenarios/h16-hot-add-window-before-override.json';
const P61 = findProfile('6.1')!;

async function fingerprints(file: string, seed: string): Promise<Map<string, string[]>> {
  const s = loadScenario(file);
  const r = await fuzzCampaign({
    jobs: [{ file, s, profile: P61 }],
    options: { seed, scheduler: 'fc', runs: 800, depth: 2 },
    policy: null,
    properties: [],
  });
  const m = new Map<string, string[]>();
  for (const f of r.findings) m.set(f.property, [...(m.get(f.property) ?? []), f.entry.fingerprint]);
  return m;
}

function entryOf(file: string, choices: readonly number[], message: string) {
  const s = loadScenario(file);
  const b = bootScenario(s, P61);
  const run = runBooted(b, { scheduler: replayScheduler(choices) });
  return corpusEntry({
    s,
    b,
    scenarioFile: file,
    profile: '6.1',
    policy: 'mainline',
    property: 'intent',
    message,
    step: null,
    token: tokenFor(s, P61, choices),
    run,
    found: { scheduler: 'test', seed: '-', atRun: 0 },
  });
}

describe('fingerprints', () => {
  it("two different seeds' findings of H1 collapse to one fingerprint per property", async () => {
    const one = await fingerprints(H1, '1');
    const two = await fingerprints(H1, '2');
    expect([...one.keys()].sort()).toEqual(['deterministic', 'no-collateral']);
    expect(two).toEqual(one);
  }, 60_000);

  it('the message is not part of it: the same execution worded twice is one bug', () => {
    const s = loadScenario(H6);
    const b = bootScenario(s, P61);
    const f = fuzzScenario(b, { scheduler: 'fc', seed: '1', runs: 800, depth: 2 }).findings.find(
      (x) => x.property === 'intent',
    )!;
    const a = entryOf(H6, f.run.choices, f.message);
    const c = entryOf(H6, f.run.choices, `${f.message} (worded differently)`);
    expect(c.fingerprint).toBe(a.fingerprint);
  }, 60_000);

  it('a different race is a different bug, even with the same property, message and bindings', () => {
    // H16: the udev worker's driver_override write loses to the hot-add probe. Letting the worker open the
    // file before pci_bus_add_device is another interleaving of the same loss, with its own racing steps.
    const msg = 'admin wanted 0000:02:00.0 on vfio-pci; it ended bound to e1000e, and every op of admin succeeded';
    const early = entryOf(H16, [1, 0, 0], msg);
    const late = entryOf(H16, [0, 0, 0, 1], msg);
    expect(early.bindings).toEqual(late.bindings);
    expect(early.fingerprint).not.toBe(late.fingerprint);
  }, 60_000);

  it("H6's racing steps are the hazard's: driverctl's unbind, then the other tool's probe wins", () => {
    const s = loadScenario(H6);
    const b = bootScenario(s, P61);
    expect(racingSteps(b, [])).toEqual([]); // the FIFO run races nothing
    const f = fuzzScenario(b, { scheduler: 'fc', seed: '1', runs: 800, depth: 2 }).findings.find(
      (x) => x.property === 'intent',
    )!;
    expect(racingSteps(b, f.run.choices)).toEqual(
      expect.arrayContaining([
        'driverctl:device_release_driver(0000:01:00.0)',
        'other-tool:driver_probe_device(0000:01:00.0 -> e1000e)',
        'driverctl:driver_override_store(0000:01:00.0)',
      ]),
    );
  }, 60_000);

  it('a corpus entry written with the old fingerprint still loads, replays and is checked', async () => {
    const s = loadScenario(H6);
    const b = bootScenario(s, P61);
    const f = fuzzScenario(b, { scheduler: 'fc', seed: '1', runs: 800, depth: 2 }).findings.find(
      (x) => x.property === 'intent',
    )!;
    const dir = mkdtempSync(join(tmpdir(), 'hf-old-'));
    const old = { ...entryOf(H6, f.run.choices, f.message), fingerprint: '0123456789ab' };
    const file = join(dir, 'intent-6.1-0123456789ab.json');
    writeFileSync(file, JSON.stringify(old, null, 2));
    expect(await main(['replay', file])).toBe(1);
    io.stdout = '';
    expect(await main(['corpus', 'check', dir, '--json'])).toBe(1);
    expect(JSON.parse(io.stdout).entries.map((e: { verdict: string }) => e.verdict)).toEqual(['still failing']);
  }, 60_000);
});
