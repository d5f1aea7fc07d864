// USB interfaces through their sysfs files (ops/syscalls): new_id/remove_id (readable: usb_show_dynids; absent for
// no_dynamic_id drivers, usb_create_newid_files), bind, the interface's authorized file (4.4+,
// interface_authorized_store: authorizing probes nothing, deauthorizing unbinds), drivers_probe, and hot-unplug.
import { describe, expect, it } from 'vitest';
import { sysfsRead, sysfsWrite } from '../../../src/ops/syscalls.js';
import { usb_hotplug, usb_interface_add, usbId, MATCH } from '../../../src/model/usb/usb.js';
import { driver_register } from '../../../src/model/core/bus.js';
import type { Kernel } from '../../../src/model/kernel.js';
import { EACCES, EINVAL, ENODEV, ENOENT } from '../../../src/model/errno.js';
import { boundTo, runThreads } from '../platform/helpers.js';
import { usbKernel, type UDrv } from './helpers.js';

const I = '1-1:1.4';
const option: UDrv = {
  name: 'option',
  ids: [usbId({ match_flags: MATCH.VENDOR | MATCH.PRODUCT, idVendor: 0x1e0e, idProduct: 0x9001 })],
};
const qmi: UDrv = { name: 'qmi_wwan' };
const serialGlue: UDrv = { name: 'usbserial_generic', no_dynamic_id: true };

function booted(era = '6.1'): Kernel {
  const k = usbKernel([{ dev: I, bInterfaceNumber: 4 }], [qmi, option, serialGlue], era);
  runThreads(k, [
    ...k.world.drvSpecs.map((_, j) => ['insmod', (kk: Kernel) => driver_register(kk, j)] as const),
    ['hub', (kk: Kernel) => usb_interface_add(kk, 0)],
  ]);
  return k;
}

const w = (k: Kernel, path: string, value: string): number =>
  runThreads(k, [['admin', (kk) => sysfsWrite(kk, path, value)]]).results[0] as number;
const r = (k: Kernel, path: string): unknown => runThreads(k, [['admin', (kk) => sysfsRead(kk, path)]]).results[0];

describe('USB sysfs', () => {
  it('new_id by file binds the unbound interface; new_id and remove_id read back the dynids', () => {
    const k = booted();
    expect(w(k, `/sys/bus/usb/drivers/option/unbind`, I)).toBe(I.length);
    expect(w(k, '/sys/bus/usb/drivers/qmi_wwan/new_id', '1e0e 9001 ff\n')).toBe(13);
    expect(boundTo(k, I)).toBe('qmi_wwan');
    expect([r(k, '/sys/bus/usb/drivers/qmi_wwan/new_id'), r(k, '/sys/bus/usb/drivers/qmi_wwan/remove_id')]).toEqual([
      '1e0e 9001 ff\n',
      '1e0e 9001 ff\n',
    ]);
  });

  it('a no_dynamic_id driver has no new_id file (open with O_CREAT: -EACCES)', () => {
    const k = booted();
    expect(w(k, '/sys/bus/usb/drivers/usbserial_generic/new_id', '1e0e 9001')).toBe(-EACCES);
    expect(r(k, '/sys/bus/usb/drivers/usbserial_generic/new_id')).toBe(-ENOENT);
  });

  it('authorized: 0 unbinds, 1 probes nothing, drivers_probe then binds; not a boolean: -EINVAL', () => {
    const k = booted();
    const A = `/sys/bus/usb/devices/${I}/authorized`;
    expect(w(k, A, 'maybe')).toBe(-EINVAL);
    expect(w(k, A, '0\n')).toBe(2);
    expect([boundTo(k, I), r(k, A)]).toEqual([null, '0\n']);
    expect(w(k, '/sys/bus/usb/drivers/option/bind', I)).toBe(-ENODEV); // usb_probe_interface refuses
    expect(w(k, A, '1\n')).toBe(2);
    expect(boundTo(k, I)).toBe(null);
    expect(w(k, '/sys/bus/usb/drivers_probe', I)).toBe(I.length);
    expect(boundTo(k, I)).toBe('option');
  });

  it('before interface authorization (3.16) there is no authorized file on an interface', () => {
    const k = booted('3.16');
    expect(w(k, `/sys/bus/usb/devices/${I}/authorized`, '0')).toBe(-EACCES);
    expect(boundTo(k, I)).toBe('option');
  });

  it('an unplugged interface is released and gone; plugged back, it binds again', () => {
    const k = booted();
    runThreads(k, [['hub', (kk) => usb_hotplug(kk, 0, 'remove')]]);
    expect([k.world.devices[0].present, k.world.devices[0].driver]).toEqual([false, -1]);
    runThreads(k, [['hub', (kk) => usb_hotplug(kk, 0, 'add')]]);
    expect(boundTo(k, I)).toBe('option');
  });
});
