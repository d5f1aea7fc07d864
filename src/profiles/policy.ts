// A matching policy: the pure decision of the era's pci_match_device (drivers/pci/pci-driver.c).
import type { PciDeviceId } from '../model/types.js';
import type { MatchDev } from '../model/pci/match.js';

export interface MatchInput {
  /** The device as matching sees it (fields of struct pci_dev). */
  readonly dev: MatchDev;
  /** dev->driver_override: null = unset ("" is possible: the 5.19 NUL-byte state). */
  readonly override: string | null;
  readonly drvName: string;
  /** drv->dynids.list in insertion order. */
  readonly dynids: readonly PciDeviceId[];
  /** drv->id_table (null = NULL). */
  readonly id_table: readonly PciDeviceId[] | null;
}

/** Returns the matched id (whose driver_data probe receives) or null. Must be pure and deterministic. */
export type MatchPolicy = (m: MatchInput) => PciDeviceId | null;

export interface Policy {
  readonly name: string;
  readonly summary: string;
  readonly match: MatchPolicy;
}
