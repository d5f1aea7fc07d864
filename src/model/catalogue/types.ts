import type { PciDeviceId, ProbeModel } from '../types.js';
import type { Quirks } from '../../profiles/types.js';

/** A real driver's id table, trimmed to what binding needs. */
export interface CatalogueEntry {
  /** Driver name as in /sys/bus/pci/drivers/<name> (struct pci_driver.name). */
  readonly name: string;
  /** Module name for modprobe/rmmod (e.g. "vfio_pci" or "vfio-pci" both accepted; this is the canonical one). */
  readonly module: string;
  /** Where the table comes from: file, kernel version (one line). */
  readonly source: string;
  /** The id table in this era; null = id_table NULL. */
  idTable(q: Quirks): readonly PciDeviceId[] | null;
  /** Does the driver exist in this era (e.g. mlx5_vfio_pci needs q.vfioVariants). */
  exists(q: Quirks): boolean;
  readonly probe_model: ProbeModel;
  /** Has ->sriov_configure (drives sriov_numvfs). */
  readonly sriov_configure: boolean;
  /** What its probe lowers sriov_totalvfs to (pci_sriov_set_totalvfs), e.g. igb's 7; absent = the capability's. */
  readonly sriov_totalvfs?: number;
}
