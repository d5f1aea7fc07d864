// usb_bus_type for interfaces through the driver core. Kernel facts: drivers/usb/core/driver.c usb_match_id,
// usb_match_one_id_intf, usb_device_match (static table, then dynids), usb_probe_interface (owned, udev and intf
// authorized gates; dynids first from 4.4), usb_store_new_id ("%x %x %x" to 3.10, "%x %x %x %x %x" from 4.4; no
// duplicate check), remove_id_store (count even when nothing matched), usb_create_newid_files (no_dynamic_id).
import { describe, expect, it } from 'vitest';
import { MATCH, usb_device_match, usb_interface_add, usb_match_id, usbId } from '../../../src/model/usb/usb.js';
import { usb_remove_id_store, usb_show_dynids, usb_store_new_id } from '../../../src/model/usb/usb.js';
import { bind_store, driver_register } from '../../../src/model/core/bus.js';
import type { Kernel } from '../../../src/model/kernel.js';
import { EINVAL, ENODEV } from '../../../src/model/errno.js';
import { boundTo, dev, idx, runThreads } from '../platform/helpers.js';
import { usbKernel, type UIntf } from './helpers.js';

const MODEM0: UIntf = { dev: '1-1:1.0', bInterfaceNumber: 0 };
const MODEM4: UIntf = { dev: '1-1:1.4', bInterfaceNumber: 4 };
const TWIN4: UIntf = { dev: '1-2:1.4', bInterfaceNumber: 4 };
const DEVICE = MATCH.VENDOR | MATCH.PRODUCT;
const optionIds = [
  usbId({ match_flags: DEVICE | MATCH.INT_CLASS, idVendor: 0x1e0e, idProduct: 0x9001, bInterfaceClass: 0xff }),
];

const matches = (k: Kernel, d: string, drv: string): boolean => usb_device_match(k, idx(k, drv), dev(k, d));
const dynids = (k: Kernel, drv: string): string[] =>
  k.world.drivers[idx(k, drv)].usb_dynids.map((e) => `${e.idVendor.toString(16)}:${e.idProduct.toString(16)}`);

/** Register every driver, then add every interface (boot order: drivers built in first). */
function boot(k: Kernel): void {
  runThreads(k, [
    ...k.world.drvSpecs.map((_, j) => ['insmod', (kk: Kernel) => driver_register(kk, j)] as const),
    ...k.world.devSpecs.map((_, i) => ['hub', (kk: Kernel) => usb_interface_add(kk, i)] as const),
  ]);
}

function write(k: Kernel, f: (kk: Kernel) => Generator<unknown, number, void>): number {
  return runThreads(k, [['admin', f]]).results[0] as number;
}

describe('usb_match_id and usb_match_one_id_intf', () => {
  const k = usbKernel([MODEM0, { dev: '2-1:1.0', bDeviceClass: 0xff, bInterfaceClass: 0x02 }], []);
  const modem = k.world.devSpecs[0].usb!;
  const vendorSpec = k.world.devSpecs[1].usb!;

  it('match_flags choose the fields: vendor:product alone matches every interface of the device', () => {
    expect(usb_match_id([usbId({ match_flags: DEVICE, idVendor: 0x1e0e, idProduct: 0x9001 })], modem)).not.toBe(null);
    expect(usb_match_id([usbId({ match_flags: DEVICE, idVendor: 0x1e0e, idProduct: 0x9002 })], modem)).toBe(null);
    const num = usbId({
      match_flags: DEVICE | MATCH.INT_NUMBER,
      idVendor: 0x1e0e,
      idProduct: 0x9001,
      bInterfaceNumber: 4,
    });
    expect(usb_match_id([num], modem)).toBe(null);
  });

  it('a class-only entry never matches an interface of a vendor-specific (0xff) device; with the vendor it does', () => {
    const cls = usbId({ match_flags: MATCH.INT_CLASS, bInterfaceClass: 0x02 });
    expect(usb_match_id([cls], vendorSpec)).toBe(null);
    expect(
      usb_match_id([{ ...cls, match_flags: MATCH.INT_CLASS | MATCH.VENDOR, idVendor: 0x1e0e }], vendorSpec),
    ).not.toBe(null);
  });

  it('the table ends at the first entry with no vendor, product, classes or driver_info', () => {
    const end = usbId({ match_flags: MATCH.INT_PROTOCOL, bInterfaceProtocol: 0xff });
    expect(usb_match_id([end, ...optionIds], modem)).toBe(null);
    expect(usb_match_id([...optionIds, end], modem)).not.toBe(null);
  });
});

describe('usb_device_match and usb_probe_interface', () => {
  it('a driver matches by its static table or by a dynid (usb_match_id, then usb_match_dynamic_id)', () => {
    const k = usbKernel([MODEM0], [{ name: 'option', ids: optionIds }, { name: 'qmi_wwan' }]);
    expect([matches(k, MODEM0.dev, 'option'), matches(k, MODEM0.dev, 'qmi_wwan')]).toEqual([true, false]);
    k.world.drivers[idx(k, 'qmi_wwan')].usb_dynids = [
      usbId({ match_flags: DEVICE, idVendor: 0x1e0e, idProduct: 0x9001 }),
    ];
    expect(matches(k, MODEM0.dev, 'qmi_wwan')).toBe(true);
  });

  it.each([
    ['owned', { owned: true }],
    ['device_authorized', { device_authorized: false }],
    ['authorized_default', { authorized_default: false }],
  ] as const)('%s: the probe refuses (-ENODEV) though the bus matches; nothing binds', (_name, gate) => {
    const k = usbKernel([{ ...MODEM0, ...gate }], [{ name: 'option', ids: optionIds }]);
    boot(k);
    expect(boundTo(k, MODEM0.dev)).toBe(null);
    expect(matches(k, MODEM0.dev, 'option')).toBe(true);
    expect(write(k, (kk) => bind_store(kk, 0, MODEM0.dev, 7))).toBe(-ENODEV);
  });

  it('before interface authorization (<=3.10) an interface created unauthorized binds all the same', () => {
    const k = usbKernel([{ ...MODEM0, authorized_default: false }], [{ name: 'option', ids: optionIds }], '3.16');
    boot(k);
    expect(boundTo(k, MODEM0.dev)).toBe('option');
  });

  it('the probe re-matches: a dynid removed after the unlocked match leaves the interface unbound', () => {
    const k = usbKernel([MODEM4], [{ name: 'qmi_wwan' }]);
    boot(k);
    const q = idx(k, 'qmi_wwan');
    // new_id, then remove_id runs between __driver_attach's match and its device_lock + probe.
    const order = [0, 0, 1, 0, 0, 0, 0];
    let n = 0;
    runThreads(
      k,
      [
        ['admin', (kk) => usb_store_new_id(kk, q, '1e0e 9001', 9)],
        ['admin2', (kk) => usb_remove_id_store(kk, q, '1e0e 9001', 9)],
      ],
      { pick: (runnable) => Math.min(order[n++] ?? 0, runnable.length - 1) },
    );
    expect(boundTo(k, MODEM4.dev)).toBe(null);
  });
});

describe('new_id and remove_id', () => {
  it('new_id binds every unbound interface with that vendor:product at once, but no bound one', () => {
    const k = usbKernel([MODEM0, MODEM4], [{ name: 'option', ids: optionIds }, { name: 'qmi_wwan' }]);
    boot(k);
    k.world.devices[dev(k, MODEM4.dev)].driver = -1; // the admin unbound 1-1:1.4 from option
    expect(write(k, (kk) => usb_store_new_id(kk, 1, '1e0e 9001', 9))).toBe(9);
    expect([boundTo(k, MODEM0.dev), boundTo(k, MODEM4.dev)]).toEqual(['option', 'qmi_wwan']);
  });

  it('no duplicate check: the same id written twice is two dynids, and one remove_id leaves the other', () => {
    const k = usbKernel([MODEM4], [{ name: 'qmi_wwan' }]);
    boot(k);
    expect(write(k, (kk) => usb_store_new_id(kk, 0, '1e0e 9001', 9))).toBe(9);
    expect(write(k, (kk) => usb_store_new_id(kk, 0, '1e0e 9001', 9))).toBe(9);
    expect(dynids(k, 'qmi_wwan')).toEqual(['1e0e:9001', '1e0e:9001']);
    expect(write(k, (kk) => usb_remove_id_store(kk, 0, '1e0e 9001', 9))).toBe(9);
    expect(dynids(k, 'qmi_wwan')).toEqual(['1e0e:9001']);
  });

  it('remove_id returns count when nothing matched; fewer than two fields is -EINVAL; it never unbinds', () => {
    const k = usbKernel([MODEM4], [{ name: 'qmi_wwan' }]);
    boot(k);
    write(k, (kk) => usb_store_new_id(kk, 0, '1e0e 9001', 9));
    expect(write(k, (kk) => usb_remove_id_store(kk, 0, 'dead beef', 9))).toBe(9);
    expect(write(k, (kk) => usb_remove_id_store(kk, 0, '1e0e', 4))).toBe(-EINVAL);
    expect(write(k, (kk) => usb_remove_id_store(kk, 0, '1e0e 9001', 9))).toBe(9);
    expect([dynids(k, 'qmi_wwan'), boundTo(k, MODEM4.dev)]).toEqual([[], 'qmi_wwan']);
  });

  it('five fields (4.4+): a class of 0 means no class; >255 is -EINVAL; the reference entry lends driver_info', () => {
    const table = [usbId({ match_flags: DEVICE, idVendor: 0x05c6, idProduct: 0x9003, driver_info: 0x42 })];
    const k = usbKernel(
      [MODEM4],
      [
        { name: 'qmi_wwan', ids: table },
        { name: 'bare', ids: null },
      ],
    );
    boot(k);
    expect(write(k, (kk) => usb_store_new_id(kk, 0, '1e0e 9001 100', 13))).toBe(-EINVAL);
    expect(write(k, (kk) => usb_store_new_id(kk, 0, '1e0e 9001 0 05c6 9999', 20))).toBe(-ENODEV); // no such reference
    expect(write(k, (kk) => usb_store_new_id(kk, 1, '1e0e 9001 0 05c6 9003', 20))).toBe(-ENODEV); // no table at all
    expect(write(k, (kk) => usb_store_new_id(kk, 0, '1e0e 9001 0 05c6 9003', 20))).toBe(20);
    const id = k.world.drivers[0].usb_dynids[0];
    expect([id.match_flags, id.driver_info]).toEqual([DEVICE, 0x42]);
    expect(usb_show_dynids(k, 0)).toBe('1e0e 9001\n');
  });

  it('three fields (<=3.10): the class field always counts, truncated to a byte; a fourth field is ignored', () => {
    const k = usbKernel([MODEM4], [{ name: 'qmi_wwan' }], '3.16');
    boot(k);
    expect(write(k, (kk) => usb_store_new_id(kk, 0, '1e0e 9001 1ff 05c6 9003', 23))).toBe(23);
    const id = k.world.drivers[0].usb_dynids[0];
    expect([id.match_flags, id.bInterfaceClass]).toEqual([DEVICE | MATCH.INT_CLASS, 0xff]);
    expect(boundTo(k, MODEM4.dev)).toBe('qmi_wwan');
    expect(usb_show_dynids(k, 0)).toBe('1e0e 9001 ff\n');
    const k0 = usbKernel([MODEM4], [{ name: 'qmi_wwan' }], '3.16');
    boot(k0);
    write(k0, (kk) => usb_store_new_id(kk, 0, '1e0e 9001 0', 11)); // class 0 required: the 0xff interface does not match
    expect(boundTo(k0, MODEM4.dev)).toBe(null);
  });

  it("the dynids lock: each driver's spinlock in 5.10/5.19, the global usb_dynids_lock mutex in 6.1 (6.1.188) and 7.1", () => {
    const lockOf = (era: string): string => {
      const k = usbKernel([MODEM4], [{ name: 'qmi_wwan' }], era);
      return runThreads(k, [['admin', (kk) => usb_store_new_id(kk, 0, '1e0e 9001', 9)]]).trace.find(
        (e) => e.fn === 'usb_store_new_id',
      )!.obj;
    };
    expect([lockOf('5.10'), lockOf('5.19'), lockOf('6.1'), lockOf('7.1')]).toEqual([
      'qmi_wwan.dynids.lock (spinlock)',
      'qmi_wwan.dynids.lock (spinlock)',
      'usb_dynids_lock (mutex)',
      'usb_dynids_lock (mutex)',
    ]);
  });

  it('the probe takes the dynid before the table from 4.4 (its driver_info), the table first before', () => {
    const table = [usbId({ match_flags: DEVICE, idVendor: 0x1e0e, idProduct: 0x9001, driver_info: 1 })];
    const probeNote = (era: string): string | undefined => {
      const k = usbKernel([MODEM4], [{ name: 'qmi_wwan', ids: table }], era);
      k.world.drivers[0].usb_dynids = [usbId({ match_flags: DEVICE, idVendor: 0x1e0e, idProduct: 0x9001 })];
      const { trace } = runThreads(k, [
        ['insmod', (kk) => driver_register(kk, 0)],
        ['hub', (kk) => usb_interface_add(kk, 0)],
      ]);
      return trace.flatMap((e) => e.notes).find((n) => n.startsWith('probe id'));
    };
    expect([probeNote('6.1'), probeNote('3.16')]).toEqual(['probe id 1e0e:9001 (dynamic)', 'probe id 1e0e:9001']);
  });

  it('the seed hazard on USB: a twin plugged in inside the new_id window is captured; after remove_id it is not', () => {
    const run = (twinFirst: boolean): string | null => {
      const k = usbKernel([MODEM4, TWIN4], [{ name: 'qmi_wwan' }, { name: 'option', ids: optionIds }]);
      runThreads(k, [
        ['insmod', (kk) => driver_register(kk, 0)],
        ['insmod', (kk) => driver_register(kk, 1)],
        ['hub', (kk) => usb_interface_add(kk, 0)],
      ]);
      k.world.devices[0].driver = -1; // unbound from option by the admin
      const add = ['hub', (kk: Kernel) => usb_interface_add(kk, 1)] as const;
      const newId = ['admin', (kk: Kernel) => usb_store_new_id(kk, 0, '1e0e 9001', 9)] as const;
      const removeId = ['admin', (kk: Kernel) => usb_remove_id_store(kk, 0, '1e0e 9001', 9)] as const;
      runThreads(k, twinFirst ? [newId, add, removeId] : [newId, removeId, add]);
      return boundTo(k, TWIN4.dev);
    };
    expect([run(true), run(false)]).toEqual(['qmi_wwan', 'option']);
  });
});
