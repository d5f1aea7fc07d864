// Scenario format v1 for the cdx and fsl-mc buses: devices and inline drivers in JSON (vfio-cdx's override_only
// entry, an fsl-mc container tree), wrong-bus fields refused with the bus they belong to, containers that name no
// DPRC refused, /sys/bus/cdx/rescan through the sysfs layer, and a bus the era lacks. Kernel facts as in
// test/model/cdx and test/model/fsl-mc.
import { describe, expect, it } from 'vitest';
import { parseScenario, run } from '../../src/index.js';
import { load, loadError } from './load-error.js';

const CDX = {
  scenario: 1,
  name: 'cdx-dpdk',
  kernel: '7.1',
  drivers: [
    { bus: 'cdx', name: 'cdx-cdma-1.0', match_id_table: [{ vendor: '10ee', device: '8084' }] },
    { bus: 'cdx', name: 'vfio-cdx', match_id_table: [{ vendor: 'ffff', device: 'ffff', override_only: true }] },
  ],
  devices: [
    { bus: 'cdx', name: 'cdx-00', vendor: '10ee', device: '0000', is_bus: true },
    { bus: 'cdx', name: 'cdx-00:00', vendor: '10ee', device: '8084', subvendor: '10ee', class: '058000' },
  ],
  actors: [
    {
      name: 'dpdk',
      intent: { 'cdx-00:00': 'vfio-cdx' },
      ops: [
        { write: '/sys/bus/cdx/drivers/cdx-cdma-1.0/unbind', value: 'cdx-00:00\n' },
        { write: '/sys/bus/cdx/devices/cdx-00:00/driver_override', value: 'vfio-cdx\n' },
        { write: '/sys/bus/cdx/drivers_probe', value: 'cdx-00:00\n' },
        { read: '/sys/bus/cdx/devices/cdx-00:00/driver_override' },
        { write: '/sys/bus/cdx/devices/cdx-00/driver_override', value: 'vfio-cdx\n' },
      ],
    },
  ],
};

const FSLMC = {
  scenario: 1,
  name: 'dpl',
  kernel: '6.1',
  drivers: [
    { bus: 'fsl-mc', name: 'fsl_mc_dprc', match_id_table: [{ obj_type: 'dprc' }] },
    { bus: 'fsl-mc', name: 'fsl_dpaa2_eth', match_id_table: [{ vendor: '1957', obj_type: 'dpni' }] },
    { bus: 'fsl-mc', name: 'vfio-fsl-mc' },
  ],
  devices: [
    { bus: 'fsl-mc', name: 'dprc.1', container: null },
    { bus: 'fsl-mc', name: 'dprc.2', container: 'dprc.1', plugged: false },
    { bus: 'fsl-mc', name: 'dpni.1', container: 'dprc.2' },
  ],
  actors: [
    {
      name: 'dpl',
      intent: { 'dprc.2': 'vfio-fsl-mc', 'dpni.1': 'vfio-fsl-mc' },
      ops: [
        { write: '/sys/bus/fsl-mc/devices/dprc.2/driver_override', value: 'vfio-fsl-mc\n' },
        { write: '/sys/bus/fsl-mc/drivers/vfio-fsl-mc/bind', value: 'dprc.2\n' },
        { read: '/sys/bus/fsl-mc/devices/dpni.1/driver_override' },
      ],
    },
  ],
};

describe('cdx scenarios', () => {
  it("AMD's DPDK sequence from JSON: vfio-cdx's override_only entry; the bus device has no driver_override file", () => {
    const r = run(load(CDX));
    expect(r.ops.map((o) => o.result)).toEqual(['ok', 'ok', 'ok', 'vfio-cdx\n', '-EACCES']);
    expect(r.bindings).toEqual({ 'cdx-00': null, 'cdx-00:00': 'vfio-cdx' });
  });

  it('/sys/bus/cdx/rescan is the bus store: the device comes back on its table driver without the override', () => {
    const s = {
      ...CDX,
      actors: [
        { ...CDX.actors[0], ops: [...CDX.actors[0].ops.slice(0, 3), { write: '/sys/bus/cdx/rescan', value: '1' }] },
      ],
    };
    const r = run(load(s));
    expect(r.ops.map((o) => o.result)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(r.bindings['cdx-00:00']).toBe('cdx-cdma-1.0');
  });

  it('before 6.4 there is no /sys/bus/cdx: every write is -ENOENT', () => {
    const r = run(load({ ...CDX, kernel: '6.1' }));
    expect(r.ops.map((o) => o.result)).toEqual(['-ENOENT', '-ENOENT', '-ENOENT', '-ENOENT', '-ENOENT']);
    expect(r.bindings).toEqual({});
  });

  it('a PCI field on a cdx device, a typo in a cdx id: one line each', () => {
    const bdf = { ...CDX, devices: [{ ...CDX.devices[1], bdf: '0000:01:00.0' }] };
    expect(loadError(bdf)).toMatch(/^s\.json: devices\[0\]: unknown field "bdf" on a cdx device: a pci field/);
    const typo = {
      ...CDX,
      drivers: [{ bus: 'cdx', name: 'x', match_id_table: [{ vendor: '10ee', device: '8084', overide_only: true }] }],
    };
    expect(loadError(typo)).toMatch(/unknown field "overide_only" \(did you mean "override_only"\?\)/);
  });
});

describe('fsl-mc scenarios', () => {
  it("NXP's container sequence from JSON: the scan adds dpni.1 and the notifier's override takes it to vfio-fsl-mc", () => {
    const r = run(load(FSLMC));
    expect(r.ops.map((o) => o.result)).toEqual(['ok', 'ok', 'vfio-fsl-mc\n']);
    expect(r.bindings).toEqual({ 'dprc.1': 'fsl_mc_dprc', 'dprc.2': 'vfio-fsl-mc', 'dpni.1': 'vfio-fsl-mc' });
  });

  it('a container that is no declared dprc, a non-dprc root, a platform field: refused with the field', () => {
    const orphan = {
      ...FSLMC,
      devices: [...FSLMC.devices.slice(0, 2), { bus: 'fsl-mc', name: 'dpni.1', container: 'dprc.9' }],
    };
    expect(loadError(orphan)).toBe('s.json: devices[2].container: "dprc.9" is no dprc declared on the fsl-mc bus');
    const root = { ...FSLMC, devices: [{ bus: 'fsl-mc', name: 'dpni.1', container: null }] };
    expect(loadError(root)).toBe('s.json: devices[0].container: only a dprc can be the root (container null)');
    const of = { ...FSLMC, devices: [{ ...FSLMC.devices[0], of_compatible: ['x'] }] };
    expect(loadError(of)).toMatch(
      /^s\.json: devices\[0\]: unknown field "of_compatible" on a fsl-mc device: a platform field/,
    );
  });
});
