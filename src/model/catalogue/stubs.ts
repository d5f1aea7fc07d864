// Drivers that take devices on request: pci-stub, vfio-pci (per-era table), the mlx5 vfio variant.
import type { CatalogueEntry } from './types.js';
import { PCI_DRIVER_OVERRIDE_DEVICE_VFIO } from './ids.js';
import { PCI_ANY_ID } from '../types.js';

/** pci-stub.c: id_table NULL ("only dynamic id's"); probe claims anything it is handed. */
export const pciStub: CatalogueEntry = {
  name: 'pci-stub',
  module: 'pci_stub',
  source: 'drivers/pci/pci-stub.c stub_driver, v3.x-v7.x',
  exists: () => true,
  probe_model: 'pci-stub',
  sriov_configure: false,
  idTable: () => null,
};

/** vfio_pci.c: NULL table until 5.14; 5.15+ one override_only entry matching every device (cc6711b0bf36). */
export const vfioPci: CatalogueEntry = {
  name: 'vfio-pci',
  module: 'vfio_pci',
  source: 'drivers/vfio/pci/vfio_pci.c vfio_pci_table (5.15+), NULL before',
  exists: () => true,
  probe_model: 'vfio-pci',
  sriov_configure: true,
  idTable: (q) => (q.vfioPciTable === 'none' ? null : [PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_ANY_ID, PCI_ANY_ID)]),
};

/** mlx5 vfio variant (drivers/vfio/pci/mlx5/main.c, merged for 5.18; carried by the RFC series): VF 15b3:101e, override_only. */
export const mlx5VfioPci: CatalogueEntry = {
  name: 'mlx5_vfio_pci',
  module: 'mlx5_vfio_pci',
  source: 'drivers/vfio/pci/mlx5/main.c mlx5vf_pci_table, v6.1 (verified)',
  exists: (q) => q.vfioVariants,
  probe_model: 'vfio-pci',
  sriov_configure: false,
  idTable: () => [PCI_DRIVER_OVERRIDE_DEVICE_VFIO(0x15b3, 0x101e)],
};

export const STUBS: readonly CatalogueEntry[] = [pciStub, vfioPci, mlx5VfioPci];
