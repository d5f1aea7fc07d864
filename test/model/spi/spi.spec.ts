// spi_bus_type through the driver core. Kernel facts (drivers/spi/spi.c): spi_match_device "Check override first,
// and if set, only use the named driver", then of_driver_match_device, acpi_driver_match_device, spi_match_id on
// the modalias, the modalias against the driver name (5039563e7c25, 4.20; unchanged by cc34d77dd487 but for
// device_match_driver_override); 4.20 driver_override_store (memchr cut, `if (len)`), show "%s\n" of
// `override ?: ""` (every era, kept by cc34d77dd487, which sets no bus_type flag).
import { describe, expect, it } from 'vitest';
import { spi_match_device } from '../../../src/model/spi/spi.js';
import { platform_device_add } from '../../../src/model/platform/platform.js';
import { driver_register, drivers_probe_store, unbind_store } from '../../../src/model/core/bus.js';
import { EINVAL } from '../../../src/model/errno.js';
import type { Kernel } from '../../../src/model/kernel.js';
import { boundTo, idx, runThreads } from '../platform/helpers.js';
import { busKernel, type TDev, type TDrv } from '../bus-world.js';

const ADC: TDev = {
  dev: 'spi0.0',
  bus: 'spi',
  spi: { modalias: 'mcp3008', of_compatible: ['microchip,mcp3008'], acpi_ids: ['MCP3008'] },
};
const spiDrv = (name: string, t: Partial<NonNullable<TDrv['spi']>> = {}): TDrv => ({
  name,
  bus: 'spi',
  spi: {
    of_match_table: t.of_match_table ?? [],
    acpi_match_table: t.acpi_match_table ?? [],
    id_table: t.id_table ?? null,
  },
});
const byOf = spiDrv('mcp320x', { of_match_table: ['microchip,mcp3008'] });
const byAcpi = spiDrv('acpi-adc', { acpi_match_table: ['MCP3008'] });
const byTable = spiDrv('table-adc', { id_table: ['mcp3008'] });
const byName = spiDrv('mcp3008');
const tableWithoutIt = spiDrv('mcp3008-too', { id_table: ['mcp3204'] });
const spidev = spiDrv('spidev', { id_table: ['dh2228fv'] });

const matches = (k: Kernel, drv: string): boolean => spi_match_device(k, idx(k, drv), 0);

describe('spi_match_device: override bypass, then OF, ACPI, id_table, modalias', () => {
  it('OF compatible, ACPI id, id_table entry and the bare modalias each match; a table never falls back', () => {
    const k = busKernel([ADC], [byOf, byAcpi, byTable, byName, tableWithoutIt, spidev]);
    expect(['mcp320x', 'acpi-adc', 'table-adc', 'mcp3008'].map((n) => matches(k, n))).toEqual([true, true, true, true]);
    expect([matches(k, 'mcp3008-too'), matches(k, 'spidev')]).toEqual([false, false]);
  });

  it('driver_override binds spidev, whose table lacks the device, and refuses every other driver', () => {
    const k = busKernel([ADC], [byOf, spidev]);
    k.world.devices[0].override = 'spidev';
    expect([matches(k, 'spidev'), matches(k, 'mcp320x')]).toEqual([true, false]);
  });

  it('the spidev.rst sequence: override, unbind, drivers_probe moves the device to spidev', () => {
    const k = busKernel([ADC], [byOf, spidev]);
    runThreads(k, [
      ['boot', (kk) => platform_device_add(kk, 0)],
      ['insmod', (kk) => driver_register(kk, 0)],
      ['insmod', (kk) => driver_register(kk, 1)],
    ]);
    expect(boundTo(k, 'spi0.0')).toBe('mcp320x');
    const o = k.busOf(0).override!;
    runThreads(k, [
      ['admin', (kk) => o.store(kk, 0, 'spidev\n', 7)],
      ['admin', (kk) => unbind_store(kk, 0, 'spi0.0', 6)],
      ['admin', (kk) => drivers_probe_store(kk, 'spi', 'spi0.0', 6)],
    ]);
    expect(boundTo(k, 'spi0.0')).toBe('spidev');
  });
});

describe('driver_override store and show by era', () => {
  const rw = (era: string, buf: string) => {
    const k = busKernel([ADC], [byOf], era);
    const o = k.busOf(0).override!;
    const { results } = runThreads(k, [
      ['w', (kk) => o.store(kk, 0, buf, buf.length)],
      ['r', (kk) => o.show(kk, 0)],
    ]);
    return [...results, k.world.devices[0].override];
  };

  it('unset reads "\\n" (not "(null)\\n") in every era, the generic one included', () => {
    for (const era of ['5.10', '6.1', '7.1']) expect(rw(era, '\n')).toEqual([1, '\n', null]);
    expect(rw('6.1', 'spidev\n')).toEqual([7, 'spidev\n', 'spidev']);
  });

  it('4.20-5.18 keeps a written NUL as "" (set, matching nothing) that reads back "\\n" like an unset one', () => {
    expect(rw('5.10', '\0')).toEqual([1, '\n', '']);
    expect(rw('5.19', '\0')).toEqual([1, '\n', '']); // driver_set_override before 5666a274a6d5
    expect(rw('6.1', '\0')).toEqual([1, '\n', null]);
  });

  it('the length refused is the part before the newline (>= PAGE_SIZE - 1), not the count', () => {
    expect(rw('5.10', `spidev\n${'x'.repeat(5000)}`)[0]).toBe(5007);
    expect(rw('5.10', 'x'.repeat(4095))[0]).toBe(-EINVAL);
  });

  it('device_lock around store and show until cc34d77dd487; none in the generic era (the core spinlock)', () => {
    const lockOf = (era: string) => {
      const k = busKernel([ADC], [byOf], era);
      return [k.busOf(0).override!.store(k, 0, 'x', 1).next().value, k.busOf(0).override!.show(k, 0).next().value];
    };
    expect(lockOf('6.1').map((s) => (s as { acquire: number }).acquire)).toEqual([0, 0]);
    expect(lockOf('7.1').map((s) => (s as { acquire: number }).acquire)).toEqual([-1, -1]);
  });

  it('no driver_override file before 4.20', () => {
    const k = busKernel([ADC], [byOf], '3.16');
    expect(k.busOf(0).override!.exists(k.quirks)).toBe(false);
  });
});
