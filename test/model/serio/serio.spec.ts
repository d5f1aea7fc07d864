// serio_bus through the driver core. Kernel facts: drivers/input/serio/serio.c (6.x copy) serio_match_port,
// serio_bus_match (manual_bind on either side), __serio_register_driver (SERIO_ATTACH_DRIVER on kseriod),
// drvctl_store (strncmp(buf, word, count), driver_find, serio_bind_driver without the bus match or device_lock),
// serio_set_bind_mode / bind_mode_store.
import { describe, expect, it } from 'vitest';
import {
  drvctl_store,
  serio_bus_match,
  serio_drv_set_bind_mode,
  serio_register_driver,
} from '../../../src/model/serio/serio.js';
import { serio_register_port, serio_set_bind_mode, strncmpZero } from '../../../src/model/serio/serio.js';
import { bind_store } from '../../../src/model/core/bus.js';
import type { Kernel } from '../../../src/model/kernel.js';
import type { Scheduler } from '../../../src/exec/engine.js';
import type { KGen } from '../../../src/runtime/step.js';
import { EEXIST, EINVAL } from '../../../src/model/errno.js';
import { boundTo, dev, idx, runThreads } from '../platform/helpers.js';
import { serioKernel, sid, type SDrv, type SPort } from './helpers.js';

const AUX: SPort = { dev: 'serio1' };
const psmouse: SDrv = { name: 'psmouse', ids: [sid(0x01), sid(0x05)] };
const serioRaw: SDrv = { name: 'serio_raw', ids: [sid(0x01), sid(0x06)], manual_bind: true };
const atkbd: SDrv = { name: 'atkbd', ids: [sid(0x06)] }; // SERIO_8042_XL only: not the AUX port

/** Ports registered, drivers loaded (kseriod does both); each run to the end. */
function boot(devs: readonly SPort[] = [AUX], drvs: readonly SDrv[] = [psmouse, serioRaw, atkbd]): Kernel {
  const k = serioKernel(devs, drvs);
  runThreads(k, [
    ...k.world.devSpecs.map((_, i) => ['i8042', (kk: Kernel) => serio_register_port(kk, i)] as const),
    ...k.world.drvSpecs.map((_, j) => ['insmod', (kk: Kernel) => serio_register_driver(kk, j)] as const),
  ]);
  return k;
}

const drvctl = (k: Kernel, buf: string): number =>
  runThreads(k, [['admin', (kk) => drvctl_store(kk, dev(kk, AUX.dev), buf, Buffer.byteLength(buf))]])
    .results[0] as number;

describe('serio_bus_match and registration', () => {
  it('the id table with SERIO_ANY; the table ends at an entry with type and proto 0', () => {
    const k = serioKernel(
      [AUX],
      [psmouse, atkbd, { name: 'late', ids: [{ type: 0, proto: 0, id: 0, extra: 0 }, sid(0x01)] }],
    );
    expect([0, 1, 2].map((j) => serio_bus_match(k, j, 0))).toEqual([true, false, false]);
  });

  it('manual_bind on the port or on the driver: the bus never matches', () => {
    const k = serioKernel([AUX], [psmouse]);
    k.world.devices[0].manual_bind = true;
    expect(serio_bus_match(k, 0, 0)).toBe(false);
    k.world.devices[0].manual_bind = false;
    k.world.drivers[0].manual_bind = true;
    expect(serio_bus_match(k, 0, 0)).toBe(false);
  });

  it('a manual_bind driver (serio_raw) binds nothing on its own; psmouse binds, from kseriod, not from modprobe', () => {
    const k = serioKernel([AUX], [serioRaw, psmouse]);
    const { trace } = runThreads(k, [
      ['i8042', (kk) => serio_register_port(kk, 0)],
      ['insmod', (kk) => serio_register_driver(kk, 0)],
      ['insmod', (kk) => serio_register_driver(kk, 1)],
    ]);
    expect(boundTo(k, AUX.dev)).toBe('psmouse');
    const bound = trace.find((e) => e.events.some((x) => x.kind === 'bound'))!;
    expect(bound.tid).toBeGreaterThanOrEqual(3); // a kseriod thread, spawned after the three listed
    expect([k.world.drivers[0].manual_bind, k.world.drivers[1].manual_bind]).toEqual([true, false]);
  });
});

describe('drvctl', () => {
  it('a driver name binds past manual_bind on both sides (serio_bind_driver skips the bus match)', () => {
    const k = boot();
    k.world.devices[0].manual_bind = true;
    expect(drvctl(k, 'serio_raw')).toBe(9);
    expect(boundTo(k, AUX.dev)).toBe('serio_raw');
  });

  it('a trailing newline is -EINVAL (driver_find wants the exact name), and the port keeps its driver', () => {
    const k = boot();
    expect([drvctl(k, 'serio_raw\n'), drvctl(k, 'none\n')]).toEqual([-EINVAL, -EINVAL]);
    expect(boundTo(k, AUX.dev)).toBe('psmouse');
  });

  it('strncmp(buf, word, count): any prefix is the word, "n" unbinds, "re" is reconnect, "res" rescan', () => {
    expect([
      strncmpZero('n', 'none', 1),
      strncmpZero('re', 'reconnect', 2),
      strncmpZero('res', 'reconnect', 3),
    ]).toEqual([true, true, false]);
    const k = boot();
    expect(drvctl(k, 'n')).toBe(1);
    expect(boundTo(k, AUX.dev)).toBe(null);
    expect(drvctl(k, 're')).toBe(2); // reconnect of an unbound port: disconnect and rescan
    expect(boundTo(k, AUX.dev)).toBe('psmouse');
  });

  it('rescan goes through the bus match: a manual_bind port stays unbound', () => {
    const k = boot();
    k.world.devices[0].manual_bind = true;
    expect(drvctl(k, 'rescan')).toBe(6);
    expect(boundTo(k, AUX.dev)).toBe(null);
  });

  it('a driver whose table does not match: the old driver is gone, nothing binds, and it reports success', () => {
    const k = boot();
    expect(drvctl(k, 'atkbd')).toBe(5);
    expect(boundTo(k, AUX.dev)).toBe(null);
  });

  it('an unknown word or driver is -EINVAL before anything is unbound', () => {
    const k = boot();
    expect(drvctl(k, 'mousedev')).toBe(-EINVAL);
    expect(boundTo(k, AUX.dev)).toBe('psmouse');
  });

  it("the race: a bind through the driver core inside drvctl's window; drvctl overwrites it and leaves nothing", () => {
    const k = boot();
    // drvctl takes serio_mutex and unbinds psmouse; bind (no serio_mutex) binds psmouse again; drvctl binds.
    const sched: Scheduler = {
      pick: (runnable, threads) => {
        const inWindow = runnable.some((t) => threads[t].pending?.fn === 'serio_bind_driver');
        const want = inWindow ? 'bind' : 'drvctl';
        return Math.max(
          0,
          runnable.findIndex((t) => threads[t].name === want),
        );
      },
    };
    const { results } = runThreads(
      k,
      [
        ['drvctl', (kk): KGen<number> => drvctl_store(kk, 0, 'serio_raw', 9)],
        ['bind', (kk): KGen<number> => bind_store(kk, idx(kk, 'psmouse'), 'serio1', 6)],
      ],
      sched,
    );
    expect(results).toEqual([-EEXIST, 6]);
    expect(boundTo(k, AUX.dev)).toBe(null);
    const fifo = boot();
    const r = runThreads(fifo, [
      ['drvctl', (kk): KGen<number> => drvctl_store(kk, 0, 'serio_raw', 9)],
      ['bind', (kk): KGen<number> => bind_store(kk, idx(kk, 'psmouse'), 'serio1', 6)],
    ]);
    expect([r.results[0], boundTo(fifo, AUX.dev)]).toEqual([9, 'serio_raw']);
  });
});

describe('bind_mode', () => {
  it('"manual" and "auto" (and their prefixes); "manual\\n" is -EINVAL; port and driver alike', () => {
    const k = boot();
    const set = (f: (kk: Kernel) => KGen<number>): number => runThreads(k, [['admin', f]]).results[0] as number;
    expect(set((kk) => serio_set_bind_mode(kk, 0, 'manual\n', 7))).toBe(-EINVAL);
    expect(set((kk) => serio_set_bind_mode(kk, 0, 'man', 3))).toBe(3);
    expect(k.world.devices[0].manual_bind).toBe(true);
    expect(set((kk) => serio_set_bind_mode(kk, 0, 'auto', 4))).toBe(4);
    expect(set((kk) => serio_drv_set_bind_mode(kk, idx(kk, 'serio_raw'), 'auto', 4))).toBe(4);
    expect([k.world.devices[0].manual_bind, k.world.drivers[idx(k, 'serio_raw')].manual_bind]).toEqual([false, false]);
    expect(boundTo(k, AUX.dev)).toBe('psmouse'); // bind_mode probes nothing
  });
});
