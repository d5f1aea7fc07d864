import { describe, expect, it } from 'vitest';
import { A, B, admin, dev, drv, nic, results, run, w } from '../../helpers.js';

const failing = { name: 'faildrv', ids: [{ vendor: '1234', device: '0001' }], probe: '-EIO' };
const odd = { bdf: B, vendor: '1234', device: '0001', class: '020000' };

describe('bind_store', () => {
  it.each([
    ['5.10', '-ENODEV'],
    ['5.11', '-ENODEV'],
    ['5.14', '-EBUSY'],
    ['6.1', '-EBUSY'],
    ['3.16', '-ENODEV'],
  ])('%s: bind of an already bound device (to a matching driver) returns %s', (p, errno) => {
    const r = run(
      { drivers: ['e1000e', 'pci-stub'], devices: [nic(A)], actors: [admin([w(drv('e1000e', 'bind'), A)])] },
      p,
    );
    expect(results(r)).toEqual([errno]);
    expect(r.bindings[A]).toBe('e1000e');
  });

  it.each([
    ['5.10', '-ENODEV'],
    ['5.14', '-EIO'],
  ])('%s: a probe error reaches the writer as %s (ef6dcbdd8eb2 in 5.14)', (p, errno) => {
    const r = run({ drivers: [failing], devices: [odd], actors: [admin([w(drv('faildrv', 'bind'), B)])] }, p);
    expect(results(r)).toEqual([errno]);
    expect(r.bindings[B]).toBeNull();
  });

  it('-EPROBE_DEFER from probe becomes -EAGAIN for bind (45ddcb42949f, 5.14)', () => {
    const deferring = { ...failing, probe: '-EPROBE_DEFER' };
    const r = run({ drivers: [deferring], devices: [odd], actors: [admin([w(drv('faildrv', 'bind'), B)])] }, '5.14');
    expect(results(r)).toEqual(['-EAGAIN']);
  });

  it('a driver that does not match a bound device is refused before the bound check: -ENODEV', () => {
    const r = run({
      drivers: ['e1000e', 'pci-stub'],
      devices: [nic(A)],
      actors: [admin([w(drv('pci-stub', 'bind'), A)])],
    });
    expect(results(r)).toEqual(['-ENODEV']);
  });

  it('an override naming another driver makes bind -ENODEV (driver_match_device says no)', () => {
    const r = run({
      drivers: ['e1000e', 'pci-stub'],
      devices: [nic(A, { override: 'vfio-pci' })],
      actors: [admin([w(drv('pci-stub', 'bind'), A)])],
    });
    expect(results(r)).toEqual(['-ENODEV']);
  });

  it('an unknown BDF is -ENODEV', () => {
    const r = run({
      drivers: ['e1000e'],
      devices: [nic(A)],
      actors: [admin([w(drv('e1000e', 'bind'), '0000:09:00.0')])],
    });
    expect(results(r)).toEqual(['-ENODEV']);
  });
});

describe('unbind_store', () => {
  it('-ENODEV when the device is not bound to that driver', () => {
    const r = run({
      drivers: ['e1000e', 'pci-stub'],
      devices: [nic(A)],
      actors: [admin([w(drv('pci-stub', 'unbind'), A)])],
    });
    expect(results(r)).toEqual(['-ENODEV']);
    expect(r.bindings[A]).toBe('e1000e');
  });

  it('the driver/unbind link does not exist for an unbound device: -ENOENT at open()', () => {
    const r = run({
      drivers: ['e1000e'],
      devices: [nic(A)],
      actors: [admin([w(dev(A, 'driver/unbind'), A), w(dev(A, 'driver/unbind'), A)])],
    });
    expect(results(r)).toEqual(['ok', '-ENOENT']);
  });

  it('never reprobes: the device stays unbound although e1000e matches', () => {
    const r = run({ drivers: ['e1000e'], devices: [nic(A)], actors: [admin([w(drv('e1000e', 'unbind'), A)])] });
    expect(r.bindings[A]).toBeNull();
  });
});

describe('drivers_probe_store', () => {
  it('returns success when nothing binds (override names a driver that does not exist)', () => {
    const r = run({
      drivers: ['e1000e'],
      devices: [nic(A)],
      actors: [
        admin([
          w(dev(A, 'driver_override'), 'nosuchdrv'),
          w(drv('e1000e', 'unbind'), A),
          w('/sys/bus/pci/drivers_probe', A),
        ]),
      ],
    });
    expect(results(r)).toEqual(['ok', 'ok', 'ok']);
    expect(r.bindings[A]).toBeNull();
  });

  it('binds an unbound device to the first registered driver that matches, ignoring drivers_autoprobe', () => {
    const r = run({
      bus: { drivers_autoprobe: false },
      drivers: ['e1000e'],
      devices: [nic(A)],
      actors: [admin([w('/sys/bus/pci/drivers_probe', A)])],
    });
    expect(r.bindings[A]).toBe('e1000e');
  });

  it('-ENODEV for an unknown device', () => {
    const r = run({
      drivers: ['e1000e'],
      devices: [nic(A)],
      actors: [admin([w('/sys/bus/pci/drivers_probe', '0000:07:00.0')])],
    });
    expect(results(r)).toEqual(['-ENODEV']);
  });
});

describe('drivers_autoprobe and driver registration', () => {
  it('drivers_autoprobe=0 at boot: registration binds nothing; hot-add still binds (pci_bus_add_device -> device_attach)', () => {
    const r = run({
      bus: { drivers_autoprobe: false },
      drivers: ['e1000e'],
      devices: [nic(A), nic(B, { present: false })],
      actors: [{ name: 'hp', role: 'environment', ops: [{ hotplug: 'add', bdf: B }] }],
    });
    expect(r.bindings).toEqual({ [A]: null, [B]: 'e1000e' });
  });

  it('7.1 (6.19+ ea34511aaf75): PCI hot-add honours drivers_autoprobe=0; 6.1 binds anyway', () => {
    const s = {
      drivers: ['e1000e'],
      devices: [nic(A, { present: false })],
      actors: [admin([w('/sys/bus/pci/drivers_autoprobe', '0'), { hotplug: 'add', bdf: A }])],
    };
    expect(run(s, '7.1').bindings[A]).toBeNull();
    expect(run(s, '6.1').bindings[A]).toBe('e1000e');
  });

  it('rmmod leaves devices unbound (no reprobe elsewhere); modprobe rebinds them', () => {
    const env = (ops: object[]) => ({
      drivers: ['e1000e', 'pci-stub'],
      devices: [nic(A)],
      actors: [{ name: 'env', role: 'environment', ops }],
    });
    const gone = run(env([w(drv('pci-stub', 'new_id'), '8086 10d3'), { rmmod: 'e1000e' }]));
    expect(gone.bindings[A]).toBeNull();
    const back = run(env([{ rmmod: 'e1000e' }, { modprobe: 'e1000e' }]));
    expect(back.bindings[A]).toBe('e1000e');
  });

  it('rmmod frees dynids: pci-stub reloaded without ids= claims nothing', () => {
    const r = run({
      drivers: ['pci-stub'],
      devices: [nic(A)],
      actors: [admin([w(drv('pci-stub', 'new_id'), '8086 10d3'), { rmmod: 'pci-stub' }, { modprobe: 'pci-stub' }])],
    });
    expect(r.bindings[A]).toBeNull();
    expect(r.world.drivers[0].dynids).toEqual([]);
  });

  it('the registration order decides between two matching drivers (bus_for_each_drv)', () => {
    const first = run({
      drivers: [{ name: 'pci-stub', params: 'ids=8086:10d3' }, 'e1000e'],
      devices: [nic(A)],
      actors: [],
    });
    expect(first.bindings[A]).toBe('pci-stub');
    const second = run({
      drivers: ['e1000e', { name: 'pci-stub', params: 'ids=8086:10d3' }],
      devices: [nic(A)],
      actors: [],
    });
    expect(second.bindings[A]).toBe('e1000e');
  });
});
