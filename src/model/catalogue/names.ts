// A driver has two names: the kernel's (struct pci_driver.name: the /sys/bus/pci/drivers/<name> directory,
// what driver_override is strcmp'd against) and its module's (what modprobe/rmmod and /sys/module take).
// Users mix them ("vfio_pci" for vfio-pci, "xhci_pci" for xhci_hcd); these functions are the only places
// a name a user gives becomes a driver.

export interface DriverNames {
  /** Kernel driver name, e.g. "vfio-pci". */
  readonly name: string;
  /** Module name, e.g. "vfio_pci" (for an inline driver, its own name). */
  readonly module: string;
}

/** kmod's modname_normalize (libkmod/libkmod-util.c): '-' and '_' are one character in module names. */
export const moduleKey = (s: string): string => s.replace(/-/g, '_');

/**
 * The driver a user-given name means: the one whose kernel name it is exactly, else the one whose module
 * name or kernel name it is with '-' and '_' alike. Use the result's `name` wherever the scenario's own
 * metadata compares drivers (intents, recipe arguments, messages); never for what userspace writes into
 * sysfs, which the kernel compares with strcmp (pci_match_device, drivers/pci/pci-driver.c, v6.1).
 */
export function resolveDriver<T extends DriverNames>(drivers: readonly T[], given: string): T | undefined {
  const k = moduleKey(given);
  return (
    drivers.find((d) => d.name === given) ??
    drivers.find((d) => moduleKey(d.module) === k) ??
    drivers.find((d) => moduleKey(d.name) === k)
  );
}

/** The driver `modprobe <given>` / `rmmod <given>` acts on: by module name only, '-' and '_' alike (kmod). */
export function resolveModule<T extends DriverNames>(drivers: readonly T[], given: string): T | undefined {
  const k = moduleKey(given);
  return drivers.find((d) => moduleKey(d.module) === k);
}
