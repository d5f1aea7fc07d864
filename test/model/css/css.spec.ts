// css_bus_type (s390 subchannels). Kernel facts (drivers/s390/cio/css.c, ebc3d1791503 5.3 and ac4d8bb6e2e1):
// css_bus_match refuses a driver the override does not name (`ret == 0`), then needs the subchannel type in the
// driver's subchannel_type table ("unlike pci we still require a driver override to match the subchannel type");
// show snprintf("%s\n") of the override, "(null)\n" when unset (the core's attribute likewise).
import { describe, expect, it } from 'vitest';
import { css_bus_match } from '../../../src/model/css/css.js';
import { platform_device_add } from '../../../src/model/platform/platform.js';
import { driver_register, drivers_probe_store, unbind_store } from '../../../src/model/core/bus.js';
import type { Kernel } from '../../../src/model/kernel.js';
import { EINVAL } from '../../../src/model/errno.js';
import { boundTo, idx, runThreads } from '../platform/helpers.js';
import { busKernel, type TDrv } from '../bus-world.js';

const IO = 0;
const CHSC = 1;
const SCH = { dev: '0.0.0100', bus: 'css' as const, css: { st: IO } };
const css = (name: string, types: number[]): TDrv => ({ name, bus: 'css', css: { subchannel_type: types } });
const io = css('io_subchannel', [IO]);
const vfioCcw = css('vfio_ccw', [IO]);
const chsc = css('chsc_subchannel', [CHSC]);

const matches = (k: Kernel, drv: string): boolean => css_bus_match(k, idx(k, drv), 0);

describe('css_bus_match: the override filters, the subchannel type still decides', () => {
  it('without an override every driver of the type matches', () => {
    const k = busKernel([SCH], [io, vfioCcw, chsc]);
    expect(['io_subchannel', 'vfio_ccw', 'chsc_subchannel'].map((n) => matches(k, n))).toEqual([true, true, false]);
  });

  it('an override excludes the other drivers of the type', () => {
    const k = busKernel([SCH], [io, vfioCcw]);
    k.world.devices[0].override = 'vfio_ccw';
    expect([matches(k, 'vfio_ccw'), matches(k, 'io_subchannel')]).toEqual([true, false]);
  });

  it('an override naming a driver of another type binds nothing (a bypass would)', () => {
    const k = busKernel([SCH], [io, chsc]);
    k.world.devices[0].override = 'chsc_subchannel';
    expect([matches(k, 'chsc_subchannel'), matches(k, 'io_subchannel')]).toEqual([false, false]);
  });

  it('the vfio-ccw sequence: override, unbind from io_subchannel, drivers_probe', () => {
    const k = busKernel([SCH], [io, vfioCcw]);
    runThreads(k, [
      ['boot', (kk) => platform_device_add(kk, 0)],
      ['insmod', (kk) => driver_register(kk, 0)],
      ['insmod', (kk) => driver_register(kk, 1)],
    ]);
    expect(boundTo(k, SCH.dev)).toBe('io_subchannel');
    const o = k.busOf(0).override!;
    const { results } = runThreads(k, [
      ['admin', (kk) => o.store(kk, 0, 'vfio_ccw\n', 9)],
      ['admin', (kk) => unbind_store(kk, 0, SCH.dev, 8)],
      ['admin', (kk) => drivers_probe_store(kk, 'css', SCH.dev, 8)],
      ['admin', (kk) => o.show(kk, 0)],
    ]);
    expect(results).toEqual([9, 8, 8, 'vfio_ccw\n']);
    expect(boundTo(k, SCH.dev)).toBe('vfio_ccw');
  });
});

describe('driver_override store by era', () => {
  const store = (era: string, buf: string) => {
    const k = busKernel([SCH], [io], era);
    const { results } = runThreads(k, [['w', (kk) => k.busOf(0).override!.store(kk, 0, buf, buf.length)]]);
    return [results[0], k.world.devices[0].override];
  };

  it('5.3 open-coded: count >= PAGE_SIZE - 1 is -EINVAL, a NUL clears (kstrndup, strlen 0); 5.19 keeps ""', () => {
    expect(store('5.10', 'x'.repeat(4095))).toEqual([-EINVAL, null]);
    expect(store('5.10', 'vfio_ccw\nrest')).toEqual([13, 'vfio_ccw']);
    expect(store('5.10', '\0')).toEqual([1, null]);
    expect(store('5.19', '\0')).toEqual([1, '']);
    expect(store('7.1', '\0')).toEqual([1, null]);
  });
});

describe('driver_override show and presence by era', () => {
  it('unset reads "(null)\\n" in the device_lock and the generic era; absent before 5.3', () => {
    for (const era of ['5.10', '7.1']) {
      const k = busKernel([SCH], [io], era);
      const { results } = runThreads(k, [['r', (kk) => k.busOf(0).override!.show(kk, 0)]]);
      expect(results).toEqual(['(null)\n']);
    }
    const old = busKernel([SCH], [io], '3.16');
    expect(old.busOf(0).override!.exists(old.quirks)).toBe(false);
  });
});
