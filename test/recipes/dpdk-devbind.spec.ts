// dpdk-devbind.py: bind_one's order (cached unbind, override or new_id, bind, "\0" clear) and its rollback.
import { describe, expect, it } from 'vitest';
import { A, B, admin, drv, nic, run, w } from '../helpers.js';
import { choiceArrayScheduler } from '../../src/scheduler/basic.js';
import { calls, recipe, writes } from './helpers.js';

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
      `write /sys/bus/pci/drivers/vfio-pci/bind "${A}" = -EINVAL`, // Python 3's close() writes the buffer again
      `write /sys/bus/pci/drivers//unbind "${A}" = -EACCES`, // open(…, "a"): O_CREAT in /sys/bus/pci/drivers
    ]);
    expect(calls(r)).toContain(`read lspci -vmmks ${A} = -ENOENT`); // not on vfio-pci: roll back
    expect(r.ops[0].errors).toEqual([
      `Error: bind failed for ${A} - Cannot bind to driver vfio-pci`,
      `Error: unbind failed for ${A} - Cannot open /sys/bus/pci/drivers//unbind`,
    ]);
    expect(r.ops[0].result).toMatch(/^exit 1: /);
    expect(r.bindings[A]).toBeNull();
    expect(r.world.devices[0].override).toBe('vfio-pci');
  });

  it('with no DPDK module loaded it warns, runs lspci, then refuses the unloaded target (20.11 on: 681a6728)', () => {
    const world2 = { ...world, drivers: ['e1000e', { name: 'vfio-pci', loaded: false }], actors: [admin([bind()])] };
    const r = run(world2);
    expect(calls(r)).toEqual(['readdir /sys/module = ', `readdir lspci -Dvmmnnk = ${A}=e1000e ${B}=e1000e`]);
    expect(r.ops[0].errors).toEqual([
      'Warning: no supported DPDK kernel modules are loaded',
      "Error: Driver 'vfio-pci' is not loaded.",
    ]);
    expect(r.ops[0].result).toBe("exit 1: Error: Driver 'vfio-pci' is not loaded.");
    // 17.05 (before 681a6728) stopped in check_modules, before lspci.
    const old = run({ ...world2, actors: [admin([bind({ version: '17.05' })])] });
    expect(old.ops[0].result).toBe('exit 1: Error - no supported modules(DPDK driver) are loaded');
    expect(calls(old)).toEqual(['readdir /sys/module = ']);
  });

  it('decides whether the target is loaded from the listing taken before lspci, with no second look', () => {
    const world2 = { ...world, drivers: ['e1000e', 'vfio-pci', { name: 'altdrv', loaded: false, ids: alt.ids }] };
    // The tool's listing first, then altdrv is loaded, then the tool's lspci: it still says "not loaded".
    const actors = [
      admin([recipe('dpdk-devbind bind', { bdf: A, driver: 'altdrv' })]),
      { name: 'm', ops: [{ modprobe: 'altdrv' }] },
    ];
    const r = run({ ...world2, actors }, '6.1', { scheduler: choiceArrayScheduler([0, 1, 1, 1, 1, 1, 1, 1, 0, 0]) });
    const i = r.ops.findIndex((o) => o.actor === 'admin');
    expect(calls(r, i).slice(0, 2)).toEqual([
      'readdir /sys/module = vfio_pci',
      `readdir lspci -Dvmmnnk = ${A}=e1000e ${B}=e1000e`,
    ]);
    const m = r.ops.find((o) => o.op.startsWith('modprobe'))!;
    expect(m.result).toBe('ok');
    expect(m.step).toBeGreaterThan(r.ops[i].calls![0].step!); // loaded after the listing …
    expect(m.step).toBeLessThan(r.ops[i].calls![1].step!); // … and before lspci
    expect(r.ops[i].result).toBe("exit 1: Error: Driver 'altdrv' is not loaded.");
  });

  it('17.05 on 3.15 (no driver_override) falls back to new_id, then unbinds the twins new_id captured', () => {
    const r = run({ ...world, actors: [admin([w(drv('e1000e', 'unbind'), B), bind({ version: '17.05' })])] }, '3.15');
    expect(writes(r, 1)).toEqual([
      `write /sys/bus/pci/drivers/e1000e/unbind "${A}" = ok`,
      'write /sys/bus/pci/drivers/vfio-pci/new_id "8086 10d3" = ok', // the ids of the lspci snapshot: no sysfs read
      `write /sys/bus/pci/drivers/vfio-pci/bind "${A}" = -ENODEV`, // Python 2: written once
      `write /sys/bus/pci/drivers/vfio-pci/unbind "${B}" = ok`,
    ]);
    expect(r.ops[1].result).toBe('ok'); // the bind error is ignored: the device is on vfio-pci
    expect(r.bindings).toEqual({ [A]: 'vfio-pci', [B]: null });
  });

  it('under Python 3 that clean-up dies of a TypeError after one lspci: the captured twin stays on vfio-pci', () => {
    const r = run({ ...world, actors: [admin([w(drv('e1000e', 'unbind'), B), bind({ version: '22.11' })])] }, '3.15');
    expect(calls(r, 1).slice(-4)).toEqual([
      `write /sys/bus/pci/drivers/vfio-pci/bind "${A}" = -ENODEV`,
      `read lspci -vmmks ${A} = vfio-pci`,
      `stat ${D}/driver_override = missing`,
      `read lspci -vmmks ${B} = vfio-pci`,
    ]);
    expect(r.ops[1].result).toBe("exit 1: TypeError: unsupported operand type(s) for +: 'dict_items' and 'dict_items'");
    expect(r.bindings).toEqual({ [A]: 'vfio-pci', [B]: 'vfio-pci' });
  });

  it('26.07 refuses vfio-pci on a machine without an IOMMU (no --noiommu-mode), before any write', () => {
    const r = run({
      ...world,
      devices: [nic(A, { iommu_group: null }), nic(B, { iommu_group: null })],
      actors: [admin([bind()])],
    });
    expect(writes(r)).toEqual([]);
    expect(r.ops[0].result).toBe(
      'exit 1: Error: IOMMU support is disabled, use --noiommu-mode for binding in noiommu mode',
    );
    const old = run({
      ...world,
      devices: [nic(A, { iommu_group: null }), nic(B, { iommu_group: null })],
      actors: [admin([bind({ version: '22.11' })])],
    });
    expect(writes(old)[0]).toBe(`write /sys/bus/pci/drivers/e1000e/unbind "${A}" = ok`);
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
    // The tool's /sys/module listing and its lspci first, then the other actor to completion.
    const r = run({ ...world, actors }, '6.1', { scheduler: choiceArrayScheduler([0, 0, 1, 1, 1, 1, 1, 1]) });
    const tool = r.ops.find((o) => o.actor === 'admin')!;
    expect(tool.result).toBe('exit 1: OSError: [Errno 19] -ENODEV (uncaught in unbind_one)');
    expect(tool.calls!.filter((c) => c.call === 'write').map(({ step: _s, ...c }) => c)).toEqual([
      { call: 'write', path: '/sys/bus/pci/drivers/e1000e/unbind', value: A, result: '-ENODEV' },
      { call: 'write', path: '/sys/bus/pci/drivers/e1000e/unbind', value: A, result: '-ENODEV' }, // close() again
    ]);
  });
});
