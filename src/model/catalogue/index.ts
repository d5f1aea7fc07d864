// The built-in driver catalogue: real drivers' id tables, by sysfs driver name.
import type { CatalogueEntry } from './types.js';
import { NET } from './net.js';
import { STORAGE_USB } from './storage-usb.js';
import { STUBS } from './stubs.js';
import { resolveDriver } from './names.js';

export { moduleKey, resolveDriver, resolveModule, type DriverNames } from './names.js';

export const CATALOGUE: readonly CatalogueEntry[] = [...NET, ...STORAGE_USB, ...STUBS].sort((a, b) =>
  a.name < b.name ? -1 : 1,
);

/** By kernel driver name, or by module name with '-' and '_' alike ("vfio_pci" is vfio-pci, "xhci_pci" xhci_hcd). */
export function findDriver(name: string): CatalogueEntry | undefined {
  return resolveDriver(CATALOGUE, name);
}
