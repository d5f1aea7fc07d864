// `hotplug-fuzz export`: the formats through the CLI, and the refusals (exit 2, one line).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/program.js';
import { loadScenario, run } from '../../src/index.js';
import { captureOutput, io } from './capture.js';

captureOutput();
const H01 = 'corpus/scenarios/h01-new-id-captures-hot-added-twin.json';
const H06 = 'corpus/scenarios/h06-driverctl-unbind-window.json';

describe('export', () => {
  it('--format html writes the self-contained report of the replayed schedule', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hf-export-')), 'r.html');
    expect(
      await main(['export', run(loadScenario(H06)).token, '--scenario', H06, '--format', 'html', '--out', out]),
    ).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('h06-driverctl-unbind-window');
  });

  it('--format vitest of a schedule that violates nothing is refused with the reason (exit 2)', async () => {
    const s = loadScenario(H01);
    const clean = run(s, { kernel: '6.1' });
    if (clean.violations.length)
      return expect.unreachable(`H1's FIFO run should be clean here: ${clean.violations[0].message}`);
    expect(await main(['export', clean.token, '--scenario', H01, '--format', 'vitest'])).toBe(2);
    expect(io.stderr).toMatch(/violates no property under 6\.1/);
  });

  it('an unknown format names the known ones (exit 2)', async () => {
    expect(await main(['export', 'hf1.x', '--format', 'pdf'])).toBe(2);
    expect(io.stderr).toMatch(/unknown format "pdf" \(sh, qmp, vitest, html\)/);
  });
});
