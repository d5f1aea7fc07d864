// Worlds with vmbus devices and drivers, built directly (the scenario format has no vmbus fields yet).
import type { Kernel } from '../../../src/model/kernel.js';
import type { DeviceSpec, DriverSpec, ProbeSpec } from '../../../src/model/types.js';
import type { Quirks } from '../../../src/profiles/types.js';
import { findProfile, VMBUS_CITATIONS } from '../../../src/profiles/index.js';
import { findVmbusDriver } from '../../../src/model/vmbus/drivers.js';
import { deviceSlot, driverSlot, kernelOf } from '../platform/helpers.js';

export { boundTo, dev, idx, roundRobin, runThreads } from '../platform/helpers.js';

/** A vmbus offer: its instance GUID (the device's name), class GUID, and whether it is an hv_sock channel. */
export interface VDev {
  readonly dev: string;
  readonly class: string;
  readonly hvsock?: boolean;
}

/** A catalogue driver by name, or an inline one with its table. */
export type VDrv =
  | string
  | {
      readonly name: string;
      readonly id_table?: readonly string[] | null;
      readonly hvsock?: boolean;
      readonly probe?: ProbeSpec;
    };

function devSpec(d: VDev): DeviceSpec {
  return deviceSlot('vmbus', d.dev, { vmbus: { class_id: d.class, hvsock: d.hvsock ?? false } });
}

function drvSpec(d: VDrv): DriverSpec {
  const e = typeof d === 'string' ? findVmbusDriver(d)! : d;
  const vmbus = { id_table: e.id_table ?? null, hvsock: e.hvsock ?? false };
  return driverSlot('vmbus', e.name, (typeof d === 'string' ? undefined : d.probe) ?? { kind: 'ok' }, { vmbus });
}

/** The 6.1 profile's quirks with the vmbus era replaced (4.10-4.19 has no profile; generic is 6.12's). */
export const era = (vmbus: Quirks['vmbus'], base = '6.1'): Quirks => ({ ...findProfile(base)!.quirks, vmbus });
export { VMBUS_CITATIONS };

/** A kernel over vmbus offers (not yet registered) and drivers (not yet registered). */
export function vmbusKernel(devs: readonly VDev[], drvs: readonly VDrv[], q: string | Quirks = '6.1'): Kernel {
  return kernelOf(devs.map(devSpec), drvs.map(drvSpec), q);
}
