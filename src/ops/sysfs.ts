// The sysfs files the model knows (any era). Unknown paths are scenario errors (typos);
// files missing in a given era or for a gone device are runtime -ENOENT.
import { isBdf } from '../model/pci/bdf.js';
import { BUSES } from '../model/buses.js';
import type { BusName } from '../model/types.js';

/** A device's name in a bus's sysfs: a BDF on PCI, dev_name() (no '/') elsewhere; the message when it is not. */
function badDeviceName(bus: BusName, name: string): string | null {
  if (bus === 'pci') return isBdf(name) ? null : `"${name}" is not a BDF (DDDD:BB:DD.F, lower-case hex)`;
  return name.length > 0 ? null : 'empty device name';
}

export const isBus = (s: string): s is BusName => Object.prototype.hasOwnProperty.call(BUSES, s);

/** Every attribute name of every bus (syscalls interns them). */
export const ATTR_NAMES: readonly string[] = Object.values(BUSES).flatMap((x) => [
  ...x.attrs.bus,
  ...x.attrs.driver,
  ...x.attrs.device,
]);

export type SysfsTarget =
  | { readonly kind: 'bus'; readonly bus: BusName; readonly attr: string }
  /** /sys/bus/<bus>/drivers/<drv>/<attr> or /sys/module/<module>/drivers/<bus>:<drv>/<attr> */
  | {
      readonly kind: 'driver';
      readonly bus: BusName;
      readonly driver: string;
      readonly attr: string;
      readonly module?: string;
    }
  /** /sys/bus/<bus>/devices/<dev>/<attr> (`bdf`: the device's name, a BDF on PCI) */
  | { readonly kind: 'device'; readonly bus: BusName; readonly bdf: string; readonly attr: string }
  /** /sys/bus/<bus>/devices/<dev>/driver/<attr>: resolved through the driver symlink at open() */
  | { readonly kind: 'device-driver'; readonly bus: BusName; readonly bdf: string; readonly attr: string }
  /** /sys/bus/<bus>/drivers/<drv>/<dev>[/<attr>]: exists only while bound to <drv>; attr '' = the link itself */
  | {
      readonly kind: 'driver-device';
      readonly bus: BusName;
      readonly driver: string;
      readonly bdf: string;
      readonly attr: string;
    };

const has = (list: readonly string[], s: string): boolean => list.includes(s);
const ANY_DRIVER_ATTR = new Set(Object.values(BUSES).flatMap((b) => b.attrs.driver));

/** Parse a sysfs path; returns a message instead when it is no file the model knows. */
export function parseSysfsPath(path: string): SysfsTarget | string {
  const p = path.replace(/\/+$/, '').split('/');
  if (p[0] !== '' || p[1] !== 'sys') return 'not a /sys path';
  if (p[2] === 'module' && p[4] === 'drivers' && p.length === 7) {
    const colon = p[5].indexOf(':');
    const bus = p[5].slice(0, colon);
    if (colon > 0 && isBus(bus)) {
      return has(BUSES[bus].attrs.driver, p[6])
        ? { kind: 'driver', bus, driver: p[5].slice(colon + 1), attr: p[6], module: p[3] }
        : `unknown driver attribute "${p[6]}"`;
    }
  }
  if (p[2] !== 'bus' || !isBus(p[3]))
    return `only /sys/bus/{${Object.keys(BUSES).join(',')}}/... and /sys/module/<m>/drivers/<bus>:<drv>/... are modelled`;
  return parseBusPath(p[3], p);
}

/** /sys/bus/<bus>/...: the bus's own attributes, its drivers' and its devices'. */
function parseBusPath(bus: BusName, p: readonly string[]): SysfsTarget | string {
  const { bus: BUS_ATTRS, driver: DRIVER_ATTRS, device: DEVICE_ATTRS } = BUSES[bus].attrs;
  if (p.length === 5)
    return has(BUS_ATTRS, p[4]) ? { kind: 'bus', bus, attr: p[4] } : `unknown bus attribute "${p[4]}"`;
  if (p[4] === 'drivers' && p.length >= 7) {
    const driver = p[5];
    // A device link, unless the name is a driver attribute of some bus (platform's new_id is no file, not a device).
    const link = bus === 'pci' ? isBdf(p[6]) : !(p.length === 7 && ANY_DRIVER_ATTR.has(p[6]));
    if (link) {
      const attr = p[7] ?? '';
      if (p.length > 8 || (attr !== '' && !has(DEVICE_ATTRS, attr)))
        return `unknown device attribute "${p.slice(7).join('/')}"`;
      return { kind: 'driver-device', bus, driver, bdf: p[6], attr };
    }
    if (p.length === 7 && has(DRIVER_ATTRS, p[6])) return { kind: 'driver', bus, driver, attr: p[6] };
    return `unknown driver attribute "${p.slice(6).join('/')}"`;
  }
  if (p[4] === 'devices' && p.length >= 7) {
    const bdf = p[5];
    const bad = badDeviceName(bus, bdf);
    if (bad !== null) return bad;
    if (p.length === 7 && has(DEVICE_ATTRS, p[6])) return { kind: 'device', bus, bdf, attr: p[6] };
    if (p.length === 8 && p[6] === 'driver' && has(DRIVER_ATTRS, p[7]))
      return { kind: 'device-driver', bus, bdf, attr: p[7] };
    return `unknown device attribute "${p.slice(6).join('/')}"`;
  }
  return `unknown /sys/bus/${bus} path`;
}
