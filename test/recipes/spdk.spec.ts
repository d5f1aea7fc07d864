// SPDK setup.sh: probe_driver (22.09) and the old new_id linux_bind_driver (22.05), both ending in a rescan.
import { describe, expect, it } from 'vitest';
import { A, B, admin, drv, nic, run, w } from '../helpers.js';
import { recipe, writes } from './helpers.js';

const D = `/sys/bus/pci/devices/${A}`;
const world = { drivers: ['e1000e', { name: 'vfio-pci', loaded: false }], devices: [nic(A), nic(B)] };

describe('spdk setup.sh config', () => {
  it('22.09: modprobe, unbind, override, drivers_probe, override cleared at once, check, rescan', () => {
    const r = run({ ...world, actors: [admin([recipe('spdk setup.sh config', { bdf: A })])] });
    expect(writes(r)).toEqual([
      'modprobe vfio-pci = ok',
      `write ${D}/driver/unbind "${A}\\n" = ok`,
      `write ${D}/driver_override "vfio-pci\\n" = ok`,
      `write /sys/bus/pci/drivers_probe "${A}\\n" = ok`,
      `write ${D}/driver_override "\\n" = ok`,
      'write /sys/bus/pci/rescan "1\\n" = ok',
    ]);
    expect(r.bindings).toEqual({ [A]: 'vfio-pci', [B]: 'e1000e' });
  });

  it('22.09: a device the target refuses fails the check ("aborting") before the rescan', () => {
    const r = run({
      ...world,
      devices: [nic(A, { iommu_group: null }), nic(B)],
      actors: [admin([recipe('spdk setup.sh config', { bdf: A })])],
    });
    expect(r.ops[0].result).toBe(`exit 1: Failed to bind ${A} to vfio-pci, aborting`);
    expect(writes(r).some((l) => l.includes('rescan'))).toBe(false);
    expect(r.bindings[A]).toBeNull();
  });

  it('22.09: the final rescan adds only new devices, so a deliberately unbound one stays unbound (pci_bus_add_devices skips added devices)', () => {
    const r = run({
      ...world,
      actors: [admin([w(drv('e1000e', 'unbind'), B), recipe('spdk setup.sh config', { bdf: A })])],
    });
    expect(r.bindings).toEqual({ [A]: 'vfio-pci', [B]: null });
  });

  it('22.05: remove_id on the old driver, unbind, new_id and bind with errors ignored: unbound twins are captured', () => {
    const r = run({
      ...world,
      actors: [admin([w(drv('e1000e', 'unbind'), B), recipe('spdk setup.sh config', { bdf: A, version: '22.05' })])],
    });
    expect(writes(r, 1)).toEqual([
      'modprobe vfio-pci = ok',
      `write ${D}/driver/remove_id "8086 10d3\\n" = -ENODEV`,
      `write ${D}/driver/unbind "${A}\\n" = ok`,
      'write /sys/bus/pci/drivers/vfio-pci/new_id "8086 10d3\\n" = ok',
      `write /sys/bus/pci/drivers/vfio-pci/bind "${A}\\n" = -EBUSY`,
      'write /sys/bus/pci/rescan "1\\n" = ok',
    ]);
    expect(r.ops[1].result).toBe('ok');
    expect(r.bindings).toEqual({ [A]: 'vfio-pci', [B]: 'vfio-pci' });
  });
});

describe('spdk setup.sh reset', () => {
  it('gives the device back through override + drivers_probe, then rescans', () => {
    const r = run({
      ...world,
      drivers: ['e1000e', 'vfio-pci'],
      devices: [nic(A, { override: 'vfio-pci' }), nic(B)],
      actors: [admin([recipe('spdk setup.sh reset', { bdf: A, driver: 'e1000e' })])],
    });
    expect(writes(r)).toEqual([
      `write ${D}/driver/unbind "${A}\\n" = ok`,
      `write ${D}/driver_override "e1000e\\n" = ok`,
      `write /sys/bus/pci/drivers_probe "${A}\\n" = ok`,
      `write ${D}/driver_override "\\n" = ok`,
      'write /sys/bus/pci/rescan "1\\n" = ok',
    ]);
    expect(r.bindings[A]).toBe('e1000e');
  });
});
