// The assignment every driver_override store ends with, whatever its bus and era: the new value (or -EINVAL),
// under the era's lock, announced to the checkers. Parsing is the bus's (pci-sysfs.ts parseOverride and friends).
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import { DEV_OVERRIDE, devObj } from '../objects.js';
import { EINVAL } from '../errno.js';

/**
 * driver_override_store's swap: `value` is what the parse left (undefined: -EINVAL), `lock` the lock the era
 * takes around the swap (device_lock), or -1 (none, or the generic spinlock, which nothing else in the model holds).
 */
export function* storeOverride(
  k: Kernel,
  dev: number,
  count: number,
  value: string | null | undefined,
  lock: number,
): KGen<number> {
  yield step('driver_override_store', k.devName(dev), [], [devObj(dev, DEV_OVERRIDE)], lock);
  if (lock >= 0) k.unlock(lock);
  if (value === undefined) return -EINVAL;
  k.world.devices[dev].override = value;
  k.event({ kind: 'override', dev, value });
  k.note(`driver_override=${value === null ? '(null)' : JSON.stringify(value)}`);
  return count;
}
