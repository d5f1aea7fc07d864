// The policy diff's comparison of what userspace sees (matrix --baseline P --candidate Q): the same schedules under
// two profiles, the first op result or final binding that differs. Checked against what Debian's real 5.10 and 6.1
// showed on the oracle's generated traces (oracle --baseline 5.10 --candidate 6.1 --generate 200 --seed 1).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oracleTraces } from '../../src/campaign/oracle-traces.js';
import { parseScenario } from '../../src/scenario/load.js';
import { findDriver } from '../../src/model/catalogue/index.js';
import { findProfile } from '../../src/profiles/index.js';
import { drain } from '../../src/util/steps.js';
import { resultDiffSteps, userView } from '../../src/campaign/result-diff.js';
import type { Candidate } from '../../src/campaign/check.js';
import { modelSide } from '../../src/oracle/compare.js';
import { firstDifference } from '../../src/oracle/entry.js';
import { runScenario } from '../../src/exec/run.js';
import { loadScenario, scenarioFiles } from '../../src/cli/io.js';

const FIXTURES = 'test/fixtures/kernel-difference';
const parse = (t: Record<string, unknown>) =>
  parseScenario(JSON.stringify(t), `${t.name as string}.json`, (x) => findDriver(x) !== undefined);
const cand = (name: string): Candidate => ({ label: name, profile: findProfile(name)! });
const traces = oracleTraces('1', 200).map(parse);
const differing = (scenarios: typeof traces, a: Candidate, b: Candidate) =>
  scenarios.flatMap((s) => {
    const d = drain(resultDiffSteps(s, a, b, 100_000));
    return d ? [{ s: s.name, d }] : [];
  });

describe('oracle --baseline 5.10 --candidate 6.1 --generate 200 --seed 1, predicted by the model', () => {
  // The real kernels (Debian 11's 5.10.0-46, Debian 12's 6.1.0-56) differed on traces 21 and 118, and nowhere else:
  // the entries the oracle saved (test/fixtures/kernel-difference), each "op N (unit): 5.10… "-ENODEV", 6.1… "-EBUSY"".
  const entries = readdirSync(FIXTURES)
    .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as { scenarioFile: string; message: string })
    .sort((a, b) => a.scenarioFile.localeCompare(b.scenarioFile, 'en', { numeric: true }));
  const real = ['oracle-1-21', 'oracle-1-118'];

  it('(the fixtures: the two differences the real kernels showed)', () => {
    expect(entries.map((e) => e.scenarioFile)).toEqual(real.map((n) => `${n}.json`));
  });

  it("the matrix's comparison finds exactly the kernels' two differences: bind of a bound device", () => {
    const found = differing(traces, cand('5.10'), cand('6.1'));
    expect(found.map((x) => x.s)).toEqual(real);
    for (const { d } of found) {
      expect(d).toMatchObject({
        baseline: { label: '5.10', result: '-ENODEV' },
        candidate: { label: '6.1', result: '-EBUSY' },
        schedules: 1,
        differing: 1,
      });
      expect(d.where).toMatch(/^op \d \(admin: write \/sys\/bus\/pci\/drivers\/e1000e\/bind "0000:0[12]:00\.0"\)$/);
    }
    // The same op as the real kernels' difference, the same two errnos.
    found.forEach(({ d }, i) => {
      expect(entries[i].message.startsWith(`${d.where}: `)).toBe(true);
      expect(entries[i].message).toMatch(/ "-ENODEV", 6\.1\.\S+ "-EBUSY"$/);
    });
  });

  it("so does the oracle's own prediction (the model's FIFO units under each profile)", () => {
    const predicted = traces.filter((s) => firstDifference(modelSide(s, '5.10'), modelSide(s, '6.1')) !== null);
    expect(predicted.map((s) => s.name)).toEqual(real);
  });
});

describe('two identical profiles', () => {
  const copy: Candidate = { label: '6.1-copy', profile: { ...findProfile('6.1')!, name: '6.1-copy' } };
  it('differ nowhere: not on the generated traces, not on the corpus scenarios under any schedule', () => {
    expect(differing(traces, cand('6.1'), copy)).toEqual([]);
    const corpus = scenarioFiles('corpus/scenarios').map((f) => loadScenario(f));
    expect(differing(corpus, cand('6.1'), copy)).toEqual([]);
  });
});

describe('userView', () => {
  it("lines ops up by actor and index (not completion order), each tool call and the tool's own result", () => {
    const s = loadScenario('corpus/scenarios/h08-dpdk-devbind-bind-after-override.json');
    const v = userView(s, runScenario(s, findProfile('5.14')!));
    const actors = s.actors.map((a) => a.name);
    const rank = (l: string): number => actors.indexOf(l.split(': ')[0]);
    const ranks = v.labels!.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(v.labels).toContain('dpdk-devbind: dpdk-devbind bind bdf=0000:01:00.0 driver=vfio-pci version=20.11');
    expect(v.labels!.some((l) => l.endsWith(': write /sys/bus/pci/drivers/e1000e/unbind'))).toBe(true);
    expect(v.ops).toHaveLength(v.labels!.length);
  });
});
