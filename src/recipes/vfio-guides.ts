// VFIO recipes from documentation and community scripts.
import type { KGen } from '../runtime/step.js';
import type { Proc } from '../ops/proc.js';
import type { Recipe } from './types.js';
import { hex4 } from '../util/hex.js';
import { DRIVERS_PROBE, dev, drvDir, echo, readIds } from './common.js';
import { EEXIST, ENOENT } from '../model/errno.js';

/** Documentation/driver-api/vfio.rst "VFIO Usage Example": unbind, new_id, for the device and its group's non-bridge peers. */
function* vfioDoc(p: Proc, bdf: string): KGen<number> {
  if (typeof (yield* p.read(`${dev(bdf)}/iommu_group`)) !== 'string')
    return p.fail(`readlink: ${dev(bdf)}/iommu_group: No such file or directory`, 1);
  if ((yield* p.modprobe('vfio-pci')) < 0) return p.fail('modprobe: FATAL: Module vfio-pci not found', 1);
  const bindOne = function* (m: string): KGen<void> {
    const ids = yield* readIds(p, m); // lspci -n -s
    yield* echo(p, `${dev(m)}/driver/unbind`, m);
    if (ids) yield* echo(p, `${drvDir('vfio-pci')}/new_id`, `${hex4(ids.vendor)} ${hex4(ids.device)}`);
  };
  yield* bindOne(bdf);
  // Only then: ls iommu_group/devices, and the same for each peer that is not a bridge.
  for (const m of (yield* p.groupMembers(bdf)).filter((x) => x !== bdf)) {
    if ((yield* p.headerType(m)) === 'normal') yield* bindOne(m);
  }
  return 0;
}

/** andre-richter/vfio-pci-bind vfio-pci-bind.sh: override every type-0 group member, then unbind + drivers_probe. */
function* vfioPciBind(p: Proc, bdf: string): KGen<number> {
  if (!(yield* p.exists(dev(bdf)))) return p.fail(`Error: Device ${bdf} does not exist`, 1);
  const members = yield* p.groupMembers(bdf);
  if (members.length === 0) return p.fail(`Error: No signs of an IOMMU for ${bdf}`, 1);
  const targets: string[] = [];
  for (const m of members) if ((yield* p.headerType(m)) === 'normal') targets.push(m); // setpci 0e.b & 0x7f == 0
  if ((yield* p.modprobe('vfio-pci')) < 0) return p.fail('Error: Could not load vfio-pci', 1); // modprobe -i
  for (const m of targets) {
    yield* echo(p, `${dev(m)}/driver_override`, 'vfio-pci\n');
    if ((yield* p.driverOf(m)) === 'vfio-pci') continue;
    yield* echo(p, `${dev(m)}/driver/unbind`, m);
    yield* echo(p, DRIVERS_PROBE, m);
  }
  return 0; // the override is never cleared; no success check
}

/** Arch wiki vfio-pci-override.sh (as in users' copies): override each device, then modprobe -i vfio-pci. */
function* archOverride(p: Proc, bdfs: string[]): KGen<number> {
  for (const b of bdfs) yield* echo(p, `${dev(b)}/driver_override`, 'vfio-pci\n');
  if ((yield* p.modprobe('vfio-pci')) < 0) return p.fail('modprobe: FATAL: Module vfio-pci not found', 1);
  return 0;
}

/**
 * Proxmox pve-common SysFSTools.pm pci_dev_bind_to_vfio: new_id (EEXIST accepted since 3b6ce50,
 * 2024-11-11), unbind, bind unless new_id already bound it. No remove_id, no override.
 */
function* proxmox(p: Proc, bdf: string, version: string): KGen<number> {
  const vfio = drvDir('vfio-pci');
  if (!(yield* p.exists(vfio))) {
    yield* p.modprobe('vfio-pci');
    if (!(yield* p.exists(vfio))) return p.fail('Cannot find vfio-pci module!', 1);
  }
  if (yield* p.exists(`${vfio}/${bdf}`)) return 0;
  const ids = yield* readIds(p, bdf);
  const r = ids ? yield* p.write(`${vfio}/new_id`, `${hex4(ids.vendor)} ${hex4(ids.device)}`) : -ENOENT;
  if (r < 0 && !(r === -EEXIST && version === '2024-11'))
    return p.fail(`unable to bind ${bdf} to vfio-pci (new_id)`, 1);
  const u = yield* p.write(`${dev(bdf)}/driver/unbind`, bdf);
  // A failure is forgiven when the unbind file is gone afterwards (the device is unbound by now).
  if (u < 0 && (yield* p.exists(`${dev(bdf)}/driver/unbind`))) return p.fail(`unable to unbind ${bdf}`, 1);
  if (!(yield* p.exists(`${vfio}/${bdf}`)) && (yield* p.write(`${vfio}/bind`, bdf)) < 0)
    return p.fail(`unable to bind ${bdf} to vfio-pci`, 1);
  return (yield* p.exists(`${vfio}/${bdf}`)) ? 0 : p.fail(`${bdf} is not bound to vfio-pci`, 1);
}

const one = { name: 'bdf', kind: 'bdf', doc: 'the device' } as const;

export const VFIO_GUIDES: readonly Recipe[] = [
  {
    name: 'kernel-doc vfio-bind',
    source: 'Linux Documentation/driver-api/vfio.rst, "VFIO Usage Example" (also QEMU qemu-block-drivers, kvmtool)',
    versions: ['doc'],
    args: [one],
    run: (p, a) => vfioDoc(p, a.bdf),
  },
  {
    name: 'vfio-pci-bind',
    source: 'andre-richter/vfio-pci-bind vfio-pci-bind.sh @ 4fb8cab0 (run by 25-vfio-pci-bind.rules on add)',
    versions: ['4fb8cab0'],
    args: [one],
    run: (p, a) => vfioPciBind(p, a.bdf),
  },
  {
    name: 'arch vfio-pci-override',
    source:
      'Arch wiki "PCI passthrough via OVMF" vfio-pci-override.sh (body as in users\' copies; the page itself unverified)',
    versions: ['wiki'],
    args: [{ name: 'bdf', kind: 'bdfs', doc: 'DEVS, space-separated' }],
    run: (p, a) => archOverride(p, a.bdf.split(/\s+/)),
  },
  {
    name: 'proxmox bind-to-vfio',
    source: 'Proxmox pve-common src/PVE/SysFSTools.pm pci_dev_bind_to_vfio (@ f665029; EEXIST fix 3b6ce50)',
    versions: ['2024-11', '2024-10'],
    args: [one],
    run: (p, a) => proxmox(p, a.bdf, a.version),
  },
];
