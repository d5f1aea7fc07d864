// Reads of plain attributes (pci-sysfs.c show functions; symlinks read with readlink).
import type { Kernel } from '../model/kernel.js';
import type { SysfsTarget } from './sysfs.js';
import { ENOENT } from '../model/errno.js';
import { pci_sriov_get_totalvfs } from '../model/pci/iov.js';
import { vmbusReadAttr } from '../model/vmbus/vmbus-sysfs.js';
import { apMaskShow } from '../model/ap/masks.js';

const hex = (n: number, w: number): string => `0x${n.toString(16).padStart(w, '0')}\n`;
const up = (n: number, w: number): string => n.toString(16).toUpperCase().padStart(w, '0');

export function readAttr(k: Kernel, t: SysfsTarget, dev: number): string | number {
  const w = k.world;
  if (t.kind === 'bus' && (t.attr === 'apmask' || t.attr === 'aqmask'))
    return apMaskShow(t.attr === 'apmask' ? w.bus.ap.apm : w.bus.ap.aqm); // apmask_show: under ap_attr_mutex
  if (t.kind === 'bus') return `${w.bus.drivers_autoprobe[t.bus] ? 1 : 0}\n`;
  const s = w.devSpecs[dev];
  const d = w.devices[dev];
  const vmbus = vmbusReadAttr(k, dev, t.attr);
  if (vmbus !== undefined) return vmbus;
  switch (t.attr) {
    case '':
      return s.bdf; // drivers/<drv>/<bdf> link exists
    case 'driver':
      return k.drvName(d.driver); // readlink basename
    case 'vendor':
      return hex(s.vendor, 4);
    case 'device':
      return hex(s.device, 4);
    case 'subsystem_vendor':
      return hex(s.subvendor, 4);
    case 'subsystem_device':
      return hex(s.subdevice, 4);
    case 'class':
      return hex(s.class, 6);
    case 'revision':
      return hex(s.revision, 2);
    case 'modalias':
      return (
        `pci:v0000${up(s.vendor, 4)}d0000${up(s.device, 4)}` +
        `sv0000${up(s.subvendor, 4)}sd0000${up(s.subdevice, 4)}bc${up(s.class >> 16, 2)}sc${up((s.class >> 8) & 0xff, 2)}i${up(s.class & 0xff, 2)}\n`
      );
    case 'iommu_group':
      return s.iommu_group === null ? -ENOENT : String(s.iommu_group);
    case 'sriov_numvfs':
      return `${d.numvfs}\n`;
    case 'sriov_totalvfs':
      return `${pci_sriov_get_totalvfs(k, dev)}\n`;
    case 'sriov_drivers_autoprobe':
      return `${d.sriov_drivers_autoprobe ? 1 : 0}\n`;
    default:
      return -ENOENT;
  }
}
