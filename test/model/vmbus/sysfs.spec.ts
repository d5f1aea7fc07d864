// vmbus's sysfs files: new_id_store / remove_id_store (vmbus_drv.c @0027e3fd6d90 and the pre-4.20 copy),
// guid_parse (lib/uuid.c uuid_is_valid + __uuid_parse), driver_override store/show (d765edbb301c open-coded,
// 01ed100276bd driver_set_override, 331d8900121a generic), reached through the sysfs paths.
import { describe, expect, it } from 'vitest';
import { guid_parse, HV_NIC_GUID } from '../../../src/model/vmbus/guid.js';
import { vmbus_device_register, vmbus_device_unregister } from '../../../src/model/vmbus/vmbus_drv.js';
import { driver_register } from '../../../src/model/core/bus.js';
import { sysfsRead, sysfsWrite } from '../../../src/ops/syscalls.js';
import { parseSysfsPath } from '../../../src/ops/sysfs.js';
import { EEXIST, EINVAL, ENODEV, ENOENT, EACCES } from '../../../src/model/errno.js';
import type { Kernel } from '../../../src/model/kernel.js';
import type { Quirks } from '../../../src/profiles/types.js';
import { boundTo, era, runThreads, vmbusKernel, VMBUS_CITATIONS } from './helpers.js';

const NIC = { dev: 'ed963694-e847-4b2a-85af-bc9cfc11d6f3', class: HV_NIC_GUID };
const NIC2 = { dev: '3b2e1c90-6c4f-4d0b-a7a4-1b2f5e7c9d10', class: HV_NIC_GUID };
const D = (g: string): string => `/sys/bus/vmbus/devices/${g}`;
const R = (d: string): string => `/sys/bus/vmbus/drivers/${d}`;

/** Both drivers registered, the NICs offered; returns the kernel and a runner of sysfs ops in order. */
function booted(q: string | Quirks, devs = [NIC]): { k: Kernel; ops: (...w: [string, string?][]) => unknown[] } {
  const k = vmbusKernel(devs, ['hv_netvsc', 'uio_hv_generic'], q);
  runThreads(k, [
    ['insmod', (kk) => driver_register(kk, 0)],
    ['insmod', (kk) => driver_register(kk, 1)],
    ...devs.map((_, i) => ['offer', (kk: Kernel) => vmbus_device_register(kk, i)] as const),
  ]);
  const ops = (...w: [string, string?][]) =>
    runThreads(
      k,
      w.map(([path, v]) => ['sh', (kk) => (v === undefined ? sysfsRead(kk, path) : sysfsWrite(kk, path, v))] as const),
    ).results;
  return { k, ops };
}

describe('guid_parse (lib/uuid.c): 36 characters, dashes at 8/13/18/23, the rest never read', () => {
  it('accepts either case and ignores what follows (echo\'s "\\n", anything)', () => {
    expect(guid_parse('F8615163-DF3E-46C5-913F-F2D2F965ED0E')).toBe(HV_NIC_GUID);
    expect(guid_parse(`${HV_NIC_GUID}\n`)).toBe(HV_NIC_GUID);
    expect(guid_parse(`${HV_NIC_GUID}garbage`)).toBe(HV_NIC_GUID);
  });

  it('refuses braces, a short string, a missing dash, a non-hex digit and a NUL inside', () => {
    for (const bad of [
      `{${HV_NIC_GUID}}`,
      HV_NIC_GUID.slice(0, 35),
      HV_NIC_GUID.replace(/-/g, ''),
      `g${HV_NIC_GUID.slice(1)}`,
    ]) {
      expect(guid_parse(bad), bad).toBeNull();
    }
    expect(guid_parse(`${HV_NIC_GUID.slice(0, 10)}\0${HV_NIC_GUID.slice(11)}`)).toBeNull();
  });
});

describe('new_id / remove_id', () => {
  it('new_id attaches at once: the unbound NIC goes to uio_hv_generic; a bad GUID is -EINVAL', () => {
    const { k, ops } = booted('6.1');
    expect(ops([`${D(NIC.dev)}/driver/unbind`, NIC.dev], [`${R('uio_hv_generic')}/new_id`, 'f8615163'])).toEqual([
      NIC.dev.length,
      -EINVAL,
    ]);
    expect(ops([`${R('uio_hv_generic')}/new_id`, `${HV_NIC_GUID}\n`])).toEqual([37]);
    expect(boundTo(k, NIC.dev)).toBe('uio_hv_generic');
  });

  it('EEXIST scope 4.20+: only an existing dynid; a GUID in the static table is accepted', () => {
    const { ops } = booted('6.1');
    expect(ops([`${R('hv_netvsc')}/new_id`, HV_NIC_GUID])).toEqual([36]);
    expect(ops([`${R('uio_hv_generic')}/new_id`, HV_NIC_GUID], [`${R('uio_hv_generic')}/new_id`, HV_NIC_GUID])).toEqual(
      [36, -EEXIST],
    );
  });

  it('EEXIST scope 4.10-4.19: hv_vmbus_get_id, so a GUID in the static table is refused too', () => {
    const { ops } = booted(era('dynids'));
    expect(ops([`${R('hv_netvsc')}/new_id`, HV_NIC_GUID])).toEqual([-EEXIST]);
    expect(ops([`${R('uio_hv_generic')}/new_id`, HV_NIC_GUID], [`${R('uio_hv_generic')}/new_id`, HV_NIC_GUID])).toEqual(
      [36, -EEXIST],
    );
    expect(VMBUS_CITATIONS.dynids).toMatch(/fc76936d3ea5/);
  });

  it('remove_id: -ENODEV when the GUID is no dynid, -EINVAL unparsed; it never unbinds', () => {
    const { k, ops } = booted('6.1');
    const rm = `${R('uio_hv_generic')}/remove_id`;
    expect(ops([rm, HV_NIC_GUID], [rm, 'nope'])).toEqual([-ENODEV, -EINVAL]);
    ops([`${D(NIC.dev)}/driver/unbind`, NIC.dev], [`${R('uio_hv_generic')}/new_id`, HV_NIC_GUID]);
    expect(ops([rm, HV_NIC_GUID], [rm, HV_NIC_GUID])).toEqual([36, -ENODEV]);
    expect(boundTo(k, NIC.dev)).toBe('uio_hv_generic');
  });

  it('the files exist from 4.10 (fc76936d3ea5): before, writing new_id is refused at open', () => {
    const { ops } = booted(era('static', '3.16'));
    expect(ops([`${R('uio_hv_generic')}/new_id`, HV_NIC_GUID])).toEqual([-EACCES]);
  });
});

describe('driver_override store and show', () => {
  it('shows "(null)\\n" when unset in every era that has the file (snprintf/sysfs_emit "%s\\n" of NULL)', () => {
    for (const q of ['5.10', '6.1', '7.1', era('generic')]) {
      expect(booted(q).ops([`${D(NIC.dev)}/driver_override`]), JSON.stringify(q)).toEqual(['(null)\n']);
    }
  });

  it('the file exists from 4.20 (d765edbb301c): absent in the dynids era', () => {
    expect(booted(era('dynids')).ops([`${D(NIC.dev)}/driver_override`])).toEqual([-ENOENT]);
  });

  it('cut at the newline, "\\n" clears, >= PAGE_SIZE - 1 refused; 5.19 keeps "" from a NUL, 6.0+ clears', () => {
    const o = `${D(NIC.dev)}/driver_override`;
    expect(booted('6.1').ops([o, 'uio_hv_generic\nx'], [o])).toEqual([16, 'uio_hv_generic\n']);
    expect(booted('6.1').ops([o, 'a'], [o, '\n'], [o])).toEqual([1, 1, '(null)\n']);
    expect(booted('5.10').ops([o, 'x'.repeat(4095)])).toEqual([-EINVAL]);
    expect(booted('5.19').ops([o, '\0'], [o])).toEqual([1, '\n']);
    expect(booted('6.1').ops([o, '\0'], [o])).toEqual([1, '(null)\n']);
  });

  it('writing it never unbinds; unbind + drivers_probe then moves the NIC (the override is a bypass)', () => {
    const { k, ops } = booted('6.1');
    ops([`${D(NIC.dev)}/driver_override`, 'uio_hv_generic\n']);
    expect(boundTo(k, NIC.dev)).toBe('hv_netvsc');
    expect(ops([`${D(NIC.dev)}/driver/unbind`, NIC.dev], ['/sys/bus/vmbus/drivers_probe', NIC.dev])).toEqual([36, 36]);
    expect(boundTo(k, NIC.dev)).toBe('uio_hv_generic');
  });

  it('a rescinded offer is gone with its override; the offer made again binds by table', () => {
    const { k, ops } = booted('6.1');
    ops([`${D(NIC.dev)}/driver_override`, 'uio_hv_generic\n']);
    runThreads(k, [
      ['rescind', (kk) => vmbus_device_unregister(kk, 0)],
      ['offer', (kk) => vmbus_device_register(kk, 0)],
    ]);
    expect([k.world.devices[0].override, boundTo(k, NIC.dev)]).toEqual([null, 'hv_netvsc']);
  });
});

describe('identity files and paths', () => {
  it('class_id and device_id read "{%pUl}\\n"; modalias is vmbus: and the class GUID bytes in memory order', () => {
    const { ops } = booted('6.1');
    expect(ops([`${D(NIC.dev)}/class_id`], [`${D(NIC.dev)}/device_id`], [`${D(NIC.dev)}/modalias`])).toEqual([
      `{${HV_NIC_GUID}}\n`,
      `{${NIC.dev}}\n`,
      'vmbus:635161f83edfc546913ff2d2f965ed0e\n', // systemd hwdb 20-vmbus-class.hwdb spells the NIC so
    ]);
  });

  it('/sys/bus/vmbus paths parse with the bus, the driver and the instance GUID', () => {
    expect(parseSysfsPath(`${R('uio_hv_generic')}/new_id`)).toEqual({
      kind: 'driver',
      bus: 'vmbus',
      driver: 'uio_hv_generic',
      attr: 'new_id',
    });
    expect(parseSysfsPath(`${R('hv_netvsc')}/${NIC.dev}`)).toMatchObject({ kind: 'driver-device', bdf: NIC.dev });
    expect(parseSysfsPath(`${D(NIC.dev)}/sriov_numvfs`)).toMatch(/unknown device attribute/);
  });
});
