// The generic driver_override era, bus by bus. cb3d1049f4ea "driver core: generalize driver_override in struct
// device" (7.0; 6.6, 6.12, 6.18, 6.19 stable) moved the string into struct device under a spinlock
// (__device_set_driver_override in drivers/base/dd.c, device_match_driver_override in include/linux/device.h) and
// added `bool driver_override` to struct bus_type (include/linux/device/bus.h): bus_add_device() then gives every
// device of the bus the core's attribute, whose show is sysfs_emit("%s\n", name) and so prints "(null)\n" when
// unset. spi and ap keep their own attribute (their show passes "" and prints "\n"), storing through the core.
import type { BusName } from '../model/types.js';
import type { Quirks } from './types.js';

/** How a bus stores and shows driver_override in the era a profile models. */
export interface OverrideEra {
  /** The string lives in struct device under dev->driver_override.lock (the generic infrastructure). */
  readonly generic: boolean;
  /** struct bus_type.driver_override is set: the core's attribute, not the bus's own. */
  readonly busFlag: boolean;
  /** What a read returns when no override is set. */
  readonly unset: string;
}

const NULL_SHOW = '(null)\n'; // vsprintf prints a NULL %s as "(null)"
const EMPTY_SHOW = '\n'; // spi, ap: sysfs_emit("%s\n", name ?: "")

/**
 * The bus's driver_override in the profile's era, or null when the bus has no such file then.
 * pci: pci-sysfs.c sprintf/sysfs_emit("%s\n") under device_lock (782a985d7af2 3.16), generic in the 7.1 profile.
 * platform: 3d713e0e382e sprintf("%s\n"), generic 2b38efc05bf7. amba: 3cf385713460 returned 0 bytes when unset
 * ("if (!dev->driver_override) return 0;") until "ARM: amba: Make driver_override output consistent with other
 * buses" (2018). spi: 5039563e7c25 snprintf("%s\n", override ?: ""), kept by cc34d77dd487 (no bus flag).
 * css: ebc3d1791503 snprintf("%s\n"), bus flag in ac4d8bb6e2e1. ap: d38a87d7c064 sysfs_emit("\n") when unset,
 * kept by 81d6f7c3a70b (no bus flag). vmbus: d765edbb301c sprintf("%s\n") (4.20), bus flag in 331d8900121a.
 * cdx: sysfs_emit("%s\n") (driver_set_override from the start, 6.4), generic d541aa1897f6 (on every device).
 * fsl-mc: 1f86a00c1159 (5.10) sprintf("%s\n"), generic 6c8dfb036273.
 */
export function overrideEra(q: Quirks, bus: BusName): OverrideEra | null {
  switch (bus) {
    case 'pci':
      return q.overrideStore === 'absent' ? null : era(q.overrideStore === 'generic', true, NULL_SHOW);
    case 'platform':
      return q.platformOverride === 'absent' ? null : era(q.platformOverride === 'generic', true, NULL_SHOW);
    case 'amba':
      if (q.ambaOverride === 'absent') return null;
      return era(q.ambaOverride === 'generic', true, q.ambaOverride === 'unlocked' ? '' : NULL_SHOW);
    case 'spi':
      return q.spiOverride === 'absent' ? null : era(q.spiOverride === 'generic-storage', false, EMPTY_SHOW);
    case 'css':
      return q.cssOverride === 'absent' ? null : era(q.cssOverride === 'generic', true, NULL_SHOW);
    case 'ap':
      return q.apOverride === 'absent' ? null : era(q.apOverride === 'generic-storage', false, EMPTY_SHOW);
    case 'vmbus': // d765edbb301c sprintf("%s\n") under device_lock (4.20), bus flag in 331d8900121a
      if (q.vmbus === 'static' || q.vmbus === 'dynids') return null;
      return era(q.vmbus === 'generic', true, NULL_SHOW);
    case 'cdx':
      return q.cdxOverride === 'absent' ? null : era(q.cdxOverride === 'generic', true, NULL_SHOW);
    case 'fsl-mc':
      return q.fslmcOverride === 'absent' ? null : era(q.fslmcOverride === 'generic', true, NULL_SHOW);
    case 'usb': // no driver_override: new_id only (drivers/usb/core/driver.c)
    case 'serio': // no driver_override: drvctl (drivers/input/serio/serio.c)
      return null;
  }
}

/** busFlag only matters once generic: before, every bus had its own attribute. */
function era(generic: boolean, busFlag: boolean, unset: string): OverrideEra {
  return { generic, busFlag: generic && busFlag, unset };
}

/** The text a read of driver_override returns for a value (null = unset) in the bus's era. */
export function overrideShowText(e: OverrideEra, value: string | null): string {
  return value === null ? e.unset : `${value}\n`;
}
