// drivers/vfio/pci/vfio_pci.c (vfio_pci_core.c 5.15+) vfio_pci_bus_notifier: vfio-pci claims the VFs of a PF it drives.
import type { Kernel } from '../kernel.js';

/** vfio-pci's bus notifier (5.7+): BUS_NOTIFY_ADD_DEVICE of a VF whose PF is on vfio-pci sets driver_override. */
export function vfio_pci_vf_notifier(k: Kernel, dev: number): void {
  const pf = k.world.devSpecs[dev].pf;
  if (pf < 0 || !k.quirks.vfioSriov) return;
  const pfDrv = k.world.devices[pf].driver;
  if (pfDrv < 0 || k.world.drvSpecs[pfDrv].name !== 'vfio-pci') return;
  k.world.devices[dev].override = 'vfio-pci';
  k.event({ kind: 'override', dev, value: 'vfio-pci' });
  k.note('vfio-pci notifier: driver_override=vfio-pci');
}
