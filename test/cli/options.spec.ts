// Options shared by several commands mean the same everywhere: one spelling, one default, stated in the help.
import { describe, expect, it } from 'vitest';
import { captureOutput, io } from './capture.js';
import { main } from '../../src/cli/program.js';
import { PROFILES } from '../../src/index.js';

captureOutput();

const H1 = 'corpus/scenarios/h01-new-id-captures-hot-added-twin.json';
const KNOWN = `known: ${PROFILES.map((p) => p.name).join(', ')}`;

async function help(cmd: string): Promise<string> {
  io.stdout = '';
  expect(await main([cmd, '--help'])).toBe(0);
  return io.stdout.replace(/\s+/g, ' '); // commander wraps at the terminal width
}

/** The help text of one option: from its flag to the next option. */
const optionHelp = (text: string, flag: string): string | null => {
  const m = new RegExp(`(?:^| )(?:-\\w, )?${flag} (.*?)(?= --?[a-z]| -h, --help)`).exec(text);
  return m ? m[1] : null;
};

describe('shared options', () => {
  const shared: [string, string[]][] = [
    ['--kernel', ['run', 'explore', 'fuzz', 'campaign', 'matrix']],
    ['--policy', ['run', 'explore', 'fuzz']],
    ['--property', ['run', 'explore', 'fuzz', 'campaign', 'matrix']],
    ['--seed', ['run', 'fuzz']],
    ['--json', ['run', 'explore', 'fuzz', 'campaign', 'matrix']],
    ['--html', ['explore', 'fuzz', 'matrix']],
    ['--time', ['explore', 'fuzz', 'campaign', 'matrix']],
    ['--max-executions', ['explore', 'campaign', 'matrix']],
    ['--corpus', ['fuzz', 'campaign']],
  ];
  it.each(shared)(
    '%s has one help line and one stated default on every command that takes it',
    async (flag, cmds) => {
      const lines = new Set<string>();
      for (const c of cmds) {
        const h = optionHelp(await help(c), flag);
        expect(h, `${c} ${flag}`).not.toBeNull();
        lines.add(h!);
      }
      expect([...lines]).toHaveLength(1);
      if (flag !== '--json') expect([...lines][0]).toMatch(/\(default: [^)]+\)$/);
    },
    60_000,
  );

  it('-k defaults to the scenario\'s "kernel", else 6.1, and --max-executions to 100000, everywhere', async () => {
    expect(optionHelp(await help('explore'), '--kernel')).toMatch(/\(default: the scenario's "kernel", else 6\.1\)/);
    for (const c of ['explore', 'campaign', 'matrix'])
      expect(optionHelp(await help(c), '--max-executions'), c).toMatch(/\(default: 100000\)$/);
    io.stdout = '';
    expect(await main(['campaign', '--no-save', '--json'])).toBe(1);
    expect((JSON.parse(io.stdout) as { profiles: string[] }).profiles).toEqual(['6.1']);
  }, 60_000);

  it('every unknown profile lists the known ones: --kernel, --baseline, --candidate', async () => {
    for (const args of [
      ['run', H1, '-k', '9.9'],
      ['matrix', H1, '--baseline', '9.9'],
      ['campaign', '--baseline', '9.9'],
      ['matrix', H1, '--candidate', '9.9'],
      ['explore', H1, '-k', '6.1,9.9'],
    ]) {
      io.stderr = '';
      expect(await main(args), args.join(' ')).toBe(2);
      expect(io.stderr, args.join(' ')).toContain(`unknown kernel profile "9.9" (${KNOWN}`);
      expect(io.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 60_000);

  it('matrix --help points at files in the package, not outside it', async () => {
    const h = await help('matrix');
    expect(h).not.toMatch(/\.\.\//);
    expect(h).toContain('corpus/scenarios/hNN-*.json');
  }, 60_000);

  it('explore takes --property, --policy, --html and --time like the other commands', async () => {
    const dir = (await import('node:fs')).mkdtempSync(
      (await import('node:path')).join((await import('node:os')).tmpdir(), 'hf-x-'),
    );
    const html = `${dir}/x.html`;
    io.stdout = '';
    expect(
      await main([
        'explore',
        H1,
        '--html',
        html,
        '--time',
        '60',
        '--property',
        'examples/no-stub-without-intent.js',
        '--json',
      ]),
    ).toBe(1);
    expect((await import('node:fs')).readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
    io.stdout = '';
    expect(await main(['explore', H1, '--policy', './examples/override-in-table-except-stubs.js', '--json'])).toBe(1);
    const doc = JSON.parse(io.stdout) as { outcomes: { witness: string }[] };
    expect(doc.outcomes.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('-k left out on a campaign or matrix', () => {
  it('each scenario runs under its own "kernel" (else 6.1), as run, explore and fuzz do', async () => {
    const dir = (await import('node:fs')).mkdtempSync(
      (await import('node:path')).join((await import('node:os')).tmpdir(), 'hf-k-'),
    );
    const fs = await import('node:fs');
    const h9 = JSON.parse(fs.readFileSync('corpus/scenarios/h09-nul-byte-override-519.json', 'utf8'));
    fs.writeFileSync(`${dir}/a.json`, JSON.stringify({ ...h9, name: 'a', kernel: '5.19' }));
    fs.writeFileSync(`${dir}/b.json`, JSON.stringify({ ...h9, name: 'b' }));
    io.stdout = '';
    await main(['matrix', `${dir}/a.json`, `${dir}/b.json`, '--json']);
    const m = JSON.parse(io.stdout) as { profiles: string[]; findings: { scenario: string; profile: string }[] };
    expect(m.profiles).toEqual(['5.19', '6.1']);
    expect(m.findings.some((f) => f.scenario === 'a' && f.profile === '5.19')).toBe(true);
    expect(new Set(m.findings.map((f) => `${f.scenario}@${f.profile}`))).toEqual(
      new Set(m.findings.map((f) => `${f.scenario}@${f.scenario === 'a' ? '5.19' : '6.1'}`)),
    );
    io.stdout = '';
    await main(['campaign', '--scenarios', dir, '--no-save', '--json']);
    expect((JSON.parse(io.stdout) as { profiles: string[] }).profiles).toEqual(['5.19', '6.1']);
  }, 60_000);
});
