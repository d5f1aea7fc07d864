// drivers/s390/crypto/ap_bus.c: the AP bus's apmask and aqmask (ap_perms), their stores and the rebinding they
// trigger (ap_bus_revise_bindings -> __ap_revise_reserved -> device_reprobe), as of 6.19 (d38a87d7c064, 46030379f13c)
// and 7.1 (81d6f7c3a70b). The store takes ap_attr_mutex, checks ap_driver_override_ctr, parses, commits and sets
// ap_apmask_aqmask_in_use, drops the mutex and only then revises the bindings, queue by queue.
import type { Kernel } from '../kernel.js';
import type { ApPerms, DeviceSpec } from '../types.js';
import { step, type KGen } from '../../runtime/step.js';
import { AP_PERMS, DEV_DRIVER, DEV_OVERRIDE, DEV_PRESENT, apAttrMutex, devObj } from '../objects.js';
import { EINVAL } from '../errno.js';
import { device_attach, device_release_driver_internal } from '../core/dd.js';
import { nextDevice } from '../core/klist.js';

/** AP_DEVICES and AP_DOMAINS (ap_bus.h): 256 bits each. */
const BITS = 256;

/** A queue's APQN from its dev_name ("05.0032": card 0x05, domain 0x0032; ap_queue_create's "%02x.%04x"). */
export function apqn(name: string): { card: number; domain: number } | null {
  const m = /^([0-9a-f]{2})\.([0-9a-f]{4})$/.exec(name);
  if (m === null) return null;
  const domain = parseInt(m[2], 16);
  return domain < BITS ? { card: parseInt(m[1], 16), domain } : null;
}

const qid = (k: Kernel, dev: number): { card: number; domain: number } => {
  const q = apqn(k.devName(dev));
  if (q === null) throw new Error(`${k.devName(dev)} is no AP queue name (the scenario loader should have refused it)`);
  return q;
};

/** ap_perms at boot: both masks full, less the cards of queues declared outside them; overrides counted. */
export function apBootPerms(specs: readonly DeviceSpec[], overrides: readonly (string | null)[]): ApPerms {
  const apm = new Array<boolean>(BITS).fill(true);
  specs.forEach((s) => {
    if (s.ap !== null && !s.ap.in_masks) apm[apqn(s.bdf)?.card ?? 0] = false;
  });
  const aqm = new Array<boolean>(BITS).fill(true);
  const override_ctr = specs.filter((s, i) => s.ap !== null && (overrides[i] ?? null) !== null).length;
  return { apm, aqm, in_use: apm.includes(false), override_ctr };
}

/** test_bit_inv(card, ap_perms.apm) && test_bit_inv(domain, ap_perms.aqm): the default drivers' queue. */
export function apQueueInMasks(k: Kernel, dev: number): boolean {
  const { card, domain } = qid(k, dev);
  return k.world.bus.ap.apm[card] && k.world.bus.ap.aqm[domain];
}

const hexDigit = (c: string | undefined): number => (c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);

/** simple_strtoul(s + i, &end, 0): the base from the prefix ("0x" and a hex digit: 16, "0": 8, else 10). */
function strtoul0(s: string, i: number): [number, number] {
  let base = 10;
  if (s[i] === '0') base = (s[i + 1] === 'x' || s[i + 1] === 'X') && hexDigit(s[i + 2]) >= 0 ? 16 : 8;
  if (base === 16) i += 2;
  let v = 0;
  for (; i < s.length; i++) {
    const d = hexDigit(s[i]);
    if (d < 0 || d >= base) break;
    v = Math.min(v * base + d, 2 ** 32); // any value past the mask's bits is refused anyway
  }
  return [v, i];
}

/** modify_bitmap: "+a[-z]" / "-a[-z]" terms, separated by ',' or '\n'; a bad term or bit is -EINVAL (null). */
function modify_bitmap(s: string, map: boolean[]): boolean[] | null {
  let i = 0;
  while (i < s.length) {
    const sign = s[i++];
    if (sign !== '+' && sign !== '-') return null;
    const [a, np] = strtoul0(s, i);
    if (np === i || a >= BITS) return null;
    let z = a;
    i = np;
    if (s[i] === '-') {
      const [zz, np2] = strtoul0(s, ++i);
      if (np2 === i || a > zz || zz >= BITS) return null;
      [z, i] = [zz, np2];
    }
    for (let b = a; b <= z; b++) map[b] = sign === '+';
    while (s[i] === ',' || s[i] === '\n') i++;
  }
  return map;
}

/** hex2bitmap: "0x…" or "…", bit 0 the leftmost; shorter is padded with 0s, longer (or junk) is -EINVAL (null). */
function hex2bitmap(s: string, map: boolean[]): boolean[] | null {
  let i = 0;
  if (s[0] === '0' && s[1] === 'x') i++;
  if (s[i] === 'x') i++;
  for (let bit = 0; hexDigit(s[i]) >= 0 && bit < BITS; i++, bit += 4) {
    for (let n = 0; n < 4; n++) if (hexDigit(s[i]) & (0x08 >> n)) map[bit + n] = true;
  }
  if (s[i] === '\n') i++;
  return i === s.length ? map : null;
}

/** ap_parse_bitmap_str: relative ("+"/"-" terms) on a copy of the mask, else absolute hex from all zeros. */
export function ap_parse_bitmap_str(buf: string, old: readonly boolean[]): boolean[] | null {
  const s = buf.split('\0')[0]; // the store sees a C string
  if (s[0] === '+' || s[0] === '-') return modify_bitmap(s, old.slice());
  return hex2bitmap(s, new Array<boolean>(BITS).fill(false));
}

/** apmask_show / aqmask_show: "0x%016lx%016lx%016lx%016lx\n" (bit 0 is the top bit of the first long). */
export function apMaskShow(map: readonly boolean[]): string {
  let hex = '';
  for (let i = 0; i < BITS; i += 4) hex += (+map[i] * 8 + +map[i + 1] * 4 + +map[i + 2] * 2 + +map[i + 3]).toString(16);
  return `0x${hex}\n`;
}

/**
 * apmask_store / aqmask_store (which: 'apm' / 'aqm'). Under ap_attr_mutex: refused while any queue has a
 * driver_override (46030379f13c, 6.19; the errno is INFERRED: -EINVAL, as driver_override_store's refusal in the
 * same commit — the hunk was not readable here), parsed, committed with ap_apmask_aqmask_in_use recomputed.
 * apmask_commit's check of vfio_ap's in_use callback (-EBUSY for an mdev's queues) is not modelled: no mdevs.
 * Then, the mutex dropped, ap_bus_revise_bindings when anything changed.
 */
export function* apmask_store(k: Kernel, which: 'apm' | 'aqm', buf: string, count: number): KGen<number> {
  const mutex = apAttrMutex(k.world);
  yield step(which === 'apm' ? 'apmask_store' : 'aqmask_store', buf.trim(), [AP_PERMS], [AP_PERMS], mutex);
  const perms = k.world.bus.ap;
  if (k.quirks.apOverride !== 'absent' && perms.override_ctr > 0) {
    k.unlock(mutex);
    k.note(`ap_driver_override_ctr=${perms.override_ctr}: apmask/aqmask changes refused while overrides are set`);
    return -EINVAL;
  }
  const next = ap_parse_bitmap_str(buf, perms[which]);
  const changes = next !== null && next.some((b, i) => b !== perms[which][i]);
  if (changes) {
    const ap = { ...perms, [which]: next };
    k.world.bus.ap = { ...ap, in_use: ap.apm.includes(false) || ap.aqm.includes(false) };
    k.note(`ap_perms.${which} = ${apMaskShow(next).trim()}`);
  }
  k.unlock(mutex);
  if (next === null) return -EINVAL;
  if (changes) yield* ap_bus_revise_bindings(k);
  return count;
}

/** ap_bus_revise_bindings: bus_for_each_dev(__ap_revise_reserved), in device-add order. */
function* ap_bus_revise_bindings(k: Kernel): KGen<void> {
  for (let dev = nextDevice(k.world, 'ap', -1); dev >= 0; dev = nextDevice(k.world, 'ap', k.world.devices[dev].seq))
    yield* __ap_revise_reserved(k, dev);
}

/**
 * __ap_revise_reserved: a queue whose override names another driver than its own is reprobed; one without an
 * override is reprobed when the masks (read under ap_attr_mutex) no longer give it to its driver's kind.
 * dev->driver is read without device_lock, and for an unbound queue to_ap_drv(NULL) is dereferenced (lowcore on
 * s390): the model does not follow that pointer and leaves unbound queues alone (INFERRED from the source).
 */
function* __ap_revise_reserved(k: Kernel, dev: number): KGen<void> {
  yield step('__ap_revise_reserved', k.devName(dev), [
    devObj(dev, DEV_DRIVER),
    devObj(dev, DEV_OVERRIDE),
    devObj(dev, DEV_PRESENT),
  ]);
  const d = k.world.devices[dev];
  if (!d.present || d.driver < 0) return;
  const drv = k.world.drvSpecs[d.driver];
  if (d.override !== null) {
    if (d.override !== drv.name) yield* device_reprobe(k, dev); // device_match_driver_override == 0
    return;
  }
  const mutex = apAttrMutex(k.world);
  yield step('__ap_revise_reserved', `${k.devName(dev)}: ap_perms`, [AP_PERMS], [], mutex);
  k.unlock(mutex);
  if (apQueueInMasks(k, dev) !== drv.ap!.default_driver) yield* device_reprobe(k, dev);
}

/** device_reprobe (drivers/base/bus.c): device_driver_detach, then bus_rescan_devices_helper's device_attach. */
function* device_reprobe(k: Kernel, dev: number): KGen<void> {
  k.note(`reprobing queue ${k.devName(dev)}`);
  yield* device_release_driver_internal(k, dev, -1);
  yield* device_attach(k, dev);
}
