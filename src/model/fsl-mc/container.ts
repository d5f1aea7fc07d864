// The container (DPRC) an fsl-mc object sits in: its device's parent (mc_dev->dev.parent).
import type { Kernel } from '../kernel.js';

/** The DPRC a device sits in, as a device slot; -1 for the root DPRC (its parent is a platform device). */
export function containerOf(k: Kernel, dev: number): number {
  const c = k.world.devSpecs[dev].fslmc!.container;
  return c === null ? -1 : k.world.devSpecs.findIndex((s) => s.bdf === c && s.bus === 'fsl-mc');
}
