// drivers/spi/spi.c: spi_match_device, spi_probe and the driver_override attribute (5039563e7c25, 4.20).
import type { Kernel } from '../kernel.js';
import type { KGen } from '../../runtime/step.js';
import { DEV_OVERRIDE, DEV_PRESENT, deviceLock, devObj } from '../objects.js';
import { override_show, parseOverride } from '../pci/pci-sysfs.js';
import { observeProbe, probeSpec } from '../core/probe.js';
import { storeOverride } from '../core/override.js';

const PAGE_SIZE = 4096;
const has = (list: readonly string[], ids: readonly string[]): boolean => ids.some((id) => list.includes(id));

/** OF, ACPI, then spi_match_id on the modalias, or the driver's name when it has no id_table. */
function spiTableMatch(k: Kernel, drv: number, dev: number): boolean {
  const s = k.world.devSpecs[dev].spi!;
  const t = k.world.drvSpecs[drv].spi!;
  if (has(t.of_match_table, s.of_compatible)) return true; // of_driver_match_device
  if (has(t.acpi_match_table, s.acpi_ids)) return true; // acpi_driver_match_device
  if (t.id_table !== null) return t.id_table.includes(s.modalias); // !!spi_match_id(sdrv->id_table, spi->modalias)
  return s.modalias === k.world.drvSpecs[drv].name;
}

/**
 * spi_match_device (4.20+): "Check override first, and if set, only use the named driver" (a bypass:
 * strcmp == 0, device_match_driver_override >= 0 from cc34d77dd487), then OF, ACPI, id_table, modalias.
 */
export function spi_match_device(k: Kernel, drv: number, dev: number): boolean {
  const o = k.world.devices[dev].override;
  if (o !== null) return o === k.world.drvSpecs[drv].name; // "" (a NUL write) matches no driver
  return spiTableMatch(k, drv, dev);
}

/** What spi_match_device reads. */
export function spiMatchRd(k: Kernel, dev: number): number[] {
  void k;
  return [devObj(dev, DEV_OVERRIDE), devObj(dev, DEV_PRESENT)];
}

/** spi_probe: of_clk_set_defaults, the IRQ, the PM domain, then sdrv->probe; no override check of its own. */
export function spi_probe(k: Kernel, drv: number, dev: number): number {
  observeProbe(k, drv, dev, spiTableMatch(k, drv, dev));
  return probeSpec(k, drv);
}

/** spi_remove: the driver's ->remove; nothing the model tracks. */
export function* spi_remove(): KGen<void> {}

/**
 * 4.20-5.18 driver_override_store: end = memchr(buf, '\n', count); len = end ? end - buf : count; len >=
 * PAGE_SIZE - 1 is -EINVAL; kstrndup(buf, len) stops at a NUL, but `if (len)` keeps it: "\0" stores "" (set,
 * matching nothing, shown as "\n" like an unset one). Later eras parse as driver_set_override / the core.
 */
function spiOverrideValue(k: Kernel, buf: string): string | null | undefined {
  const q = k.quirks;
  if (q.spiOverride === 'generic-storage') return parseOverride('generic', buf);
  if (q.spiOverride === 'device_lock')
    return parseOverride(q.overrideStore === 'generic' ? 'set-override' : q.overrideStore, buf);
  const nl = buf.indexOf('\n');
  const len = nl < 0 ? buf.length : nl;
  if (len >= PAGE_SIZE - 1) return undefined;
  const nul = buf.indexOf('\0');
  return len ? buf.slice(0, nul >= 0 && nul < len ? nul : len) : null;
}

/** device_lock around the swap and the show until cc34d77dd487 (the core's spinlock). */
const spiLock = (k: Kernel, dev: number): number => (k.quirks.spiOverride === 'generic-storage' ? -1 : deviceLock(dev));

/** driver_override_store (spi): never probes, never unbinds. */
export function spi_override_store(k: Kernel, dev: number, buf: string, count: number): KGen<number> {
  return storeOverride(k, dev, count, spiOverrideValue(k, buf), spiLock(k, dev));
}

/** driver_override_show (spi): "%s\n" of `override ?: ""`, so "\n" when unset, in every era. */
export function spi_override_show(k: Kernel, dev: number): KGen<string> {
  return override_show(k, dev, spiLock(k, dev));
}
