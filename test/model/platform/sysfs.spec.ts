// /sys/bus/platform through the ops layer: the same open()/store paths as PCI, dispatched by the bus record.
import { describe, expect, it } from 'vitest';
import { sysfsRead, sysfsWrite } from '../../../src/ops/syscalls.js';
import { parseSysfsPath } from '../../../src/ops/sysfs.js';
import { platform_device_add, platform_driver_register } from '../../../src/model/platform/platform.js';
import { EACCES, ENODEV, ENOENT } from '../../../src/model/errno.js';
import { boundTo, platformKernel, runThreads } from './helpers.js';

const ETH = { dev: 'fff51000.ethernet', of: ['amd,xgbe-seattle-v1a'] };
const D = '/sys/bus/platform/devices/fff51000.ethernet';

function booted(era = '6.1', once = false) {
  const k = platformKernel(
    [ETH],
    [{ name: 'amd-xgbe', of_match_table: ETH.of, probe_once: once }, { name: 'vfio-platform' }],
    era,
  );
  runThreads(k, [
    ['boot', (kk) => platform_device_add(kk, 0)],
    ['insmod', (kk) => platform_driver_register(kk, 0)],
    ['insmod', (kk) => platform_driver_register(kk, 1)],
  ]);
  return k;
}

describe('/sys/bus/platform', () => {
  it('parses platform paths (device names are dev_name(), not BDFs) and refuses PCI-only files', () => {
    expect(parseSysfsPath(`${D}/driver_override`)).toEqual({
      kind: 'device',
      bus: 'platform',
      bdf: 'fff51000.ethernet',
      attr: 'driver_override',
    });
    expect(parseSysfsPath('/sys/bus/platform/drivers/amd-xgbe/fff51000.ethernet')).toMatchObject({
      kind: 'driver-device',
      bdf: 'fff51000.ethernet',
    });
    expect(parseSysfsPath('/sys/bus/platform/drivers/vfio-platform/new_id')).toMatch(
      /unknown driver attribute "new_id"/,
    );
    expect(parseSysfsPath(`${D}/sriov_numvfs`)).toMatch(/unknown device attribute "sriov_numvfs"/);
    expect(parseSysfsPath('/sys/bus/nosuchbus/drivers_probe')).toMatch(/only \/sys\/bus\/\{pci,platform,/);
    expect(parseSysfsPath('/sys/bus/platform/drivers_autoprobe')).toEqual({
      kind: 'bus',
      bus: 'platform',
      attr: 'drivers_autoprobe',
    });
    expect(parseSysfsPath('/sys/bus/platform/rescan')).toMatch(/unknown bus attribute/);
  });

  it('the vfio-platform sequence by file writes: override, driver/unbind, drivers_probe', () => {
    const k = booted();
    const { results } = runThreads(k, [
      ['admin', (kk) => sysfsWrite(kk, `${D}/driver_override`, 'vfio-platform\n')],
      ['admin', (kk) => sysfsWrite(kk, `${D}/driver/unbind`, ETH.dev)],
      ['admin', (kk) => sysfsWrite(kk, '/sys/bus/platform/drivers_probe', ETH.dev)],
      ['admin', (kk) => sysfsRead(kk, `${D}/driver_override`)],
    ]);
    expect(results).toEqual([14, ETH.dev.length, ETH.dev.length, 'vfio-platform\n']);
    expect(boundTo(k, ETH.dev)).toBe('vfio-platform');
  });

  it('a platform device is not found through /sys/bus/pci/drivers_probe (bus_find_device_by_name is per bus)', () => {
    const k = booted();
    const { results } = runThreads(k, [['admin', (kk) => sysfsWrite(kk, '/sys/bus/pci/drivers_probe', ETH.dev)]]);
    expect(results).toEqual([-ENODEV]);
  });

  it('platform_driver_probe() drivers have no bind/unbind files (suppress_bind_attrs)', () => {
    const k = booted('6.1', true);
    const { results } = runThreads(k, [
      ['sh', (kk) => sysfsWrite(kk, '/sys/bus/platform/drivers/amd-xgbe/unbind', ETH.dev)],
      ['libvirt', (kk) => sysfsWrite(kk, '/sys/bus/platform/drivers/amd-xgbe/unbind', ETH.dev, false)],
    ]);
    expect(results).toEqual([-EACCES, -ENOENT]);
    expect(boundTo(k, ETH.dev)).toBe('amd-xgbe');
  });

  it('no driver_override file before 3.17', () => {
    const k = booted('3.16');
    const { results } = runThreads(k, [['sh', (kk) => sysfsWrite(kk, `${D}/driver_override`, 'vfio-platform')]]);
    expect(results).toEqual([-EACCES]);
  });
});
