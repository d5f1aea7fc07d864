// Oracle disagreements as corpus entries: both results kept; replay and corpus check re-run the model.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disagreementEntry, firstDifference, KERNEL_AGREEMENT } from '../../../src/oracle/entry.js';
import { modelSide } from '../../../src/oracle/compare.js';
import { saveEntry } from '../../../src/cli/corpus.js';
import { loadScenario } from '../../../src/index.js';
import { main } from '../../../src/cli/program.js';
import { captureOutput, io } from '../capture.js';

captureOutput();
const s = loadScenario('corpus/scenarios/h03-remove-id-does-not-undo-capture.json');
const model = modelSide(s, '6.1');
const found = { scheduler: 'fifo', seed: '1', atRun: 0 };

describe('firstDifference', () => {
  it('names the first op whose result differs, then the first device whose binding differs', () => {
    expect(firstDifference(model, model)).toBeNull();
    const ops = [...model.ops];
    ops[1] = '-ENODEV';
    expect(firstDifference(model, { ...model, ops })).toBe(
      `op 2 (admin: write /sys/bus/pci/drivers/e1000e/unbind "0000:01:00.0"): model "${model.ops[1]}", kernel "-ENODEV"`,
    );
    expect(firstDifference(model, { ...model, bindings: { ...model.bindings, '0000:01:00.0': null } })).toBe(
      `0000:01:00.0: model ${model.bindings['0000:01:00.0']}, kernel unbound`,
    );
  });
});

describe('a disagreement entry', () => {
  const kernel = { release: '6.1.0-50-amd64', ops: model.ops, bindings: { ...model.bindings, '0000:01:00.0': null } };
  const e = disagreementEntry(s, '6.1', model, kernel, found);

  it('keeps both results, the scenario and a FIFO token', () => {
    expect(e).toMatchObject({
      property: KERNEL_AGREEMENT,
      profile: '6.1',
      bindings: model.bindings,
      kernel,
      step: null,
    });
    expect(e.ops.map((o) => o.result)).toEqual(model.ops);
    expect(e.scenario).toEqual(JSON.parse(s.source));
    expect(e.token.startsWith('hf1.')).toBe(true);
  });

  it('replays as still failing while the model disagrees (exit 1), fixed once it agrees (exit 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-oracle-entry-'));
    saveEntry(dir, e);
    saveEntry(
      dir,
      disagreementEntry(
        s,
        '6.1',
        model,
        { release: kernel.release, ops: model.ops, bindings: model.bindings },
        { ...found, atRun: 1 },
      ),
    );
    const [failing] = readdirSync(dir)
      .map((f) => join(dir, f))
      .filter((f) => JSON.parse(readFileSync(f, 'utf8')).message !== 'no difference');
    expect(await main(['replay', failing])).toBe(1);
    expect(io.stdout).toContain('verdict: still failing');
    expect(io.stdout).toContain('the real kernel (6.1.0-50-amd64)');
    io.stdout = '';
    expect(await main(['corpus', 'check', dir, '--json'])).toBe(1);
    const rows = (JSON.parse(io.stdout) as { entries: { verdict: string }[] }).entries;
    expect(rows.map((r) => r.verdict).sort()).toEqual(['fixed', 'still failing']);
  });

  it('an entry without the kernel side is refused, naming the field (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-oracle-entry-'));
    const { kernel: _, ...bare } = e;
    saveEntry(dir, bare);
    expect(await main(['corpus', 'check', dir])).toBe(2);
    expect(io.stderr).toMatch(/kernel: a kernel-agreement entry records what the kernel did/);
  });
});
