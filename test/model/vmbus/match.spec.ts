// vmbus_match and hv_vmbus_get_id (drivers/hv/vmbus_drv.c @0027e3fd6d90 ≈v5.9; pre-4.20 copy with
// hv_vmbus_get_id(drv, guid); 331d8900121a generic conversion keeps the dummy id), vmbus_probe (no re-match).
import { describe, expect, it } from 'vitest';
import { hv_vmbus_get_id, vmbus_match, vmbus_device_register } from '../../../src/model/vmbus/vmbus_drv.js';
import { vmbus_add_dynid, vmbus_override_store } from '../../../src/model/vmbus/vmbus-sysfs.js';
import { HV_NIC_GUID, HV_SCSI_GUID } from '../../../src/model/vmbus/guid.js';
import { driver_register } from '../../../src/model/core/bus.js';
import type { Kernel } from '../../../src/model/kernel.js';
import type { Scheduler } from '../../../src/exec/engine.js';
import { boundTo, dev, era, idx, runThreads, vmbusKernel } from './helpers.js';

const NIC = { dev: 'ed963694-e847-4b2a-85af-bc9cfc11d6f3', class: HV_NIC_GUID };
const DISK = { dev: '00000000-0001-8899-0000-000000000000', class: HV_SCSI_GUID };
const SOCK = {
  dev: '9f6e1d2a-2c49-4d43-9c39-3ff8e1a0c7a5',
  class: 'a42e7cda-d03f-480c-9cc2-a4de20abb878',
  hvsock: true,
};
const BOTH = { name: 'both', id_table: [HV_NIC_GUID] };

const matches = (k: Kernel, d: string, drv: string): boolean => vmbus_match(k, idx(k, drv), dev(k, d));
const setOverride = (k: Kernel, d: string, v: string | null): void => void (k.world.devices[dev(k, d)].override = v);
const addDynid = (k: Kernel, drv: string, guid: string): void => {
  const i = idx(k, drv);
  k.world.drivers[i].guid_dynids = [...k.world.drivers[i].guid_dynids, guid];
};

describe('hv_vmbus_get_id: dynamic ids, then the static table', () => {
  it("hv_netvsc's table holds the NIC class GUID (HV_NIC_GUID); uio_hv_generic's NULL table matches nothing", () => {
    const k = vmbusKernel([NIC, DISK], ['hv_netvsc', 'uio_hv_generic']);
    expect([matches(k, NIC.dev, 'hv_netvsc'), matches(k, DISK.dev, 'hv_netvsc')]).toEqual([true, false]);
    expect([matches(k, NIC.dev, 'uio_hv_generic'), matches(k, DISK.dev, 'uio_hv_generic')]).toEqual([false, false]);
  });

  it('a dynid is looked at first: the id handed to probe comes from the dynid list when both hold the GUID', () => {
    const k = vmbusKernel([NIC], [BOTH]);
    expect(hv_vmbus_get_id(k, 0, 0)?.from).toBe('table');
    addDynid(k, 'both', HV_NIC_GUID);
    expect(hv_vmbus_get_id(k, 0, 0)?.from).toBe('dynid');
  });

  it('a dynid makes uio_hv_generic match the class in 4.10+; before 4.10 (static era) dynids are never read', () => {
    for (const q of [era('dynids'), era('override'), era('generic')]) {
      const k = vmbusKernel([NIC], ['uio_hv_generic'], q);
      addDynid(k, 'uio_hv_generic', HV_NIC_GUID);
      expect(matches(k, NIC.dev, 'uio_hv_generic'), q.vmbus).toBe(true);
    }
    const old = vmbusKernel([NIC], ['uio_hv_generic'], era('static', '3.16'));
    addDynid(old, 'uio_hv_generic', HV_NIC_GUID);
    expect(matches(old, NIC.dev, 'uio_hv_generic')).toBe(false);
  });
});

describe('driver_override is a bypass (4.20+): the dummy vmbus_device_null id', () => {
  it('only the named driver matches, with no id for the device (the dummy), and the table driver is refused', () => {
    for (const q of [era('override'), era('generic')]) {
      const k = vmbusKernel([NIC], ['hv_netvsc', 'uio_hv_generic'], q);
      setOverride(k, NIC.dev, 'uio_hv_generic');
      expect(hv_vmbus_get_id(k, idx(k, 'uio_hv_generic'), 0)?.from, q.vmbus).toBe('null');
      expect([matches(k, NIC.dev, 'uio_hv_generic'), matches(k, NIC.dev, 'hv_netvsc')], q.vmbus).toEqual([true, false]);
    }
  });

  it('an override naming the table driver hands it the real id, not the dummy', () => {
    const k = vmbusKernel([NIC], ['hv_netvsc']);
    setOverride(k, NIC.dev, 'hv_netvsc');
    expect(hv_vmbus_get_id(k, 0, 0)?.from).toBe('table');
  });

  it('"" (the 5.19 NUL store) names no driver: strcmp fails for all, so nothing matches', () => {
    const k = vmbusKernel([NIC], ['hv_netvsc', 'uio_hv_generic']);
    setOverride(k, NIC.dev, '');
    expect([matches(k, NIC.dev, 'hv_netvsc'), matches(k, NIC.dev, 'uio_hv_generic')]).toEqual([false, false]);
  });

  it('before 4.20 there is no override to read: a stored value changes nothing', () => {
    const k = vmbusKernel([NIC], ['hv_netvsc', 'uio_hv_generic'], era('dynids'));
    setOverride(k, NIC.dev, 'uio_hv_generic');
    expect([matches(k, NIC.dev, 'hv_netvsc'), matches(k, NIC.dev, 'uio_hv_generic')]).toEqual([true, false]);
  });
});

describe('hv_sock channels: vmbus_match returns drv->hvsock before anything else', () => {
  it('an hv_sock offer matches hv_sock only, whatever driver_override or a dynid says', () => {
    const k = vmbusKernel([SOCK], ['hv_sock', 'uio_hv_generic']);
    setOverride(k, SOCK.dev, 'uio_hv_generic');
    addDynid(k, 'uio_hv_generic', SOCK.class);
    expect([matches(k, SOCK.dev, 'hv_sock'), matches(k, SOCK.dev, 'uio_hv_generic')]).toEqual([true, false]);
  });

  it('the bypass reaches hv_sock too: a NIC whose override names hv_sock matches it (the dummy id)', () => {
    const k = vmbusKernel([NIC], ['hv_sock', 'hv_netvsc']);
    expect(matches(k, NIC.dev, 'hv_sock')).toBe(false);
    setOverride(k, NIC.dev, 'hv_sock');
    expect([matches(k, NIC.dev, 'hv_sock'), matches(k, NIC.dev, 'hv_netvsc')]).toEqual([true, false]);
  });
});

describe('vmbus_probe calls drv->probe whatever hv_vmbus_get_id returns under device_lock', () => {
  /** Runs `attach` up to its device_lock (after the unlocked match), then `admin` to the end, then the rest. */
  const inTheWindow: Scheduler = {
    pick: (runnable, threads) => {
      const [attach, admin] = threads;
      const want = attach.pending?.fn === 'device_lock' && !admin.done ? admin.id : attach.done ? admin.id : attach.id;
      return Math.max(0, runnable.indexOf(want));
    },
  };

  it('an override written between the unlocked match and the probe does not stop the bind (no re-match)', () => {
    const k = vmbusKernel([NIC], ['uio_hv_generic', 'hv_netvsc']);
    runThreads(k, [
      ['insmod', (kk) => driver_register(kk, 0)],
      ['offer', (kk) => vmbus_device_register(kk, 0)], // hv_netvsc not loaded: the NIC stays unbound
    ]);
    const { trace } = runThreads(
      k,
      [
        ['new_id', (kk) => vmbus_add_dynid(kk, 0, HV_NIC_GUID)],
        ['admin', (kk) => vmbus_override_store(kk, 0, 'hv_netvsc\n', 10)],
      ],
      inTheWindow,
    );
    expect(k.world.devices[0].override).toBe('hv_netvsc');
    expect(boundTo(k, NIC.dev)).toBe('uio_hv_generic');
    const m = trace.flatMap((e) => e.events).find((e) => e.kind === 'match');
    expect(m).toMatchObject({ kind: 'match', override: 'hv_netvsc', inTable: true }); // override-exclusive's evidence
  });
});
