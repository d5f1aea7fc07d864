import { describe, expect, it } from 'vitest';
import { A, B, admin, drv, dev, nic, results, run, w } from '../../helpers.js';
import { scanHexFields } from '../../../src/model/pci/pci-driver.js';

const twins = { drivers: ['e1000e', 'pci-stub'], devices: [nic(A), nic(B)] };

describe('new_id_store', () => {
  it('scans hex fields like sscanf("%x %x ..."): stops at the first field that does not convert', () => {
    expect(scanHexFields('8086 10d3', 7)).toEqual([0x8086, 0x10d3]);
    expect(scanHexFields('0x8086 0x10d3\n', 7)).toEqual([0x8086, 0x10d3]);
    expect(scanHexFields('8086:10d3', 7)).toEqual([0x8086]);
    expect(scanHexFields('8086 10d3 ffffffff ffffffff 0 0 1 9', 7)).toHaveLength(7);
  });

  it('fewer than two fields is -EINVAL', () => {
    const r = run({ ...twins, actors: [admin([w(drv('pci-stub', 'new_id'), '8086:10d3')])] });
    expect(results(r)).toEqual(['-EINVAL']);
  });

  it.each(['3.15', '5.10', '5.11', '6.1', '7.1'])(
    '%s: an id already in the static table is -EEXIST (pci_match_id / pci_match_device)',
    (p) => {
      const r = run({ ...twins, actors: [admin([w(drv('e1000e', 'new_id'), '8086 10d3')])] }, p);
      expect(results(r)).toEqual(['-EEXIST']);
    },
  );

  it('a fully specified (7-field) write skips the duplicate check', () => {
    const r = run({
      ...twins,
      actors: [
        admin([
          w(drv('pci-stub', 'new_id'), '8086 10d3 ffffffff ffffffff 0 0 0'),
          w(drv('pci-stub', 'new_id'), '8086 10d3 ffffffff ffffffff 0 0 0'),
        ]),
      ],
    });
    expect(results(r)).toEqual(['ok', 'ok']);
    expect(r.world.drivers[1].dynids).toHaveLength(2);
  });

  it('5.10: re-adding an existing dynid appends a duplicate and re-runs driver_attach; 5.11+: -EEXIST (3853f9123c18)', () => {
    const ops = [
      w(drv('pci-stub', 'new_id'), '8086 10d3'),
      w(drv('e1000e', 'unbind'), A),
      w(drv('pci-stub', 'new_id'), '8086 10d3'),
    ];
    const old = run({ ...twins, actors: [admin(ops)] }, '5.10');
    expect(results(old)).toEqual(['ok', 'ok', 'ok']);
    expect(old.bindings[A]).toBe('pci-stub');
    const now = run({ ...twins, actors: [admin(ops)] }, '5.11');
    expect(results(now)).toEqual(['ok', 'ok', '-EEXIST']);
    expect(now.bindings[A]).toBeNull();
  });

  it('binds every unbound device that now matches, even with drivers_autoprobe=0 (pci_add_dynid -> driver_attach)', () => {
    const r = run({
      ...twins,
      actors: [
        admin([
          w(drv('e1000e', 'unbind'), A),
          w(drv('e1000e', 'unbind'), B),
          w('/sys/bus/pci/drivers_autoprobe', '0'),
          w(drv('pci-stub', 'new_id'), '8086 10d3'),
        ]),
      ],
    });
    expect(r.bindings).toEqual({ [A]: 'pci-stub', [B]: 'pci-stub' });
  });

  it('a driver_data not in the static table is -EINVAL; pci-stub (id_table NULL) accepts any', () => {
    const r = run({
      ...twins,
      actors: [
        admin([
          w(drv('e1000e', 'new_id'), '8086 1234 ffffffff ffffffff 0 0 ffff'),
          w(drv('pci-stub', 'new_id'), '8086 1234 ffffffff ffffffff 0 0 ffff'),
        ]),
      ],
    });
    expect(results(r)).toEqual(['-EINVAL', 'ok']);
  });

  it("5.15+: vfio-pci's override_only match-all entry does not make new_id -EEXIST", () => {
    const s = {
      drivers: ['e1000e', 'vfio-pci'],
      devices: [nic(A)],
      actors: [admin([w(dev(A, 'driver/unbind'), A), w(drv('vfio-pci', 'new_id'), '8086 10d3')])],
    };
    for (const p of ['5.14', '5.15', '6.1', 'rfc-09of11']) {
      const r = run(s, p);
      expect(results(r), p).toEqual(['ok', 'ok']);
      expect(r.bindings[A], p).toBe('vfio-pci');
    }
    const rfcOld = run(s, 'rfc-09of11-on-5.10');
    expect(results(rfcOld)).toEqual(['ok', '-EEXIST']);
    expect(rfcOld.bindings[A]).toBeNull();
  });
});

describe('remove_id_store', () => {
  it('-ENODEV when no dynid matches', () => {
    const r = run({ ...twins, actors: [admin([w(drv('pci-stub', 'remove_id'), '8086 10d3')])] });
    expect(results(r)).toEqual(['-ENODEV']);
  });

  it('omitted subvendor/subdevice act as wildcards: removes a dynid that has them set', () => {
    const r = run({
      ...twins,
      actors: [
        admin([w(drv('pci-stub', 'new_id'), '1234 5678 aaaa bbbb'), w(drv('pci-stub', 'remove_id'), '1234 5678')]),
      ],
    });
    expect(results(r)).toEqual(['ok', 'ok']);
    expect(r.world.drivers[1].dynids).toEqual([]);
  });

  it('never unbinds what the dynid bound (H3)', () => {
    const r = run({
      ...twins,
      actors: [
        admin([
          w(drv('e1000e', 'unbind'), A),
          w(drv('pci-stub', 'new_id'), '8086 10d3'),
          w(drv('pci-stub', 'remove_id'), '8086 10d3'),
        ]),
      ],
    });
    expect(results(r)).toEqual(['ok', 'ok', 'ok']);
    expect(r.bindings[A]).toBe('pci-stub');
  });
});
