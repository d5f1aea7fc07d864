// drivers/vfio/fsl-mc/vfio_fsl_mc.c vfio_fsl_mc_bus_notifier: vfio-fsl-mc claims the objects of a container it owns
// (the fsl-mc analogue of vfio-pci's VF capture, pci/vfio-notifier.ts).
import type { Kernel } from '../kernel.js';
import { containerOf } from './container.js';

/**
 * vfio_fsl_mc_bus_notifier (5.10+; registered by vfio_fsl_mc_init_device when vfio-fsl-mc binds a DPRC, so it is
 * active exactly while the container is on vfio-fsl-mc): BUS_NOTIFY_ADD_DEVICE of a child of that DPRC sets the
 * child's driver_override to "vfio-fsl-mc" (kasprintf; device_set_driver_override in 6c8dfb036273). On
 * BUS_NOTIFY_BOUND_DRIVER to another driver it only warns. Runs inside device_add, before the uevent.
 */
export function vfio_fsl_mc_bus_notifier(k: Kernel, dev: number): void {
  const cont = containerOf(k, dev);
  if (cont < 0 || k.quirks.fslmcOverride === 'absent') return;
  const drv = k.world.devices[cont].driver;
  if (drv < 0 || k.world.drvSpecs[drv].name !== 'vfio-fsl-mc') return;
  k.world.devices[dev].override = 'vfio-fsl-mc';
  k.event({ kind: 'override', dev, value: 'vfio-fsl-mc' });
  k.note(`VFIO_FSL_MC: Setting driver override for device in dprc ${k.devName(cont)}`);
}
