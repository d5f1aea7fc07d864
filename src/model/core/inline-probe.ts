// An inline (scenario or test) driver's ->probe: what its ProbeSpec says, counting calls for `fail_after`.
import type { Kernel } from '../kernel.js';

/** The driver's probe outcome: 0 or a negative errno (ProbeSpec ok / errno / fail_after n). */
export function inlineProbe(k: Kernel, drv: number): number {
  const state = k.world.drivers[drv];
  state.probes++;
  const p = k.world.drvSpecs[drv].probe;
  if (p.kind === 'ok') return 0;
  if (p.kind === 'errno') return p.errno;
  return state.probes > p.n ? p.errno : 0;
}
