// libvirt virpci.c: the override path (override before unbind, left set while detached) and the legacy new_id path.
import { describe, expect, it } from 'vitest';
import { A, B, admin, nic, run } from '../helpers.js';
import { recipe, writes } from './helpers.js';

const D = `/sys/bus/pci/devices/${A}`;
const world = { drivers: ['e1000e', 'vfio-pci'], devices: [nic(A), nic(B, { present: false })] };

describe('libvirt detach / reattach (2019+, driver_override)', () => {
  it('detach: override first, then unbind, then drivers_probe; the override stays set', () => {
    const r = run({ ...world, actors: [admin([recipe('libvirt detach', { bdf: A })])] });
    expect(writes(r)).toEqual([
      `write ${D}/driver_override "vfio-pci" = ok`,
      `write ${D}/driver/unbind "${A}" = ok`,
      `write /sys/bus/pci/drivers_probe "${A}" = ok`,
    ]);
    expect(r.bindings[A]).toBe('vfio-pci');
    expect(r.world.devices[0].override).toBe('vfio-pci');
  });

  it('reattach after detach: clear with "\\n", unbind, drivers_probe: back on the host driver', () => {
    const r = run({
      ...world,
      actors: [admin([recipe('libvirt detach', { bdf: A }), recipe('libvirt reattach', { bdf: A })])],
    });
    expect(writes(r, 1)).toEqual([
      `write ${D}/driver_override "\\n" = ok`,
      `write ${D}/driver/unbind "${A}" = ok`,
      `write /sys/bus/pci/drivers_probe "${A}" = ok`,
    ]);
    expect(r.bindings[A]).toBe('e1000e');
  });

  it('a device already on the stub at detach is never given back (unbind_from_stub stays false)', () => {
    const r = run({
      ...world,
      devices: [nic(A, { override: 'vfio-pci' })],
      actors: [admin([recipe('libvirt detach', { bdf: A }), recipe('libvirt reattach', { bdf: A })])],
    });
    expect(writes(r, 0)).toEqual([]);
    expect(writes(r, 1)).toEqual([]);
    expect(r.bindings[A]).toBe('vfio-pci');
  });

  it('opens sysfs files without O_CREAT: the 2019 recipe on a kernel without driver_override gets -ENOENT (a shell would get -EACCES)', () => {
    const r = run(
      {
        ...world,
        drivers: ['e1000e', 'pci-stub'],
        actors: [admin([recipe('libvirt detach', { bdf: A, driver: 'pci-stub' })])],
      },
      '3.15',
    );
    expect(writes(r)[0]).toBe(`write ${D}/driver_override "pci-stub" = -ENOENT`);
    const shell = run(
      {
        ...world,
        drivers: ['e1000e', 'pci-stub'],
        actors: [admin([{ write: `${D}/driver_override`, value: 'pci-stub' }])],
      },
      '3.15',
    );
    expect(shell.ops[0].result).toBe('-EACCES');
  });

  it('loads the stub module when its driver directory is missing, and fails when it cannot', () => {
    const ok = run({
      ...world,
      drivers: ['e1000e', { name: 'vfio-pci', loaded: false }],
      actors: [admin([recipe('libvirt detach', { bdf: A })])],
    });
    expect(writes(ok)[0]).toBe('modprobe vfio-pci = ok');
    const gone = run(
      {
        ...world,
        drivers: ['e1000e', { name: 'mlx5_vfio_pci', loaded: false }],
        actors: [admin([recipe('libvirt detach', { bdf: A, driver: 'mlx5_vfio_pci' })])],
      },
      '5.10',
    );
    expect(gone.ops[0].result).toBe('exit 1: error: Failed to load PCI driver module mlx5_vfio_pci');
  });
});

describe('libvirt 1.2 (legacy new_id path)', () => {
  it('new_id, unbind, bind, remove_id: a twin hot-added in the window is captured and stays captured (R-NEWID-STORM)', () => {
    const r = run({
      ...world,
      drivers: ['vfio-pci', 'e1000e'],
      actors: [
        admin([recipe('libvirt detach', { bdf: A, version: '1.2' })]),
        { name: 'hotplug', role: 'environment', ops: [{ hotplug: 'add', bdf: B }] },
      ],
    });
    expect(writes(r)).toEqual([
      'write /sys/bus/pci/drivers/vfio-pci/new_id "8086 10d3" = ok',
      `write ${D}/driver/unbind "${A}" = ok`,
      `write /sys/bus/pci/drivers/vfio-pci/bind "${A}" = ok`,
      'write /sys/bus/pci/drivers/vfio-pci/remove_id "8086 10d3" = ok',
    ]);
    // FIFO runs the tool first: the twin arrives after remove_id and goes to e1000e.
    expect(r.bindings).toEqual({ [A]: 'vfio-pci', [B]: 'e1000e' });
  });

  it('reattach unbinds from the stub and re-probes (remove_id exists): the host driver takes it back', () => {
    const r = run({
      ...world,
      actors: [
        admin([
          recipe('libvirt detach', { bdf: A, version: '1.2' }),
          recipe('libvirt reattach', { bdf: A, version: '1.2' }),
        ]),
      ],
    });
    expect(writes(r, 1)).toEqual([
      `write ${D}/driver/unbind "${A}" = ok`,
      `write /sys/bus/pci/drivers_probe "${A}" = ok`,
    ]);
    expect(r.bindings[A]).toBe('e1000e');
  });

  it('new_id of an id vfio-pci already has fails (-EEXIST): the error is reported and the device stays', () => {
    const r = run({
      ...world,
      actors: [
        admin([
          { write: '/sys/bus/pci/drivers/vfio-pci/new_id', value: '8086 10d3' },
          recipe('libvirt detach', { bdf: A, version: '1.2' }),
        ]),
      ],
    });
    expect(r.ops[1].result).toBe("exit 1: error: Failed to add PCI device ID '8086 10d3' to vfio-pci");
    expect(r.bindings[A]).toBe('e1000e');
  });
});
