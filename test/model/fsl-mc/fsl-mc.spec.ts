// fsl_mc_bus_type through the driver core. Kernel facts: drivers/bus/fsl-mc/fsl-mc-bus.c fsl_mc_bus_match
// (linux-6.6.14 copy; 1f86a00c1159 adds the override test before the table and the plugged check),
// driver_override_store/show (1f86a00c1159 unlocked; 1d540bcf86b2 driver_set_override; 148891e95014 show lock;
// 6c8dfb036273 generic); vfio_fsl_mc.c vfio_fsl_mc_bus_notifier / vfio_fsl_mc_probe (scan after the notifier is
// registered); dprc-driver.c check_plugged_state_change; the override patch's example and NXP's container sequence.
import { describe, expect, it } from 'vitest';
import { fsl_mc_bus_match, fsl_mc_device_add, fsl_mc_override_show } from '../../../src/model/fsl-mc/fsl-mc-bus.js';
import {
  fsl_mc_enumerate,
  fsl_mc_hotplug,
  fsl_mc_override_store,
  fsl_mc_set_plugged,
} from '../../../src/model/fsl-mc/fsl-mc-bus.js';
import { bind_store, driver_register, unbind_store } from '../../../src/model/core/bus.js';
import type { FslMcDeviceId, FslMcIdentity } from '../../../src/model/types.js';
import type { Kernel } from '../../../src/model/kernel.js';
import type { Quirks } from '../../../src/profiles/types.js';
import { deviceLock } from '../../../src/model/objects.js';
import { findProfile } from '../../../src/profiles/index.js';
import { EBUSY, EINVAL } from '../../../src/model/errno.js';
import { busKernel as kernelOn, type TDev, type TDrv } from '../bus-world.js';
import { boundTo, dev, idx, runThreads } from '../platform/helpers.js';

const NXP = 0x1957; // FSL_MC_VENDOR_FREESCALE
const obj = (name: string, m: Partial<FslMcIdentity>): TDev => ({
  bus: 'fsl-mc',
  dev: name,
  fslmc: { obj_type: 'dpni', vendor: NXP, plugged: true, container: 'dprc.1', ...m },
});
const drv = (name: string, ids: FslMcDeviceId[] | null, scans = false): TDrv => ({
  bus: 'fsl-mc',
  name,
  fslmc: { match_id_table: ids, scans_container: scans },
});
/** The MC's objects are there (hw) before Linux adds them. */
const busKernel = (devs: readonly TDev[], drvs: readonly TDrv[], era: string | Quirks) =>
  kernelOn(devs, drvs, era, true);
const DPRC_DRV = drv('fsl_mc_dprc', [{ vendor: NXP, obj_type: 'dprc' }], true);
const ETH = drv('fsl_dpaa2_eth', [{ vendor: NXP, obj_type: 'dpni' }]);
const VFIO = drv('vfio-fsl-mc', null, true); // no match_id_table: binds only through driver_override

/** dprc.1 (root), dprc.2 (a child container, unplugged as restool creates it), dpni.1 inside dprc.2. */
const WORLD = [
  obj('dprc.1', { obj_type: 'dprc', plugged: false, container: null }),
  obj('dprc.2', { obj_type: 'dprc', plugged: false }),
  obj('dpni.1', { container: 'dprc.2' }),
];

function matches(k: Kernel, d: string, name: string): boolean {
  return fsl_mc_bus_match(k, idx(k, name), dev(k, d));
}

/** Drivers registered, then the root DPRC added: fsl_mc_dprc binds it and its scan adds dprc.2. */
function booted(era: string | Quirks = '6.1'): Kernel {
  const k = busKernel(WORLD, [DPRC_DRV, ETH, VFIO], era);
  runThreads(k, [
    ['insmod', (kk) => driver_register(kk, 0)],
    ['insmod', (kk) => driver_register(kk, 1)],
    ['insmod', (kk) => driver_register(kk, 2)],
    ['boot', (kk) => fsl_mc_device_add(kk, 0)],
  ]);
  return k;
}

describe('fsl_mc_bus_match: the override is a bypass that skips the table and the plugged check', () => {
  it('the table matches vendor and object type of a plugged object; an unplugged one matches nothing', () => {
    const k = busKernel([obj('dpni.1', {}), obj('dpni.2', { plugged: false })], [ETH, DPRC_DRV], '6.1');
    k.world.devices[0].plugged = true;
    expect([matches(k, 'dpni.1', 'fsl_dpaa2_eth'), matches(k, 'dpni.1', 'fsl_mc_dprc')]).toEqual([true, false]);
    expect(matches(k, 'dpni.2', 'fsl_dpaa2_eth')).toBe(false);
  });

  it('the root DPRC matches unplugged; the table ends at vendor 0', () => {
    const k = busKernel(
      WORLD,
      [
        DPRC_DRV,
        drv('late', [
          { vendor: 0, obj_type: '' },
          { vendor: NXP, obj_type: 'dprc' },
        ]),
      ],
      '6.1',
    );
    expect([matches(k, 'dprc.1', 'fsl_mc_dprc'), matches(k, 'dprc.2', 'fsl_mc_dprc')]).toEqual([true, false]);
    expect(matches(k, 'dprc.1', 'late')).toBe(false);
  });

  it('override set: only the named driver, table or not (vfio-fsl-mc has none), plugged or not', () => {
    const k = busKernel(WORLD, [DPRC_DRV, VFIO], '6.1');
    expect(matches(k, 'dprc.2', 'vfio-fsl-mc')).toBe(false);
    k.world.devices[1].override = 'vfio-fsl-mc';
    expect([matches(k, 'dprc.2', 'vfio-fsl-mc'), matches(k, 'dprc.2', 'fsl_mc_dprc')]).toEqual([true, false]);
    k.world.devices[0].override = 'vfio-fsl-mc'; // even the root DPRC's table match is bypassed
    expect(matches(k, 'dprc.1', 'fsl_mc_dprc')).toBe(false);
  });
});

describe('vfio-fsl-mc and its container', () => {
  it("NXP's sequence: override and bind of an unplugged container, no unbind; the scan's objects are captured", () => {
    const k = booted();
    expect([boundTo(k, 'dprc.1'), boundTo(k, 'dprc.2'), k.world.devices[2].present]).toEqual([
      'fsl_mc_dprc',
      null,
      false,
    ]);
    const { results } = runThreads(k, [
      ['dpl', (kk) => k.busOf(1).override!.store(kk, 1, 'vfio-fsl-mc\n', 12)],
      ['dpl', (kk) => bind_store(kk, 2, 'dprc.2\n', 7)],
    ]);
    expect(results).toEqual([12, 7]);
    // dpni.1 is plugged and fsl_dpaa2_eth (registered first) matches it, but the notifier's override wins.
    expect([boundTo(k, 'dprc.2'), boundTo(k, 'dpni.1'), k.world.devices[2].override]).toEqual([
      'vfio-fsl-mc',
      'vfio-fsl-mc',
      'vfio-fsl-mc',
    ]);
  });

  it('the same container on fsl_mc_dprc (plugged before the override): its object goes to the host driver', () => {
    const k = booted();
    runThreads(k, [['restool', (kk) => fsl_mc_set_plugged(kk, 1, true)]]);
    expect([boundTo(k, 'dprc.2'), boundTo(k, 'dpni.1'), k.world.devices[2].override]).toEqual([
      'fsl_mc_dprc',
      'fsl_dpaa2_eth',
      null,
    ]);
    const { results } = runThreads(k, [
      ['dpl', (kk) => k.busOf(1).override!.store(kk, 1, 'vfio-fsl-mc\n', 12)],
      ['dpl', (kk) => bind_store(kk, 2, 'dprc.2\n', 7)],
    ]);
    expect(results).toEqual([12, -EBUSY]);
    expect(boundTo(k, 'dpni.1')).toBe('fsl_dpaa2_eth');
  });

  it("the override patch's example (override, unbind from fsl_mc_dprc, bind): the children are deleted and re-added", () => {
    const k = booted();
    runThreads(k, [['restool', (kk) => fsl_mc_set_plugged(kk, 1, true)]]);
    const seq = k.world.devices[2].seq;
    const { results } = runThreads(k, [
      ['admin', (kk) => k.busOf(1).override!.store(kk, 1, 'vfio-fsl-mc', 11)],
      ['admin', (kk) => unbind_store(kk, 0, 'dprc.2', 6)],
      ['admin', (kk) => bind_store(kk, 2, 'dprc.2', 6)],
    ]);
    expect(results).toEqual([11, 6, 6]);
    expect([boundTo(k, 'dprc.2'), boundTo(k, 'dpni.1')]).toEqual(['vfio-fsl-mc', 'vfio-fsl-mc']);
    expect(k.world.devices[2].seq).toBeGreaterThan(seq);
  });

  it('the notifier runs in device_add before the first probe: no other driver ever binds the object', () => {
    const k2 = booted();
    const { trace } = runThreads(k2, [
      ['dpl', (kk) => k2.busOf(1).override!.store(kk, 1, 'vfio-fsl-mc', 11)],
      ['dpl', (kk) => bind_store(kk, 2, 'dprc.2', 6)],
    ]);
    const add = trace.find((e) => e.fn === 'fsl_mc_device_add' && e.obj === 'dpni.1')!;
    expect(add.events.map((e) => e.kind)).toEqual(['override', 'uevent']);
    const bound = trace.flatMap((e) => e.events).filter((e) => e.kind === 'bound' && e.dev === 2);
    expect(bound.map((e) => (e.kind === 'bound' ? k2.drvName(e.drv) : ''))).toEqual(['vfio-fsl-mc']);
    // vfio-fsl-mc has no table: it binds through the override alone (what override-in-table reports).
    const m = trace.flatMap((e) => e.events).filter((e) => e.kind === 'match' && e.dev === 2);
    expect(m).toEqual([{ kind: 'match', dev: 2, drv: 2, override: 'vfio-fsl-mc', inTable: false, sound: true }]);
  });

  it('a plugged-state change is seen only through fsl_mc_dprc on the container: plug attaches, unplug releases', () => {
    const k = booted();
    runThreads(k, [['restool', (kk) => fsl_mc_set_plugged(kk, 1, true)]]);
    expect(boundTo(k, 'dprc.2')).toBe('fsl_mc_dprc');
    runThreads(k, [['restool', (kk) => fsl_mc_set_plugged(kk, 2, false)]]);
    expect(boundTo(k, 'dpni.1')).toBeNull();
    const k2 = booted(); // dprc.2 unbound: nobody watches it, dpni.1 is not even a device yet
    expect(runThreads(k2, [['restool', (kk) => fsl_mc_set_plugged(kk, 2, true)]]).results).toEqual([0]);
    expect(k2.world.devices[2].present).toBe(false);
    runThreads(k2, [
      ['dpl', (kk) => k2.busOf(1).override!.store(kk, 1, 'vfio-fsl-mc', 11)],
      ['dpl', (kk) => bind_store(kk, 2, 'dprc.2', 6)],
      ['restool', (kk) => fsl_mc_set_plugged(kk, 2, false)], // the container is vfio-fsl-mc's: no IRQ thread in Linux
    ]);
    expect(boundTo(k2, 'dpni.1')).toBe('vfio-fsl-mc');
  });
});

describe('objects the MC adds (restool) and the scans that find them', () => {
  const bindToVfio = (k: Kernel) =>
    runThreads(k, [
      ['dpl', (kk) => k.busOf(1).override!.store(kk, 1, 'vfio-fsl-mc', 11)],
      ['dpl', (kk) => bind_store(kk, 2, 'dprc.2', 6)],
    ]);

  it('boot adds only the root DPRC; fsl_mc_dprc binding it scans dprc.1 and adds dprc.2 (unplugged: unbound)', () => {
    const k = busKernel(WORLD, [DPRC_DRV], '6.1');
    runThreads(k, [
      ['boot', (kk) => fsl_mc_enumerate(kk)],
      ['insmod', (kk) => driver_register(kk, 0)],
    ]);
    expect(WORLD.map((_, i) => k.world.devices[i].present)).toEqual([true, true, false]);
    expect([boundTo(k, 'dprc.1'), boundTo(k, 'dprc.2')]).toEqual(['fsl_mc_dprc', null]);
  });

  it('an object assigned before vfio-fsl-mc binds the container is found by its scan and captured', () => {
    const k = booted();
    k.world.devices[2].hw = false; // not in the MC yet
    runThreads(k, [['restool', (kk) => fsl_mc_hotplug(kk, 2, 'add')]]);
    expect(k.world.devices[2].present).toBe(false); // nobody watches dprc.2
    bindToVfio(k);
    expect(boundTo(k, 'dpni.1')).toBe('vfio-fsl-mc');
  });

  it('an object assigned after it is never seen by Linux: vfio-fsl-mc does not watch the container', () => {
    const k = booted();
    k.world.devices[2].hw = false;
    bindToVfio(k);
    runThreads(k, [['restool', (kk) => fsl_mc_hotplug(kk, 2, 'add')]]);
    expect([k.world.devices[2].present, boundTo(k, 'dpni.1')]).toEqual([false, null]);
  });

  it('on a container fsl_mc_dprc drives, an added object appears at once and binds its table driver', () => {
    const k = booted();
    k.world.devices[2].hw = false;
    runThreads(k, [['restool', (kk) => fsl_mc_set_plugged(kk, 1, true)]]);
    runThreads(k, [['restool', (kk) => fsl_mc_hotplug(kk, 2, 'add')]]);
    expect(boundTo(k, 'dpni.1')).toBe('fsl_dpaa2_eth');
    runThreads(k, [['restool', (kk) => fsl_mc_hotplug(kk, 2, 'remove')]]);
    expect(k.world.devices[2].present).toBe(false);
  });
});

describe('the fsl-mc driver_override attribute by era', () => {
  const store = (era: string | Quirks, buf: string) => {
    const k = busKernel(WORLD, [], era);
    const o = k.busOf(1).override!;
    return runThreads(k, [
      ['w', (kk) => o.store(kk, 1, buf, Buffer.byteLength(buf))],
      ['r', (kk) => o.show(kk, 1)],
    ]).results;
  };
  const q = (fslmcOverride: Quirks['fslmcOverride']): Quirks => ({ ...findProfile('6.1')!.quirks, fslmcOverride });

  it('absent before 5.10 (1f86a00c1159); 5.10-5.15 unlocked, 5.19 set, 6.1 (Debian 12: 6.1.164) show locked, 7.1 generic', () => {
    const eras = ['3.16', '5.10', '5.15', '5.19', '6.1', '7.1'].map((p) => findProfile(p)!.quirks.fslmcOverride);
    expect(eras).toEqual(['absent', 'unlocked', 'unlocked', 'set-override', 'show-locked', 'generic']);
  });

  it('5.10 store: count >= PAGE_SIZE - 1 is -EINVAL, cut at the newline, empty clears', () => {
    expect(store('5.10', 'x'.repeat(4095))[0]).toBe(-EINVAL);
    expect(store('5.10', 'x'.repeat(4094))[0]).toBe(4094);
    expect(store('5.10', 'vfio-fsl-mc\nx')).toEqual([13, 'vfio-fsl-mc\n']);
    expect(store('5.10', '\n')).toEqual([1, '(null)\n']);
  });

  it('5.19 driver_set_override: a NUL byte stores "" (which then matches no driver); 6.0+ clears', () => {
    expect(store('5.19', '\0')).toEqual([1, '\n']);
    expect(store('6.1', '\0')).toEqual([1, '(null)\n']);
  });

  it('5.10: two stores interleave without a lock and both free the old string; device_lock serialises them', () => {
    const interleaved = (era: Quirks) => {
      const k = busKernel(WORLD, [], era);
      const o = k.busOf(1).override!;
      const { trace } = runThreads(
        k,
        [
          ['a', (kk) => o.store(kk, 1, 'one', 3)],
          ['b', (kk) => o.store(kk, 1, 'two', 3)],
        ],
        { pick: (runnable, _t, n) => n % runnable.length },
      );
      return trace.flatMap((e) => e.notes).filter((n) => n.includes('double free'));
    };
    expect(interleaved(q('unlocked'))).toHaveLength(1);
    expect(interleaved(q('set-override'))).toHaveLength(0);
    const storeLock = (era: Quirks['fslmcOverride']) => {
      const g = fsl_mc_override_store(busKernel(WORLD, [], q(era)), 1, 'x', 1);
      g.next(); // kstrndup (and, 5.10, the old pointer)
      return g.next().value; // the swap
    };
    expect([storeLock('set-override'), storeLock('generic')]).toMatchObject([
      { acquire: deviceLock(1) },
      { acquire: -1 },
    ]);
  });

  it('show takes device_lock only from 148891e95014; unlocked before, the spinlock (no device_lock) after', () => {
    const lockOf = (era: Quirks['fslmcOverride']) => fsl_mc_override_show(busKernel(WORLD, [], q(era)), 1).next().value;
    expect(lockOf('show-locked')).toMatchObject({ acquire: deviceLock(1) });
    expect([lockOf('unlocked'), lockOf('set-override'), lockOf('generic')]).toMatchObject([
      { acquire: -1 },
      { acquire: -1 },
      { acquire: -1 },
    ]);
  });
});
