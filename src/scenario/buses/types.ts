// What one bus contributes to scenario format v1: how its devices and inline drivers read from JSON, and which
// sysfs names its devices give the world. The schema branch (schema/scenario-v1.schema.json) checks the shape first.
import type { BusName, ProbeSpec } from '../../model/types.js';
import type { DeviceDecl, InlineDriver } from '../types.js';
import type { DriverNames } from '../../model/catalogue/index.js';

export type Json = Record<string, unknown>;

export interface ScenarioBus {
  readonly name: BusName;
  /** A device object (already schema-checked) as a declaration, defaults filled. */
  device(o: Json): DeviceDecl;
  /**
   * The sysfs names (dev_name) this bus's declared devices give the world, each with who holds it (for messages),
   * after the bus's own checks (PCI: duplicate BDFs, VF slots). `devices` are this bus's, with their index.
   */
  names(file: string, devices: readonly (readonly [number, DeviceDecl])[]): Map<string, string>;
  /** Whether a driver object defines an inline driver (PCI: it has "ids"; others: always, no catalogue). */
  isInline(o: Json): boolean;
  /**
   * A real driver this bus's loader knows by name (vmbus: hv_netvsc, uio_hv_generic, hv_sock), given by its kernel
   * or module name ('-' and '_' alike): its kernel name, which sysfs, bindings and intents use. Absent: none.
   */
  known?(given: string): DriverNames | undefined;
  /** An inline driver's tables from its object. */
  inline(o: Json, probe: ProbeSpec): InlineDriver;
}
