// Two kernels compared (oracle --baseline/--candidate), on fixture kernel results: where they differ, and what the
// model under each kernel's profile predicts.
import { describe, expect, it } from 'vitest';
import { oracleTraces } from '../../src/campaign/oracle-traces.js';
import { parseScenario } from '../../src/scenario/load.js';
import { findDriver } from '../../src/model/catalogue/index.js';
import { modelSide } from '../../src/oracle/compare.js';
import { firstDifference, type Side } from '../../src/oracle/entry.js';
import {
  badKernels,
  compareTrace,
  kernelDifferenceEntry,
  KERNEL_DIFFERENCE,
  type KernelRun,
} from '../../src/oracle/kernel-diff.js';
import { sideBySide } from '../../src/oracle/side-by-side.js';

const traces = oracleTraces('1', 119).map((t) =>
  parseScenario(JSON.stringify(t), `${t.name}.json`, (x) => findDriver(x) !== undefined),
);
/** oracle-1-118 binds e1000e to a bound device: 5.10's bind_store says -ENODEV, 6.1's -EBUSY. */
const busy = traces[118];
const plain = traces[0];

const kernelOf = (m: Side, release: string, profile: string, change: Partial<KernelRun> = {}): KernelRun => ({
  release,
  profile,
  labels: m.labels ?? [],
  ops: m.ops,
  bindings: m.bindings,
  ...change,
});

/** Both kernels as the model predicts them (the fixture), and the model under each profile. */
function pair(s: typeof busy, change: { a?: Partial<KernelRun>; b?: Partial<KernelRun> } = {}) {
  const [ma, mb] = [modelSide(s, '5.10'), modelSide(s, '6.1')];
  return {
    a: { model: ma, kernel: kernelOf(ma, '5.10.0-46-amd64', '5.10', change.a) },
    b: { model: mb, kernel: kernelOf(mb, '6.1.0-56-amd64', '6.1', change.b) },
  };
}

describe('compareTrace', () => {
  it("a difference the model under each kernel's profile reproduces is predicted", () => {
    const { a, b } = pair(busy);
    const c = compareTrace(busy.name, a, b);
    expect(c).toEqual({
      scenario: 'oracle-1-118',
      kernels:
        'op 1 (admin: write /sys/bus/pci/drivers/e1000e/bind "0000:01:00.0"): 5.10.0-46-amd64 "-ENODEV", 6.1.0-56-amd64 "-EBUSY"',
      model:
        'op 1 (admin: write /sys/bus/pci/drivers/e1000e/bind "0000:01:00.0"): model 5.10 "-ENODEV", model 6.1 "-EBUSY"',
      agree: [true, true],
      prediction: 'predicted',
    });
  });

  it('a kernel the model disagrees with: the difference is predicted differently, or missed', () => {
    const { a, b } = pair(busy, { b: { ops: ['ok', ...modelSide(busy, '6.1').ops.slice(1)] } });
    expect(compareTrace(busy.name, a, b)).toMatchObject({ agree: [true, false], prediction: 'differently' });
    const bdf = '0000:03:00.0';
    const m = pair(plain, { b: { bindings: { ...modelSide(plain, '6.1').bindings, [bdf]: 'pci-stub' } } });
    const c = compareTrace(plain.name, m.a, m.b);
    expect(c.prediction).toBe('missed');
    expect(c.model).toBeNull();
    expect(c.kernels).toMatch(new RegExp(`^${bdf}: 5\\.10\\.0-46-amd64 \\S+, 6\\.1\\.0-56-amd64 pci-stub$`));
  });

  it('kernels that agree where the model predicts a difference: spurious; nothing differs: null', () => {
    const ma = modelSide(busy, '5.10');
    const { a, b } = pair(busy, { b: { ops: ma.ops } });
    expect(compareTrace(busy.name, a, b)).toMatchObject({ kernels: null, prediction: 'spurious' });
    const q = pair(plain);
    expect(compareTrace(plain.name, q.a, q.b)).toMatchObject({ kernels: null, model: null, prediction: null });
  });

  it('units run on one kernel and not the other differ by label; one release twice is told apart by profile', () => {
    const { a, b } = pair(busy);
    const labels = ['admin: write /sys/bus/pci/drivers/e1000/bind "0000:01:00.0"', ...b.kernel.labels.slice(1)];
    expect(firstDifference({ ...a.kernel }, { ...a.kernel, labels }, ['x', 'y'])).toBe(
      `op 1: x runs ${JSON.stringify(a.kernel.labels[0])}, y ${JSON.stringify(labels[0])}`,
    );
    const same = compareTrace(busy.name, a, { ...b, kernel: { ...b.kernel, release: a.kernel.release } });
    expect(same.kernels).toContain('5.10.0-46-amd64 (5.10) "-ENODEV", 5.10.0-46-amd64 (6.1) "-EBUSY"');
  });
});

describe('a kernel whose guest crashed', () => {
  it('differs first by its crash (the model never crashes), and its entry keeps the crash', () => {
    const crash = 'guest crashed at op 1: BUG: kernel NULL pointer dereference, address: 0000000000000008';
    const { a, b } = pair(busy, { b: { ops: [], labels: [], bindings: {}, crash } });
    const c = compareTrace(busy.name, a, b);
    expect(c).toMatchObject({ kernels: crash, agree: [true, false], prediction: 'differently' });
    const e = kernelDifferenceEntry(busy, a.kernel, b.kernel, a.model, { scheduler: 'fifo', seed: '1', atRun: 0 });
    expect(e.message).toBe(crash);
    expect(badKernels(e)).toBeNull();
    expect(badKernels({ kernels: { baseline: a.kernel, candidate: { ...b.kernel, crash: 3 as never } } })).toBe(
      'kernels.candidate.crash: must be a string',
    );
  });
});

describe('a kernel-difference entry', () => {
  const { a, b } = pair(busy);
  const e = kernelDifferenceEntry(busy, a.kernel, b.kernel, a.model, { scheduler: 'fifo', seed: '1', atRun: 118 });

  it("holds both kernels' runs (releases, profiles, units, results, bindings), the scenario and a FIFO token", () => {
    expect(e).toMatchObject({
      property: KERNEL_DIFFERENCE,
      profile: '5.10',
      step: null,
      kernels: { baseline: a.kernel, candidate: b.kernel },
      found: { seed: '1', atRun: 118 },
      scenarioFile: 'oracle-1-118.json',
    });
    expect(e.message).toMatch(/5\.10\.0-46-amd64 "-ENODEV", 6\.1\.0-56-amd64 "-EBUSY"$/);
    expect(e.scenario).toEqual(JSON.parse(busy.source));
    expect(e.token.startsWith('hf1.')).toBe(true);
    expect(badKernels(e)).toBeNull();
  });

  it('its fingerprint is the releases, the scenario and the difference: the same run twice is one entry', () => {
    const again = kernelDifferenceEntry(busy, a.kernel, b.kernel, a.model, { scheduler: 'fifo', seed: '1', atRun: 5 });
    expect(again.fingerprint).toBe(e.fingerprint);
    const other = kernelDifferenceEntry(busy, a.kernel, { ...b.kernel, release: '6.1.0-50-amd64' }, a.model, e.found);
    expect(other.fingerprint).not.toBe(e.fingerprint);
  });

  it('a malformed kernels field is named', () => {
    expect(badKernels({})).toMatch(/^kernels: a kernel-difference entry records both kernels/);
    expect(badKernels({ kernels: { baseline: a.kernel } as never })).toBe('kernels.candidate: is required');
    expect(badKernels({ kernels: { baseline: a.kernel, candidate: { ...b.kernel, profile: '9.9' } } })).toBe(
      'kernels.candidate.profile: unknown kernel profile "9.9"',
    );
    expect(badKernels({ kernels: { baseline: { ...a.kernel, labels: [] }, candidate: b.kernel } })).toMatch(
      /^kernels\.baseline\.labels: one label per op/,
    );
  });

  it('side by side: a row per unit and per device, * where the kernels differ, ! where the model is not its kernel', () => {
    const text = sideBySide({
      baseline: a.kernel,
      candidate: { ...b.kernel, ops: ['ok', ...b.kernel.ops.slice(1)] },
      models: [a.model, b.model],
    });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^\s+unit\s+5\.10\.0-46-amd64\s+6\.1\.0-56-amd64\s+model 5\.10\s+model 6\.1$/);
    expect(lines[1]).toMatch(
      /^\*\s+1 admin: write \/sys\/bus\/pci\/drivers\/e1000e\/bind "0000:01:00\.0"\s+-ENODEV\s+ok\s+-ENODEV\s+-EBUSY !$/,
    );
    expect(lines.filter((l) => / bound to /.test(l))).toHaveLength(Object.keys(a.kernel.bindings).length);
    expect(lines).toHaveLength(1 + a.kernel.ops.length + Object.keys(a.kernel.bindings).length);
  });
});
