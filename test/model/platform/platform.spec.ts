// platform_bus_type through the driver core. Kernel facts: drivers/base/platform.c platform_match (3.17+ order,
// read as extracted in AnghaBench linux/drivers/base/extr_platform.c_platform_match.c), platform_probe and
// __platform_driver_probe (v6.18 platform.c: platform_probe_fail -> -ENXIO, suppress_bind_attrs = true).
import { describe, expect, it } from 'vitest';
import { platform_match } from '../../../src/model/platform/platform.js';
import { platform_device_add, platform_driver_register } from '../../../src/model/platform/platform.js';
import { drivers_probe_store, unbind_store, driver_register } from '../../../src/model/core/bus.js';
import { boundTo, dev, idx, platformKernel, runThreads } from './helpers.js';
import type { Kernel } from '../../../src/model/kernel.js';
import { findProfile } from '../../../src/profiles/index.js';
import { ENODEV, ENXIO } from '../../../src/model/errno.js';

const ETH = { dev: 'fff51000.ethernet', of: ['amd,xgbe-seattle-v1a'], acpi: ['AMDI8001'] };
const byOf = { name: 'amd-xgbe', of_match_table: ['amd,xgbe-seattle-v1a'] };
const byAcpi = { name: 'acpi-xgbe', acpi_match_table: ['AMDI8001'] };
const byTable = { name: 'table-drv', id_table: ['fff51000.ethernet'] };
const byName = { name: 'fff51000.ethernet' };
const tableWithoutIt = { name: 'fff51000.ethernet', id_table: ['other'] };
const vfio = { name: 'vfio-platform' };

function matches(k: Kernel, d: string, drv: string): boolean {
  return platform_match(k, idx(k, drv), dev(k, d));
}

describe('platform_match: override bypass, then OF, ACPI, id_table, name', () => {
  const k = platformKernel([ETH, { dev: 'serial8250' }], [byOf, byAcpi, byTable, byName, tableWithoutIt, vfio]);

  it('OF compatible, ACPI id, id_table entry and the bare name each match', () => {
    expect(['amd-xgbe', 'acpi-xgbe', 'table-drv'].map((n) => matches(k, ETH.dev, n))).toEqual([true, true, true]);
    expect(matches(k, ETH.dev, 'vfio-platform')).toBe(false);
  });

  it('a driver with an id_table never falls back to its name (platform_match_id != NULL is the answer)', () => {
    const k2 = platformKernel([ETH], [tableWithoutIt]);
    expect(matches(k2, ETH.dev, 'fff51000.ethernet')).toBe(false);
    const k3 = platformKernel([ETH], [byName]);
    expect(matches(k3, ETH.dev, 'fff51000.ethernet')).toBe(true);
  });

  it('OF and ACPI are tried before the id_table: a table that lacks the device does not stop them', () => {
    const k2 = platformKernel(
      [ETH],
      [
        { ...byOf, id_table: ['other'] },
        { ...byAcpi, id_table: ['other'] },
      ],
    );
    expect([matches(k2, ETH.dev, 'amd-xgbe'), matches(k2, ETH.dev, 'acpi-xgbe')]).toEqual([true, true]);
  });

  it('driver_override is a bypass: only the named driver matches, with or without a table entry', () => {
    k.world.devices[dev(k, ETH.dev)].override = 'vfio-platform';
    expect(matches(k, ETH.dev, 'vfio-platform')).toBe(true);
    expect(['amd-xgbe', 'acpi-xgbe', 'table-drv'].map((n) => matches(k, ETH.dev, n))).toEqual([false, false, false]);
    k.world.devices[dev(k, ETH.dev)].override = ''; // the 5.19 NUL-byte write: a non-NULL empty name
    expect(['amd-xgbe', 'vfio-platform'].map((n) => matches(k, ETH.dev, n))).toEqual([false, false]);
    k.world.devices[dev(k, ETH.dev)].override = null;
  });

  it('registration order decides among matching drivers (bus_for_each_drv), whatever kind of match', () => {
    const k2 = platformKernel([ETH], [byAcpi, byOf]);
    runThreads(k2, [
      ['insmod', (kk) => driver_register(kk, 0)],
      ['insmod', (kk) => driver_register(kk, 1)],
      ['add', (kk) => platform_device_add(kk, 0)],
    ]);
    expect(boundTo(k2, ETH.dev)).toBe('acpi-xgbe');
  });
});

describe('the vfio-platform sequence through the driver core (3d713e0e382e commit message)', () => {
  it('override, unbind, drivers_probe: the device moves to vfio-platform; a PCI driver is never asked', () => {
    const k = platformKernel([ETH], [byOf, vfio]);
    runThreads(k, [
      ['boot', (kk) => platform_device_add(kk, 0)],
      ['insmod', (kk) => platform_driver_register(kk, 0)],
      ['insmod', (kk) => platform_driver_register(kk, 1)],
    ]);
    expect(boundTo(k, ETH.dev)).toBe('amd-xgbe');
    const o = k.busOf(0).override!;
    const { results } = runThreads(k, [
      ['admin', (kk) => o.store(kk, 0, 'vfio-platform\n', 14)],
      ['admin', (kk) => unbind_store(kk, 0, ETH.dev, ETH.dev.length)],
      ['admin', (kk) => drivers_probe_store(kk, 'platform', ETH.dev, ETH.dev.length)],
      ['admin', (kk) => o.show(kk, 0)],
    ]);
    expect(results).toEqual([14, ETH.dev.length, ETH.dev.length, 'vfio-platform\n']);
    expect(boundTo(k, ETH.dev)).toBe('vfio-platform');
  });
});

describe('platform_driver_probe(): binds at registration only', () => {
  const once = { ...byOf, probe_once: true };

  it('binds the device present at registration; a device added later is refused with -ENXIO', () => {
    const k = platformKernel([ETH, { dev: 'fff52000.ethernet', of: ETH.of }], [once]);
    const { results, trace } = runThreads(k, [
      ['boot', (kk) => platform_device_add(kk, 0)],
      ['insmod', (kk) => platform_driver_register(kk, 0)],
      ['hotplug', (kk) => platform_device_add(kk, 1)],
    ]);
    expect(results[1]).toBe(0);
    expect([boundTo(k, ETH.dev), boundTo(k, 'fff52000.ethernet')]).toEqual(['amd-xgbe', null]);
    const probes = trace.flatMap((e) => e.events).filter((e) => e.kind === 'probe');
    expect(probes.map((e) => (e.kind === 'probe' ? [e.dev, e.result] : []))).toEqual([
      [0, 0],
      [1, -ENXIO],
    ]);
  });

  it('an override naming it and drivers_probe are refused the same way (-ENXIO; drivers_probe still succeeds)', () => {
    const k = platformKernel([ETH, { dev: 'serial8250' }], [once]);
    runThreads(k, [
      ['boot', (kk) => platform_device_add(kk, 0)],
      ['boot', (kk) => platform_device_add(kk, 1)],
      ['insmod', (kk) => platform_driver_register(kk, 0)],
    ]);
    const o = k.busOf(1).override!;
    const { results } = runThreads(k, [
      ['admin', (kk) => o.store(kk, 1, 'amd-xgbe', 8)],
      ['admin', (kk) => drivers_probe_store(kk, 'platform', 'serial8250', 10)],
    ]);
    expect(results).toEqual([8, 10]);
    expect(boundTo(k, 'serial8250')).toBeNull();
  });

  it('with no device to bind at registration it returns -ENODEV and is unregistered', () => {
    const k = platformKernel([ETH], [once]);
    const { results } = runThreads(k, [['insmod', (kk) => platform_driver_register(kk, 0)]]);
    expect(results[0]).toBe(-ENODEV);
    expect(k.world.drivers[0].registered).toBe(false);
  });
});

describe('driver_override store and show per era', () => {
  const store = (era: string, buf: string) => {
    const k = platformKernel([ETH], [], era);
    const o = k.busOf(0).override!;
    const r = runThreads(k, [
      ['w', (kk) => o.store(kk, 0, buf, Buffer.byteLength(buf))],
      ['r', (kk) => o.show(kk, 0)],
    ]);
    return r.results;
  };

  it('shows "(null)\\n" when unset (sprintf "%s" of NULL), in every era that has the file', () => {
    for (const era of ['5.10', '6.1', '7.1']) {
      const k = platformKernel([ETH], [], era);
      expect(runThreads(k, [['r', (kk) => k.busOf(0).override!.show(kk, 0)]]).results).toEqual(['(null)\n']);
    }
  });

  it('the file is absent before 3.17 (3d713e0e382e)', () => {
    expect(platformKernel([ETH], [], '3.16').busOf(0).override!.exists(findProfile('3.16')!.quirks)).toBe(false);
    expect(platformKernel([ETH], [], '5.10').busOf(0).override!.exists(findProfile('5.10')!.quirks)).toBe(true);
  });

  it('the open-coded store refuses count > PATH_MAX (4096); driver_set_override refuses >= PAGE_SIZE - 1', () => {
    expect(store('5.10', 'x'.repeat(4096))[0]).toBe(4096);
    expect(store('5.10', 'x'.repeat(4097))[0]).toBe(-22);
    expect(store('6.1', 'x'.repeat(4095))[0]).toBe(-22);
    expect(store('7.1', 'x'.repeat(4095))[0]).toBe(-22);
  });

  it('cut at the first newline; "\\n" clears; 5.19 stores "" from a NUL byte, 6.0+ clears', () => {
    expect(store('6.1', 'a\nb')).toEqual([3, 'a\n']);
    expect(store('6.1', '\n')).toEqual([1, '(null)\n']);
    expect(store('5.19', '\0')).toEqual([1, '\n']);
    expect(store('6.1', '\0')).toEqual([1, '(null)\n']);
  });

  it('3.17-4.12: two unlocked stores interleave and both free the old string (CVE-2017-12146); locked eras serialise', () => {
    const unlocked = { ...findProfile('3.16')!.quirks, platformOverride: 'unlocked' as const };
    const interleaved = (q: Parameters<typeof platformKernel>[2], initial: string | null = 'vfio-platform') => {
      const k = platformKernel([ETH], [], q);
      k.world.devices[0].override = initial; // kfree(NULL) is no double free: both stores must read one string
      const o = k.busOf(0).override!;
      const { trace } = runThreads(
        k,
        [
          ['a', (kk) => o.store(kk, 0, 'one', 3)],
          ['b', (kk) => o.store(kk, 0, 'two', 3)],
        ],
        { pick: (runnable, _t, n) => n % runnable.length },
      );
      return trace.flatMap((e) => e.notes).filter((n) => n.includes('double free'));
    };
    expect(interleaved(unlocked)).toHaveLength(1);
    expect(interleaved(unlocked, null)).toHaveLength(0);
    expect(interleaved('5.10')).toHaveLength(0);
    expect(interleaved('4.4')).toHaveLength(1); // the profile of that era
  });
});
