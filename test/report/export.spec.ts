// Reproducers: the shell script (syntax, dry run, --apply on a fake sysfs tree, refusal on other hardware),
// the QMP steps, and the vitest regression test, executed and failing while the bug is there.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explore, loadScenario, parseScenario, replay, run } from '../../src/index.js';
import stubsPolicy from '../../examples/override-in-table-except-stubs.js';
import { exportQmp, exportSh, exportVitest, type ExportInput } from '../../src/report/export.js';

const H8 = 'corpus/scenarios/h08-dpdk-devbind-bind-after-override.json';
const H16 = 'corpus/scenarios/h16-hot-add-window-before-override.json';
const A = '0000:01:00.0';

/** The H8 schedule where the other tool reprobes in dpdk-devbind's window: the device stays on e1000e. */
function h8Lost(): ExportInput {
  const s = loadScenario(H8);
  const w = explore(s).outcomes.find((o) => o.bindings[A] === 'e1000e')!.witness;
  const r = replay(w, s);
  return { s, r: r.result, profile: r.profile, token: w, violations: r.violations };
}

/** H6: another tool reprobes in driverctl's window; driverctl's check passes on the wrong driver. */
function h6Silent(): ExportInput {
  const s = loadScenario('corpus/scenarios/h06-driverctl-unbind-window.json');
  const w = explore(s).outcomes.find((o) => o.bindings[A] === 'e1000e')!.witness;
  const r = replay(w, s);
  return { s, r: r.result, profile: r.profile, token: w, violations: r.violations };
}

function fakeSysfs(vendor: string): string {
  const root = mkdtempSync(join(tmpdir(), 'hf-sysfs-'));
  const d = join(root, 'sys/bus/pci/devices', A);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'vendor'), `0x${vendor}\n`);
  writeFileSync(join(d, 'device'), '0x10d3\n');
  for (const dir of ['sys/bus/pci/drivers/e1000e', 'sys/bus/pci/drivers/vfio-pci'])
    mkdirSync(join(root, dir), { recursive: true });
  return root;
}

const sh = (script: string, args: string[], env: Record<string, string> = {}) => {
  const f = join(mkdtempSync(join(tmpdir(), 'hf-sh-')), 'repro.sh');
  writeFileSync(f, script);
  return spawnSync('sh', [f, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
};

describe('export --format sh', () => {
  it('is valid POSIX sh whose dry run lists the writes in schedule order, touching nothing', () => {
    const script = exportSh(h8Lost());
    expect(spawnSync('sh', ['-n'], { input: script }).status).toBe(0);
    const r = sh(script, []);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`dpdk-devbind: would write '${A}' to /sys/bus/pci/drivers/e1000e/unbind (model: ok)`);
    expect(lines).toContain(`other-tool: would write '${A}' to /sys/bus/pci/drivers_probe (model: ok)`);
    expect(lines.at(-1)).toBe(`dpdk-devbind: would write '${A}' to /sys/bus/pci/drivers//unbind (model: -EACCES)`);
  });

  it('--apply writes the exact bytes (a NUL byte too) after checking the device, and refuses other hardware', () => {
    const script = exportSh(h8Lost());
    const root = fakeSysfs('8086');
    const r = sh(script, ['--apply'], { HOTPLUG_FUZZ_SYSFS_ROOT: root });
    expect(r.stdout).toContain(`dpdk-devbind: write /sys/bus/pci/devices/${A}/driver_override: ok (model: ok)`);
    expect(readFileSync(join(root, 'sys/bus/pci/devices', A, 'driver_override'), 'utf8')).toBe('vfio-pci');
    expect(readFileSync(join(root, 'sys/bus/pci/drivers_probe'), 'utf8')).toBe(A);
    const other = sh(script, ['--apply'], { HOTPLUG_FUZZ_SYSFS_ROOT: fakeSysfs('10ec') });
    expect(other.status).toBe(2);
    expect(other.stderr).toBe(`refusing: ${A} is not 8086:10d3\n`);
  });
});

describe('export of a vmbus finding (examples/vmbus-dpdk-netvsc.json): no PCI check, no PCI hot-add advice', () => {
  const s = loadScenario('examples/vmbus-dpdk-netvsc.json');
  const OFFERED = '3b2e1c90-6c4f-4d0b-a7a4-1b2f5e7c9d10';
  const w = explore(s).outcomes.find((o) => o.bindings[OFFERED] === 'uio_hv_generic')!.witness;
  const r = replay(w, s);
  const x: ExportInput = { s, r: r.result, profile: r.profile, token: w, violations: r.violations };
  const devices = ['6e0a4c2a-1f33-4b5e-9c1d-0e9b7a6f2d11', 'ed963694-e847-4b2a-85af-bc9cfc11d6f3'];

  it('sh: --apply checks the devices under /sys/bus/vmbus/devices by name, and refuses when one is missing', () => {
    const script = exportSh(x);
    expect(script).not.toMatch(/check [0-9a-f]{8}-/);
    expect(script).toContain(`have the Hyper-V host offer ${OFFERED} now`);
    const root = mkdtempSync(join(tmpdir(), 'hf-vmbus-'));
    for (const d of devices) mkdirSync(join(root, 'sys/bus/vmbus/devices', d), { recursive: true });
    for (const d of ['hv_netvsc', 'uio_hv_generic'])
      mkdirSync(join(root, 'sys/bus/vmbus/drivers', d), { recursive: true });
    const ok = sh(script, ['--apply'], { HOTPLUG_FUZZ_SYSFS_ROOT: root });
    expect(ok.stderr).toBe('');
    expect(readFileSync(join(root, 'sys/bus/vmbus/drivers/uio_hv_generic/new_id'), 'utf8')).toBe(
      'f8615163-df3e-46c5-913f-f2d2f965ed0e',
    );
    rmSync(join(root, 'sys/bus/vmbus/devices', devices[1]), { recursive: true });
    const refused = sh(script, ['--apply'], { HOTPLUG_FUZZ_SYSFS_ROOT: root });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`refusing: no vmbus device ${devices[1]}\n`);
  });

  it('qmp: the host offer is a note for the Hyper-V host, not a PCI device_add', () => {
    const q = JSON.parse(exportQmp(x)) as { steps: { actor: string; note?: string; qmp?: object }[] };
    const offer = q.steps.find((st) => st.actor === 'hyper-v host')!;
    expect(offer.qmp).toBeUndefined();
    expect(offer.note).toMatch(/^a vmbus device, not QEMU's: have the Hyper-V host offer /);
  });
});

describe('export --format qmp', () => {
  it("turns hot-add into device_add on the bus's root port and the rest into guest commands, in order", () => {
    const s = loadScenario(H16);
    const w = explore(s).outcomes.find((o) => o.bindings['0000:02:00.0'] === 'vfio-pci')!.witness;
    const r = replay(w, s);
    const q = JSON.parse(exportQmp({ s, r: r.result, profile: r.profile, token: w, violations: r.violations })) as {
      steps: object[];
    };
    expect(q.steps).toEqual([
      {
        actor: 'hotplug',
        qmp: { execute: 'device_add', arguments: { driver: 'e1000e', id: 'dev2', bus: 'rp2', romfile: '' } },
      },
      {
        actor: 'udev:vfio-override',
        guest: "printf -- 'vfio-pci\\012' > /sys/bus/pci/devices/0000:02:00.0/driver_override",
        model: 'ok',
      },
    ]);
  });
});

function runTest(dir: string, text: string) {
  writeFileSync(join(dir, 'regression.spec.ts'), text);
  writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['regression.spec.ts'] } };\n");
  return spawnSync(
    'node',
    ['node_modules/vitest/vitest.mjs', 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs')],
    { encoding: 'utf8' },
  );
}

describe('export --format vitest', () => {
  afterAll(() => rmSync(join(process.cwd(), '.tmp-export', String(process.pid)), { recursive: true, force: true }));

  it('writes a regression test that the test runner executes and that fails while the violation is there', () => {
    const x = h6Silent();
    expect(x.violations.map((v) => v.property)).toEqual(['intent', 'error-visible']);
    const dir = join(process.cwd(), '.tmp-export', String(process.pid));
    mkdirSync(dir, { recursive: true });
    const v = exportVitest(x, { from: '../../src/index.js' });
    if ('reason' in v) throw new Error(v.reason);
    const r = runTest(dir, v.text);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/h06-driverctl-unbind-window on 6\.1 keeps intent/);
    expect(r.stdout + r.stderr).toMatch(/driverctl wanted 0000:01:00\.0 on vfio-pci/);
    expect(r.stdout + r.stderr).toMatch(/2 failed/);
  });
});

describe('export --format vitest: what the test guards', () => {
  afterAll(() => rmSync(join(process.cwd(), '.tmp-export', `p${process.pid}`), { recursive: true, force: true }));

  it('imports a user policy module and replays under it, so it fails where mainline would pass', () => {
    const dir = join(process.cwd(), '.tmp-export', `p${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const s = parseScenario(
      JSON.stringify({
        scenario: 1,
        name: 'override-to-oot',
        drivers: ['e1000e', { name: 'mydrv', ids: [{ vendor: '8086', device: '1234' }] }],
        devices: [{ bdf: A, vendor: '8086', device: '10d3', class: '020000' }],
        actors: [
          {
            name: 'admin',
            intent: { [A]: 'mydrv' },
            ops: [
              { write: `/sys/bus/pci/devices/${A}/driver/unbind`, value: A },
              { write: `/sys/bus/pci/devices/${A}/driver_override`, value: 'mydrv\n' },
              { write: '/sys/bus/pci/drivers_probe', value: A },
            ],
          },
        ],
      }),
      'oot.json',
    );
    const mainline = replay(run(s).token, s);
    expect(mainline.violations.filter((v) => v.property === 'intent')).toEqual([]);
    const policy = { name: 'override-in-table-except-stubs', summary: '', match: stubsPolicy.match };
    const r = replay(run(s, { policy }).token, s, { policy });
    const v = exportVitest(
      { s, r: r.result, profile: r.profile, token: r.token, violations: r.violations },
      { from: '../../src/index.js', policy: '../../examples/override-in-table-except-stubs.js' },
    );
    if ('reason' in v) throw new Error(v.reason);
    expect(v.text).toContain('import * as policyModule from "../../examples/override-in-table-except-stubs.js";');
    const out = runTest(dir, v.text);
    expect(out.stdout + out.stderr).toMatch(/override-to-oot on 6\.1 keeps intent/);
    expect(out.status).toBe(1);
  }, 30_000);

  it("guards a corpus entry's own property; an outcome-set property is explored again", () => {
    const x = h8Lost();
    const v = exportVitest(x, { from: 'hotplug-fuzz', property: 'deterministic' });
    if ('reason' in v) throw new Error(v.reason);
    expect(v.text).toContain("import { explore, parseScenario, replay } from 'hotplug-fuzz';");
    expect(v.text).toContain('explore(scenario, options).violations.filter((v) => v.property === "deterministic")');
    expect(v.text).not.toContain('keeps intent');
  });

  it('refuses, with the reason, when there is nothing a single-policy test can guard', () => {
    const s = loadScenario('corpus/scenarios/h10-override-while-bound.json');
    const r = replay(run(s, { kernel: '6.1' }).token, s);
    const clean = { s, r: r.result, profile: r.profile, token: r.token, violations: [] };
    expect(exportVitest(clean, { from: 'hotplug-fuzz' })).toEqual({
      reason: expect.stringMatching(/^this schedule violates no property under 6\.1/),
    });
    expect(exportVitest(clean, { from: 'hotplug-fuzz', property: 'no-regression' })).toEqual({
      reason: expect.stringMatching(/no-regression finding compares two profiles/),
    });
  });
});

describe('export --format sh: hostile and awkward input', () => {
  it('a newline in a message stays inside its comment; values starting with "-" are written; modprobe is not run on a fake root', () => {
    const x = h8Lost();
    const script = exportSh({
      ...x,
      violations: [{ property: 'intent', message: 'two\ntouch /tmp/hf-pwned', step: null }],
    });
    expect(script).toContain('# violates intent: two\\x0atouch /tmp/hf-pwned');
    expect(script.split('\n').some((l) => l.startsWith('touch'))).toBe(false);
    const root = fakeSysfs('8086');
    const prologue = script.slice(0, script.indexOf('\nif [ "$APPLY" = 1 ]; then') + 1);
    const dash = sh(`${prologue}w a /f '-v x' ok\nx a rmmod e1000e\n`, ['--apply'], { HOTPLUG_FUZZ_SYSFS_ROOT: root });
    expect(readFileSync(join(root, 'f'), 'utf8')).toBe('-v x');
    expect(dash.stdout).toContain('a: not run under a fake sysfs root: rmmod e1000e');
  });

  it('--apply checks only the devices there at the start: a hot-add scenario is not refused', () => {
    const s = loadScenario('corpus/scenarios/h01-new-id-captures-hot-added-twin.json');
    const r = replay(run(s).token, s);
    const script = exportSh({ s, r: r.result, profile: r.profile, token: r.token, violations: r.violations });
    expect(script).toContain(`check ${A} 8086 10d3`);
    expect(script).not.toContain('check 0000:02:00.0');
  });
});
