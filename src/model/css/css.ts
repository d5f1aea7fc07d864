// drivers/s390/cio/css.c: css_bus_match (override as a filter), css_probe and the driver_override attribute.
import type { Kernel } from '../kernel.js';
import type { KGen } from '../../runtime/step.js';
import { DEV_OVERRIDE, DEV_PRESENT, deviceLock, devObj } from '../objects.js';
import { override_show, parseOverride } from '../pci/pci-sysfs.js';
import { observeProbe, probeSpec } from '../core/probe.js';
import { storeOverride } from '../core/override.js';

/** The driver's subchannel_type table lists the subchannel's type. */
const typeMatches = (k: Kernel, drv: number, dev: number): boolean =>
  k.world.drvSpecs[drv].css!.subchannel_type.includes(k.world.devSpecs[dev].css!.st);

/**
 * css_bus_match (ebc3d1791503, 5.3): "unlike pci we still require a driver override to match the subchannel
 * type": an override naming another driver refuses (a filter: `ret == 0` from ac4d8bb6e2e1), then the type.
 */
export function css_bus_match(k: Kernel, drv: number, dev: number): boolean {
  const o = k.world.devices[dev].override;
  if (o !== null && o !== k.world.drvSpecs[drv].name) return false;
  return typeMatches(k, drv, dev);
}

/** What css_bus_match reads. */
export function cssMatchRd(k: Kernel, dev: number): number[] {
  void k;
  return [devObj(dev, DEV_OVERRIDE), devObj(dev, DEV_PRESENT)];
}

/** css_probe: sch->driver = the driver, then its ->probe. */
export function css_probe(k: Kernel, drv: number, dev: number): number {
  observeProbe(k, drv, dev, typeMatches(k, drv, dev));
  return probeSpec(k, drv);
}

/** css_remove: the driver's ->remove; nothing the model tracks. */
export function* css_remove(): KGen<void> {}

/** 5.3 open-coded store (count >= PAGE_SIZE - 1, cut at '\n', strlen 0 clears), driver_set_override, the core's. */
function cssOverrideValue(k: Kernel, buf: string): string | null | undefined {
  const q = k.quirks;
  if (q.cssOverride === 'generic') return parseOverride('generic', buf);
  return parseOverride(q.overrideStore === 'generic' ? 'set-override' : q.overrideStore, buf);
}

const cssLock = (k: Kernel, dev: number): number => (k.quirks.cssOverride === 'device_lock' ? deviceLock(dev) : -1);

/** driver_override_store (css): never probes, never unbinds. */
export function css_override_store(k: Kernel, dev: number, buf: string, count: number): KGen<number> {
  return storeOverride(k, dev, count, cssOverrideValue(k, buf), cssLock(k, dev));
}

/** driver_override_show (css): snprintf("%s\n") of a NULL pointer, "(null)\n"; the core's attribute likewise. */
export function css_override_show(k: Kernel, dev: number): KGen<string> {
  return override_show(k, dev, cssLock(k, dev));
}
