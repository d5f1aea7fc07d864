// Name lookups in a world: a driver by its kernel name (sysfs directories, boot) or by module (modprobe,
// rmmod), a device by BDF. The loader has already resolved what the scenario itself names (intents,
// drivers) to kernel names with resolveDriver; what userspace writes into sysfs is taken literally.
import type { World } from '../model/types.js';
import { resolveModule } from '../model/catalogue/index.js';

/** Kernel name -> slot, per driver list: every execution's world shares its scenario's specs (never mutated). */
const driverSlots = new WeakMap<readonly { readonly name: string }[], Map<string, number>>();

/** The driver whose kernel name is exactly `name` (its /sys/bus/pci/drivers/ directory), or -1. */
export function driverSlot(w: World, name: string): number {
  let m = driverSlots.get(w.drvSpecs);
  if (m === undefined) {
    driverSlots.set(w.drvSpecs, (m = new Map()));
    for (let j = 0; j < w.drvSpecs.length; j++) if (!m.has(w.drvSpecs[j].name)) m.set(w.drvSpecs[j].name, j);
  }
  return m.get(name) ?? -1;
}

/** A declared driver by kernel name; the loader guarantees it exists. */
export function driverIndex(w: World, name: string): number {
  const i = driverSlot(w, name);
  if (i < 0) throw new Error(`unknown driver ${name} (the scenario loader should have refused it)`);
  return i;
}

/** The driver slot `modprobe <module>` / `rmmod <module>` acts on ('-' and '_' alike, as kmod), or -1. */
export function moduleDriverSlot(w: World, module: string): number {
  const d = resolveModule(w.drvSpecs, module);
  return d === undefined ? -1 : w.drvSpecs.indexOf(d);
}

/** A declared driver by module name; the loader guarantees a modprobe/rmmod op names one. */
export function moduleIndex(w: World, module: string): number {
  const i = moduleDriverSlot(w, module);
  if (i < 0) throw new Error(`unknown module ${module} (the scenario loader should have refused it)`);
  return i;
}

/** BDF -> slot, per device list: every execution's world shares its scenario's specs, so one map serves them all. */
const slots = new WeakMap<readonly { readonly bdf: string }[], Map<string, number>>();

export function deviceIndex(w: World, bdf: string): number {
  let m = slots.get(w.devSpecs);
  if (m === undefined) {
    slots.set(w.devSpecs, (m = new Map()));
    for (let j = 0; j < w.devSpecs.length; j++) if (!m.has(w.devSpecs[j].bdf)) m.set(w.devSpecs[j].bdf, j);
  }
  const i = m.get(bdf);
  if (i === undefined) throw new Error(`unknown device ${bdf} (the scenario loader should have refused it)`);
  return i;
}
