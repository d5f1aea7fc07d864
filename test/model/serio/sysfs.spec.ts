// serio through its sysfs files (ops/syscalls): the port's drvctl (write-only) and bind_mode, the driver's
// bind_mode, the driver core's bind (serio_bus_match refuses a manual_bind driver), and port unregistration.
import { describe, expect, it } from 'vitest';
import { sysfsRead, sysfsWrite } from '../../../src/ops/syscalls.js';
import { serio_hotplug, serio_register_driver, serio_register_port } from '../../../src/model/serio/serio.js';
import type { Kernel } from '../../../src/model/kernel.js';
import { EACCES, ENODEV } from '../../../src/model/errno.js';
import { boundTo, runThreads } from '../platform/helpers.js';
import { serioKernel, sid } from './helpers.js';

function booted(): Kernel {
  const k = serioKernel(
    [{ dev: 'serio1' }],
    [
      { name: 'psmouse', ids: [sid(0x01)] },
      { name: 'serio_raw', ids: [sid(0x01)], manual_bind: true },
    ],
  );
  runThreads(k, [
    ['i8042', (kk) => serio_register_port(kk, 0)],
    ['insmod', (kk) => serio_register_driver(kk, 0)],
    ['insmod', (kk) => serio_register_driver(kk, 1)],
  ]);
  return k;
}

const w = (k: Kernel, path: string, value: string): number =>
  runThreads(k, [['admin', (kk) => sysfsWrite(kk, path, value)]]).results[0] as number;
const r = (k: Kernel, path: string): unknown => runThreads(k, [['admin', (kk) => sysfsRead(kk, path)]]).results[0];
const D = '/sys/bus/serio/devices/serio1';

describe('serio sysfs', () => {
  it('drvctl by file (echo -n) binds serio_raw; drvctl cannot be read', () => {
    const k = booted();
    expect(boundTo(k, 'serio1')).toBe('psmouse');
    expect(w(k, `${D}/drvctl`, 'serio_raw')).toBe(9);
    expect(boundTo(k, 'serio1')).toBe('serio_raw');
    expect(r(k, `${D}/drvctl`)).toBe(-EACCES);
  });

  it('bind through the driver core refuses a manual_bind driver; its bind_mode set to auto, bind works', () => {
    const k = booted();
    expect(r(k, '/sys/bus/serio/drivers/serio_raw/bind_mode')).toBe('manual\n');
    expect(w(k, `${D}/driver/unbind`, 'serio1')).toBe(6);
    expect(w(k, '/sys/bus/serio/drivers/serio_raw/bind', 'serio1')).toBe(-ENODEV);
    expect(w(k, '/sys/bus/serio/drivers/serio_raw/bind_mode', 'auto')).toBe(4);
    expect(w(k, '/sys/bus/serio/drivers/serio_raw/bind', 'serio1')).toBe(6);
    expect(boundTo(k, 'serio1')).toBe('serio_raw');
  });

  it("the port's bind_mode reads back and gates drivers_probe", () => {
    const k = booted();
    expect(w(k, `${D}/drvctl`, 'none')).toBe(4);
    expect(w(k, `${D}/bind_mode`, 'manual')).toBe(6);
    expect(r(k, `${D}/bind_mode`)).toBe('manual\n');
    expect(w(k, '/sys/bus/serio/drivers_probe', 'serio1')).toBe(6);
    expect(boundTo(k, 'serio1')).toBe(null);
  });

  it('an unregistered port is released and gone', () => {
    const k = booted();
    runThreads(k, [['i8042', (kk) => serio_hotplug(kk, 0, 'remove')]]);
    expect([k.world.devices[0].present, k.world.devices[0].driver]).toEqual([false, -1]);
  });
});
