import { describe, expect, it } from 'vitest';
import { captureOutput, io } from './capture.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/program.js';

captureOutput();

const S = (n: string): string => `corpus/scenarios/${n}.json`;
const H11 = S('h11-rfc-breaks-pci-stub-override');
const H12 = S('h12-rfc-breaks-driverctl-arbitrary-override');
const H13A = S('h13a-rfc-new-id-eexist-for-vfio-pci');
const H14 = S('h14-rfc-new-id-still-a-hole');

function module(body: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'hf-policy-')), 'p.mjs');
  writeFileSync(f, body);
  return f;
}

describe('hotplug-fuzz matrix', () => {
  it('shows the RFC regressions against 5.14 and what it buys (override-in-table)', async () => {
    expect(await main(['matrix', H11, H12, H14, '-k', '5.14,rfc-09of11,6.1'])).toBe(1);
    expect(io.stdout).toMatch(/^5\.14\s+-\s+-\s+-\s+-\s+-\s+-\s+11,12,14\s+-\s+-\s+n\/a$/m);
    expect(io.stdout).toMatch(/^rfc-09of11\s+11,12,14\s+-\s+-\s+-\s+11,12,14\s+-\s+-\s+-\s+-\s+11,12,14$/m);
    expect(io.stdout).toMatch(/^6\.1\s+-\s+-\s+-\s+-\s+-\s+-\s+11,14\s+-\s+-\s+-$/m); // vfio-pci's table has its flagged any-id entry
  });

  it("H13(a) regresses only where new_id's dup check is the static pci_match_id", async () => {
    await main(['matrix', H13A, '-k', 'rfc-09of11,rfc-09of11-on-5.10', '--json']);
    const j = JSON.parse(io.stdout) as { findings: { profile: string; property: string; message: string }[] };
    const reg = j.findings.filter((f) => f.property === 'no-regression');
    expect(reg.map((f) => f.profile)).toEqual(['rfc-09of11-on-5.10']);
    expect(reg[0].message).toMatch(/new_id.*-EEXIST/);
  });

  it('--candidate with a user policy module prints the diff and a replay command that reproduces it', async () => {
    // An override to a driver whose table does not list the device (its probe accepts it): mainline binds
    // it by the dummy id, the example policy refuses: a regression. pci-stub by override keeps working (H11).
    const generic = join(mkdtempSync(join(tmpdir(), 'hf-scn-')), 'generic-override.json');
    writeFileSync(
      generic,
      JSON.stringify({
        scenario: 1,
        name: 'generic-override',
        drivers: ['e1000e', { name: 'anynic', ids: [{ vendor: '1af4', device: '1000' }] }],
        devices: [{ bdf: '0000:01:00.0', vendor: '8086', device: '10d3', class: '020000' }],
        actors: [
          {
            name: 'admin',
            intent: { '0000:01:00.0': 'anynic' },
            ops: [
              { write: '/sys/bus/pci/devices/0000:01:00.0/driver_override', value: 'anynic' },
              { write: '/sys/bus/pci/devices/0000:01:00.0/driver/unbind', value: '0000:01:00.0' },
              { write: '/sys/bus/pci/drivers_probe', value: '0000:01:00.0' },
            ],
          },
        ],
      }),
    );
    expect(
      await main([
        'matrix',
        H11,
        generic,
        '--baseline',
        '6.1',
        '--candidate',
        './examples/override-in-table-except-stubs.js',
      ]),
    ).toBe(1);
    expect(io.stdout).toContain('6.1+override-in-table-except-stubs regresses against 6.1:');
    expect(io.stdout).toMatch(
      /^ {2}generic-override\s+6\.1 reaches the intent; 6\.1\+override-in-table-except-stubs leaves 0000:01:00\.0 unbound \(wanted anynic\)$/m,
    );
    expect(io.stdout).not.toMatch(/^ {2}11\s/m); // pci-stub by override keeps working
    expect(io.stdout).toContain('no longer violates: override-in-table (generic-override)');
    const replay = /replay: hotplug-fuzz (run .*) --trace/.exec(io.stdout)![1].split(' ');
    io.stdout = '';
    expect(await main([...replay, '--json'])).toBe(1);
    expect(JSON.parse(io.stdout).bindings['0000:01:00.0']).toBeNull();
  });

  it('without regressions the diff exits 0', async () => {
    expect(
      await main([
        'matrix',
        H11,
        H12,
        '--baseline',
        '6.1',
        '--candidate',
        './examples/override-in-table-except-stubs.js',
      ]),
    ).toBe(0);
    expect(io.stdout).toContain('regresses nothing 6.1 achieves');
  });

  it('a policy module that is missing or malformed is exit 2 naming the file and field', async () => {
    expect(await main(['matrix', H11, '--candidate', './nope.js'])).toBe(2);
    expect(io.stderr).toBe('./nope.js: no such file\n');
    const bad = module('export default { name: "x", match: 3 };');
    expect(await main(['matrix', H11, '--candidate', bad])).toBe(2);
    expect(io.stderr).toContain(`${bad}: match: must be a function`);
  });

  it('a policy that throws is a match-sound finding, not a crash', async () => {
    const throwing = module(
      'export default { name: "boom", match(m) { if (m.drvName === "pci-stub") throw new Error("kaboom"); return null; } };',
    );
    expect(await main(['matrix', H11, '--baseline', '6.1', '--candidate', throwing, '--json'])).toBe(1);
    const j = JSON.parse(io.stdout) as { findings: { profile: string; property: string; message: string }[] };
    expect(
      j.findings.some(
        (f) => f.profile === '6.1+boom' && f.property === 'match-sound' && f.message.includes('threw: kaboom'),
      ),
    ).toBe(true);
  });

  it('a policy that lies (matches a driver the override does not name) violates override-exclusive and match-sound', async () => {
    const liar = module(
      'export default { name: "liar", match(m) { return m.id_table?.find((e) => ' +
        'e.vendor === m.dev.vendor && e.device === m.dev.device) ?? m.dynids[0] ?? null; } };',
    );
    await main(['matrix', H11, '--baseline', '6.1', '--candidate', liar, '--json']);
    const props = (JSON.parse(io.stdout) as { findings: { profile: string; property: string }[] }).findings
      .filter((f) => f.profile === '6.1+liar')
      .map((f) => f.property);
    expect(props).toContain('override-exclusive');
    expect(props).toContain('match-sound');
  });
});

// oracle --baseline 5.10 --candidate 6.1 --generate 200 --seed 1 found two real differences (test/fixtures/kernel-difference):
// bind of a bound device is -ENODEV on 5.10 and -EBUSY on 6.1. The matrix's policy diff predicts them from the model.
describe("matrix --baseline 5.10 --candidate 6.1 on the oracle's traces", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hf-traces-'));
  const trace = (i: number): string => join(dir, `oracle-1-${i}.json`);

  it('oracle --write-traces writes the generated traces as scenario files, running nothing', async () => {
    expect(await main(['oracle', '--generate', '200', '--seed', '1', '--write-traces', dir])).toBe(0);
    expect(io.stderr).toBe(`200 traces (seed 1) written to ${dir}/\n`);
    expect(await main(['oracle', '--write-traces', dir])).toBe(2);
    expect(io.stderr).toContain('--write-traces: writes generated traces: give --generate N');
  });

  it("reports the bind errnos as what userspace sees, first differing op, both results, each side's replay", async () => {
    expect(
      await main(['matrix', trace(0), trace(21), trace(118), '--baseline', '5.10', '--candidate', '6.1', '--json']),
    ).toBe(0);
    const j = JSON.parse(io.stdout) as {
      resultDifferences: {
        scenario: string;
        where: string;
        baseline: { result: string; replay: string };
        candidate: { result: string; replay: string };
      }[];
    };
    expect(j.resultDifferences.map((d) => [d.scenario, d.where, d.baseline.result, d.candidate.result])).toEqual([
      ['oracle-1-21', 'op 4 (admin: write /sys/bus/pci/drivers/e1000e/bind "0000:02:00.0")', '-ENODEV', '-EBUSY'],
      ['oracle-1-118', 'op 1 (admin: write /sys/bus/pci/drivers/e1000e/bind "0000:01:00.0")', '-ENODEV', '-EBUSY'],
    ]);
    // Each side's replay command reproduces its result.
    for (const d of j.resultDifferences)
      for (const side of [d.baseline, d.candidate]) {
        io.stdout = '';
        const cmd = /^hotplug-fuzz (run .*) --trace$/.exec(side.replay)![1].split(' ');
        await main([...cmd, '--json']);
        const ops = (JSON.parse(io.stdout) as { ops: { op: string; result: string }[] }).ops;
        expect(ops.find((o) => d.where.includes(o.op))!.result).toBe(side.result);
      }
  });

  it('text: each difference with both replays; a scenario without one adds nothing; no-regression as before', async () => {
    expect(await main(['matrix', trace(0), trace(118), '--baseline', '5.10', '--candidate', '6.1'])).toBe(0);
    expect(io.stdout).toContain('6.1 regresses nothing 5.10 achieves.');
    expect(io.stdout).toContain('what userspace sees differs');
    expect(io.stdout).toMatch(
      /^ {2}oracle-1-118 op 1 \(admin: write .*\): 5\.10 "-ENODEV", 6\.1 "-EBUSY" \(1 of 1 schedules\)$/m,
    );
    expect(io.stdout).toMatch(/^ {8}5\.10: hotplug-fuzz run \S+oracle-1-118\.json --schedule hf1\.\S+ --trace$/m);
    expect(io.stdout).toMatch(/^ {8}6\.1: {2}hotplug-fuzz run \S+oracle-1-118\.json --schedule hf1\.\S+ --trace$/m);
    expect(io.stdout).not.toMatch(/^ {2}oracle-1-0 /m);
    io.stdout = '';
    expect(await main(['matrix', trace(0), '--baseline', '5.10', '--candidate', '6.1'])).toBe(0);
    expect(io.stdout).toContain('6.1 and 5.10 give userspace the same results on every schedule compared.');
  });
});
