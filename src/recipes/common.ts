// Small pieces several tools share.
import type { KGen } from '../runtime/step.js';
import type { Proc } from '../ops/proc.js';
import { EACCES, ENOENT } from '../model/errno.js';
import { errnoName } from '../util/errno.js';

export const dev = (bdf: string, bus = 'pci'): string => `/sys/bus/${bus}/devices/${bdf}`;
export const drvDir = (driver: string): string => `/sys/bus/pci/drivers/${driver}`;
export const DRIVERS_PROBE = '/sys/bus/pci/drivers_probe';

/** Reads D/vendor and D/device ("0x8086\n"), as lspci -n or cat do; null when the device is gone. */
export function* readIds(p: Proc, bdf: string): KGen<{ vendor: number; device: number } | null> {
  const v = yield* p.read(`${dev(bdf)}/vendor`);
  const d = yield* p.read(`${dev(bdf)}/device`);
  if (typeof v !== 'string' || typeof d !== 'string') return null;
  return { vendor: parseInt(v, 16), device: parseInt(d, 16) };
}

/**
 * bash `echo x > file` without a check: the script goes on. A failed write(2) prints "echo: write error"; a failed
 * open (the redirection) prints the file and the error instead (checked against driverctl in test/conformance).
 */
export function* echo(p: Proc, path: string, value: string): KGen<number> {
  const r = yield* p.write(path, value);
  if (r === -ENOENT || r === -EACCES) p.warn(`${path}: ${errnoName(r)}`);
  else if (r < 0) p.warn(`echo: write error: ${path}`);
  return r;
}
