// Class-matched drivers: NVMe, AHCI, xHCI (a vendor entry first where it decides match order).
import type { CatalogueEntry } from './types.js';
import { PCI_DEVICE, PCI_DEVICE_CLASS } from './ids.js';

const always = (): boolean => true;

/** nvme_id_table: vendor quirk entries, then PCI_DEVICE_CLASS(PCI_CLASS_STORAGE_EXPRESS, 0xffffff). */
export const nvme: CatalogueEntry = {
  name: 'nvme',
  module: 'nvme',
  source: 'drivers/nvme/host/pci.c nvme_id_table, v6.1 (verified subset)',
  exists: always,
  probe_model: 'generic',
  sriov_configure: true,
  // 0953 driver_data = NVME_QUIRK_STRIPE_SIZE (1<<0) | NVME_QUIRK_DEALLOCATE_ZEROES (1<<2) = 0x5 (was 0x1)
  idTable: () => [PCI_DEVICE(0x8086, 0x0953, 0x5), PCI_DEVICE_CLASS(0x010802, 0xffffff)],
};

/** ahci_pci_tbl: Intel ICH9 entry, then the generic PCI_CLASS_STORAGE_SATA_AHCI match (board_ahci = 0). */
export const ahci: CatalogueEntry = {
  name: 'ahci',
  module: 'ahci',
  source: 'drivers/ata/ahci.c ahci_pci_tbl, v6.1 (verified subset)',
  exists: always,
  probe_model: 'generic',
  sriov_configure: false,
  idTable: () => [PCI_DEVICE(0x8086, 0x2922, 0), PCI_DEVICE_CLASS(0x010601, 0xffffff, 0)],
};

/** xhci-pci.c pci_ids: PCI_DEVICE_CLASS(PCI_CLASS_SERIAL_USB_XHCI, ~0); the pci_driver is named xhci_hcd. */
export const xhci: CatalogueEntry = {
  name: 'xhci_hcd',
  module: 'xhci_pci',
  source: 'drivers/usb/host/xhci-pci.c pci_ids, v6.1 (verified subset)',
  exists: always,
  probe_model: 'generic',
  sriov_configure: false,
  // class_mask ~0 is 0xffffffff in the kernel (was 0xffffff; same match result, dev class is 24-bit)
  idTable: () => [PCI_DEVICE_CLASS(0x0c0330, 0xffffffff)],
};

export const STORAGE_USB: readonly CatalogueEntry[] = [nvme, ahci, xhci];
