// driverctl 0.111: set_override's exact order (modprobe, unbind, override, drivers_probe, check) and its errors.
import { describe, expect, it } from 'vitest';
import { A, B, admin, nic, run } from '../helpers.js';
import { calls, recipe, writes } from './helpers.js';

const D = `/sys/bus/pci/devices/${A}`;
const altnic = { name: 'altnic', ids: [{ vendor: '8086', device: '10d3' }] };
const world = { drivers: ['e1000e', altnic, { name: 'vfio-pci', loaded: false }], devices: [nic(A), nic(B)] };

describe('driverctl set-override', () => {
  it('modprobes (its /sys/module test spells the driver with "-", so it always does), unbinds, writes the override, probes, checks', () => {
    const r = run({ ...world, actors: [admin([recipe('driverctl set-override', { bdf: A, driver: 'vfio-pci' })])] });
    expect(calls(r)).toEqual([
      `stat ${D} = exists`,
      `stat ${D}/driver_override = exists`,
      'stat /sys/module/vfio-pci = missing',
      'modprobe vfio-pci = ok',
      `stat ${D}/driver = exists`,
      `write ${D}/driver/unbind "${A}\\n" = ok`,
      `write ${D}/driver_override "vfio-pci\\n" = ok`,
      `write /sys/bus/pci/drivers_probe "${A}\\n" = ok`,
      `stat ${D}/driver = exists`,
    ]);
    expect(r.ops[0].result).toBe('ok');
    expect(r.bindings).toEqual({ [A]: 'vfio-pci', [B]: 'e1000e' });
  });

  it('skips modprobe when /sys/module/<driver> exists (a driver whose name has no "-")', () => {
    const r = run({ ...world, actors: [admin([recipe('driverctl set-override', { bdf: A, driver: 'altnic' })])] });
    expect(writes(r)[0]).toBe(`write ${D}/driver/unbind "${A}\\n" = ok`);
    expect(r.ops[0].result).toBe('ok');
    expect(r.bindings[A]).toBe('altnic');
  });

  it('"none": unbind and override, no probe: the device stays unbound and the tool succeeds', () => {
    const r = run({ ...world, actors: [admin([recipe('driverctl set-override', { bdf: A, driver: 'none' })])] });
    expect(writes(r)).toEqual([`write ${D}/driver/unbind "${A}\\n" = ok`, `write ${D}/driver_override "none\\n" = ok`]);
    expect(r.bindings[A]).toBeNull();
  });

  it('checks only that some driver is bound: an override to a driver that cannot take the device fails with its message', () => {
    const r = run({
      ...world,
      devices: [nic(A, { iommu_group: null }), nic(B)],
      actors: [admin([recipe('driverctl set-override', { bdf: A, driver: 'vfio-pci' })])],
    });
    expect(r.ops[0].result).toBe(`exit 1: driverctl: failed to bind device ${A} to driver vfio-pci`);
    expect(r.ops[0].failed).toBe(true);
    expect(r.bindings[A]).toBeNull();
  });

  it('before 3.16 there is no driver_override: "device does not support driver override", nothing written', () => {
    const r = run(
      { ...world, actors: [admin([recipe('driverctl set-override', { bdf: A, driver: 'vfio-pci' })])] },
      '3.15',
    );
    expect(r.ops[0].result).toBe(`exit 1: driverctl: device does not support driver override: ${A}`);
    expect(writes(r)).toEqual([]);
  });

  it('a device that is gone: "no such device"', () => {
    const r = run({
      ...world,
      devices: [nic(A, { present: false })],
      actors: [admin([recipe('driverctl set-override', { bdf: A, driver: 'vfio-pci' })])],
    });
    expect(r.ops[0].result).toBe(`exit 1: driverctl: no such device: ${A}`);
  });

  it('--noprobe: no drivers_probe and no check', () => {
    const r = run({
      ...world,
      actors: [admin([recipe('driverctl set-override', { bdf: A, driver: 'vfio-pci', noprobe: 'true' })])],
    });
    expect(writes(r).some((l) => l.includes('drivers_probe'))).toBe(false);
    expect(r.ops[0].result).toBe('ok');
    expect(r.bindings[A]).toBeNull();
  });

  it('the 2025 fork writes vfio-pci new_id after unbind: the twin is captured too (R-NEWID-STORM)', () => {
    const r = run({
      drivers: ['pci-stub', 'vfio-pci', 'e1000e'],
      devices: [nic(A), nic(B, { present: false })],
      actors: [
        admin([
          recipe('driverctl set-override', { bdf: A, driver: 'vfio-pci', version: '2025-newid' }),
          { hotplug: 'add', bdf: B },
        ]),
      ],
    });
    expect(writes(r)).toContain('write /sys/module/vfio_pci/drivers/pci:vfio-pci/new_id "0x8086 0x10d3" = ok');
    expect(r.bindings).toEqual({ [A]: 'vfio-pci', [B]: 'vfio-pci' });
  });
});

describe('driverctl unset-override and load-override', () => {
  it('unset: unbind, override cleared with "\\n", drivers_probe: the host driver takes the device back', () => {
    const r = run({
      ...world,
      devices: [nic(A, { override: 'vfio-pci' }), nic(B)],
      drivers: ['e1000e', 'vfio-pci'],
      actors: [admin([recipe('driverctl unset-override', { bdf: A })])],
    });
    expect(writes(r)).toEqual([
      `write ${D}/driver/unbind "${A}\\n" = ok`,
      `write ${D}/driver_override "\\n" = ok`,
      `write /sys/bus/pci/drivers_probe "${A}\\n" = ok`,
    ]);
    expect(r.bindings[A]).toBe('e1000e');
  });

  it('unset with no default driver fails its check (and would not delete the saved file)', () => {
    const r = run({
      drivers: ['vfio-pci'],
      devices: [nic(A, { override: 'vfio-pci' })],
      actors: [admin([recipe('driverctl unset-override', { bdf: A })])],
    });
    expect(r.ops[0].result).toBe(`exit 1: driverctl: failed to bind device ${A} to driver `);
  });

  it("load-override runs set-override's steps with the saved driver", () => {
    const r = run({ ...world, actors: [admin([recipe('driverctl load-override', { bdf: A, driver: 'vfio-pci' })])] });
    expect(r.bindings[A]).toBe('vfio-pci');
    expect(writes(r)).toContain(`write ${D}/driver_override "vfio-pci\\n" = ok`);
  });
});
