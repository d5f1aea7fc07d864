// dpdk-devbind.py: bind_one's order (cached unbind, override or new_id, bind, "\0" clear) and its rollback.
import { describe, expect, it } from 'vitest';
import { A, B, admin, drv, nic, run, w } from '../helpers.js';
import { choiceArrayScheduler } from '../../src/scheduler/basic.js';
import { recipe, writes } from './helpers.js';

const D = `/sys/bus/pci/devices/${A}`;
const alt = { name: 'altdrv', ids: [{ vendor: '8086', device: '10d3' }] };
const world = { drivers: ['e1000e', alt, 'vfio-pci'], devices: [nic(A), nic(B)] };
const bind = (extra: object = {}): object => recipe('dpdk-devbind bind', { bdf: A, driver: 'vfio-pci', ...extra });

describe('dpdk-devbind bind', () => {
  it('unbinds the cached driver, writes the override (no newline), binds, clears with one NUL byte', () => {
    const r = run({ ...world, actors: [admin([bind()])] });
    expect(writes(r)).toEqual([
      `write /sys/bus/pci/drivers/e1000e/unbind "${A}" = ok`,
      `write ${D}/driver_override "vfio-pci" = ok`,
      `write /sys/bus/pci/drivers/vfio-pci/bind "${A}" = ok`,
      `write ${D}/driver_override "\\u0000" = ok`,
    ]);
    expect(r.ops[0].result).toBe('ok');
    expect(r.bindings).toEqual({ [A]: 'vfio-pci', [B]: 'e1000e' });
    expect(r.world.devices[0].override).toBeNull();
  });

  it('on 5.19 the NUL byte stores an empty override (H9): the device can bind nothing after the next unbind', () => {
    const r = run(
      { ...world, actors: [admin([bind(), w(drv('vfio-pci', 'unbind'), A), w('/sys/bus/pci/drivers_probe', A)])] },
      '5.19',
    );
    expect(r.world.devices[0].override).toBe('');
    expect(r.bindings[A]).toBeNull();
  });

  it('a kernel driver is bound with unbind + bind only, and a stale override is still cleared', () => {
    const r = run({ ...world, actors: [admin([recipe('dpdk-devbind bind', { bdf: A, driver: 'altdrv' })])] });
    expect(writes(r)).toEqual([
      `write /sys/bus/pci/drivers/e1000e/unbind "${A}" = ok`,
      `write /sys/bus/pci/drivers/altdrv/bind "${A}" = ok`,
      `write ${D}/driver_override "\\u0000" = ok`,
    ]);
    expect(r.bindings[A]).toBe('altdrv');
  });

  it('a failed bind rolls back through the cleared cache entry: exits on "drivers//unbind", leaving the override set (R-ROLLBACK-EXIT)', () => {
    const r = run({ ...world, devices: [nic(A, { iommu_group: null }), nic(B)], actors: [admin([bind()])] });
    expect(writes(r)).toEqual([
      `write /sys/bus/pci/drivers/e1000e/unbind "${A}" = ok`,
      `write ${D}/driver_override "vfio-pci" = ok`,
      `write /sys/bus/pci/drivers/vfio-pci/bind "${A}" = -EINVAL`,
      `write /sys/bus/pci/drivers//unbind "${A}" = -EACCES`, // open(…, "a"): O_CREAT in /sys/bus/pci/drivers
    ]);
    expect(r.ops[0].errors).toEqual([
      `Error: bind failed for ${A} - Cannot bind to driver vfio-pci`,
      `Error: unbind failed for ${A} - Cannot open /sys/bus/pci/drivers//unbind`,
    ]);
    expect(r.ops[0].result).toMatch(/^exit 1: /);
    expect(r.bindings[A]).toBeNull();
    expect(r.world.devices[0].override).toBe('vfio-pci');
  });

  it('refuses when no DPDK driver module is loaded', () => {
    const r = run({ ...world, drivers: ['e1000e', { name: 'vfio-pci', loaded: false }], actors: [admin([bind()])] });
    expect(r.ops[0].result).toBe('exit 1: Error - no supported modules(DPDK driver) are loaded');
    expect(writes(r)).toEqual([]);
  });

  it('on 3.15 (no driver_override) it falls back to new_id, then unbinds the twins new_id captured', () => {
    const r = run({ ...world, actors: [admin([w(drv('e1000e', 'unbind'), B), bind()])] }, '3.15');
    expect(writes(r, 1)).toEqual([
      `write /sys/bus/pci/drivers/e1000e/unbind "${A}" = ok`,
      'write /sys/bus/pci/drivers/vfio-pci/new_id "8086 10d3" = ok',
      `write /sys/bus/pci/drivers/vfio-pci/bind "${A}" = -ENODEV`,
      `write /sys/bus/pci/drivers/vfio-pci/unbind "${B}" = ok`,
    ]);
    expect(r.ops[1].result).toBe('ok'); // the bind error is ignored: the device is on vfio-pci
    expect(r.bindings).toEqual({ [A]: 'vfio-pci', [B]: null });
  });

  it('17.02 uses new_id even where driver_override exists, and never clears anything', () => {
    const r = run({ ...world, actors: [admin([bind({ version: '17.02' })])] });
    expect(writes(r)).toEqual([
      `write /sys/bus/pci/drivers/e1000e/unbind "${A}" = ok`,
      'write /sys/bus/pci/drivers/vfio-pci/new_id "8086 10d3" = ok',
      `write /sys/bus/pci/drivers/vfio-pci/bind "${A}" = -EBUSY`,
    ]);
    expect(r.bindings[A]).toBe('vfio-pci');
  });

  it('a device that lspci does not list is "Unknown device"', () => {
    const r = run({ ...world, devices: [nic(A, { present: false }), nic(B)], actors: [admin([bind()])] });
    expect(r.ops[0].result).toBe(`exit 1: Unknown device: ${A}. Please specify device in "bus:slot.func" format`);
  });
});

describe('dpdk-devbind unbind', () => {
  it("writes the cached driver's unbind and nothing else", () => {
    const r = run({ ...world, actors: [admin([recipe('dpdk-devbind unbind', { bdf: `${A} ${B}` })])] });
    expect(writes(r)).toEqual([
      `write /sys/bus/pci/drivers/e1000e/unbind "${A}" = ok`,
      `write /sys/bus/pci/drivers/e1000e/unbind "${B}" = ok`,
    ]);
    expect(r.bindings).toEqual({ [A]: null, [B]: null });
  });

  it('a stale cache (someone unbound the device after lspci) makes the unbind write an uncaught OSError (R-STALE-CACHE)', () => {
    const actors = [
      admin([recipe('dpdk-devbind unbind', { bdf: A })]),
      { name: 'other', ops: [w(drv('e1000e', 'unbind'), A)] },
    ];
    // The tool's three /sys/module checks and its lspci first, then the other actor to completion.
    const r = run({ ...world, actors }, '6.1', { scheduler: choiceArrayScheduler([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]) });
    const tool = r.ops.find((o) => o.actor === 'admin')!;
    expect(tool.result).toBe('exit 1: OSError: [Errno 19] -ENODEV (uncaught in unbind_one)');
    expect(tool.calls!.filter((c) => c.call === 'write').map(({ step: _s, ...c }) => c)).toEqual([
      { call: 'write', path: '/sys/bus/pci/drivers/e1000e/unbind', value: A, result: '-ENODEV' },
    ]);
  });
});
