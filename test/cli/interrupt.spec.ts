// Ctrl-C inside a long fuzz job, on the built CLI (`npm run build` first; `npm ci` builds it): it must stop
// promptly, keep and save what it found, and exit 130. Before the job loop yielded, a 1,000,000-run job ran to
// its end (minutes) before the signal was seen.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
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
