// Constructors mirroring the kernel's id-table macros (include/linux/pci.h).
import { PCI_ANY_ID, type PciDeviceId } from '../types.js';

/** PCI_DEVICE(vend, dev) with optional driver_data. */
export function PCI_DEVICE(vendor: number, device: number, driver_data = 0): PciDeviceId {
  return {
    vendor,
    device,
    subvendor: PCI_ANY_ID,
    subdevice: PCI_ANY_ID,
    class: 0,
    class_mask: 0,
    driver_data,
    override_only: false,
  };
}

/** PCI_VDEVICE(vend, dev) = PCI_DEVICE with vendor constant; same match. */
export const PCI_VDEVICE = PCI_DEVICE;

/** PCI_DEVICE_SUB(vend, dev, subvend, subdev). */
export function PCI_DEVICE_SUB(
  vendor: number,
  device: number,
  subvendor: number,
  subdevice: number,
  driver_data = 0,
): PciDeviceId {
  return { vendor, device, subvendor, subdevice, class: 0, class_mask: 0, driver_data, override_only: false };
}

/** PCI_DEVICE_CLASS(dev_class, dev_class_mask): any vendor/device of that class. */
export function PCI_DEVICE_CLASS(cls: number, class_mask: number, driver_data = 0): PciDeviceId {
  return {
    vendor: PCI_ANY_ID,
    device: PCI_ANY_ID,
    subvendor: PCI_ANY_ID,
    subdevice: PCI_ANY_ID,
    class: cls,
    class_mask,
    driver_data,
    override_only: false,
  };
}

/** PCI_DRIVER_OVERRIDE_DEVICE_VFIO(vend, dev): PCI_DEVICE + override_only (5.15+, 343b7258687e). */
export function PCI_DRIVER_OVERRIDE_DEVICE_VFIO(vendor: number, device: number, driver_data = 0): PciDeviceId {
  return { ...PCI_DEVICE(vendor, device, driver_data), override_only: true };
}
