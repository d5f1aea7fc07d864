// Ctrl-C inside a long job, on the built CLI (`npm run build` first; `npm ci` builds it): it must stop
// promptly, keep and save what it found, and exit 130. Before the job loop yielded, a 1,000,000-run job ran to
// its end (minutes) before the signal was seen; before exploration yielded, so did one long exploration in
// explore, campaign and matrix.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const H1 = 'corpus/scenarios/h01-new-id-captures-hot-added-twin.json';

function interrupted(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn('node', ['dist/src/cli/main.js', ...args]);
    let stdout = '';
    let stderr = '';
    let sent = false;
    p.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // The banner is the first progress output: the job is starting (the handler is installed before it).
      if (!sent && stdout.includes('hotplug-fuzz fuzz: seed')) {
        sent = true;
        p.kill('SIGINT');
      }
    });
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('Ctrl-C during fuzz', () => {
  it('a 1,000,000-run job stops at the signal, saves the findings so far and exits 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-int-'));
    const r = await interrupted(['fuzz', H1, '--seed', '1', '--runs', '1000000', '--corpus', dir]);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toMatch(/^\d+ executions, [1-9]\d* findings: [1-9]\d* new in .*:$/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      `interrupted: stopped early; the findings so far are saved in ${dir}/`,
    );
    const runs = Number(/^(\d+) executions/m.exec(r.stdout)![1]);
    expect(runs).toBeLessThan(1_000_000);
    expect(readdirSync(dir).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * CPU seconds `pid` has used (utime + stime in /proc/<pid>/stat, at the usual 100 ticks a second). A CPU budget,
 * not a wall-clock one: the CLI loads in well under a second of CPU, so past 2 s it is exploring, whatever the load.
 */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Runs the CLI and sends SIGINT once its job is under way (these commands print nothing before they end). */
function interruptedWhenHandling(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn('node', ['dist/src/cli/main.js', ...args]);
    let stdout = '';
    let stderr = '';
    const poll = setInterval(() => {
      if (p.pid === undefined || cpuSeconds(p.pid) < 2) return;
      clearInterval(poll);
      p.kill('SIGINT'); // well inside the exploration, which takes over 30 s of CPU
    }, 20);
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Three admins doing unbind/new_id/remove_id/bind round trips on twin NICs: tens of seconds to explore. */
function bigScenarioDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hf-int-sc-'));
  const admin = (i: number, bdf: string) => ({
    name: `admin${i}`,
    ops: [
      { write: `/sys/bus/pci/devices/${bdf}/driver/unbind`, value: bdf },
      { write: '/sys/bus/pci/drivers/pci-stub/new_id', value: '8086 10d3' },
      { write: '/sys/bus/pci/drivers/pci-stub/remove_id', value: '8086 10d3' },
      { write: '/sys/bus/pci/drivers/e1000e/bind', value: bdf },
    ],
  });
  const nic = (bdf: string) => ({ bdf, vendor: '8086', device: '10d3', class: '020000' });
  const s = {
    scenario: 1,
    name: 'twin-round-trips',
    description: 'three admins doing new_id round trips on twin NICs',
    drivers: [{ name: 'pci-stub', loaded: true }, 'e1000e'],
    devices: [nic('0000:01:00.0'), nic('0000:02:00.0')],
    actors: [admin(1, '0000:01:00.0'), admin(2, '0000:02:00.0'), admin(3, '0000:01:00.0')],
  };
  writeFileSync(join(dir, 'twin-round-trips.json'), JSON.stringify(s, null, 2));
  return dir;
}

describe('Ctrl-C inside one long exploration', () => {
  const scenarios = bigScenarioDir();
  const file = join(scenarios, 'twin-round-trips.json');

  it('explore stops, prints the outcomes and violations so far, says so last and exits 130', async () => {
    const r = await interruptedWhenHandling(['explore', file, '--max-executions', '1000000']);
    expect(r.code, r.stderr).toBe(130);
    const m = /^profile 6\.1: (\d+) executions, [1-9]\d* outcomes? \(INCOMPLETE: interrupted\)$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(1_000_000);
    expect(r.stdout).toMatch(/^ {2}outcome 1 \(\d+ executions?\)/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      'interrupted: stopped early; the outcomes and violations so far are above',
    );
  }, 120_000);

  it('campaign stops inside the exploration, saves the findings so far and exits 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-int-'));
    const r = await interruptedWhenHandling([
      ...['campaign', '--scenarios', scenarios, '-k', '6.1', '--max-executions', '1000000', '--corpus', dir],
    ]);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      `interrupted: 0 scenario x profile pairs not run; the findings so far are saved in ${dir}`,
    );
    expect(r.stdout).not.toMatch(/hit --max-executions/);
    const saved = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(saved.length).toBeGreaterThan(0);
    expect(saved.some((f) => f.startsWith('deterministic-6.1-'))).toBe(true);
    for (const f of saved) expect(readFileSync(join(dir, f), 'utf8')).toContain('twin-round-trips');
  }, 120_000);
});
