// TEMPORARY minimal catalogue until the verified one lands.
import type { CatalogueEntry } from './types.js';
import { PCI_DEVICE, PCI_DEVICE_CLASS, PCI_DRIVER_OVERRIDE_DEVICE_VFIO } from './ids.js';
import { PCI_ANY_ID } from '../types.js';

const always = (): boolean => true;
const simple = (name: string, module: string, ids: ReturnType<typeof PCI_DEVICE>[], sriov = false): CatalogueEntry => ({
  name, module, source: 'temporary', idTable: () => ids, exists: always, probe_model: 'generic', sriov_configure: sriov,
});

export const CATALOGUE: readonly CatalogueEntry[] = [
  simple('e1000e', 'e1000e', [PCI_DEVICE(0x8086, 0x10d3, 4)]),
  simple('e1000', 'e1000', [PCI_DEVICE(0x8086, 0x100e)]),
  simple('ixgbe', 'ixgbe', [PCI_DEVICE(0x8086, 0x10fb)], true),
  simple('ixgbevf', 'ixgbevf', [PCI_DEVICE(0x8086, 0x10ed)]),
  simple('nvme', 'nvme', [PCI_DEVICE_CLASS(0x010802, 0xffffff)]),
  { name: 'pci-stub', module: 'pci_stub', source: 'temporary', idTable: () => null, exists: always, probe_model: 'pci-stub', sriov_configure: false },
  {
    name: 'vfio-pci', module: 'vfio_pci', source: 'temporary', exists: always, probe_model: 'vfio-pci', sriov_configure: true,
    idTable: (q) => (q.vfioPciTable === 'none' ? null : [PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_ANY_ID, PCI_ANY_ID)]),
  },
];

const norm = (s: string): string => s.replace(/-/g, '_');

export function findDriver(name: string): CatalogueEntry | undefined {
  return CATALOGUE.find((e) => e.name === name) ?? CATALOGUE.find((e) => norm(e.module) === norm(name) || norm(e.name) === norm(name));
}
