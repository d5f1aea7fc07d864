// `fuzz --generate --bus vmbus` end to end on the built CLI: generated Hyper-V worlds, the new_id capture found and
// shrunk, every finding's scenario on vmbus, the same output for the same seed, saved findings replay; --help
// lists every bus.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUS_NAMES } from '../../src/model/types.js';

type Report = {
  generate: boolean;
  findings: { profile: string; property: string; message: string; generated: { devices: { bus: string }[] } }[];
};
const cli = (...args: string[]) => spawnSync('node', ['dist/src/cli/main.js', ...args], { encoding: 'utf8' });

describe('fuzz --generate --bus (built CLI)', () => {
  it('vmbus: finds the netvsc guide capturing a NIC (no-collateral) in worlds that are all vmbus; same seed, same JSON', () => {
    const args = ['fuzz', '--generate', '--bus', 'vmbus', '--seed', '1', '--runs', '40', '--no-save', '--json'];
    const r = cli(...args);
    expect(r.status, r.stderr).toBe(1); // findings
    const report = JSON.parse(r.stdout) as Report;
    expect(report.generate).toBe(true);
    const props = report.findings.map((f) => `${f.profile} ${f.property}`);
    expect(props).toEqual(expect.arrayContaining(['6.1 no-collateral', '6.1 override-exclusive']));
    expect(report.findings.find((f) => f.property === 'no-collateral')!.message).toMatch(
      /ended bound to uio_hv_generic/,
    );
    for (const f of report.findings) expect(f.generated.devices.every((d) => d.bus === 'vmbus')).toBe(true);
    expect(cli(...args).stdout).toBe(r.stdout);
  }, 60_000);

  it('vmbus: each saved finding replays (exit 1: the violation again)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-bus-'));
    expect(
      cli('fuzz', '--generate', '--bus', 'vmbus', '--seed', '1', '--runs', '40', '--corpus', dir, '--quiet').status,
    ).toBe(1);
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) expect(cli('replay', join(dir, f)).status, f).toBe(1);
  }, 60_000);

  it('--help names every bus --bus takes', () => {
    const help = cli('fuzz', '--help').stdout.replace(/\s+/g, ' ');
    expect(help).toContain(`generated worlds: ${BUS_NAMES.join(', ')} (default pci)`);
  });
});
