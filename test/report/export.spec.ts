// Reproducers: the shell script (syntax, dry run, --apply on a fake sysfs tree, refusal on other hardware),
// the QMP steps, and the vitest regression test, executed and failing while the bug is there.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explore, loadScenario, replay } from '../../src/index.js';
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
  for (const dir of ['sys/bus/pci/drivers/e1000e', 'sys/bus/pci/drivers/vfio-pci']) mkdirSync(join(root, dir), { recursive: true });
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
    expect(lines.at(-1)).toBe(`dpdk-devbind: would write '${A}' to /sys/bus/pci/drivers//unbind (model: -ENOENT)`);
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

describe('export --format qmp', () => {
  it('turns hot-add into device_add on the bus\'s root port and the rest into guest commands, in order', () => {
    const s = loadScenario(H16);
    const w = explore(s).outcomes.find((o) => o.bindings['0000:02:00.0'] === 'vfio-pci')!.witness;
    const r = replay(w, s);
    const q = JSON.parse(exportQmp({ s, r: r.result, profile: r.profile, token: w, violations: r.violations })) as { steps: object[] };
    expect(q.steps).toEqual([
      { actor: 'hotplug', qmp: { execute: 'device_add', arguments: { driver: 'e1000e', id: 'hf-0000-02-00-0', bus: 'rp2' } } },
      { actor: 'udev:vfio-override', guest: "printf 'vfio-pci\\012' > /sys/bus/pci/devices/0000:02:00.0/driver_override", model: 'ok' },
    ]);
  });
});

describe('export --format vitest', () => {
  afterAll(() => rmSync(join(process.cwd(), '.tmp-export', String(process.pid)), { recursive: true, force: true }));

  it('writes a regression test that the test runner executes and that fails while the violation is there', () => {
    const x = h6Silent();
    expect(x.violations.map((v) => v.property)).toEqual(['intent', 'error-visible']);
    const dir = join(process.cwd(), '.tmp-export', String(process.pid));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'regression.spec.ts'), exportVitest(x, '../../src/index.js'));
    writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['regression.spec.ts'] } };\n");
    const r = spawnSync('node', ['node_modules/vitest/vitest.mjs', 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/h06-driverctl-unbind-window on 6\.1 keeps intent/);
    expect(r.stdout + r.stderr).toMatch(/driverctl wanted 0000:01:00\.0 on vfio-pci/);
    expect(r.stdout + r.stderr).toMatch(/2 failed/);
  });
});
