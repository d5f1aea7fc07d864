// What a real Debian 6.1 kernel did in QEMU (design §8): the model must agree.
import { describe, expect, it } from 'vitest';
import { A, B, C, admin, dev, drv, nic, results, run, w } from '../helpers.js';

describe('facts seen on a real 6.1 kernel', () => {
  it('new_id binds all unbound twins', () => {
    const r = run({
      drivers: ['e1000e', 'pci-stub'], devices: [nic(A), nic(B), nic(C)],
      actors: [admin([w(drv('e1000e', 'unbind'), A), w(drv('e1000e', 'unbind'), B), w(drv('pci-stub', 'new_id'), '8086 10d3')])],
    });
    expect(r.bindings).toEqual({ [A]: 'pci-stub', [B]: 'pci-stub', [C]: 'e1000e' });
  });

  it('remove_id never unbinds', () => {
    const r = run({ drivers: ['e1000e', 'pci-stub'], devices: [nic(A)], actors: [admin([w(drv('e1000e', 'unbind'), A), w(drv('pci-stub', 'new_id'), '8086 10d3'), w(drv('pci-stub', 'remove_id'), '8086 10d3')])] });
    expect(r.bindings[A]).toBe('pci-stub');
  });

  it('an override naming a driver that does not exist + drivers_probe succeeds yet leaves the device unbound', () => {
    const r = run({ drivers: ['e1000e'], devices: [nic(A)], actors: [admin([w(dev(A, 'driver_override'), 'nosuch\n'), w(dev(A, 'driver/unbind'), A), w('/sys/bus/pci/drivers_probe', A)])] });
    expect(results(r)).toEqual(['ok', 'ok', 'ok']);
    expect(r.bindings[A]).toBeNull();
  });

  it('new_id for an ID already in the static table is -EEXIST', () => {
    const r = run({ drivers: ['e1000e'], devices: [nic(A)], actors: [admin([w(drv('e1000e', 'new_id'), '8086 10d3')])] });
    expect(results(r)).toEqual(['-EEXIST']);
  });

  it('drivers_autoprobe=0 does not stop binding on PCI hot-add', () => {
    const r = run({ drivers: ['e1000e'], devices: [nic(A, { present: false })], actors: [admin([w('/sys/bus/pci/drivers_autoprobe', '0'), { hotplug: 'add', bdf: A }])] });
    expect(r.bindings[A]).toBe('e1000e');
  });

  it('rmmod leaves devices unbound and modprobe rebinds them', () => {
    const r1 = run({ drivers: ['e1000e'], devices: [nic(A)], actors: [admin([{ rmmod: 'e1000e' }])] });
    expect(r1.bindings[A]).toBeNull();
    const r2 = run({ drivers: ['e1000e'], devices: [nic(A)], actors: [admin([{ rmmod: 'e1000e' }, { modprobe: 'e1000e' }])] });
    expect(r2.bindings[A]).toBe('e1000e');
  });

  it('vfio-pci refuses devices without an IOMMU group; bind returns -EINVAL', () => {
    const r = run({
      drivers: ['e1000e', 'vfio-pci'], devices: [nic(A, { iommu_group: null })],
      actors: [admin([w(dev(A, 'driver_override'), 'vfio-pci'), w(drv('e1000e', 'unbind'), A), w(drv('vfio-pci', 'bind'), A)])],
    });
    expect(results(r)).toEqual(['ok', 'ok', '-EINVAL']);
    expect(r.bindings[A]).toBeNull();
  });

  it('bind on a bound device is -EBUSY; bind against another driver\'s override is -ENODEV', () => {
    const r = run({
      drivers: ['e1000e', 'pci-stub'], devices: [nic(A), nic(B, { override: 'vfio-pci' })],
      actors: [admin([w(drv('e1000e', 'bind'), A), w(drv('pci-stub', 'bind'), B)])],
    });
    expect(results(r)).toEqual(['-EBUSY', '-ENODEV']);
  });
});
