// An op as an actor performs it: a sysfs access, a hotplug event, a module load, or a tool's recipe.
import type { Kernel } from '../model/kernel.js';
import type { KGen } from '../runtime/step.js';
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

/** The device's bus does it (PCI: pciehp; platform: platform_device_register / _unregister). */
function hotplug(k: Kernel, op: Extract<OpDecl, { kind: 'hotplug' }>): KGen<OpReturn> {
  const dev = deviceIndex(k.world, op.bdf);
  return k.busOf(dev).hotplug(k, dev, op.action);
}
