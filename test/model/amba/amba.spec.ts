// amba_bustype through the driver core. Kernel facts (drivers/amba/bus.c): amba_lookup's (periphid & mask) == id
// ending at mask 0; amba_match reading periphid under periphid_lock and mapping every failure to -EPROBE_DEFER
// before the override check (f2d3b9a46e0e 6.0 + Isaac Manjarres' periphid_lock fix, read in the 2026 conversion
// diff lore 20260324005919.2408620-2); the ADD uevent sent from amba_match; amba_device_add suppressing it;
// before 6.0 amba_device_try_add returning -EPROBE_DEFER (the device waits on deferred_devices). Driver core:
// __driver_attach/__device_attach_driver on -EPROBE_DEFER (656b8035b0ee; "Don't probe devices after
// bus_type.match() probe deferral", 6.0); bind_store's `if (dev && driver_match_device(drv, dev))`.
import { describe, expect, it } from 'vitest';
import { amba_deferred_retry_func, amba_device_add, amba_lookup, amba_match } from '../../../src/model/amba/amba.js';
import { platform_device_add } from '../../../src/model/platform/platform.js';
import { bind_store, driver_register, drivers_probe_store } from '../../../src/model/core/bus.js';
import { EINVAL, EPROBE_DEFER } from '../../../src/model/errno.js';
import type { Kernel } from '../../../src/model/kernel.js';
import type { TraceEntry } from '../../../src/runtime/kernel.js';
import { boundTo, dev, idx, runThreads } from '../platform/helpers.js';
import { busKernel, quirks, type TDev, type TDrv } from '../bus-world.js';

const PL011 = 0x00041011; // ARM PL011 UART
// The UART's clock comes from the SCMI clock controller (a platform device, driver "scmi-clk").
const UART = (readable: boolean): TDev => ({
  dev: '9000000.pl011',
  bus: 'amba',
  amba: { periphid: PL011, supplier: readable ? null : 'scmi-clk' },
});
const CLK: TDev = {
  dev: 'firmware:scmi',
  bus: 'platform',
  platform: { name: 'scmi', of_compatible: [], acpi_ids: [] },
};
const scmiClk: TDrv = {
  name: 'scmi-clk',
  bus: 'platform',
  platform: { of_match_table: [], acpi_match_table: [], id_table: ['scmi'], probe_once: false },
};
const pl011: TDrv = { name: 'uart-pl011', bus: 'amba', amba: { id_table: [{ id: 0x00041011, mask: 0x000fffff }] } };
const vfio: TDrv = { name: 'vfio-amba', bus: 'amba', amba: { id_table: [] } };
const U = '9000000.pl011';

/** Add the UART, register the amba drivers (not the clock driver: its device is added, its module not loaded). */
function boot(k: Kernel): void {
  runThreads(k, [
    ['boot', (kk) => amba_device_add(kk, 0)],
    ...(k.world.devSpecs.length > 1 ? [['boot', (kk: Kernel) => platform_device_add(kk, 1)] as const] : []),
    ...k.world.drvSpecs.flatMap((s, i) =>
      s.bus === 'amba' ? [['insmod', (kk: Kernel) => driver_register(kk, i)] as const] : [],
    ),
  ]);
}

/** modprobe of the clock driver: it binds the clock controller, and its probe triggers the deferred probes. */
const clockUp = (k: Kernel) => runThreads(k, [['modprobe', (kk) => driver_register(kk, idx(kk, 'scmi-clk'))]]);

/** ADD uevents of the UART (device 0). */
const uevents = (trace: readonly TraceEntry[]) =>
  trace.flatMap((e) => e.events).filter((e) => e.kind === 'uevent' && e.dev === 0).length;

describe('amba_lookup: (periphid & mask) == id, up to the { 0, 0 } terminator', () => {
  it('the mask selects the bits compared; an entry after a zero mask is never reached', () => {
    expect(amba_lookup([{ id: 0x00041011, mask: 0x000fffff }], 0x12341011 | 0x00040000)).not.toBeNull();
    expect(amba_lookup([{ id: 0x00041011, mask: 0x000fffff }], 0x00041012)).toBeNull();
    expect(
      amba_lookup(
        [
          { id: 0, mask: 0 },
          { id: 0x00041011, mask: 0x000fffff },
        ],
        PL011,
      ),
    ).toBeNull();
  });
});

describe('amba_match (6.0+): the ID registers first, then the override, then the table', () => {
  it('unreadable registers: -EPROBE_DEFER even for the driver the override names', () => {
    const k = busKernel([UART(false), CLK], [pl011, vfio, scmiClk]);
    boot(k);
    k.world.devices[0].override = 'vfio-amba';
    expect(amba_match(k, idx(k, 'vfio-amba'), 0)).toBe(-EPROBE_DEFER);
    expect(amba_match(k, idx(k, 'uart-pl011'), 0)).toBe(-EPROBE_DEFER);
  });

  it('once they read, the override is a bypass: only the named driver matches, table entry or not', () => {
    const k = busKernel([UART(true)], [pl011, vfio]);
    boot(k);
    k.world.devices[0].override = 'vfio-amba';
    expect([amba_match(k, idx(k, 'vfio-amba'), 0), amba_match(k, idx(k, 'uart-pl011'), 0)]).toEqual([1, 0]);
    k.world.devices[0].override = null;
    expect([amba_match(k, idx(k, 'vfio-amba'), 0), amba_match(k, idx(k, 'uart-pl011'), 0)]).toEqual([0, 1]);
  });

  it('an unreadable device is added at once with no uevent, deferred; it binds when its supplier comes up', () => {
    const k = busKernel([UART(false), CLK], [pl011, scmiClk]);
    const { trace } = runThreads(k, [
      ['boot', (kk) => amba_device_add(kk, 0)],
      ['boot', (kk) => platform_device_add(kk, 1)],
      ['insmod', (kk) => driver_register(kk, 0)],
    ]);
    expect(k.world.devices[0].present).toBe(true);
    expect([boundTo(k, U), k.world.devices[0].deferred, uevents(trace)]).toEqual([null, true, 0]);
    const later = clockUp(k);
    expect(boundTo(k, U)).toBe('uart-pl011');
    const sent = later.trace.filter((e) => e.events.some((x) => x.kind === 'uevent' && x.dev === 0)).map((e) => e.fn);
    expect(sent).toEqual(['__device_attach_driver']); // the ADD uevent comes from inside amba_match
  });

  it('an override written while the registers do not read is honoured once they do', () => {
    const k = busKernel([UART(false), CLK], [pl011, vfio, scmiClk]);
    boot(k);
    const o = k.busOf(0).override!;
    const { results } = runThreads(k, [
      ['admin', (kk) => o.store(kk, 0, 'vfio-amba\n', 10)],
      ['admin', (kk) => drivers_probe_store(kk, 'amba', U, U.length)],
    ]);
    expect(results).toEqual([10, -EINVAL]); // device_attach returned -EPROBE_DEFER: drivers_probe fails
    expect(boundTo(k, U)).toBeNull();
    clockUp(k);
    expect(boundTo(k, U)).toBe('vfio-amba');
  });
});

describe('a deferring match in the driver core', () => {
  it('6.0+: __driver_attach neither probes nor stops the walk; before the fix it probed anyway (id NULL)', () => {
    const fixed = busKernel([UART(false), CLK], [pl011, scmiClk]);
    boot(fixed);
    expect([boundTo(fixed, U), fixed.world.drivers[0].probes]).toEqual([null, 0]);
    const rc = busKernel([UART(false), CLK], [pl011, scmiClk], quirks('6.1', { matchDefer: 'probe-anyway' })); // 6.0-rc1..rc3
    const { trace } = runThreads(rc, [
      ['boot', (kk) => amba_device_add(kk, 0)],
      ['insmod', (kk) => driver_register(kk, 0)],
    ]);
    expect(boundTo(rc, U)).toBe('uart-pl011');
    expect(trace.flatMap((e) => e.notes)).toContain('amba_probe with periphid 0: the driver gets id = NULL');
  });

  it('bind_store takes -EPROBE_DEFER as a match: the bound driver is not the one the override names', () => {
    const k = busKernel([UART(false), CLK], [pl011, vfio, scmiClk]);
    boot(k);
    const o = k.busOf(0).override!;
    const { results, trace } = runThreads(k, [
      ['admin', (kk) => o.store(kk, 0, 'vfio-amba\n', 10)],
      ['script', (kk) => bind_store(kk, idx(kk, 'uart-pl011'), U, U.length)],
    ]);
    expect(results).toEqual([10, U.length]);
    expect(boundTo(k, U)).toBe('uart-pl011');
    const m = trace.flatMap((e) => e.events).find((e) => e.kind === 'match');
    expect(m).toMatchObject({ override: 'vfio-amba', inTable: false, sound: false });
  });
});

describe('before 6.0: amba_device_add waits until the ID registers read', () => {
  it('the device is not in sysfs (no driver_override to write) until its supplier comes up', () => {
    const k = busKernel([UART(false), CLK], [pl011, scmiClk], '5.10');
    boot(k);
    expect(k.world.devices[dev(k, U)].present).toBe(false);
    runThreads(k, [['retry', (kk) => amba_deferred_retry_func(kk)]]); // the clock is not up yet: still waiting
    expect(k.world.devices[0].present).toBe(false);
    clockUp(k);
    const { trace } = runThreads(k, [['retry', (kk) => amba_deferred_retry_func(kk)]]);
    expect([k.world.devices[0].present, boundTo(k, U), uevents(trace)]).toEqual([true, 'uart-pl011', 1]);
  });

  it('amba_match never defers there: a present device always has its periphid', () => {
    const k = busKernel([UART(true)], [pl011], '5.10');
    boot(k);
    expect(amba_match(k, 0, 0)).toBe(1);
  });
});

describe('driver_override store and show by era', () => {
  const rw = (era: string | ReturnType<typeof quirks>, buf: string) => {
    const k = busKernel([UART(true)], [pl011], era);
    boot(k);
    const o = k.busOf(0).override!;
    return runThreads(k, [
      ['w', (kk) => o.store(kk, 0, buf, buf.length)],
      ['r', (kk) => o.show(kk, 0)],
    ]).results;
  };

  it('unset reads "(null)\\n" from 2018 on, and nothing at all in the unlocked era before', () => {
    expect(rw('6.1', '\n')).toEqual([1, '(null)\n']);
    expect(rw(quirks('5.10', { ambaOverride: 'unlocked' }), '\n')).toEqual([1, '']);
  });

  it('the open-coded store refuses count > PATH_MAX only (PCI refuses from PAGE_SIZE - 1)', () => {
    expect(rw('5.10', 'x'.repeat(4096))[0]).toBe(4096);
    expect(rw('5.10', 'x'.repeat(4097))[0]).toBe(-EINVAL);
    expect(rw('6.1', 'x'.repeat(4095))[0]).toBe(-EINVAL); // driver_set_override: len >= PAGE_SIZE - 1
  });

  it('no driver_override file before it was added', () => {
    const k = busKernel([UART(true)], [pl011], '3.16');
    expect(k.busOf(0).override!.exists(k.quirks)).toBe(false);
  });
});
