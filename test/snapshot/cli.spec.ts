// `hotplug-fuzz snapshot` and `fuzz --generate --from` as a user runs them.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/program.js';
import { captureOutput, io } from '../cli/capture.js';

captureOutput();
const ROOT = 'test/fixtures/host-vfio';
const tmp = (): string => mkdtempSync(join(tmpdir(), 'hf-snapshot-'));

/** Every path under a directory with its size and mtime: the snapshot must leave the tree as it was. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((p) => {
      const st = statSync(join(dir, p), { throwIfNoEntry: false });
      return `${p} ${st?.size ?? '-'} ${st?.mtimeMs ?? '-'}`;
    });
}

describe('hotplug-fuzz snapshot', () => {
  it('writes a scenario that `run` accepts and says what it read, inferred and reproduced', async () => {
    const before = tree(ROOT);
    const out = join(tmp(), 'host.json');
    expect(await main(['snapshot', '--root', ROOT, '--out', out])).toBe(0);
    expect(tree(ROOT)).toEqual(before);
    expect(io.stderr).toMatch(/kernel 6\.1\.0-50-amd64 -> profile 6\.1/);
    expect(io.stderr).toMatch(/boots in the model to 4\/4 of the host's/);
    expect(io.stderr).toMatch(/0000:01:00\.0 {2}host vfio-pci {2}model vfio-pci {2}ok/);
    expect(io.stderr).toMatch(/inferred \(2\):/);
    expect(io.stderr).toMatch(/next: hotplug-fuzz fuzz --generate --from /);
    io.stdout = '';
    expect(await main(['run', out, '--json'])).toBe(0);
    expect(JSON.parse(io.stdout).bindings).toEqual({
      '0000:00:1c.0': 'pcieport',
      '0000:01:00.0': 'vfio-pci',
      '0000:02:00.0': 'e1000e',
      '0000:03:00.0': 'nvme',
    });
  });

  it('prints the scenario on stdout without --out, and a JSON summary with --json', async () => {
    expect(await main(['snapshot', '--root', ROOT, '--quiet'])).toBe(0);
    expect(JSON.parse(io.stdout)).toMatchObject({ scenario: 1, kernel: '6.1' });
    expect(io.stderr).toBe('');
    io.stdout = '';
    expect(await main(['snapshot', '--root', ROOT, '--json', '--kernel', '5.15'])).toBe(0);
    const j = JSON.parse(io.stdout);
    expect(j).toMatchObject({
      profile: '5.15',
      release: '6.1.0-50-amd64',
      counts: { devices: 4, drivers: 4, udev: 1 },
    });
    expect(j.check.every((c: { host: string; model: string }) => c.host === c.model)).toBe(true);
    expect(j.scenario.kernel).toBe('5.15');
  });

  it('refuses bad input with one line and exit 2, and never writes into the tree it reads', async () => {
    expect(await main(['snapshot', '--root', join(ROOT, 'nope')])).toBe(2);
    expect(io.stderr).toMatch(/^--root: .* is not a directory\n$/);
    io.stderr = '';
    expect(await main(['snapshot', '--root', ROOT, '--out', join(ROOT, 'host.json')])).toBe(2);
    expect(io.stderr).toMatch(/^--out: .*inside --root/);
    io.stderr = '';
    expect(await main(['snapshot', '--root', ROOT, '--kernel', '6.2'])).toBe(2);
    expect(io.stderr).toMatch(/^--kernel: unknown kernel profile "6\.2"/);
    io.stderr = '';
    expect(await main(['fuzz', '--from', 'x.json'])).toBe(2);
    expect(io.stderr).toMatch(/^--from: goes with --generate/);
  });
});

describe('hotplug-fuzz fuzz --generate --from', () => {
  it("finds the host's race, saves it, and replay reproduces it", async () => {
    const dir = tmp();
    const host = join(dir, 'host.json');
    expect(await main(['snapshot', '--root', ROOT, '--out', host, '--quiet'])).toBe(0);
    const corpus = join(dir, 'findings');
    const args = ['fuzz', '--generate', '--from', host, '--seed', '3', '--runs', '60', '--corpus', corpus, '--json'];
    expect(await main(args)).toBe(1);
    const r = JSON.parse(io.stdout) as { findings: { profile: string; property: string; message: string }[] };
    expect(r.findings.map((f) => `${f.profile} ${f.property}`)).toContain('6.1 no-collateral');
    expect(io.stderr).toMatch(
      /--from .*host\.json: 4 devices, 4 drivers; 8 events to combine: driverctl 0000:01:00\.0, reload nvme/,
    );
    const files = readdirSync(corpus);
    expect(files.length).toBe(r.findings.length);
    const entry = JSON.parse(readFileSync(join(corpus, files[0]), 'utf8'));
    expect(entry.scenario.name).toBe('host-vfio-host+events');
    io.stdout = '';
    expect(await main(['replay', join(corpus, files[0])])).toBe(1); // the violation reproduces
  });
});
