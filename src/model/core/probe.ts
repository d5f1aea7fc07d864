// What every bus's ->probe does around the driver's own probe: tell the checkers which driver is about to run
// on which device and why (the `match` event), then run the driver's probe as the scenario describes it.
import type { Kernel } from '../kernel.js';

/**
 * The `match` event for a probe about to call the driver: `inTable` says the driver's id table (in its bus's
 * form) matches the device; `sound` that the driver runs because the override names it, or with no override
 * set because the table matched (the event pci_device_probe sends for PCI, here for the other buses).
 */
export function observeProbe(k: Kernel, drv: number, dev: number, inTable: boolean): void {
  const name = k.world.drvSpecs[drv].name;
  const override = k.world.devices[dev].override;
  const sound = override === null ? inTable : override === name;
  k.event({ kind: 'match', dev, drv, override, inTable, sound });
}

/** drv->probe for a driver the scenario describes: ok, an errno, or ok until the n-th probe. */
export function probeSpec(k: Kernel, drv: number): number {
  const state = k.world.drivers[drv];
  state.probes++;
  const p = k.world.drvSpecs[drv].probe;
  if (p.kind === 'ok') return 0;
  if (p.kind === 'errno') return p.errno;
  return state.probes > p.n ? p.errno : 0;
}
