// ap_bus_type (s390 crypto queues). Kernel facts (drivers/s390/crypto/ap_bus.c, ap_queue.c; d38a87d7c064 6.19,
// 46030379f13c, 81d6f7c3a70b): ap_bus_match compares device types only; ap_device_probe refuses a driver the
// override does not name (-ENODEV) and, with no override, lets apmask/aqmask decide between the default (zcrypt)
// drivers and the others; driver_override_store is -EINVAL while ap_apmask_aqmask_in_use (not both masks full)
// and counts overrides in ap_driver_override_ctr; the show prints "\n" when unset (sysfs_emit(buf, "\n"), then
// `name ?: ""` in the generic era, no bus_type flag). The masks' stores: masks.spec.ts.
import { describe, expect, it } from 'vitest';
import { ap_bus_match } from '../../../src/model/ap/ap.js';
import { platform_device_add } from '../../../src/model/platform/platform.js';
import { driver_register, drivers_probe_store, unbind_store } from '../../../src/model/core/bus.js';
import { EINVAL, ENODEV } from '../../../src/model/errno.js';
import { boundTo, idx, runThreads } from '../platform/helpers.js';
import { busKernel, type TDev, type TDrv } from '../bus-world.js';

const CEX7 = 13;
const queue = (name: string, in_masks: boolean): TDev => ({
  dev: name,
  bus: 'ap',
  ap: { device_type: CEX7, in_masks },
});
const cex4queue: TDrv = { name: 'cex4queue', bus: 'ap', ap: { device_types: [CEX7], default_driver: true } };
const vfioAp: TDrv = { name: 'vfio_ap', bus: 'ap', ap: { device_types: [CEX7], default_driver: false } };

function booted(devs: TDev[], era = '7.1') {
  const k = busKernel(devs, [cex4queue, vfioAp], era);
  runThreads(k, [
    ...devs.map((_, i) => ['boot', (kk: typeof k) => platform_device_add(kk, i)] as const),
    ['insmod', (kk) => driver_register(kk, 0)],
    ['insmod', (kk) => driver_register(kk, 1)],
  ]);
  return k;
}

describe('ap: the override is checked in ap_device_probe, not in ap_bus_match', () => {
  it('ap_bus_match ignores the override', () => {
    const k = booted([queue('05.0032', true)]);
    k.world.devices[0].override = 'vfio_ap';
    expect(ap_bus_match(k, idx(k, 'cex4queue'), 0)).toBe(true);
  });

  it('with no override apmask/aqmask decide: zcrypt takes a queue in the masks, vfio_ap one outside them', () => {
    const k = booted([queue('05.0032', true), queue('06.0033', false)]);
    expect([boundTo(k, '05.0032'), boundTo(k, '06.0033')]).toEqual(['cex4queue', 'vfio_ap']);
  });

  it('override=vfio_ap: cex4queue is probed and refuses (-ENODEV), then vfio_ap binds', () => {
    const k = booted([queue('05.0032', true)]);
    const o = k.busOf(0).override!;
    const { trace } = runThreads(k, [
      ['admin', (kk) => o.store(kk, 0, 'vfio_ap\n', 8)],
      ['admin', (kk) => unbind_store(kk, 0, '05.0032', 7)],
      ['admin', (kk) => drivers_probe_store(kk, 'ap', '05.0032', 7)],
    ]);
    expect(boundTo(k, '05.0032')).toBe('vfio_ap');
    const probes = trace.flatMap((e) => e.events).filter((e) => e.kind === 'probe');
    expect(probes.map((e) => (e.kind === 'probe' ? [k.drvName(e.drv), e.result] : []))).toEqual([
      ['cex4queue', -ENODEV],
      ['vfio_ap', 0],
    ]);
  });
});

describe('driver_override store and show', () => {
  it('-EINVAL while apmask/aqmask are in use (any queue outside them), accepted otherwise', () => {
    const inUse = booted([queue('05.0032', true), queue('06.0033', false)]);
    const r1 = runThreads(inUse, [['w', (kk) => inUse.busOf(0).override!.store(kk, 0, 'vfio_ap\n', 8)]]);
    expect([r1.results[0], inUse.world.devices[0].override]).toEqual([-EINVAL, null]);
    const full = booted([queue('05.0032', true)]);
    const r2 = runThreads(full, [['w', (kk) => full.busOf(0).override!.store(kk, 0, 'vfio_ap\n', 8)]]);
    expect([r2.results[0], full.world.devices[0].override]).toEqual([8, 'vfio_ap']);
    expect(full.world.bus.ap.override_ctr).toBe(1);
  });

  it('ap_driver_override_ctr counts queues with an override: set once, rewritten, cleared with "\\n"', () => {
    const k = booted([queue('05.0032', true), queue('05.0033', true)]);
    const o = k.busOf(0).override!;
    const ctrAfter = (...w: [number, string][]): number => {
      runThreads(
        k,
        w.map(([d, v]) => ['w', (kk) => o.store(kk, d, v, v.length)] as const),
      );
      return k.world.bus.ap.override_ctr;
    };
    expect(ctrAfter([0, 'vfio_ap\n'])).toBe(1);
    expect(ctrAfter([1, 'vfio_ap\n'], [0, 'cex4queue\n'])).toBe(2);
    expect(ctrAfter([0, '\n'])).toBe(1);
  });

  it('unset reads "\\n"; there is no file before 6.19', () => {
    const k = booted([queue('05.0032', true)]);
    expect(runThreads(k, [['r', (kk) => k.busOf(0).override!.show(kk, 0)]]).results).toEqual(['\n']);
    const old = busKernel([queue('05.0032', true)], [cex4queue], '6.1');
    expect(old.busOf(0).override!.exists(old.quirks)).toBe(false);
  });
});
