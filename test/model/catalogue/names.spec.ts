// resolveDriver / resolveModule: the one mapping from a name a user gives to the driver it means.
import { describe, expect, it } from 'vitest';
import { findDriver, resolveDriver, resolveModule } from '../../../src/model/catalogue/index.js';

describe('driver names', () => {
  it('module spellings resolve to the kernel driver name (struct pci_driver.name)', () => {
    expect(findDriver('vfio_pci')?.name).toBe('vfio-pci');
    expect(findDriver('pci_stub')?.name).toBe('pci-stub');
    expect(findDriver('xhci_pci')?.name).toBe('xhci_hcd'); // xhci-pci.ko registers hcd_name "xhci_hcd"
    expect(findDriver('mlx5-vfio-pci')?.name).toBe('mlx5_vfio_pci'); // .name = KBUILD_MODNAME
    expect(findDriver('8139too')?.name).toBe('8139too');
    expect(findDriver('vfio')).toBeUndefined();
  });

  it('an exact kernel name wins over a module spelling of another driver', () => {
    const drivers = [
      { name: 'foo_bar', module: 'foo_bar' },
      { name: 'foo-bar', module: 'other' },
    ];
    expect(resolveDriver(drivers, 'foo-bar')).toBe(drivers[1]);
    expect(resolveDriver(drivers, 'foo_bar')).toBe(drivers[0]);
  });

  it('modprobe takes module names only, "-" and "_" alike (kmod modname_normalize)', () => {
    const drivers = [findDriver('xhci_hcd')!, findDriver('vfio-pci')!];
    expect(resolveModule(drivers, 'xhci-pci')).toBe(drivers[0]);
    expect(resolveModule(drivers, 'xhci_hcd')).toBeUndefined();
    expect(resolveModule(drivers, 'vfio-pci')).toBe(drivers[1]);
  });
});
