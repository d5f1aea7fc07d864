// PCI functions as /sys/bus/pci/devices/* shows them (drivers/pci/pci-sysfs.c, iov.c attribute formats).
import type { HeaderType } from '../model/types.js';
import type { Reader } from './view.js';
import type { DeviceDecl } from '../scenario/types.js';

export interface HostSriov {
  readonly total_vfs: number;
  readonly vf_device: number;
  readonly vf_offset: number;
  readonly vf_stride: number;
  readonly numvfs: number;
  readonly drivers_autoprobe: boolean;
}

/** A function as the host shows it: the scenario's identity fields, plus what the host says beyond them. */
export interface HostDevice extends Pick<
  DeviceDecl,
  'bdf' | 'vendor' | 'device' | 'subvendor' | 'subdevice' | 'class' | 'revision' | 'header_type'
> {
  /** How header_type was found: the config header byte, or guessed from the class. */
  readonly headerFrom: 'config' | 'class';
  readonly iommu_group: number | null;
  readonly driver: string | null;
  readonly override: string | null;
  readonly sriov: HostSriov | null;
  /** BDF of the PF (physfn link) for a VF. */
  readonly physfn: string | null;
  /** On a slot whose hotplug driver can power it off and on (pci_hp_register's `power`/`adapter` files). */
  readonly hotplug: boolean;
}

export const DEVICES = '/sys/bus/pci/devices';
const BDF = /^[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\.[0-7]$/;

/** "0x8086\n" -> 0x8086 (vendor_show etc. print "0x%04x"); null when absent or not hex. */
function hexAttr(r: Reader, path: string): number | null {
  const t = r.text(path);
  return t !== null && /^(0x)?[0-9a-fA-F]+$/.test(t.trim()) ? parseInt(t.trim().replace(/^0x/, ''), 16) : null;
}

function intAttr(r: Reader, path: string): number | null {
  const t = r.text(path);
  return t !== null && /^\d+$/.test(t.trim()) ? parseInt(t.trim(), 10) : null;
}

/** PCI_HEADER_TYPE (config byte 0x0e, low 7 bits): 0 normal, 1 bridge, 2 cardbus; else guessed from the class. */
function headerType(r: Reader, dir: string, cls: number): { header_type: HeaderType; headerFrom: 'config' | 'class' } {
  const cfg = r.text(`${dir}/config`);
  if (cfg !== null && cfg.length > 0x0e) {
    const t = cfg.charCodeAt(0x0e) & 0x7f;
    if (t <= 2) return { header_type: (['normal', 'bridge', 'cardbus'] as const)[t], headerFrom: 'config' };
  }
  const guess: HeaderType = cls >> 8 === 0x0604 ? 'bridge' : cls >> 8 === 0x0607 ? 'cardbus' : 'normal';
  return { header_type: guess, headerFrom: 'class' };
}

/** sriov_* attributes of a PF (iov.c: sriov_totalvfs_show "%u", sriov_vf_device_show "%x", offset/stride "%u"). */
function sriovOf(r: Reader, dir: string): HostSriov | null {
  const total = intAttr(r, `${dir}/sriov_totalvfs`);
  if (total === null || total === 0) return null;
  return {
    total_vfs: total,
    vf_device: hexAttr(r, `${dir}/sriov_vf_device`) ?? 0,
    vf_offset: intAttr(r, `${dir}/sriov_offset`) ?? 1,
    vf_stride: intAttr(r, `${dir}/sriov_stride`) ?? 1,
    numvfs: intAttr(r, `${dir}/sriov_numvfs`) ?? 0,
    drivers_autoprobe: r.text(`${dir}/sriov_drivers_autoprobe`)?.trim() !== '0',
  };
}

/** Slot addresses ("0000:02:00") of hotplug slots: pci_hp_register adds `power`/`adapter` beside `address`. */
export function hotplugSlots(r: Reader): Set<string> {
  const out = new Set<string>();
  for (const s of r.list('/sys/bus/pci/slots')) {
    const dir = `/sys/bus/pci/slots/${s}`;
    const addr = r.text(`${dir}/address`)?.trim();
    const files = r.list(dir);
    if (addr && (files.includes('power') || files.includes('adapter'))) out.add(addr);
  }
  return out;
}

export function readDevice(r: Reader, bdf: string, slots: ReadonlySet<string>): HostDevice | string {
  const dir = `${DEVICES}/${bdf}`;
  const vendor = hexAttr(r, `${dir}/vendor`);
  const device = hexAttr(r, `${dir}/device`);
  const cls = hexAttr(r, `${dir}/class`);
  if (vendor === null || device === null || cls === null) return `${bdf}: vendor, device or class unreadable: left out`;
  const override = r.text(`${dir}/driver_override`);
  return {
    bdf,
    vendor,
    device,
    subvendor: hexAttr(r, `${dir}/subsystem_vendor`) ?? 0,
    subdevice: hexAttr(r, `${dir}/subsystem_device`) ?? 0,
    class: cls & 0xffffff,
    revision: hexAttr(r, `${dir}/revision`) ?? 0,
    ...headerType(r, dir, cls),
    iommu_group: ((g) => (g !== null && /^\d+$/.test(g) ? Number(g) : null))(r.linkName(`${dir}/iommu_group`)),
    driver: r.linkName(`${dir}/driver`),
    // driver_override_show prints "(null)" for none (sprintf %s of NULL); "" is 5.19's NUL-byte state.
    override: override === null || override === '(null)' ? null : override,
    sriov: sriovOf(r, dir),
    physfn: r.linkName(`${dir}/physfn`),
    hotplug: slots.has(bdf.slice(0, 10)),
  };
}

/** Every PCI function, in BDF order; what could not be read is said in `dropped`. */
export function readDevices(r: Reader): { devices: HostDevice[]; dropped: string[] } {
  const slots = hotplugSlots(r);
  const devices: HostDevice[] = [];
  const dropped: string[] = [];
  for (const name of r.list(DEVICES)) {
    if (!BDF.test(name)) {
      dropped.push(`${name}: not a BDF the scenario format takes: left out`);
      continue;
    }
    const d = readDevice(r, name, slots);
    if (typeof d === 'string') dropped.push(d);
    else devices.push(d);
  }
  return { devices, dropped };
}
