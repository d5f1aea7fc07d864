// Readable output (issue 13.4): the campaign's summary, fuzz naming its files, the timeline at the terminal's
// width, and the interrupted line last.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/program.js';
import { captureOutput, io } from './capture.js';

captureOutput();

const H1 = 'corpus/scenarios/h01-new-id-captures-hot-added-twin.json';
const H6 = 'corpus/scenarios/h06-driverctl-unbind-window.json';
const tmp = (): string => mkdtempSync(join(tmpdir(), 'hf-output-'));
const lines = (): string[] => io.stdout.trimEnd().split('\n');

/** Ctrl-C, delivered deterministically: the command's SIGINT handler runs at the n-th clock reading. */
function interruptAtClockReading(n: number): void {
  let handler: (() => void) | null = null;
  const once = process.once.bind(process);
  vi.spyOn(process, 'once').mockImplementation(((event: string, fn: () => void) => {
    if (event === 'SIGINT') handler = fn;
    else once(event, fn);
    return process;
  }) as typeof process.once);
  const now = Date.now.bind(Date);
  let readings = 0;
  vi.spyOn(Date, 'now').mockImplementation(() => {
    if (++readings === n) handler?.();
    return now();
  });
}

describe('campaign summary', () => {
  it('fits one screen; lists only findings new to the corpus, and says how many were already known', async () => {
    const dir = tmp();
    expect(await main(['campaign', '-k', 'all', '--corpus', dir])).toBe(1);
    const first = lines();
    // The matrix wraps each cell within 120 columns, so it grows with the corpus: 50 lines with 20 scenarios,
    // 75 with 32; runs of numbers as "5-7" and profiles with the same cells sharing a row keep it at 68.
    expect(first.length).toBeLessThanOrEqual(80);
    const saved = readdirSync(dir).length;
    expect(saved).toBeGreaterThan(300);
    expect(io.stdout).toMatch(new RegExp(`^(\\d+) findings: \\1 new, saved in ${dir}/$`, 'm'));
    const replays = first.filter((l) => /^ {4}replay: hotplug-fuzz replay /.test(l));
    expect(replays).toHaveLength(6);
    for (const r of replays) expect(r).toMatch(new RegExp(`replay ${dir}/[a-z-]+-[\\w.-]+-[0-9a-f]{12}\\.json$`));
    expect(first.at(-1)).toMatch(/^ {2}… and \d+ more \(--verbose lists every finding\)$/);
    // Every matrix line within 120 columns.
    const matrix = first.slice(first.indexOf('') + 1, first.indexOf('', first.indexOf('') + 1));
    expect(matrix.length).toBeGreaterThan(12);
    for (const l of matrix) expect(l.length, l).toBeLessThanOrEqual(120);

    io.stdout = '';
    expect(await main(['campaign', '-k', 'all', '--corpus', dir])).toBe(1);
    const again = lines();
    expect(again.length).toBeLessThanOrEqual(70); // the same matrix, no new finding to list (above)
    expect(io.stdout).toMatch(
      new RegExp(`^\\d+ findings, all already known in ${dir}/ \\(saved by an earlier run\\)$`, 'm'),
    );
    expect(io.stdout).not.toContain('replay:');
  }, 120_000);

  it('--verbose lists every finding with its replay command; --json keeps its content', async () => {
    const dir = tmp();
    expect(await main(['campaign', '-k', '6.1', '--corpus', dir, '--json'])).toBe(1);
    const j = JSON.parse(io.stdout) as { findings: Record<string, unknown>[] };
    expect(Object.keys(j.findings[0])).toEqual(['scenario', 'file', 'profile', 'property', 'message', 'token']);
    io.stdout = '';
    expect(await main(['campaign', '-k', '6.1', '--corpus', dir, '--verbose'])).toBe(1);
    expect(lines().filter((l) => l.startsWith('  replay: '))).toHaveLength(j.findings.length);
    expect(lines().filter((l) => / \(known\): /.test(l))).toHaveLength(j.findings.length);
  });

  it('after Ctrl-C the interrupted line is the last thing printed', async () => {
    interruptAtClockReading(4);
    expect(await main(['campaign', '-k', '6.1', '--no-save', '--verbose'])).toBe(130);
    expect(io.stdout).toContain('  replay: ');
    expect(lines().at(-1)).toMatch(/^interrupted: \d+ scenario x profile pairs not run$/);
  });
});

describe('fuzz output', () => {
  it('names the corpus file of each new finding, and of each one already known', async () => {
    const dir = tmp();
    expect(await main(['fuzz', H6, '--seed', '1', '--runs', '400', '--corpus', dir])).toBe(1);
    const files = readdirSync(dir).map((f) => join(dir, f));
    expect(files.length).toBeGreaterThan(1);
    const out = lines();
    const tail = out.slice(out.findIndex((l) => /^\d+ executions, /.test(l)));
    expect(tail[0]).toBe(`401 executions, ${files.length} findings: ${files.length} new in ${dir}/:`);
    expect(tail.slice(1).sort()).toEqual(files.map((f) => `  ${f}`).sort());
    io.stdout = '';
    await main(['fuzz', H6, '--seed', '1', '--runs', '400', '--corpus', dir]);
    for (const f of files) expect(io.stdout).toContain(`already known: ${f}`);
    expect(lines().at(-1)).toBe(`401 executions, ${files.length} findings, all already known in ${dir}/`);
  });

  it('after Ctrl-C the interrupted line is the last thing printed, after the findings', async () => {
    interruptAtClockReading(600);
    expect(await main(['fuzz', H1, H6, '--seed', '1', '--runs', '400', '--no-save'])).toBe(130);
    expect(io.stdout).toContain('  replay: ');
    expect(lines().at(-1)).toBe('interrupted: stopped early');
  });
});

describe('timeline width', () => {
  const tty = { isTTY: process.stdout.isTTY, columns: process.stdout.columns };
  afterEach(() => {
    Object.assign(process.stdout, tty);
    delete process.env.NO_COLOR;
  });

  it("uses the terminal's width: at 200 columns the object is whole on its line", async () => {
    Object.assign(process.stdout, { isTTY: true, columns: 200 });
    process.env.NO_COLOR = '1';
    expect(await main(['run', H6, '--trace'])).toBe(0);
    expect(io.stdout).toMatch(/^ +5 {2}open \/sys\/bus\/pci\/devices\/0000:01:00\.0\/driver\/unbind$/m);
    expect(io.stdout).toMatch(/^ +8 {2}open \/sys\/bus\/pci\/devices\/0000:01:00\.0\/driver_override$/m);
  });

  it('without a terminal: 100 columns, wrapped after a "/", nothing cut', async () => {
    Object.assign(process.stdout, { isTTY: false, columns: undefined });
    await main(['run', H6, '--trace']);
    const timeline = lines().slice(lines().findIndex((l) => l.startsWith('timeline')) + 1, lines().indexOf('ops:'));
    for (const l of timeline) expect(l.length, l).toBeLessThanOrEqual(100);
    expect(io.stdout).not.toContain('…');
    expect(io.stdout).toMatch(/^ +8 {2}open \/sys\/bus\/pci\/devices\/0000:01:00\.0\/\n {9}driver_override$/m);
  });
});
