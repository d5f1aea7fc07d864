import { describe, expect, it } from 'vitest';
import { captureOutput, io } from './capture.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/program.js';

captureOutput();

const H1 = 'corpus/scenarios/h01-new-id-captures-hot-added-twin.json';
const H9 = 'corpus/scenarios/h09-nul-byte-override-519.json';

describe('hotplug-fuzz CLI', () => {
  it('profiles lists every profile on one line each', async () => {
    expect(await main(['profiles'])).toBe(0);
    expect(io.stdout.trim().split('\n')).toHaveLength(14);
    expect(io.stdout).toMatch(/^rfc-09of11-rev\s+\S/m);
  });

  it('schema prints the JSON Schema', async () => {
    expect(await main(['schema'])).toBe(0);
    expect(JSON.parse(io.stdout).title).toMatch(/scenario/);
  });

  it('run --kernel all prints each profile and exits 1 when a property is violated', async () => {
    expect(await main(['run', H9, '--kernel', 'all'])).toBe(1);
    expect(io.stdout).toContain('profile 5.19');
    expect(io.stdout).toMatch(/^5\.19\s+-\s+intent, error-visible$/m);
    expect(io.stdout).toMatch(/^5\.14\s+e1000e\s+override-in-table$/m); // vfio-pci has no id table before 5.15
    expect(io.stdout).toContain('token: hf1.');
  });

  it("run shows a recipe's system calls under its op, in text and in --json", async () => {
    const H6 = 'corpus/scenarios/h06-driverctl-unbind-window.json';
    expect(await main(['run', H6, '--kernel', '6.1'])).toBe(0);
    expect(io.stdout).toMatch(/^ +write \/sys\/bus\/pci\/devices\/0000:01:00\.0\/driver_override "vfio-pci\\n" = ok$/m);
    io.stdout = '';
    await main(['run', H6, '--kernel', '6.1', '--json']);
    const op = JSON.parse(io.stdout).ops.find((o: { actor: string }) => o.actor === 'driverctl');
    expect(op.calls.filter((c: { call: string }) => c.call === 'write').map((c: { path: string }) => c.path)).toEqual([
      '/sys/bus/pci/devices/0000:01:00.0/driver/unbind',
      '/sys/bus/pci/devices/0000:01:00.0/driver_override',
      '/sys/bus/pci/drivers_probe',
    ]);
  });

  it('recipes and properties list what exists', async () => {
    expect(await main(['recipes', '--json'])).toBe(0);
    expect((JSON.parse(io.stdout) as { name: string }[]).map((r) => r.name)).toContain('dpdk-devbind bind');
    io.stdout = '';
    expect(await main(['properties'])).toBe(0);
    expect(
      io.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual([
      'intent',
      'no-collateral',
      'deterministic',
      'override-exclusive',
      'error-visible',
      'no-deadlock',
      'override-in-table',
      'match-sound',
      'kernel-bug',
      'no-regression',
    ]);
  });

  it('run --json follows design §5', async () => {
    expect(await main(['run', H9, '--kernel', '6.1', '--json'])).toBe(0);
    const j = JSON.parse(io.stdout);
    expect(j.bindings).toEqual({ '0000:01:00.0': 'e1000e' });
    expect(j.ops[0]).toMatchObject({ actor: 'admin', result: 'ok' });
    expect(j.violations).toEqual([]);
    expect(j.token).toMatch(/^hf1\./);
  });

  it('explore finds both H1 outcomes; each witness replays byte-identically through run --schedule', async () => {
    expect(await main(['explore', H1, '--kernel', '6.1', '--json'])).toBe(1);
    const x = JSON.parse(io.stdout);
    expect(x.complete).toBe(true);
    expect(x.outcomes).toHaveLength(2);
    expect(x.violations[0].property).toBe('deterministic');
    for (const o of x.outcomes) {
      io.stdout = '';
      await main(['run', H1, '--schedule', o.witness, '--json', '--trace']);
      const first = io.stdout;
      expect(JSON.parse(first).bindings).toEqual(o.bindings);
      io.stdout = '';
      await main(['run', H1, '--schedule', o.witness, '--json', '--trace']);
      expect(io.stdout).toBe(first);
    }
  });

  it('explore exits 4 with complete: false when the budget runs out', async () => {
    expect(await main(['explore', H1, '--kernel', '6.1', '--json', '--max-executions', '1'])).toBe(4);
    expect(JSON.parse(io.stdout).complete).toBe(false);
  });

  it('a token for another scenario is refused with exit 2', async () => {
    await main(['run', H1, '--json']);
    const token = JSON.parse(io.stdout).token;
    expect(await main(['run', H9, '--schedule', token])).toBe(2);
    expect(io.stderr).toMatch(/^--schedule: this token is for another scenario/);
  });

  it('run --scheduler random is reproducible from its seed', async () => {
    await main(['run', H1, '--scheduler', 'random', '--seed', '7', '--json']);
    const a = io.stdout;
    io.stdout = '';
    await main(['run', H1, '--scheduler', 'random', '--seed', '7', '--json']);
    expect(io.stdout).toBe(a);
  });

  it.each([
    [['run', 'nope.json'], /^nope\.json: no such file$/],
    [['run', H1, '--kernel', '9.9'], /^--kernel: unknown kernel profile "9\.9"/],
    [['run', H1, '--schedule', 'garbage'], /^--schedule: a replay token starts with "hf1\."/],
    [['run', H1, '--scheduler', 'psychic'], /^--scheduler: unknown scheduler/],
    [['frobnicate'], /unknown command/],
  ])('bad input %j exits 2 with one clear line', async (argv, msg) => {
    expect(await main(argv as string[])).toBe(2);
    expect(io.stderr.split('\n')[0]).toMatch(msg);
    expect(io.stderr).not.toMatch(/\bat \S+:\d+:\d+/);
  });

  it('a malformed scenario file exits 2 naming the file and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-'));
    const f = join(dir, 'bad.json');
    writeFileSync(
      f,
      JSON.stringify({
        scenario: 1,
        name: 'b',
        devices: [{ bdf: '0000:01:00.0', vendor: '80861', device: '10d3', class: '020000' }],
        actors: [],
      }),
    );
    expect(await main(['run', f])).toBe(2);
    expect(io.stderr.trim()).toBe(`${f}: devices[0].vendor: must be 4 hex digits without 0x`);
  });

  it('the default command runs the campaign matrix', async () => {
    expect(await main(['--kernel', '6.1', '--no-save'])).toBe(1);
    expect(io.stdout).toMatch(/^hotplug-fuzz campaign: \d+ scenarios x 1 profiles/);
    // profile x property: cells list the hazard numbers that violate the property, "-" for none.
    // Within 120 columns: abbreviated heads, spelled out in the legend under the table.
    expect(io.stdout).toMatch(
      /^\s+intent\s+collat\s+determ\s+ov-ex\s+err-vis\s+deadlk\s+ov-table\s+match\s+bug\s+regress$/m,
    );
    expect(io.stdout).toContain('ov-table = override-in-table');
    // The 6.1 row wraps into two lines: H20 (platform), H22/H23 (vmbus), H25 (fsl-mc), H26/H27 (USB, serio), H28-H31;
    // three or more consecutive numbers are a range ("5-7").
    expect(io.stdout).toMatch(
      /^6\.1\s+3,5-7,10,16,18,\s+1,2,4,\s+1,3,4,6,8,16-18,\s+20,23,29\s+5-7,10,18,19,\s+-\s+11,14,18,\s+29\s+-\s+-$/m,
    );
    expect(io.stdout).toMatch(/^\s+19,23,25,27,28,31\s+22,26,29\s+20,22,25-28\s+23,25,28,31\s+20,25,28-30$/m);
  });
  it('H32, the ap hazard, is a cell of the 7.1 row only (ap driver_override is 6.19+; the 6.1 row above has none)', async () => {
    const h32 = 'corpus/scenarios/h32-ap-driverctl-override-vs-apmask.json';
    expect(await main(['matrix', h32, '-k', '6.1,7.1'])).toBe(1);
    expect(io.stdout).toMatch(/^6\.1(\s+-){10}$/m);
    expect(io.stdout).toMatch(/^7\.1\s+-\s+-\s+32(\s+-){7}$/m);
  });
});
