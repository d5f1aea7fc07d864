import { describe, expect, it } from 'vitest';
import { captureOutput, io } from './capture.js';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/program.js';
import { spawnSync } from 'node:child_process';
import { parseShard } from '../../src/cli/shard.js';
import { workerCount } from '../../src/cli/commands/fuzz.js';

captureOutput();

const H1 = 'corpus/scenarios/h01-new-id-captures-hot-added-twin.json';
const H6 = 'corpus/scenarios/h06-driverctl-unbind-window.json';
const tmp = (): string => mkdtempSync(join(tmpdir(), 'hf-corpus-'));
const json = <T>(): T => JSON.parse(io.stdout) as T;
type Report = {
  findings: { scenario: string; profile: string; property: string; fingerprint: string; token: string }[];
};
const fingerprints = (r: Report): string[] =>
  r.findings.map((f) => `${f.profile}/${f.property}/${f.fingerprint}`).sort();

describe('hotplug-fuzz fuzz', () => {
  it('finds H1 and H6, writes one self-contained file per finding, and a second run adds nothing', async () => {
    const dir = tmp();
    expect(await main(['fuzz', H1, H6, '-k', '6.1', '--seed', '1', '--runs', '800', '--corpus', dir, '--json'])).toBe(
      1,
    );
    const r = json<Report>();
    expect(r.findings.map((f) => `${f.scenario.slice(17, 20)} ${f.property}`)).toEqual(
      expect.arrayContaining(['h01 deterministic', 'h01 no-collateral', 'h06 intent', 'h06 error-visible']),
    );
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(r.findings.length);
    const e = JSON.parse(readFileSync(join(dir, files[0]), 'utf8'));
    expect(e).toMatchObject({ hotplugFuzzFinding: 1, profile: '6.1', policy: 'mainline' });
    expect(e.scenario.name).toMatch(/^h0[16]-/);
    io.stdout = '';
    await main(['fuzz', H1, H6, '-k', '6.1', '--seed', '2', '--runs', '800', '--corpus', dir, '--json']);
    expect(readdirSync(dir).sort()).toEqual(files); // another seed finds the same bugs: the same fingerprints
  });

  it('the same seed gives the same findings whatever the shard split', async () => {
    await main(['fuzz', H1, H6, '-k', '6.1,3.16', '--seed', '7', '--runs', '300', '--no-save', '--json']);
    const whole = fingerprints(json<Report>());
    const parts: string[] = [];
    for (const shard of ['0/3', '1/3', '2/3']) {
      io.stdout = '';
      await main([
        'fuzz',
        H1,
        H6,
        '-k',
        '6.1,3.16',
        '--seed',
        '7',
        '--runs',
        '300',
        '--no-save',
        '--json',
        '--shard',
        shard,
      ]);
      parts.push(...fingerprints(json<Report>()));
    }
    expect(parts.sort()).toEqual(whole);
    expect(whole.length).toBeGreaterThan(3);
  });

  it('replay reproduces a saved finding (exit 1), corpus check reports it still failing, merge drops duplicates', async () => {
    const a = tmp();
    const b = tmp();
    await main(['fuzz', H6, '--seed', '1', '--runs', '800', '--corpus', a, '--quiet']);
    await main(['fuzz', H6, '--seed', '2', '--runs', '800', '--corpus', b, '--quiet']);
    const file = join(
      a,
      readdirSync(a).find((f) => f.startsWith('intent-'))!,
    );
    io.stdout = '';
    expect(await main(['replay', file])).toBe(1);
    expect(io.stdout).toContain('verdict: still failing');
    io.stdout = '';
    expect(await main(['corpus', 'check', a])).toBe(1);
    expect(io.stdout).toMatch(/findings: \d+ still failing, 0 fixed, 0 changed/);
    const out = tmp();
    io.stdout = '';
    expect(await main(['merge', a, b, '--out', out, '--json'])).toBe(0);
    const m = json<{ read: number; written: number; duplicates: number }>();
    expect(m.written).toBe(readdirSync(out).length);
    expect(m.duplicates).toBeGreaterThan(0); // both seeds find H6's same bugs: same fingerprints
  });

  it('a finding whose bug is gone replays as fixed (exit 0)', async () => {
    const dir = tmp();
    await main(['fuzz', H6, '--seed', '1', '--runs', '800', '--corpus', dir, '--quiet']);
    const name = readdirSync(dir).find((f) => f.startsWith('intent-'))!;
    const e = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    e.scenario.actors[1].ops = []; // the other tool no longer probes in the window
    writeFileSync(join(dir, name), JSON.stringify(e));
    io.stdout = '';
    expect(await main(['replay', join(dir, name)])).toBe(0);
    expect(io.stdout).toContain('verdict: fixed');
  });

  it('a bare token is replayed against its scenario found by hash', async () => {
    await main(['fuzz', H6, '--seed', '1', '--runs', '800', '--no-save', '--json']);
    const token = json<Report>().findings.find((f) => f.property === 'intent')!.token;
    io.stdout = '';
    expect(await main(['replay', token])).toBe(1);
    expect(io.stdout).toContain(`scenario ${H6}`);
  });

  it('writes JUnit XML with a failure per finding', async () => {
    const f = join(tmp(), 'junit.xml');
    await main(['fuzz', H6, '--seed', '1', '--runs', '800', '--no-save', '--quiet', '--junit', f]);
    const xml = readFileSync(f, 'utf8');
    expect(xml).toMatch(/<testsuite name="6.1" tests="1" failures="1">/);
    expect(xml).toMatch(/<failure type="intent"/);
  });

  it('bad input is exit 2 with one line', async () => {
    expect(await main(['fuzz', H6, '--runs', '0'])).toBe(2);
    expect(await main(['fuzz', H6, '--scheduler', 'dfs'])).toBe(2);
    expect(await main(['fuzz', H6, '--shard', '3/3'])).toBe(2);
    expect(await main(['replay', '/nope.json'])).toBe(2);
    expect(await main(['merge', '/nope-dir', '--out', tmp()])).toBe(2);
    expect(await main(['corpus', 'check', '/nope-dir'])).toBe(2);
    expect(io.stderr.trim().split('\n')).toEqual([
      '--runs: must be a positive integer, not "0"',
      '--scheduler: unknown scheduler "dfs" (fc, random, pct)',
      '--shard: needs 0 <= i < n, not 3/3',
      '/nope.json: no such file',
      '/nope-dir: no such directory',
      '/nope-dir: no such directory',
    ]);
  });
});

describe('--shard auto', () => {
  it('reads a Kubernetes Indexed Job, a Slurm array, GitLab CI (1-based)', () => {
    expect(parseShard('auto', { JOB_COMPLETION_INDEX: '2', JOB_COMPLETIONS: '4' })).toEqual({ index: 2, count: 4 });
    expect(parseShard('auto', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '8' })).toEqual({
      index: 0,
      count: 8,
    });
    expect(
      parseShard('auto', { SLURM_ARRAY_TASK_ID: '8', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '8' }),
    ).toEqual({ index: 7, count: 8 });
    expect(parseShard('auto', { CI_NODE_INDEX: '1', CI_NODE_TOTAL: '2' })).toEqual({ index: 0, count: 2 });
    expect(() => parseShard('auto', {})).toThrow(/no shard index in the environment/);
    expect(() => parseShard('auto', { JOB_COMPLETION_INDEX: '1' })).toThrow(/JOB_COMPLETIONS is not/);
  });
});

describe('campaign findings', () => {
  it('the default campaign saves each finding once and every one replays as still failing', async () => {
    const dir = tmp();
    expect(await main(['campaign', '-k', '6.1,rfc-09of11', '--corpus', dir, '--json'])).toBe(1);
    const r = json<{ findings: unknown[]; saved: number }>();
    expect(r.saved).toBe(readdirSync(dir).length);
    expect(r.saved).toBeGreaterThan(10);
    // Outcome-set and two-policy findings are judged by exploring again, not by one run.
    for (const p of ['deterministic-', 'no-regression-rfc-09of11-'])
      expect(
        readdirSync(dir).some((f) => f.startsWith(p)),
        p,
      ).toBe(true);
    io.stdout = '';
    expect(await main(['corpus', 'check', dir, '--json'])).toBe(1);
    const verdicts = new Set(json<{ entries: { verdict: string }[] }>().entries.map((e) => e.verdict));
    expect([...verdicts]).toEqual(['still failing']);
  });
});

describe('fuzz --workers', () => {
  it('gives byte-identical findings with 1 and 2 worker threads (the built CLI: workers load dist/)', () => {
    const args = [
      'dist/src/cli/main.js',
      'fuzz',
      H1,
      H6,
      '-k',
      '6.1,3.16',
      '--seed',
      '3',
      '--runs',
      '300',
      '--no-save',
      '--json',
    ];
    const cli = (w: string): string => {
      const r = spawnSync('node', [...args, '--workers', w], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(1); // findings
      return r.stdout;
    };
    const one = cli('1');
    const two = cli('2');
    expect(two).toBe(one);
    expect((JSON.parse(one) as Report).findings.length).toBeGreaterThan(3);
  });

  it('cuts one random job into run ranges for 2 workers and still prints byte-identical findings', () => {
    const args = ['dist/src/cli/main.js', 'fuzz', H6, '-k', '6.1', '--scheduler', 'random', '--seed', '3'];
    const cli = (w: string): string => {
      const r = spawnSync('node', [...args, '--runs', '1000', '--no-save', '--json', '--workers', w], {
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(1); // findings
      return r.stdout;
    };
    const one = cli('1');
    expect(cli('2')).toBe(one);
    expect((JSON.parse(one) as Report).findings.map((f) => f.property)).toContain('deterministic');
  });
});

describe('fuzz --generate', () => {
  it('generates scenarios with real tools, shrinks each counterexample, saves it self-contained; replay reproduces it; same seed, same output', async () => {
    const dir = tmp();
    expect(await main(['fuzz', '--generate', '--seed', '1', '--runs', '1500', '--corpus', dir, '--json'])).toBe(1);
    const first = io.stdout;
    const r = JSON.parse(first) as Report & { findings: { generated: { actors: { ops: { recipe?: string }[] }[] } }[] };
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.some((f) => f.generated.actors.some((a) => a.ops.some((o) => o.recipe !== undefined)))).toBe(
      true,
    );
    for (const f of readdirSync(dir)) {
      io.stdout = '';
      expect(await main(['replay', join(dir, f)]), f).toBe(1);
    }
    io.stdout = '';
    await main(['fuzz', '--generate', '--seed', '1', '--runs', '1500', '--no-save', '--json']);
    expect(fingerprints(JSON.parse(io.stdout) as Report)).toEqual(fingerprints(r));
  }, 90_000); // a 1,500-case generated campaign: ~17 s alone, longer on a loaded machine

  it('--generate with a scenario argument is a usage error that suggests --runs for a number', async () => {
    expect(await main(['fuzz', '--generate', '50', '--seed', '3'])).toBe(2);
    expect(io.stderr).toBe(
      '--generate: generates its own scenarios: give no scenario files (for 50 cases: --runs 50)\n',
    );
  });

  it('without scenarios and without --generate it is a usage error', async () => {
    expect(await main(['fuzz'])).toBe(2);
    expect(io.stderr).toBe('fuzz: name at least one scenario, or give --generate\n');
  });
});

describe('fuzz --workers auto', () => {
  it('is one worker per core this process may use; anything else but a positive integer is refused', () => {
    expect(workerCount('auto')).toBe(availableParallelism());
    expect(workerCount('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'all', ''])
      expect(() => workerCount(bad)).toThrow(/--workers.*positive integer or "auto"/);
  });
});
