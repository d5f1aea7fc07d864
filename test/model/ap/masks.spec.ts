// The AP bus's apmask and aqmask (drivers/s390/crypto/ap_bus.c): ap_parse_bitmap_str's two syntaxes (hex2bitmap:
// bit 0 leftmost, padded, too long is -EINVAL; modify_bitmap: "+a[-z]"/"-a[-z]" terms, simple_strtoul base 0),
// apmask_show's format, apmask_store under ap_attr_mutex (refused while ap_driver_override_ctr > 0, 46030379f13c;
// only when something changed, ap_bus_revise_bindings after the mutex is dropped) and __ap_revise_reserved, which
// reprobes a queue whose override names another driver, or (no override) whose masks changed sides.
import { describe, expect, it } from 'vitest';
import { apMaskShow, apmask_store, ap_parse_bitmap_str, apqn } from '../../../src/model/ap/masks.js';
import { platform_device_add } from '../../../src/model/platform/platform.js';
import { driver_register } from '../../../src/model/core/bus.js';
import { EINVAL } from '../../../src/model/errno.js';
import type { Scheduler } from '../../../src/exec/engine.js';
import type { Kernel } from '../../../src/model/kernel.js';
import { boundTo, runThreads } from '../platform/helpers.js';
import { busKernel, type TDev, type TDrv } from '../bus-world.js';

const CEX7 = 13;
const FULL = new Array<boolean>(256).fill(true);
const bits = (m: readonly boolean[] | null): number[] => (m === null ? [-1] : m.flatMap((b, i) => (b ? [i] : [])));
const queue = (name: string, in_masks = true): TDev => ({ dev: name, bus: 'ap', ap: { device_type: CEX7, in_masks } });
const cex4queue: TDrv = { name: 'cex4queue', bus: 'ap', ap: { device_types: [CEX7], default_driver: true } };
const vfioAp: TDrv = { name: 'vfio_ap', bus: 'ap', ap: { device_types: [CEX7], default_driver: false } };

function booted(devs: TDev[], era = '7.1'): Kernel {
  const k = busKernel(devs, [cex4queue, vfioAp], era);
  runThreads(k, [
    ...devs.map((_, i) => ['boot', (kk: Kernel) => platform_device_add(kk, i)] as const),
    ['insmod', (kk) => driver_register(kk, 0)],
    ['insmod', (kk) => driver_register(kk, 1)],
  ]);
  return k;
}

/** A scheduler that runs the named threads' steps in this order, then FIFO. */
const turns = (names: readonly string[]): Scheduler => ({
  pick: (runnable, threads, n) =>
    Math.max(
      0,
      runnable.findIndex((t) => threads[t].name === names[n]),
    ),
});

describe('ap_parse_bitmap_str', () => {
  it('hex: bit 0 is the leftmost; shorter strings are padded with 0s, longer ones and junk are -EINVAL', () => {
    expect(bits(ap_parse_bitmap_str('0x8', FULL))).toEqual([0]);
    expect(bits(ap_parse_bitmap_str('0x0c\n', FULL))).toEqual([4, 5]);
    expect(bits(ap_parse_bitmap_str('x01', FULL))).toEqual([7]);
    expect(bits(ap_parse_bitmap_str('\n', FULL))).toEqual([]); // echo > apmask: every bit cleared
    expect(bits(ap_parse_bitmap_str(`0x${'f'.repeat(64)}`, []))).toEqual(bits(FULL));
    expect(ap_parse_bitmap_str(`0x${'f'.repeat(65)}`, FULL)).toBeNull();
    expect(ap_parse_bitmap_str('0x1g', FULL)).toBeNull();
  });

  it('relative: "+"/"-" terms and ranges on the current mask; base from the prefix; bad terms are -EINVAL', () => {
    const none = new Array<boolean>(256).fill(false);
    expect(bits(ap_parse_bitmap_str('+0-3,+32,-2\n', none))).toEqual([0, 1, 3, 32]);
    expect(bits(ap_parse_bitmap_str('-0x06', FULL)).includes(6)).toBe(false);
    expect(bits(ap_parse_bitmap_str('+010', none))).toEqual([8]); // octal, as simple_strtoul(…, 0)
    expect(bits(ap_parse_bitmap_str('+0x10-0x11', none))).toEqual([16, 17]);
    for (const bad of ['+256', '-5-3', '+', '+1;+2', '+0-256']) expect(ap_parse_bitmap_str(bad, none), bad).toBeNull();
  });

  it('apmask_show prints 64 hex digits after 0x; queue names are APQNs', () => {
    expect(apMaskShow(FULL)).toBe(`0x${'f'.repeat(64)}\n`);
    expect(apMaskShow(ap_parse_bitmap_str('0x4', FULL)!)).toBe(`0x4${'0'.repeat(63)}\n`);
    expect([apqn('05.0032'), apqn('5.32'), apqn('05.0100')]).toEqual([{ card: 5, domain: 0x32 }, null, null]);
  });
});

describe('apmask_store', () => {
  it('takes a card from zcrypt: in_use set, the bound queue reprobed to vfio_ap; "+6" gives it back', () => {
    const k = booted([queue('05.0032'), queue('06.0032')]);
    expect(runThreads(k, [['w', (kk) => apmask_store(kk, 'apm', '-6\n', 3)]]).results).toEqual([3]);
    expect([boundTo(k, '05.0032'), boundTo(k, '06.0032'), k.world.bus.ap.in_use]).toEqual([
      'cex4queue',
      'vfio_ap',
      true,
    ]);
    runThreads(k, [['w', (kk) => apmask_store(kk, 'apm', '+6\n', 3)]]);
    expect([boundTo(k, '06.0032'), k.world.bus.ap.in_use]).toEqual(['cex4queue', false]);
    const r = runThreads(k, [['w', (kk) => apmask_store(kk, 'aqm', '-0x32', 5)]]);
    expect([r.results[0], boundTo(k, '05.0032'), boundTo(k, '06.0032')]).toEqual([5, 'vfio_ap', 'vfio_ap']);
  });

  it('refused (-EINVAL) while any queue has a driver_override, 6.19+; no reprobe when nothing changes', () => {
    const k = booted([queue('05.0032'), queue('06.0032')]);
    runThreads(k, [['w', (kk) => kk.busOf(0).override!.store(kk, 0, 'cex4queue\n', 10)]]);
    const r = runThreads(k, [['w', (kk) => apmask_store(kk, 'apm', '-6', 2)]]);
    expect([r.results[0], k.world.bus.ap.apm[6], boundTo(k, '06.0032')]).toEqual([-EINVAL, true, 'cex4queue']);
    const same = runThreads(k, [['w', (kk) => apmask_store(kk, 'apm', '+6', 2)]]);
    expect(same.results[0]).toBe(-EINVAL);
    const bad = booted([queue('05.0032')]);
    const parse = runThreads(bad, [['w', (kk) => apmask_store(kk, 'apm', '0xfff…', 6)]]);
    expect(parse.results[0]).toBe(-EINVAL);
    const unchanged = runThreads(bad, [['w', (kk) => apmask_store(kk, 'apm', '+5', 2)]]);
    expect(unchanged.trace.map((e) => e.fn)).not.toContain('__ap_revise_reserved');
  });

  it('before 6.19 (no driver_override) nothing counts overrides: the store goes through', () => {
    const k = booted([queue('05.0032'), queue('06.0032')], '6.1');
    const r = runThreads(k, [['w', (kk) => apmask_store(kk, 'apm', '-6', 2)]]);
    expect([r.results[0], boundTo(k, '06.0032')]).toEqual([2, 'vfio_ap']);
  });

  it('before the masks (7e0bdbe5c21c) the first registered driver whose ids match takes the queue', () => {
    const order = (era: string): (string | null)[] => {
      const k = busKernel([queue('05.0032')], [vfioAp, cex4queue], era);
      runThreads(k, [
        ['boot', (kk) => platform_device_add(kk, 0)],
        ['insmod', (kk) => driver_register(kk, 0)],
        ['insmod', (kk) => driver_register(kk, 1)],
      ]);
      return [boundTo(k, '05.0032')];
    };
    expect([order('4.4'), order('5.10')]).toEqual([['vfio_ap'], ['cex4queue']]);
  });

  it('an override set between the commit and the revise keeps its queue (the window 81d6f7c3a70b locks)', () => {
    // Card 06 starts outside apmask on vfio_ap; "+6" makes both masks full, so the override store is allowed again.
    const run = (order: readonly string[]): (string | null)[] => {
      const k = booted([queue('05.0032'), queue('06.0032', false)]);
      runThreads(
        k,
        [
          ['mask', (kk) => apmask_store(kk, 'apm', '+6', 2)],
          ['ovr', (kk) => kk.busOf(1).override!.store(kk, 1, 'vfio_ap\n', 8)],
        ],
        turns(order),
      );
      return [boundTo(k, '06.0032'), k.world.devices[1].override];
    };
    // The mask store's step, then the override (mutex, swap), then the revise: the queue stays on vfio_ap.
    expect(run(['mask', 'ovr', 'ovr'])).toEqual(['vfio_ap', 'vfio_ap']);
    // The override store first: -EINVAL (masks still in use); the revise reprobes the queue to cex4queue.
    expect(run(['ovr', 'mask'])).toEqual(['cex4queue', null]);
  });
});
