// The modelled kernel a path runs against: the world, the era's quirks and PCI match policy, and the bus
// records the driver core dispatches through (dev->bus, drv->bus), on top of the step runtime.
import { Runtime } from '../runtime/kernel.js';
import type { World } from './types.js';
import type { Quirks } from '../profiles/types.js';
import type { MatchPolicy } from '../profiles/policy.js';

export class Kernel extends Runtime {
  /** What a (user) policy did wrong: threw, or returned something that is no id. */
  readonly policyErrors: string[] = [];

  constructor(
    readonly world: World,
    readonly quirks: Quirks,
    readonly policy: MatchPolicy,
  ) {
    super();
  }

  devName(dev: number): string {
    return this.world.devSpecs[dev].bdf;
  }

  drvName(drv: number): string {
    return drv < 0 ? '(none)' : this.world.drvSpecs[drv].name;
  }
}
