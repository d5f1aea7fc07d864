// drivers/vfio/platform/vfio_platform.c and vfio_platform_common.c: what vfio-platform's probe refuses.
import type { Kernel } from '../kernel.js';
import { EINVAL, ENOENT } from '../errno.js';
import { kstrtobool } from '../pci/iov.js';

/**
 * The OF compatibles a reset handler is registered for (module_vfio_reset_handler in drivers/vfio/platform/reset/,
 * v6.1: vfio_platform_calxedaxgmac.c, vfio_platform_amdxgbe.c, vfio_platform_bcmflexrm.c; request_module
 * "vfio-reset:<compat>" loads them on demand, so the model treats them as always there).
 */
export const VFIO_RESET_HANDLERS: readonly string[] = [
  'calxeda,hb-xgmac',
  'amd,xgbe-seattle-v1a',
  'brcm,iproc-flexrm-mbox',
];

/** vfio_platform.c: `static bool reset_required = true; module_param(reset_required, bool, 0444)` (param_set_bool). */
export function resetRequired(params: string): boolean {
  const m = /(?:^|\s)reset_required=(\S*)/.exec(params);
  return m === null ? true : (kstrtobool(m[1]) ?? true);
}

/**
 * vfio_platform_probe_common (<=6.0) / vfio_platform_init_common (6.1+): vfio_platform_acpi_probe, else
 * vfio_platform_of_probe (the device's first "compatible" string, -EINVAL without one), then vfio_platform_get_reset:
 * an OF device needs a reset handler for that compatible; none and reset_required -> -ENOENT ("No reset function
 * found for device"). An ACPI device needs an _RST method, which the scenario format does not describe: the model
 * lets it pass. The IOMMU group check that follows is not modelled (platform devices carry no group here).
 */
export function vfio_platform_probe(k: Kernel, drv: number, dev: number): number {
  const p = k.world.devSpecs[dev].platform!;
  if (p.acpi_ids.length === 0 && p.of_compatible.length === 0) {
    k.note('vfio_platform_of_probe: no "compatible" property');
    return -EINVAL;
  }
  if (p.acpi_ids.length > 0) return 0; // VFIO_PLATFORM_IS_ACPI: acpi_has_method(handle, "_RST"), not modelled
  if (VFIO_RESET_HANDLERS.includes(p.of_compatible[0])) return 0;
  if (!resetRequired(k.world.drivers[drv].params)) {
    k.note('vfio_platform_get_reset: none, and reset_required=0');
    return 0;
  }
  k.note(`No reset function found for device ${k.devName(dev)}`);
  return -ENOENT;
}
