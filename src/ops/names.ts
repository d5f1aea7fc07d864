// Name lookups in a world: driver by name or module name ('-' and '_' alike), device by BDF.
import type { World } from '../model/types.js';

const norm = (s: string): string => s.replace(/-/g, '_');

export function driverIndex(w: World, name: string): number {
  const i = w.drvSpecs.findIndex((d) => d.name === name);
  if (i >= 0) return i;
  const n = norm(name);
  const j = w.drvSpecs.findIndex((d) => norm(d.module) === n || norm(d.name) === n);
  if (j < 0) throw new Error(`unknown driver ${name} (the scenario loader should have refused it)`);
  return j;
}

export function deviceIndex(w: World, bdf: string): number {
  const i = w.devSpecs.findIndex((d) => d.bdf === bdf);
  if (i < 0) throw new Error(`unknown device ${bdf} (the scenario loader should have refused it)`);
  return i;
}
