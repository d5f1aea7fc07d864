// The built-in driver catalogue: real drivers' id tables, by sysfs driver name.
import type { CatalogueEntry } from './types.js';
import { NET } from './net.js';
import { STORAGE_USB } from './storage-usb.js';
import { STUBS } from './stubs.js';

export const CATALOGUE: readonly CatalogueEntry[] = [...NET, ...STORAGE_USB, ...STUBS].sort((a, b) =>
  a.name < b.name ? -1 : 1,
);

const norm = (s: string): string => s.replace(/-/g, '_');

/** By driver name, or by module name with '-' and '_' alike (modprobe's rule). */
export function findDriver(name: string): CatalogueEntry | undefined {
  return (
    CATALOGUE.find((e) => e.name === name) ??
    CATALOGUE.find((e) => norm(e.module) === norm(name) || norm(e.name) === norm(name))
  );
}
