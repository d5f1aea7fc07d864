// sriov-network-operator (numvfs 0 then N; BindDpdkDriver; BindDefaultDriver) and the pds_vfio_pci idiom.
import { describe, expect, it } from 'vitest';
import { admin, run } from '../helpers.js';
import { recipe, writes } from './helpers.js';

const PF = '0000:05:00.0';
const VF0 = '0000:05:00.1';
const pf = { bdf: PF, vendor: '8086', device: '1572', class: '020000', sriov: { total_vfs: 4, vf_device: '154c' } };
const world = { drivers: ['i40e', 'iavf', 'vfio-pci'], devices: [pf] };
const vf = (attr: string): string => `/sys/bus/pci/devices/${VF0}/${attr}`;

describe('sriov-network-operator', () => {
  it('set-numvfs writes 0 then N and never sriov_drivers_autoprobe: the VF driver probes every VF (R-VF-AUTOPROBE)', () => {
    const r = run({
      ...world,
      actors: [admin([recipe('sriov-network-operator set-numvfs', { pf: PF, numvfs: '2' })])],
    });
    expect(writes(r)).toEqual([
      `write /sys/bus/pci/devices/${PF}/sriov_numvfs "0" = ok`,
      `write /sys/bus/pci/devices/${PF}/sriov_numvfs "2" = ok`,
    ]);
    expect(r.bindings[VF0]).toBe('iavf');
  });

  it('bind-dpdk: unbind from the current driver, override, bind, clear with "\\x00"', () => {
    const r = run({
      ...world,
      actors: [
        admin([
          recipe('sriov-network-operator set-numvfs', { pf: PF, numvfs: '1' }),
          recipe('sriov-network-operator bind-dpdk', { bdf: VF0 }),
        ]),
      ],
    });
    expect(writes(r, 1)).toEqual([
      `write /sys/bus/pci/drivers/iavf/unbind "${VF0}" = ok`,
      `write ${vf('driver_override')} "vfio-pci" = ok`,
      `write /sys/bus/pci/drivers/vfio-pci/bind "${VF0}" = ok`,
      `write ${vf('driver_override')} "\\u0000" = ok`,
    ]);
    expect(r.bindings[VF0]).toBe('vfio-pci');
    expect(r.world.devices[1].override).toBeNull();
  });

  it('bind-dpdk before 2024 clears with a zero-length write, which never reaches the kernel: the override stays (R-EMPTY-WRITE)', () => {
    const r = run({
      ...world,
      actors: [
        admin([
          recipe('sriov-network-operator set-numvfs', { pf: PF, numvfs: '1' }),
          recipe('sriov-network-operator bind-dpdk', { bdf: VF0, version: '2020' }),
        ]),
      ],
    });
    expect(writes(r, 1)[3]).toBe(`write ${vf('driver_override')} "" = ok`);
    expect(r.world.devices[1].override).toBe('vfio-pci');
  });

  it('bind-default gives a VF on a DPDK driver back: unbind, clear, drivers_probe', () => {
    const ops = [
      recipe('sriov-network-operator set-numvfs', { pf: PF, numvfs: '1' }),
      recipe('sriov-network-operator bind-dpdk', { bdf: VF0 }),
      recipe('sriov-network-operator bind-default', { bdf: VF0 }),
    ];
    const r = run({ ...world, actors: [admin(ops)] });
    expect(writes(r, 2)).toEqual([
      `write /sys/bus/pci/drivers/vfio-pci/unbind "${VF0}" = ok`,
      `write ${vf('driver_override')} "\\u0000" = ok`,
      `write /sys/bus/pci/drivers_probe "${VF0}" = ok`,
    ]);
    expect(r.bindings[VF0]).toBe('iavf');
  });
});

describe('kernel-doc pds-vfio-pci', () => {
  it('autoprobe off, VFs, override on the VF, bind: the VF driver never sees it', () => {
    const r = run({
      ...world,
      actors: [admin([recipe('kernel-doc pds-vfio-pci', { pf: PF, numvfs: '1', vf: VF0, driver: 'vfio-pci' })])],
    });
    expect(writes(r)).toEqual([
      `write /sys/bus/pci/devices/${PF}/sriov_drivers_autoprobe "0\\n" = ok`,
      `write /sys/bus/pci/devices/${PF}/sriov_numvfs "1\\n" = ok`,
      `write ${vf('driver_override')} "vfio-pci\\n" = ok`,
      `write /sys/bus/pci/drivers/vfio-pci/bind "${VF0}\\n" = ok`,
    ]);
    expect(r.bindings[VF0]).toBe('vfio-pci');
    expect(r.ops[0].result).toBe('ok');
  });
});
