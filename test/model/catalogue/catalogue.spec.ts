import { describe, expect, it } from 'vitest';
import { CATALOGUE, findDriver } from '../../../src/model/catalogue/index.js';
import { findProfile } from '../../../src/profiles/index.js';
import { PCI_ANY_ID } from '../../../src/model/types.js';

const q = (p: string) => findProfile(p)!.quirks;

describe('driver catalogue', () => {
  it('has the drivers the issue names, with unique names', () => {
    for (const n of [
      'e1000e',
      'e1000',
      'igb',
      'ixgbe',
      'ixgbevf',
      'i40e',
      'mlx5_core',
      'mlx5_vfio_pci',
      'nvme',
      'ahci',
      'xhci_hcd',
      '8139too',
      '8139cp',
      'pci-stub',
      'vfio-pci',
    ]) {
      expect(findDriver(n)?.name, n).toBe(n);
    }
    expect(new Set(CATALOGUE.map((e) => e.name)).size).toBe(CATALOGUE.length);
  });

  it('finds drivers by module name with - and _ alike (modprobe)', () => {
    expect(findDriver('vfio_pci')).toBe(findDriver('vfio-pci'));
    expect(findDriver('pci_stub')).toBe(findDriver('pci-stub'));
    expect(findDriver('xhci_pci')?.name).toBe('xhci_hcd');
  });

  it('vfio-pci: id_table NULL until 5.14, one override_only match-all entry from 5.15', () => {
    const v = findDriver('vfio-pci')!;
    expect(v.idTable(q('5.14'))).toBeNull();
    expect(v.idTable(q('6.1'))).toEqual([
      expect.objectContaining({ vendor: PCI_ANY_ID, device: PCI_ANY_ID, override_only: true }),
    ]);
  });

  it('e1000e 8086:10d3 is board_82574 (3); mlx5_vfio_pci exists only with variant drivers', () => {
    expect(
      findDriver('e1000e')!
        .idTable(q('6.1'))!
        .find((e) => e.device === 0x10d3)?.driver_data,
    ).toBe(3);
    expect(findDriver('mlx5_vfio_pci')!.exists(q('5.14'))).toBe(false);
    expect(findDriver('mlx5_vfio_pci')!.exists(q('5.15'))).toBe(false); // override_only came first; mlx5_vfio_pci in 5.18
    expect(findDriver('mlx5_vfio_pci')!.exists(q('5.19'))).toBe(true);
  });
});
