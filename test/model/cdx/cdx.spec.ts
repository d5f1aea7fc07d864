// cdx_bus_type through the driver core. Kernel facts: drivers/cdx/cdx.c cdx_bus_match / cdx_match_id /
// cdx_match_one_device @66e72a01b60a (subsystem and class) and @0174f5810401 (vendor/device only, bus devices);
// vfio-cdx's table (drivers/vfio/cdx/main.c @34069d12e239: CDX_DEVICE_DRIVER_OVERRIDE(ANY, ANY, VFIO flag));
// driver_override store/show (driver_set_override; 91d44c1afc61 show lock; d541aa1897f6 generic); rescan_store.
import { describe, expect, it } from 'vitest';
import { cdx_enumerate, cdx_hotplug } from '../../../src/model/cdx/cdx.js';
import {
  cdx_bus_match,
  cdx_device_add,
  cdx_override_show,
  cdx_override_store,
  cdx_rescan_store,
} from '../../../src/model/cdx/cdx.js';
import { driver_register, drivers_probe_store, unbind_store } from '../../../src/model/core/bus.js';
import { CDX_ANY_ID, type CdxDeviceId, type CdxIdentity } from '../../../src/model/types.js';
import type { Kernel } from '../../../src/model/kernel.js';
import type { Quirks } from '../../../src/profiles/types.js';
import { cdxControllerLock, deviceLock } from '../../../src/model/objects.js';
import { findProfile } from '../../../src/profiles/index.js';
import { EINVAL } from '../../../src/model/errno.js';
import { busKernel as kernelOn, type TDev, type TDrv } from '../bus-world.js';
import { boundTo, dev, idx, runThreads } from '../platform/helpers.js';

const ANY = CDX_ANY_ID;
const entry = (e: Partial<CdxDeviceId>): CdxDeviceId => ({
  vendor: ANY,
  device: ANY,
  subvendor: ANY,
  subdevice: ANY,
  class: 0,
  class_mask: 0,
  override_only: false,
  ...e,
});
const CDMA_ID: CdxIdentity = {
  vendor: 0x10ee,
  device: 0x8084,
  subvendor: 0x10ee,
  subdevice: 1,
  class: 0x058000,
  is_bus: false,
};
const cdxDev = (name: string, id: Partial<CdxIdentity> = {}): TDev => ({
  bus: 'cdx',
  dev: name,
  cdx: { ...CDMA_ID, ...id },
});
const cdxDrv = (name: string, table: CdxDeviceId[] | null): TDrv => ({
  bus: 'cdx',
  name,
  cdx: { match_id_table: table },
});
/** The FPGA's devices are there (hw) before cdx_device_add. */
const busKernel = (devs: readonly TDev[], drvs: readonly TDrv[], era: string | Quirks) =>
  kernelOn(devs, drvs, era, true);
const CDMA = cdxDrv('cdx-cdma-1.0', [entry({ vendor: 0x10ee, device: 0x8084 })]);
const VFIO = cdxDrv('vfio-cdx', [entry({ override_only: true })]); // "match all by default", flagged
const OTHER = cdxDrv('other-fpga', [entry({ vendor: 0x10ee, device: 0x9999 })]);

function matches(k: Kernel, d: string, drv: string): boolean {
  return cdx_bus_match(k, idx(k, drv), dev(k, d));
}
const setOverride = (k: Kernel, d: string, v: string | null) => (k.world.devices[dev(k, d)].override = v);

describe('cdx_bus_match: driver_override is a filter, override_only entries need it', () => {
  it('without an override the table decides; vfio-cdx (override_only ANY/ANY) matches nothing', () => {
    const k = busKernel([cdxDev('cdx-00:00')], [CDMA, VFIO, OTHER], '7.1');
    expect(['cdx-cdma-1.0', 'vfio-cdx', 'other-fpga'].map((n) => matches(k, 'cdx-00:00', n))).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('override = vfio-cdx: only vfio-cdx, through its override_only entry; the table driver is filtered out', () => {
    const k = busKernel([cdxDev('cdx-00:00')], [CDMA, VFIO], '7.1');
    setOverride(k, 'cdx-00:00', 'vfio-cdx');
    expect([matches(k, 'cdx-00:00', 'vfio-cdx'), matches(k, 'cdx-00:00', 'cdx-cdma-1.0')]).toEqual([true, false]);
  });

  it('an override naming a driver whose table lacks the device matches NOTHING (no bypass, no dummy id)', () => {
    const k = busKernel([cdxDev('cdx-00:00')], [CDMA, OTHER], '7.1');
    setOverride(k, 'cdx-00:00', 'other-fpga');
    expect([matches(k, 'cdx-00:00', 'other-fpga'), matches(k, 'cdx-00:00', 'cdx-cdma-1.0')]).toEqual([false, false]);
  });

  it('an override_only hit does not end the search: a later plain entry of the same table still matches', () => {
    const both = cdxDrv('two-entries', [entry({ override_only: true }), entry({ vendor: 0x10ee, device: 0x8084 })]);
    const k = busKernel([cdxDev('cdx-00:00')], [both], '7.1');
    expect(matches(k, 'cdx-00:00', 'two-entries')).toBe(true);
  });

  it('a bus device (is_bus) never matches, even with an override naming the driver', () => {
    const k = busKernel([cdxDev('cdx-00', { is_bus: true })], [CDMA, VFIO], '7.1');
    setOverride(k, 'cdx-00', 'vfio-cdx');
    expect([matches(k, 'cdx-00', 'vfio-cdx'), matches(k, 'cdx-00', 'cdx-cdma-1.0')]).toEqual([false, false]);
  });

  it('the table ends at vendor == 0 && device == 0: entries after the terminator are never read', () => {
    const t = cdxDrv('late', [entry({ vendor: 0, device: 0 }), entry({ vendor: 0x10ee, device: 0x8084 })]);
    expect(matches(busKernel([cdxDev('cdx-00:00')], [t], '7.1'), 'cdx-00:00', 'late')).toBe(false);
  });
});

describe('cdx_match_one_device by era', () => {
  const sub = cdxDrv('sub', [entry({ vendor: 0x10ee, device: 0x8084, subvendor: 0x1234 })]);
  const cls = cdxDrv('cls', [entry({ class: 0x020000, class_mask: 0xff0000 })]);
  const bare = { ...findProfile('7.1')!.quirks, cdxBus: 'bus-devices' as const };

  it('subsystem-era: subvendor/subdevice must match unless CDX_ANY_ID; class compared under class_mask', () => {
    const k = busKernel([cdxDev('cdx-00:00')], [sub, cls], '7.1');
    expect([matches(k, 'cdx-00:00', 'sub'), matches(k, 'cdx-00:00', 'cls')]).toEqual([false, false]);
    const k2 = busKernel([cdxDev('cdx-00:00', { subvendor: 0x1234, class: 0x02ab00 })], [sub, cls], '7.1');
    expect([matches(k2, 'cdx-00:00', 'sub'), matches(k2, 'cdx-00:00', 'cls')]).toEqual([true, true]);
  });

  it('before it ("Use vendor ID and device ID for matching") only vendor and device count', () => {
    const k = busKernel([cdxDev('cdx-00:00')], [sub, cls], bare);
    expect([matches(k, 'cdx-00:00', 'sub'), matches(k, 'cdx-00:00', 'cls')]).toEqual([true, true]);
  });
});

describe('the cdx driver_override attribute', () => {
  const store = (era: string, buf: string) => {
    const k = busKernel([cdxDev('cdx-00:00')], [], era);
    const o = k.busOf(0).override!;
    return runThreads(k, [
      ['w', (kk) => o.store(kk, 0, buf, Buffer.byteLength(buf))],
      ['r', (kk) => o.show(kk, 0)],
    ]).results;
  };

  it('exists from the bus (6.4) on: not in the 6.1 profile, in 7.1', () => {
    expect(findProfile('6.1')!.quirks.cdxOverride).toBe('absent');
    expect(
      busKernel([cdxDev('x')], [], '6.1')
        .busOf(0)
        .override!.exists(findProfile('6.1')!.quirks),
    ).toBe(false);
    expect(
      busKernel([cdxDev('x')], [], '7.1')
        .busOf(0)
        .override!.exists(findProfile('7.1')!.quirks),
    ).toBe(true);
  });

  it('driver_set_override parsing: cut at the newline, "\\n" and "\\0" clear, "(null)\\n" when unset', () => {
    expect(store('7.1', 'vfio-cdx\n')).toEqual([9, 'vfio-cdx\n']);
    expect(store('7.1', '\n')).toEqual([1, '(null)\n']);
    expect(store('7.1', '\0')).toEqual([1, '(null)\n']);
    expect(store('7.1', 'x'.repeat(4095))[0]).toBe(-EINVAL);
  });

  it('hidden on bus devices (is_visible) until the generic attribute, which every device has', () => {
    const bus = [cdxDev('cdx-00', { is_bus: true }), cdxDev('cdx-00:00')];
    const k = busKernel(bus, [], '7.1');
    expect([k.busOf(0).override!.visible!(k, 0), k.busOf(1).override!.visible!(k, 1)]).toEqual([false, true]);
    const g = busKernel(bus, [], { ...findProfile('7.1')!.quirks, cdxOverride: 'generic' });
    expect(g.busOf(0).override!.visible!(g, 0)).toBe(true);
  });

  it('show takes device_lock from 91d44c1afc61; before it, and under the generic spinlock, no device_lock', () => {
    const lockOf = (era: 'set-override' | 'show-locked' | 'generic') => {
      const k = busKernel([cdxDev('cdx-00:00')], [], { ...findProfile('7.1')!.quirks, cdxOverride: era });
      return cdx_override_show(k, 0).next().value;
    };
    expect(lockOf('show-locked')).toMatchObject({ acquire: deviceLock(0) });
    expect(lockOf('set-override')).toMatchObject({ acquire: -1 });
    expect(lockOf('generic')).toMatchObject({ acquire: -1 });
    const k = busKernel([cdxDev('cdx-00:00')], [], '7.1'); // driver_set_override: device_lock in the store
    const g = cdx_override_store(k, 0, 'x', 1);
    expect([g.next().value, g.next().value]).toMatchObject([{ acquire: -1 }, { acquire: deviceLock(0) }]); // kstrndup, swap
  });
});

describe('through the driver core', () => {
  it("AMD's DPDK sequence: unbind from cdx-cdma-1.0, override vfio-cdx, drivers_probe -> vfio-cdx", () => {
    const k = busKernel([cdxDev('cdx-00:00')], [CDMA, VFIO], '7.1');
    runThreads(k, [
      ['insmod', (kk) => driver_register(kk, 0)],
      ['insmod', (kk) => driver_register(kk, 1)],
      ['boot', (kk) => cdx_device_add(kk, 0)],
    ]);
    expect(boundTo(k, 'cdx-00:00')).toBe('cdx-cdma-1.0');
    const { results } = runThreads(k, [
      ['dpdk', (kk) => unbind_store(kk, 0, 'cdx-00:00', 9)],
      ['dpdk', (kk) => k.busOf(0).override!.store(kk, 0, 'vfio-cdx\n', 9)],
      ['dpdk', (kk) => drivers_probe_store(kk, 'cdx', 'cdx-00:00\n', 10)],
    ]);
    expect(results).toEqual([9, 9, 10]);
    expect(boundTo(k, 'cdx-00:00')).toBe('vfio-cdx');
  });

  it("cdx_probe does not re-match; its 'match' event says vfio-cdx's override_only entry is in its table", () => {
    const k = busKernel([cdxDev('cdx-00:00')], [VFIO], '7.1');
    runThreads(k, [['boot', (kk) => cdx_device_add(kk, 0)]]);
    setOverride(k, 'cdx-00:00', 'vfio-cdx');
    const { trace } = runThreads(k, [['insmod', (kk) => driver_register(kk, 0)]]);
    const m = trace.flatMap((e) => e.events).filter((e) => e.kind === 'match');
    expect(m).toEqual([{ kind: 'match', dev: 0, drv: 0, override: 'vfio-cdx', inTable: true, sound: true }]);
  });

  it('rescan deletes every device (overrides go with them) and adds them again: back on the table driver', () => {
    const k = busKernel([cdxDev('cdx-00', { is_bus: true }), cdxDev('cdx-00:00')], [CDMA, VFIO], '7.1');
    runThreads(k, [
      ['insmod', (kk) => driver_register(kk, 0)],
      ['insmod', (kk) => driver_register(kk, 1)],
      ['boot', (kk) => cdx_device_add(kk, 0)],
      ['boot', (kk) => cdx_device_add(kk, 1)],
      ['dpdk', (kk) => unbind_store(kk, 0, 'cdx-00:00', 9)],
      ['dpdk', (kk) => k.busOf(1).override!.store(kk, 1, 'vfio-cdx', 8)],
      ['dpdk', (kk) => drivers_probe_store(kk, 'cdx', 'cdx-00:00', 9)],
    ]);
    expect(boundTo(k, 'cdx-00:00')).toBe('vfio-cdx');
    const seqBefore = k.world.devices[1].seq;
    const { results, trace } = runThreads(k, [['fpga', (kk) => cdx_rescan_store(kk, '1\n', 2)]]);
    expect(results).toEqual([2]);
    expect(k.world.devices[1].override).toBeNull();
    expect(k.world.devices[1].seq).toBeGreaterThan(seqBefore); // a new struct device
    expect([boundTo(k, 'cdx-00'), boundTo(k, 'cdx-00:00')]).toEqual([null, 'cdx-cdma-1.0']);
    expect(trace.filter((e) => e.fn === 'cdx_unregister_device').map((e) => e.obj)).toEqual(['cdx-00', 'cdx-00:00']);
  });

  it('no CDX bus before 6.4: the 6.1 profile enumerates nothing; 7.1 adds the device', () => {
    const add = (era: string) => {
      const k = busKernel([cdxDev('cdx-00:00')], [], era);
      runThreads(k, [['boot', (kk) => cdx_enumerate(kk)]]);
      return [k.busOf(0).inEra!(k.quirks), k.world.devices[0].present];
    };
    expect([add('6.1'), add('7.1')]).toEqual([
      [false, false],
      [true, true],
    ]);
  });

  it('a device the FPGA gains or loses sends no event: Linux sees the change at the next rescan', () => {
    const k = busKernel([cdxDev('cdx-00:00'), cdxDev('cdx-00:01')], [CDMA], '7.1');
    k.world.devices[1].hw = false;
    runThreads(k, [
      ['insmod', (kk) => driver_register(kk, 0)],
      ['boot', (kk) => cdx_enumerate(kk)],
      ['fpga', (kk) => cdx_hotplug(kk, 1, 'add')],
      ['fpga', (kk) => cdx_hotplug(kk, 0, 'remove')],
    ]);
    expect([k.world.devices[0].present, k.world.devices[1].present]).toEqual([true, false]);
    runThreads(k, [['fpga', (kk) => cdx_rescan_store(kk, '1', 1)]]);
    expect([k.world.devices[0].present, boundTo(k, 'cdx-00:01')]).toEqual([false, 'cdx-cdma-1.0']);
  });

  it('rescan: kstrtobool false or unparsable is -EINVAL and touches nothing; it serialises on cdx_controller_lock', () => {
    const k = busKernel([cdxDev('cdx-00:00')], [CDMA], '7.1');
    expect(runThreads(k, [['w', (kk) => cdx_rescan_store(kk, '0', 1)]]).results).toEqual([-EINVAL]);
    expect(runThreads(k, [['w', (kk) => cdx_rescan_store(kk, 'x', 1)]]).results).toEqual([-EINVAL]);
    expect(cdx_rescan_store(k, 'on', 2).next().value).toMatchObject({ acquire: cdxControllerLock(k.world) });
  });
});
