// NIC drivers, trimmed to entries that matter for binding. Order and driver_data as in the kernel tables;
// values checked against the v6.1 sources (v6.1-rc7 and v6.1.119 trees agree on every entry here), marked (verified).
import type { CatalogueEntry } from './types.js';
import { PCI_DEVICE } from './ids.js';

const INTEL = 0x8086;
const MLNX = 0x15b3;
const always = (): boolean => true;

function nic(
  name: string,
  module: string,
  source: string,
  ids: ReturnType<typeof PCI_DEVICE>[],
  sriov_configure = false,
): CatalogueEntry {
  return { name, module, source, idTable: () => ids, exists: always, probe_model: 'generic', sriov_configure };
}

/** e1000e_pci_tbl: driver_data is enum e1000_boards (board_82571 = 0, 82572 = 1, 82573 = 2, 82574 = 3, 82583 = 4). */
export const e1000e: CatalogueEntry = {
  ...nic('e1000e', 'e1000e', 'drivers/net/ethernet/intel/e1000e/netdev.c e1000_pci_tbl, v6.1 (verified subset)', [
    PCI_DEVICE(INTEL, 0x105e, 0),
    PCI_DEVICE(INTEL, 0x105f, 0),
    PCI_DEVICE(INTEL, 0x10a4, 0), // 82571EB
    PCI_DEVICE(INTEL, 0x107d, 1),
    PCI_DEVICE(INTEL, 0x107e, 1), // 82572EI
    PCI_DEVICE(INTEL, 0x108b, 2), // 82573E
    PCI_DEVICE(INTEL, 0x10d3, 3),
    PCI_DEVICE(INTEL, 0x10f6, 3), // 82574L (QEMU's e1000e), 82574LA
    PCI_DEVICE(INTEL, 0x150c, 4), // 82583V
  ]),
  probe_model: 'e1000',
};

/** e1000_pci_tbl (INTEL_E1000_ETHERNET_DEVICE, driver_data 0). 8086:100e is QEMU's default e1000. */
export const e1000: CatalogueEntry = {
  ...nic('e1000', 'e1000', 'drivers/net/ethernet/intel/e1000/e1000_main.c e1000_pci_tbl, v6.1 (verified subset)', [
    PCI_DEVICE(INTEL, 0x1000),
    PCI_DEVICE(INTEL, 0x1001),
    PCI_DEVICE(INTEL, 0x1004),
    PCI_DEVICE(INTEL, 0x100e),
    PCI_DEVICE(INTEL, 0x100f),
    PCI_DEVICE(INTEL, 0x1015),
  ]),
  probe_model: 'e1000',
};

/** igb: 82576 PF (SR-IOV; VF 8086:10ca handled by igbvf; VF offset 0x80, stride 2 (from QEMU hw/net/igb.c IGB_VF_OFFSET/IGB_VF_STRIDE)). board_82575 = 0. */
export const igb: CatalogueEntry = {
  ...nic(
    'igb',
    'igb',
    'drivers/net/ethernet/intel/igb/igb_main.c igb_pci_tbl, v6.1 (verified subset)',
    [
      // kernel order: I210_COPPER 0x1533 precedes I350_COPPER 0x1521 (was listed 0x1521 first)
      PCI_DEVICE(INTEL, 0x1533, 0),
      PCI_DEVICE(INTEL, 0x1521, 0),
      PCI_DEVICE(INTEL, 0x10c9, 0),
      PCI_DEVICE(INTEL, 0x10e6, 0),
    ],
    true,
  ),
  // igb_probe_vfs (v6.1): pci_sriov_set_totalvfs(pdev, 7), one of the 82576's 8 pools staying the PF's: with igb
  // bound sriov_totalvfs reads 7 and 8 is -ERANGE; pci_iov_remove puts TotalVFs back when igb goes (QEMU's igb agrees).
  sriov_totalvfs: 7,
};

export const igbvf = nic('igbvf', 'igbvf', 'drivers/net/ethernet/intel/igbvf/netdev.c igbvf_pci_tbl, v6.1 (verified)', [
  PCI_DEVICE(INTEL, 0x10ca, 0), // 82576 VF, board_vf
  PCI_DEVICE(INTEL, 0x1520, 1), // I350 VF, board_i350_vf
]);

/**
 * ixgbe: 82599 SFP 8086:10fb is board_82599 = 1 (VF 8086:10ed; VF offset 0x180, stride 2 (from lspci of an 82599ES with
 * ARIHierarchy-, intel-wired-lan "Cannot enable VF after remove/rescan", 2022-08-19; with ARIHierarchy+ the same part reports offset 0x80)).
 */
export const ixgbe = nic(
  'ixgbe',
  'ixgbe',
  'drivers/net/ethernet/intel/ixgbe/ixgbe_main.c ixgbe_pci_tbl, v6.1 (verified subset)',
  [
    PCI_DEVICE(INTEL, 0x10b6, 0),
    PCI_DEVICE(INTEL, 0x10c6, 0), // 82598
    PCI_DEVICE(INTEL, 0x10fb, 1),
    PCI_DEVICE(INTEL, 0x10f8, 1), // 82599 SFP, COMBO_BACKPLANE (KX4 is 0x10f7)
    PCI_DEVICE(INTEL, 0x1528, 2), // X540T
  ],
  true,
);

export const ixgbevf = nic(
  'ixgbevf',
  'ixgbevf',
  'drivers/net/ethernet/intel/ixgbevf/ixgbevf_main.c ixgbevf_pci_tbl, v6.1 (verified)',
  [
    PCI_DEVICE(INTEL, 0x10ed, 0), // 82599 VF, board_82599_vf
    PCI_DEVICE(INTEL, 0x1515, 2), // X540 VF, board_X540_vf = 2 (was 1 = board_82599_vf_hv)
  ],
);

/** i40e: XL710/X710 SFP+ 8086:1572 (VF 8086:154c via iavf). */
export const i40e = nic(
  'i40e',
  'i40e',
  'drivers/net/ethernet/intel/i40e/i40e_main.c i40e_pci_tbl, v6.1 (verified subset)',
  [PCI_DEVICE(INTEL, 0x1572), PCI_DEVICE(INTEL, 0x1583), PCI_DEVICE(INTEL, 0x1584), PCI_DEVICE(INTEL, 0x37d2)],
  true,
);

export const iavf = nic('iavf', 'iavf', 'drivers/net/ethernet/intel/iavf/iavf_main.c iavf_pci_tbl, v6.1 (verified)', [
  // 0x1571 is IAVF_DEV_ID_VF_HV, not the X722 VF; added the real X722 VF 0x37cd (now matched by iavf)
  PCI_DEVICE(INTEL, 0x154c),
  PCI_DEVICE(INTEL, 0x1571),
  PCI_DEVICE(INTEL, 0x37cd),
  PCI_DEVICE(INTEL, 0x1889), // VF, VF_HV, X722 VF, adaptive VF
]);

/** ice: E810-C QSFP 8086:1592 (VFs are 8086:1889, iavf). */
export const ice = nic(
  'ice',
  'ice',
  'drivers/net/ethernet/intel/ice/ice_main.c ice_pci_tbl, v6.1 (verified subset)',
  [PCI_DEVICE(INTEL, 0x1591), PCI_DEVICE(INTEL, 0x1592), PCI_DEVICE(INTEL, 0x1593), PCI_DEVICE(INTEL, 0x159b)],
  true,
);

/** mlx5_core: driver_data MLX5_PCI_DEV_IS_VF (1) marks VFs. ConnectX-5 15b3:1017, its VF 15b3:1018; 15b3:101e the generic VF. */
export const mlx5_core = nic(
  'mlx5_core',
  'mlx5_core',
  'drivers/net/ethernet/mellanox/mlx5/core/main.c mlx5_core_pci_table, v6.1 (verified subset)',
  [
    PCI_DEVICE(MLNX, 0x1013),
    PCI_DEVICE(MLNX, 0x1015),
    PCI_DEVICE(MLNX, 0x1017),
    PCI_DEVICE(MLNX, 0x1018, 1),
    PCI_DEVICE(MLNX, 0x101d),
    PCI_DEVICE(MLNX, 0x101e, 1),
    PCI_DEVICE(MLNX, 0x1021),
  ],
  true,
);

/**
 * 8139too rtl8139_pci_tbl. Probe (rtl8139_init_one) rejects 10ec:8139 with revision >= 0x20 (an 8139C+,
 * "use 8139cp") with -ENODEV; 8139cp's cp_init_one rejects revision < 0x20 ("use 8139too") with -ENODEV.
 * QEMU's rtl8139 reports revision 0x20, so 8139cp takes it there.
 */
export const r8139too: CatalogueEntry = {
  ...nic('8139too', '8139too', 'drivers/net/ethernet/realtek/8139too.c rtl8139_pci_tbl, v6.1 (verified subset)', [
    PCI_DEVICE(0x10ec, 0x8139),
    PCI_DEVICE(0x10ec, 0x8138),
    PCI_DEVICE(0x1113, 0x1211),
  ]),
  probe_model: '8139too',
};

export const r8139cp: CatalogueEntry = {
  ...nic('8139cp', '8139cp', 'drivers/net/ethernet/realtek/8139cp.c cp_pci_tbl, v6.1 (verified)', [
    PCI_DEVICE(0x10ec, 0x8139),
    PCI_DEVICE(0x0357, 0x000a),
  ]),
  probe_model: '8139cp',
};

export const NET: readonly CatalogueEntry[] = [
  e1000e,
  e1000,
  igb,
  igbvf,
  ixgbe,
  ixgbevf,
  i40e,
  iavf,
  ice,
  mlx5_core,
  r8139too,
  r8139cp,
];
