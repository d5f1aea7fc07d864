// libvirt src/util/virpci.c: virPCIDeviceDetach / virPCIDeviceReattach. "2019" = the driver_override path
// (virPCIDeviceBindToStub, virPCIDeviceUnbindFromStub -> virPCIDeviceBindWithDriverOverride(dev, "\n"));
// "1.2" = the legacy new_id path of the VIR_STRDUP era (~2013-15).
import type { KGen } from '../runtime/step.js';
import type { Proc } from '../ops/proc.js';
import type { Recipe, RecipeArgs, ToolMemory } from './types.js';
import { hex4 } from '../util/hex.js';
import { DRIVERS_PROBE, dev, drvDir, readIds } from './common.js';

/** What libvirt keeps about a detached device (dev->unbind_from_stub, dev->reprobe in inactiveDevs). */
interface Detached {
  unbind_from_stub: boolean;
  reprobe: boolean;
}

function detachedOf(memory: ToolMemory, bdf: string): Detached | undefined {
  return memory.get(`libvirt:${bdf}`) as Detached | undefined;
}

/** virPCIProbeStubDriver: the stub's driver directory, else virKModLoad and look again. */
function* probeStub(p: Proc, stub: string): KGen<boolean> {
  if (yield* p.exists(drvDir(stub))) return true;
  yield* p.modprobe(stub);
  if (yield* p.exists(drvDir(stub))) return true;
  p.fail(`error: Failed to load PCI driver module ${stub}`);
  return false;
}

/** virPCIDeviceUnbind: unbind from whatever driver is bound, if any. */
function* unbind(p: Proc, bdf: string): KGen<boolean> {
  if ((yield* p.driverOf(bdf)) === null) return true;
  if ((yield* p.write(`${dev(bdf)}/driver/unbind`, bdf)) < 0) {
    p.fail(`error: Failed to unbind PCI device '${bdf}' from driver`);
    return false;
  }
  return true;
}

function* detach2019(p: Proc, bdf: string, stub: string, memory: ToolMemory): KGen<number> {
  if (!(yield* probeStub(p, stub))) return 1;
  const d: Detached = { unbind_from_stub: false, reprobe: false };
  memory.set(`libvirt:${bdf}`, d);
  if ((yield* p.driverOf(bdf)) === stub) return 0; // already on the stub: unbind_from_stub stays false
  if ((yield* p.write(`${dev(bdf)}/driver_override`, stub)) < 0)
    return p.fail(`error: Failed to write to '${dev(bdf)}/driver_override'`);
  if (!(yield* unbind(p, bdf))) return 1;
  if ((yield* p.write(DRIVERS_PROBE, bdf)) < 0)
    return p.fail(`error: Failed to trigger a probe for PCI device '${bdf}'`);
  d.unbind_from_stub = true; // the override stays set while the device is detached
  return 0;
}

function* reattach2019(p: Proc, bdf: string, memory: ToolMemory): KGen<number> {
  const d = detachedOf(memory, bdf) ?? { unbind_from_stub: true, reprobe: true };
  memory.delete(`libvirt:${bdf}`);
  if (!d.unbind_from_stub) return 0;
  if ((yield* p.write(`${dev(bdf)}/driver_override`, '\n')) < 0)
    return p.fail(`error: Failed to write to '${dev(bdf)}/driver_override'`);
  if (!(yield* unbind(p, bdf))) return 1;
  if ((yield* p.write(DRIVERS_PROBE, bdf)) < 0)
    return p.fail(`error: Failed to trigger a probe for PCI device '${bdf}'`);
  return 0; // no check that a host driver bound
}

/** Legacy virPCIDeviceBindToStub: new_id, unbind, bind, remove_id. */
function* detachLegacy(p: Proc, bdf: string, stub: string, memory: ToolMemory): KGen<number> {
  if (!(yield* probeStub(p, stub))) return 1;
  const d: Detached = { unbind_from_stub: false, reprobe: false };
  memory.set(`libvirt:${bdf}`, d);
  const cur = yield* p.driverOf(bdf);
  if (cur === stub) return 0;
  if (cur !== null) d.reprobe = true;
  const ids = yield* readIds(p, bdf);
  const id = ids ? `${hex4(ids.vendor)} ${hex4(ids.device)}` : '';
  let result = 0;
  // "if a new device with this ID is hotplugged … it will also be immediately bound by the stub"
  if ((yield* p.write(`${drvDir(stub)}/new_id`, id)) < 0) {
    p.fail(`error: Failed to add PCI device ID '${id}' to ${stub}`);
    return yield* legacyUnbindFromStub(p, bdf, stub, d, 1);
  }
  if ((yield* p.driverOf(bdf)) === stub)
    d.unbind_from_stub = true; // new_id already bound it
  else if (!(yield* unbind(p, bdf))) result = 1;
  else if ((yield* p.driverOf(bdf)) !== stub) {
    if ((yield* p.write(`${drvDir(stub)}/bind`, bdf)) < 0) {
      p.fail(`error: Failed to bind PCI device '${bdf}' to ${stub}`);
      result = 1;
    } else d.unbind_from_stub = true;
  } else d.unbind_from_stub = true;
  // remove_id: (only if the file exists)
  if ((yield* p.exists(`${drvDir(stub)}/remove_id`)) && (yield* p.write(`${drvDir(stub)}/remove_id`, id)) < 0) {
    p.fail(`error: Failed to remove PCI ID '${id}' from ${stub}`);
    d.reprobe = false;
    result = 1;
  }
  return result === 0 ? 0 : yield* legacyUnbindFromStub(p, bdf, stub, d, result);
}

/** Legacy virPCIDeviceUnbindFromStub: unbind from the stub, then re-probe if remove_id made that safe. */
function* legacyUnbindFromStub(p: Proc, bdf: string, stub: string, d: Detached, result: number): KGen<number> {
  if (!d.unbind_from_stub && result === 0) return 0;
  if ((yield* p.driverOf(bdf)) === stub && (yield* p.write(`${dev(bdf)}/driver/unbind`, bdf)) < 0) {
    return p.fail(`error: Failed to unbind PCI device '${bdf}' from ${stub}`);
  }
  d.unbind_from_stub = false;
  // "if 'remove_id' isn't available, re-probing would just cause the device to be re-bound to the stub"
  if (d.reprobe && (!(yield* p.exists(drvDir(stub))) || (yield* p.exists(`${drvDir(stub)}/remove_id`)))) {
    if ((yield* p.write(DRIVERS_PROBE, bdf)) < 0)
      return p.fail(`error: Failed to trigger a re-probe for PCI device '${bdf}'`);
  }
  return result;
}

function* reattachLegacy(p: Proc, bdf: string, stub: string, memory: ToolMemory): KGen<number> {
  const d = detachedOf(memory, bdf) ?? { unbind_from_stub: true, reprobe: true };
  memory.delete(`libvirt:${bdf}`);
  if (!d.unbind_from_stub) return 0;
  return yield* legacyUnbindFromStub(p, bdf, stub, d, 0);
}

const SOURCE = 'libvirt src/util/virpci.c (virPCIDeviceDetach, virPCIDeviceReattach)';
const VERSIONS = ['2019', '1.2'];
const args = [
  { name: 'bdf', kind: 'bdf', doc: 'the device' },
  { name: 'driver', kind: 'driver', default: 'vfio-pci', doc: 'the stub driver' },
] as const;
const stubOf = (a: RecipeArgs): string => a.driver;

// virPCIDriverFile writes go through virFileWriteStr(path, str, 0): open(O_WRONLY|O_TRUNC), no O_CREAT.
export const LIBVIRT: readonly Recipe[] = [
  {
    name: 'libvirt detach',
    source: `${SOURCE}; virsh nodedev-detach / a managed hostdev at VM start`,
    versions: VERSIONS,
    args,
    oCreat: false,
    run: (p, a, m) => (a.version === '1.2' ? detachLegacy(p, a.bdf, stubOf(a), m) : detach2019(p, a.bdf, stubOf(a), m)),
  },
  {
    name: 'libvirt reattach',
    source: `${SOURCE}; virsh nodedev-reattach / a managed hostdev at VM stop`,
    versions: VERSIONS,
    args,
    oCreat: false,
    run: (p, a, m) => (a.version === '1.2' ? reattachLegacy(p, a.bdf, stubOf(a), m) : reattach2019(p, a.bdf, m)),
  },
];
