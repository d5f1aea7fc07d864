import { describe, expect, it } from 'vitest';
import { admin, dev, drv, results, run, w } from '../../helpers.js';
import { vfBdf } from '../../../src/model/pci/bdf.js';

const PF = '0000:03:00.0';
const VF0 = '0000:03:10.0';
const VF1 = '0000:03:10.2';
const pf = {
  bdf: PF,
  vendor: '8086',
  device: '10fb',
  class: '020000',
  sriov: { total_vfs: 4, vf_device: '10ed', vf_offset: 128, vf_stride: 2 },
};
const world = { drivers: ['ixgbe', 'ixgbevf', 'vfio-pci'], devices: [pf] };

describe('SR-IOV (drivers/pci/iov.c)', () => {
  it('VF routing IDs: PF RID + offset + i * stride', () => {
    const cap = { total_vfs: 4, vf_device: 0x10ed, vf_offset: 128, vf_stride: 2 };
    expect([0, 1].map((i) => vfBdf(PF, cap, i))).toEqual([VF0, VF1]);
  });

  it('sriov_numvfs creates VFs that the VF driver probes at creation', () => {
    const r = run({ ...world, actors: [admin([w(dev(PF, 'sriov_numvfs'), '2')])] });
    expect(results(r)).toEqual(['ok']);
    expect(r.bindings).toEqual({ [PF]: 'ixgbe', [VF0]: 'ixgbevf', [VF1]: 'ixgbevf' });
  });

  it('sriov_drivers_autoprobe=0: VFs stay unbound; an override still lets bind probe them (5.2+, 2d2f4273cbe9)', () => {
    const r = run({
      ...world,
      actors: [
        admin([
          w(dev(PF, 'sriov_drivers_autoprobe'), '0'),
          w(dev(PF, 'sriov_numvfs'), '2'),
          w(drv('ixgbevf', 'bind'), VF0),
          w(dev(VF1, 'driver_override'), 'vfio-pci'),
          w(drv('vfio-pci', 'bind'), VF1),
        ]),
      ],
    });
    expect(results(r)).toEqual(['ok', 'ok', '-ENODEV', 'ok', 'ok']);
    expect(r.bindings).toEqual({ [PF]: 'ixgbe', [VF0]: null, [VF1]: 'vfio-pci' });
  });

  it('sriov_drivers_autoprobe does not exist before 4.12: on 3.16 `echo >` it is -EACCES (O_CREAT in a sysfs dir), reading it -ENOENT', () => {
    const r = run(
      {
        ...world,
        actors: [admin([w(dev(PF, 'sriov_drivers_autoprobe'), '0'), { read: dev(PF, 'sriov_drivers_autoprobe') }])],
      },
      '3.16',
    );
    expect(results(r)).toEqual(['-EACCES', '-ENOENT']);
  });

  it('numvfs errors: above total -ERANGE, N->M -EBUSY, unbound PF -ENOENT, 0 removes the VFs', () => {
    const r = run({
      ...world,
      actors: [
        admin([
          w(dev(PF, 'sriov_numvfs'), '5'),
          w(dev(PF, 'sriov_numvfs'), '2'),
          w(dev(PF, 'sriov_numvfs'), '3'),
          w(dev(PF, 'sriov_numvfs'), '0'),
          w(drv('ixgbe', 'unbind'), PF),
          w(dev(PF, 'sriov_numvfs'), '1'),
        ]),
      ],
    });
    expect(results(r)).toEqual(['-ERANGE', 'ok', '-EBUSY', 'ok', 'ok', '-ENOENT']);
    expect(r.bindings).toEqual({ [PF]: null });
  });

  it('unbinding the PF driver disables SR-IOV: its VFs are removed first', () => {
    const r = run({ ...world, actors: [admin([w(dev(PF, 'sriov_numvfs'), '2'), w(drv('ixgbe', 'unbind'), PF)])] });
    expect(r.bindings).toEqual({ [PF]: null });
  });

  it('vfio-pci on the PF (5.7+): its notifier sets driver_override=vfio-pci on new VFs, so they bind to vfio-pci', () => {
    const r = run({
      drivers: ['ixgbe', 'ixgbevf', { name: 'vfio-pci', params: 'enable_sriov=1' }],
      devices: [pf],
      actors: [
        admin([
          w(drv('ixgbe', 'unbind'), PF),
          w(dev(PF, 'driver_override'), 'vfio-pci'),
          w(drv('vfio-pci', 'bind'), PF),
          w(dev(PF, 'sriov_numvfs'), '1'),
        ]),
      ],
    });
    expect(results(r)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(r.bindings).toEqual({ [PF]: 'vfio-pci', [VF0]: 'vfio-pci' });
  });

  it('vfio-pci without enable_sriov: sriov_numvfs is -ENOENT', () => {
    const r = run({
      ...world,
      actors: [
        admin([
          w(drv('ixgbe', 'unbind'), PF),
          w(dev(PF, 'driver_override'), 'vfio-pci'),
          w(drv('vfio-pci', 'bind'), PF),
          w(dev(PF, 'sriov_numvfs'), '1'),
        ]),
      ],
    });
    expect(results(r)).toEqual(['ok', 'ok', 'ok', '-ENOENT']);
  });

  it('igb lowers sriov_totalvfs to 7 while bound (pci_sriov_set_totalvfs): 8 is -ERANGE; TotalVFs again once it goes', () => {
    const IGB = '0000:01:00.0';
    const igbPf = {
      bdf: IGB,
      vendor: '8086',
      device: '10c9',
      class: '020000',
      sriov: { total_vfs: 8, vf_device: '10ca', vf_offset: 128, vf_stride: 2 },
    };
    const r = run({
      drivers: [{ name: 'igb', loaded: false }, 'igbvf'],
      devices: [igbPf],
      actors: [
        admin([
          { read: dev(IGB, 'sriov_totalvfs') },
          { modprobe: 'igb' },
          { read: dev(IGB, 'sriov_totalvfs') },
          w(dev(IGB, 'sriov_numvfs'), '8'),
          w(dev(IGB, 'sriov_numvfs'), '7'),
          w(drv('igb', 'unbind'), IGB),
          { read: dev(IGB, 'sriov_totalvfs') },
        ]),
      ],
    });
    expect(results(r)).toEqual(['8\n', 'ok', '7\n', '-ERANGE', 'ok', 'ok', '8\n']);
    expect(r.bindings).toEqual({ [IGB]: null });
  });

  it("e1000e's probe sets up the 82576 (QEMU's igb PF) through driver_override, as the real 6.1 does (oracle --sriov)", () => {
    const IGB = '0000:01:00.0';
    const r = run({
      drivers: ['igb', 'e1000e'],
      devices: [{ bdf: IGB, vendor: '8086', device: '10c9', class: '020000' }],
      actors: [
        admin([
          w(dev(IGB, 'driver_override'), 'e1000e\n'),
          w(drv('igb', 'unbind'), IGB),
          w('/sys/bus/pci/drivers_probe', IGB),
        ]),
      ],
    });
    expect(results(r)).toEqual(['ok', 'ok', 'ok']);
    expect(r.bindings).toEqual({ [IGB]: 'e1000e' });
  });
});
