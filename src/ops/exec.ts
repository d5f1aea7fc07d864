// An op as an actor performs it: a sysfs access, a hotplug event, a module load, or a tool's recipe.
import type { Kernel } from '../model/kernel.js';
import { step, type KGen } from '../runtime/step.js';
import { DEV_PRESENT, devObj } from '../model/objects.js';
import { EINVAL } from '../model/errno.js';
import { pciehp_add } from '../model/pci/probe.js';
import { pci_stop_and_remove_bus_device_locked } from '../model/pci/remove.js';
import { load_module, unload_module } from '../model/module.js';
import { deviceIndex, moduleIndex } from './names.js';
import { sysfsRead, sysfsWrite, type OpReturn } from './syscalls.js';
import type { OpDecl } from '../scenario/types.js';

export type { OpReturn } from './syscalls.js';

/**
 * A kernel-level op (recipes run through recipes/run.ts, as userspace programs). Returns the op's own
 * generator rather than delegating to it with `yield*`: a level every step of the op would resume through.
 */
export function runOp(k: Kernel, op: Exclude<OpDecl, { kind: 'recipe' }>): KGen<OpReturn> {
  switch (op.kind) {
    case 'write':
      return sysfsWrite(k, op.path, op.value);
    case 'read':
      return sysfsRead(k, op.path);
    case 'hotplug':
      return hotplug(k, op);
    case 'modprobe':
      return load_module(k, moduleIndex(k.world, op.module), op.params);
    case 'rmmod':
      return unload_module(k, moduleIndex(k.world, op.module));
  }
}

function* hotplug(k: Kernel, op: Extract<OpDecl, { kind: 'hotplug' }>): KGen<OpReturn> {
  const dev = deviceIndex(k.world, op.bdf);
  yield step(op.action === 'add' ? 'pciehp: presence detect' : 'pciehp: surprise removal', op.bdf, [
    devObj(dev, DEV_PRESENT),
  ]);
  if (k.world.devSpecs[dev].pf >= 0) return -EINVAL; // VFs come from sriov_numvfs, not from slots
  return op.action === 'add' ? yield* pciehp_add(k, dev) : yield* pci_stop_and_remove_bus_device_locked(k, dev, true);
}
