// The real-kernel oracle: its initramfs format, which scenarios it can reproduce, and (where QEMU and a
// Debian kernel are installed: scripts/oracle-setup.sh) one scenario on the real kernel.
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { existsSync, readdirSync } from 'node:fs';
import { cpioGz } from '../../../src/cli/oracle/cpio.js';
import { plan } from '../../../src/oracle/plan.js';
import { oracleTraces } from '../../../src/campaign/oracle-traces.js';
import { loadScenario, run } from '../../../src/index.js';
import { unitsOf } from '../../../src/oracle/units.js';
import { parseScenario } from '../../../src/scenario/load.js';
import { findDriver } from '../../../src/model/catalogue/index.js';
import { main } from '../../../src/cli/program.js';
import { captureOutput, io } from '../capture.js';

captureOutput();
const S = (n: string) => loadScenario(`corpus/scenarios/${n}.json`);

describe('initramfs', () => {
  it('is a newc cpio: magic, names, 4-byte alignment, the trailer', () => {
    const raw = gunzipSync(
      cpioGz([
        { path: 'bin', mode: 0o40755 },
        { path: 'init', data: Buffer.from('#!/bin/sh\n'), mode: 0o100755 },
      ]),
    );
    const text = raw.toString('latin1');
    expect(text.startsWith('070701')).toBe(true);
    expect(text).toContain('init\0');
    expect(text).toContain('TRAILER!!!\0');
    expect(raw.length % 4).toBe(0);
  });
});

describe('what the guest can reproduce', () => {
  it('maps catalogue NICs on root ports; recipes run call by call, udev rule ops where FIFO ran them; skips inline drivers with the reason', () => {
    expect(plan(S('h01-new-id-captures-hot-added-twin'))).toEqual({
      devices: [
        { port: 1, model: 'e1000e', present: true },
        { port: 2, model: 'e1000e', present: false },
      ],
      iommu: false,
    });
    expect(plan(S('h06-driverctl-unbind-window'))).toEqual({
      devices: [{ port: 1, model: 'e1000e', present: true }],
      iommu: true,
    });
    expect(plan(S('h16-hot-add-window-before-override'))).toMatchObject({
      devices: [{ port: 1 }, { port: 2, present: false }],
    });
    expect(unitsOf(run(S('h16-hot-add-window-before-override'), { kernel: '6.1' }).result).map((u) => u.label)).toEqual(
      [
        'hotplug: hotplug add 0000:02:00.0',
        'udev:vfio-override: write /sys/bus/pci/devices/0000:02:00.0/driver_override "vfio-pci\\n"',
      ],
    );
    expect(plan(S('h12-rfc-breaks-driverctl-arbitrary-override'))).toEqual({ reason: 'inline driver "e1000e-oot"' });
    const libvirt = parseScenario(
      JSON.stringify({
        scenario: 1,
        name: 'l',
        drivers: ['e1000e', 'vfio-pci'],
        devices: [{ bdf: '0000:01:00.0', vendor: '8086', device: '10d3', class: '020000' }],
        actors: [{ name: 'virsh', ops: [{ recipe: 'libvirt detach', bdf: '0000:01:00.0' }] }],
      }),
      'l.json',
      (n) => findDriver(n) !== undefined,
    );
    expect(plan(libvirt)).toEqual({
      reason: "virsh runs libvirt detach, which opens sysfs files without O_CREAT (the guest's shell cannot)",
    });
  });

  it('generated traces are reproducible from their seed and all runnable in the guest', () => {
    expect(oracleTraces('a', 5)).toEqual(oracleTraces('a', 5));
    expect(oracleTraces('a', 5)).not.toEqual(oracleTraces('b', 5));
    for (const t of oracleTraces('a', 100))
      expect(plan(parseScenario(JSON.stringify(t), 't.json', (n) => findDriver(n) !== undefined))).toMatchObject({
        iommu: true,
      });
  });

  it('generated hotplug ops always change the world: add an absent device, remove a present one', () => {
    const traces = oracleTraces('hp', 200) as {
      devices: { bdf: string; present?: boolean }[];
      bus?: unknown;
      actors: { ops: { hotplug?: string; bdf?: string }[] }[];
    }[];
    let hotplugs = 0;
    for (const t of traces) {
      const present = new Map(t.devices.map((d) => [d.bdf, d.present !== false]));
      for (const op of t.actors[0].ops) {
        if (op.hotplug === undefined) continue;
        hotplugs++;
        expect(op.hotplug).toBe(present.get(op.bdf!) ? 'remove' : 'add');
        present.set(op.bdf!, op.hotplug === 'add');
      }
    }
    expect(hotplugs).toBeGreaterThan(20);
    expect(traces.some((t) => t.devices.some((d) => d.present === false))).toBe(true);
    expect(traces.some((t) => t.bus !== undefined)).toBe(true);
  });
});

const hasQemu =
  existsSync('/usr/bin/qemu-system-x86_64') &&
  existsSync('/boot') &&
  readdirSync('/boot').some((f) => f.startsWith('vmlinuz-'));
describe.skipIf(!hasQemu)(
  `on the real kernel${hasQemu ? '' : ' (skipped: no qemu-system-x86_64 or /boot/vmlinuz-*; scripts/oracle-setup.sh installs them)'}`,
  () => {
    it('H3 agrees with the model: remove_id does not undo the capture', async () => {
      expect(await main(['oracle', 'corpus/scenarios/h03-remove-id-does-not-undo-capture.json', '--json'])).toBe(0);
      const r = JSON.parse(io.stdout) as { traces: number; agree: number };
      expect(r).toMatchObject({ traces: 1, agree: 1 });
    }, 120_000);
  },
);

describe('without QEMU', () => {
  it.skipIf(hasQemu)('says what to install, in one line, exit 2', async () => {
    expect(await main(['oracle', 'corpus/scenarios/h03-remove-id-does-not-undo-capture.json'])).toBe(2);
    expect(io.stderr).toMatch(/scripts\/oracle-setup\.sh/);
  });
});

describe('units the guest replays', () => {
  it("a recipe is its system calls in the model's order; calls the guest has no program for are not compared", () => {
    const s = S('h08-dpdk-devbind-bind-after-override');
    const units = unitsOf(run(s, { kernel: '6.1' }).result);
    const tool = units.filter((u) => u.label.startsWith('dpdk-devbind: '));
    expect(tool.length).toBeGreaterThan(5);
    expect(tool.find((u) => u.label.endsWith('readdir lspci -Dvmmnnk'))?.model).toBe('-');
    expect(tool.find((u) => u.label.endsWith('write /sys/bus/pci/devices/0000:01:00.0/driver_override'))?.model).toBe(
      'ok',
    );
    expect(units.at(-1)).toMatchObject({
      label: 'other-tool: write /sys/bus/pci/drivers_probe "0000:01:00.0"',
      model: 'ok',
    });
  });

  it('text a tool read is compared trimmed, as cat shows it', () => {
    const units = unitsOf(run(S('h04-new-id-without-remove-id'), { kernel: '6.1' }).result);
    expect(units.find((u) => u.label.endsWith('read /sys/bus/pci/devices/0000:01:00.0/vendor'))?.model).toBe('0x8086');
  });
});

describe("units: a tool's modprobe", () => {
  it('is run and compared (its module name is not a path)', () => {
    const units = unitsOf(run(S('h06-driverctl-unbind-window'), { kernel: '6.1' }).result);
    expect(units.find((u) => u.label.endsWith('modprobe vfio-pci'))?.model).toBe('ok');
  });
});
