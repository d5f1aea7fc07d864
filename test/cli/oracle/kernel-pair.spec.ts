// oracle --baseline/--candidate: its argument errors, replaying its entries side by side, and (opt-in, where QEMU
// and Debian's 5.10 are cached) a few traces on two real kernels.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { oracleTraces } from '../../../src/campaign/oracle-traces.js';
import { parseScenario } from '../../../src/scenario/load.js';
import { findDriver } from '../../../src/model/catalogue/index.js';
import { modelSide } from '../../../src/oracle/compare.js';
import { kernelDifferenceEntry, type KernelRun } from '../../../src/oracle/kernel-diff.js';
import { saveEntry } from '../../../src/cli/corpus.js';
import { main } from '../../../src/cli/program.js';
import { captureOutput, io } from '../capture.js';

captureOutput();

describe('oracle --baseline/--candidate: argument errors, one line each, exit 2 before anything boots', () => {
  const cases: [string[], RegExp][] = [
    [['--baseline', '5.10', '--generate', '2'], /^--baseline: compares two kernels: give --candidate too\n$/],
    [['--candidate', '6.1', '--generate', '2'], /^--candidate: compares two kernels: give --baseline too\n$/],
    [['--baseline', '5.10', '--candidate', '6.1'], /--baseline: compares generated traces: give --generate N\n$/],
    [
      ['--baseline', '5.9', '--candidate', '6.1', '--generate', '2'],
      /--baseline: no Debian release ships 5\.9 \(5\.10, 6\.1, 6\.12\)/,
    ],
    [['--baseline', '5.10', '--candidate', '4.19', '--generate', '2'], /--candidate: no Debian release ships 4\.19/],
    [
      ['--baseline', '5.10', '--candidate', '6.1', '--generate', '0'],
      /--generate: must be a positive integer, not "0"/,
    ],
    [
      ['--baseline', '5.10', '--candidate', '6.1', '--generate', '2', '--kernel', '6.1'],
      /--kernel: names one kernel's run/,
    ],
    [
      ['--baseline', '5.10', '--candidate', '6.1', '--generate', '2', '--profile', '6.1'],
      /--profile: names one kernel's run/,
    ],
    [['--baseline', '5.10', '--candidate', '6.1', '--facts'], /--baseline: compares generated traces/],
    [['--baseline', '5.10', '--candidate', '6.1', '--generate', '2', '--sriov'], /--sriov: is not run with --baseline/],
  ];
  for (const [args, message] of cases)
    it(args.join(' '), async () => {
      expect(await main(['oracle', ...args])).toBe(2);
      expect(io.stderr).toMatch(message);
      expect(io.stderr.trim().split('\n')).toHaveLength(1);
    });

  it('a kernel that is not there is one line naming it, before the other kernel is looked at', async () => {
    expect(await main(['oracle', '--baseline', '/nonexistent/vmlinuz', '--candidate', '6.1', '--generate', '1'])).toBe(
      2,
    );
    expect(io.stderr).toMatch(/^(\/nonexistent\/vmlinuz: no such file|oracle: (qemu-system-x86_64|busybox) not found)/);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('a kernel whose release maps to no profile', () => {
  const hasQemu =
    existsSync('/usr/bin/qemu-system-x86_64') && (existsSync('/bin/busybox') || existsSync('/usr/bin/busybox'));
  it.skipIf(!hasQemu)(`is one line naming it${hasQemu ? '' : ' (skipped: no QEMU or busybox)'}`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'hf-vmlinuz-'));
    mkdirSync(join(root, 'boot'));
    mkdirSync(join(root, 'lib/modules/9.9.9-test/kernel'), { recursive: true });
    writeFileSync(join(root, 'boot/vmlinuz-9.9.9-test'), 'not a bzImage');
    const k = join(root, 'boot/vmlinuz-9.9.9-test');
    expect(await main(['oracle', '--baseline', k, '--candidate', '6.1', '--generate', '1'])).toBe(2);
    expect(io.stderr).toBe(
      `--baseline: ${k}: kernel 9.9.9-test maps to no profile; --baseline/--candidate compare kernels whose series has one (5.10, 6.1, 6.12)\n`,
    );
  });
});

describe('replaying a kernel-difference entry', () => {
  const [busy] = oracleTraces('1', 119)
    .slice(118)
    .map((t) => parseScenario(JSON.stringify(t), `${t.name}.json`, (x) => findDriver(x) !== undefined));
  const [ma, mb] = [modelSide(busy, '5.10'), modelSide(busy, '6.1')];
  const run = (m: typeof ma, release: string, profile: string): KernelRun => ({
    release,
    profile,
    labels: m.labels!,
    ops: m.ops,
    bindings: m.bindings,
  });
  const a = run(ma, '5.10.0-46-amd64', '5.10');
  const found = { scheduler: 'fifo', seed: '1', atRun: 118 };

  it('shows both kernels and the model under each profile side by side; predicted = fixed (0), else still failing (1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-kdiff-'));
    expect(saveEntry(dir, kernelDifferenceEntry(busy, a, run(mb, '6.1.0-56-amd64', '6.1'), ma, found))).toBe(true);
    expect(saveEntry(dir, kernelDifferenceEntry(busy, a, run(mb, '6.1.0-56-amd64', '6.1'), ma, found))).toBe(false);
    const [predicted] = readdirSync(dir).map((f) => join(dir, f));
    expect(await main(['replay', predicted])).toBe(0);
    expect(io.stdout).toMatch(/^\s+unit\s+5\.10\.0-46-amd64\s+6\.1\.0-56-amd64\s+model 5\.10\s+model 6\.1$/m);
    expect(io.stdout).toMatch(
      /^\*\s+1 admin: write \/sys\/bus\/pci\/drivers\/e1000e\/bind "0000:01:00\.0"\s+-ENODEV\s+-EBUSY\s+-ENODEV\s+-EBUSY$/m,
    );
    expect(io.stdout).toContain('the model under 5.10 and 6.1: predicted');
    expect(io.stdout).toContain('verdict: fixed');

    // The candidate kernel bound 03:00.0 elsewhere: a difference the model does not predict.
    const other = { ...run(mb, '6.1.0-56-amd64', '6.1'), bindings: { ...mb.bindings, '0000:03:00.0': 'pci-stub' } };
    const dir2 = mkdtempSync(join(tmpdir(), 'hf-kdiff-'));
    saveEntry(dir2, kernelDifferenceEntry(busy, a, other, ma, found));
    const [missed] = readdirSync(dir2).map((f) => join(dir2, f));
    io.stdout = '';
    expect(await main(['replay', missed, '--json'])).toBe(1);
    const j = JSON.parse(io.stdout) as { verdict: string; prediction: string; kernels: { candidate: KernelRun } };
    expect(j).toMatchObject({ verdict: 'still failing', prediction: 'differently' });
    expect(j.kernels.candidate.bindings['0000:03:00.0']).toBe('pci-stub');
    io.stdout = '';
    expect(saveEntry(dir2, kernelDifferenceEntry(busy, a, run(mb, '6.1.0-50-amd64', '6.1'), ma, found))).toBe(true);
    expect(await main(['corpus', 'check', dir2, '--json'])).toBe(1);
    const rows = (JSON.parse(io.stdout) as { entries: { verdict: string }[] }).entries;
    expect(rows.map((r) => r.verdict).sort()).toEqual(['fixed', 'still failing']);
  });

  it('an entry without both kernels is refused, naming the field (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-kdiff-'));
    const { kernels: _, ...bare } = kernelDifferenceEntry(busy, a, a, ma, found);
    saveEntry(dir, bare);
    expect(await main(['corpus', 'check', dir])).toBe(2);
    expect(io.stderr).toMatch(/: kernels: a kernel-difference entry records both kernels/);
  });
});

// oracle --baseline 5.10 --candidate 6.1 --generate 200 --seed 1: its entries, kept in test/fixtures.
describe("what Debian's 5.10 and 6.1 were seen to differ on", () => {
  const dir = 'test/fixtures/kernel-difference';
  const files = readdirSync(dir).map((f) => join(dir, f));
  it('two bind errnos (5.10 -ENODEV, 6.1 -EBUSY on a bound device), each predicted by the model (replay exits 0)', async () => {
    expect(files).toHaveLength(2);
    for (const f of files) {
      expect(await main(['replay', f, '--json'])).toBe(0);
      expect(JSON.parse(io.stdout)).toMatchObject({ verdict: 'fixed', prediction: 'predicted' });
      io.stdout = '';
    }
  });
});

// Opt-in: two boots and a few traces take a minute or more under TCG.
const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hotplug-fuzz', 'kernels');
const why =
  process.env.HOTPLUG_FUZZ_KERNEL_PAIR !== '1'
    ? 'opt-in: set HOTPLUG_FUZZ_KERNEL_PAIR=1'
    : !existsSync('/usr/bin/qemu-system-x86_64')
      ? 'no QEMU: scripts/oracle-setup.sh'
      : !existsSync(join(cache, '5.10', 'root'))
        ? `Debian's 5.10 is not in ${cache}: run oracle --kernel 5.10 once`
        : null;
describe.skipIf(why !== null)(`on Debian's 5.10 and 6.1${why ? ` (skipped: ${why})` : ''}`, () => {
  it('two generated traces run on both kernels, the same on both', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hf-kdiff-'));
    expect(
      await main(['oracle', '--baseline', '5.10', '--candidate', '6.1', '--generate', '2', '--json', '--out', out]),
    ).toBe(0);
    expect(JSON.parse(io.stdout)).toMatchObject({
      baseline: { kernel: '5.10', profile: '5.10' },
      candidate: { kernel: '6.1', profile: '6.1' },
      traces: 2,
      same: 2,
      differences: [],
      spurious: [],
    });
  }, 600_000);
});
