// The sysfs files the model knows (any era). Unknown paths are scenario errors (typos);
// files missing in a given era or for a gone device are runtime -ENOENT.
import { isBdf } from '../model/pci/bdf.js';
import { pci_bus_type } from '../model/pci/bus.js';

export const { bus: BUS_ATTRS, driver: DRIVER_ATTRS, device: DEVICE_ATTRS } = pci_bus_type.attrs;

export type SysfsTarget =
  | { readonly kind: 'bus'; readonly attr: string }
  /** /sys/bus/pci/drivers/<drv>/<attr> or /sys/module/<module>/drivers/pci:<drv>/<attr> */
  | { readonly kind: 'driver'; readonly driver: string; readonly attr: string; readonly module?: string }
  /** /sys/bus/pci/devices/<bdf>/<attr> */
  | { readonly kind: 'device'; readonly bdf: string; readonly attr: string }
  /** /sys/bus/pci/devices/<bdf>/driver/<attr>: resolved through the driver symlink at open() */
  | { readonly kind: 'device-driver'; readonly bdf: string; readonly attr: string }
  /** /sys/bus/pci/drivers/<drv>/<bdf>[/<attr>]: exists only while bound to <drv>; attr '' = the link itself */
  | { readonly kind: 'driver-device'; readonly driver: string; readonly bdf: string; readonly attr: string };

const has = (list: readonly string[], s: string): boolean => list.includes(s);

/** Parse a sysfs path; returns a message instead when it is no file the model knows. */
export function parseSysfsPath(path: string): SysfsTarget | string {
  const p = path.replace(/\/+$/, '').split('/');
  if (p[0] !== '' || p[1] !== 'sys') return 'not a /sys path';
  if (p[2] === 'module' && p[4] === 'drivers' && p.length === 7 && p[5].startsWith('pci:')) {
    return has(DRIVER_ATTRS, p[6])
      ? { kind: 'driver', driver: p[5].slice(4), attr: p[6], module: p[3] }
      : `unknown driver attribute "${p[6]}"`;
  }
  if (p[2] !== 'bus' || p[3] !== 'pci')
    return 'only /sys/bus/pci/... and /sys/module/<m>/drivers/pci:<drv>/... are modelled';
  if (p.length === 5) return has(BUS_ATTRS, p[4]) ? { kind: 'bus', attr: p[4] } : `unknown bus attribute "${p[4]}"`;
  if (p[4] === 'drivers' && p.length >= 7) {
    const driver = p[5];
    if (isBdf(p[6])) {
      const attr = p[7] ?? '';
      if (p.length > 8 || (attr !== '' && !has(DEVICE_ATTRS, attr)))
        return `unknown device attribute "${p.slice(7).join('/')}"`;
      return { kind: 'driver-device', driver, bdf: p[6], attr };
    }
    if (p.length === 7 && has(DRIVER_ATTRS, p[6])) return { kind: 'driver', driver, attr: p[6] };
    return `unknown driver attribute "${p.slice(6).join('/')}"`;
  }
  if (p[4] === 'devices' && p.length >= 7) {
    const bdf = p[5];
    if (!isBdf(bdf)) return `"${bdf}" is not a BDF (DDDD:BB:DD.F, lower-case hex)`;
    if (p.length === 7 && has(DEVICE_ATTRS, p[6])) return { kind: 'device', bdf, attr: p[6] };
    if (p.length === 8 && p[6] === 'driver' && has(DRIVER_ATTRS, p[7]))
      return { kind: 'device-driver', bdf, attr: p[7] };
    return `unknown device attribute "${p.slice(6).join('/')}"`;
  }
  return 'unknown /sys/bus/pci path';
}
