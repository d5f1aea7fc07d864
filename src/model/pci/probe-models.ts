// The drivers' own ->probe decisions (a probe error is the driver rejecting a device it matched).
import type { Kernel } from '../kernel.js';
import type { PciDeviceId } from '../types.js';
import { EBUSY, EINVAL, EIO, ENODEV } from '../errno.js';
import { pci_match_id } from './match.js';

/** ->probe(dev, id): 0 or a negative errno. Called from pci_device_probe with device_lock held. */
export function call_probe(k: Kernel, drv: number, dev: number, id: PciDeviceId): number {
  const spec = k.world.drvSpecs[drv];
  const state = k.world.drivers[drv];
  state.probes++;
  const own = modelProbe(k, drv, dev, id);
  if (own !== 0) return own;
  // Then what the scenario says this driver's probe does (default: succeeds).
  const p = spec.probe;
  if (p.kind === 'ok') return 0;
  if (p.kind === 'errno') return p.errno;
  return state.probes > p.n ? p.errno : 0;
}

/** The real driver's own rejections. */
function modelProbe(k: Kernel, drv: number, dev: number, id: PciDeviceId): number {
  void id; // driver_data would pick a board type; no modelled driver rejects by it
  switch (k.world.drvSpecs[drv].probe_model) {
    case 'vfio-pci':
      return vfio_pci_probe(k, dev);
    case '8139too':
      return rtl8139_init_one(k, dev);
    case '8139cp':
      return cp_init_one(k, dev);
    case 'pci-stub':
      k.note('pci-stub: claimed by stub');
      return 0;
    case 'e1000':
      return e1000_probe(k, drv, dev);
    case 'generic':
      return 0;
  }
}

/**
 * Devices outside a driver's table that its probe still sets up, seen on the real 6.1 by the oracle (oracle --sriov):
 * e1000e binds QEMU's 82576 (igb's PF, 8086:10c9) through driver_override, as board_82571 (pci_device_id_any).
 */
const SETS_UP_TOO: Readonly<Record<string, readonly number[]>> = { e1000e: [0x10c9] };

/**
 * The Intel NIC drivers set their hardware up from the device ID: e1000_probe -> e1000_sw_init ->
 * e1000_set_mac_type (e1000_hw.c) fails "Unknown MAC Type" (-EIO) outside its switch, and e1000e's probe
 * fails on a device of another family. So neither driver_override=e1000 on an 82574L nor an 8086:100e
 * dynid on e1000e binds anything; both seen on the real 6.1 kernel by the oracle. The static table
 * stands in for the switch; the errno is e1000's (e1000e's exact one is unverified: bind reports it).
 */
function e1000_probe(k: Kernel, drv: number, dev: number): number {
  const s = k.world.devSpecs[dev];
  if (pci_match_id(k.world.drvSpecs[drv].id_table, s) !== null) return 0;
  if (s.vendor === 0x8086 && SETS_UP_TOO[k.world.drvSpecs[drv].name]?.includes(s.device)) return 0;
  k.note(`${k.drvName(drv)}: device ID not supported by the hardware setup`);
  return -EIO;
}

/**
 * vfio_pci_probe (5.10) / vfio_pci_core_register_device (5.15+): rejections are ordinary probe errors,
 * checked in this order in both (denylist not modelled): header type, PF with VFs enabled, IOMMU group.
 */
function vfio_pci_probe(k: Kernel, dev: number): number {
  const spec = k.world.devSpecs[dev];
  if (spec.header_type !== 'normal') {
    k.note('vfio-pci: not a normal header type');
    return -EINVAL;
  }
  if (spec.sriov !== null && k.world.devices[dev].numvfs > 0) {
    k.note('vfio-pci: Cannot bind to PF with SR-IOV enabled');
    return -EBUSY;
  }
  if (spec.iommu_group === null) {
    k.note('vfio-pci: no IOMMU group');
    return -EINVAL;
  }
  return 0;
}

/** 8139too rtl8139_init_one: an RTL-8139C+ (revision >= 0x20) is left to 8139cp (unless use_pio). */
function rtl8139_init_one(k: Kernel, dev: number): number {
  const s = k.world.devSpecs[dev];
  if (s.vendor === 0x10ec && s.device === 0x8139 && s.revision >= 0x20) {
    k.note('8139too: 8139C+ chip, use 8139cp');
    return -ENODEV;
  }
  return 0;
}

/** 8139cp cp_init_one: only 8139C+ (revision >= 0x20) for 10ec:8139. */
function cp_init_one(k: Kernel, dev: number): number {
  const s = k.world.devSpecs[dev];
  if (s.vendor === 0x10ec && s.device === 0x8139 && s.revision < 0x20) {
    k.note('8139cp: not an 8139C+ compatible chip');
    return -ENODEV;
  }
  return 0;
}
