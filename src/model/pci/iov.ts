// drivers/pci/iov.c: sriov_numvfs, VF creation and removal, sriov_drivers_autoprobe.
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import { DEV_DRIVER, DEV_SRIOV, DRV_STATE, deviceLock, devObj, drvObj } from '../objects.js';
import { EBUSY, EINVAL, ENOENT, ERANGE } from '../errno.js';
import { pci_bus_add_device, pci_device_add } from './probe.js';
import { pci_stop_and_remove_bus_device } from './remove.js';

/** VF slots of a PF in VF-index order. */
export function vfsOf(k: Kernel, pf: number): number[] {
  const out: number[] = [];
  k.world.devSpecs.forEach((s, i) => {
    if (s.pf === pf) out[s.vf_index] = i;
  });
  return out;
}

/** kstrtoul-style parse (base 0: 0x hex, leading 0 octal), one trailing newline allowed. */
export function kstrtoul(buf: string): number | null {
  const s = buf.endsWith('\n') ? buf.slice(0, -1) : buf;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[0-7]*$/.test(s)) return parseInt(s, 8);
  if (/^[1-9][0-9]*$/.test(s)) return parseInt(s, 10);
  return null;
}

/** kstrtobool: y/Y/1/on true; n/N/0/off false (lib/kstrtox.c). */
export function kstrtobool(buf: string): boolean | null {
  const c0 = buf[0];
  if (c0 === 'y' || c0 === 'Y' || c0 === '1') return true;
  if (c0 === 'n' || c0 === 'N' || c0 === '0') return false;
  if ((c0 === 'o' || c0 === 'O') && buf.length > 1) {
    if (buf[1] === 'n' || buf[1] === 'N') return true;
    if (buf[1] === 'f' || buf[1] === 'F') return false;
  }
  return null;
}

/** Does the bound driver have ->sriov_configure in this era (vfio-pci: 5.7+, and only with enable_sriov=1). */
function sriovConfigureOf(k: Kernel, drv: number): 'yes' | 'no' | 'disabled' {
  const spec = k.world.drvSpecs[drv];
  if (!spec.sriov_configure) return 'no';
  if (spec.probe_model !== 'vfio-pci') return 'yes';
  if (!k.quirks.vfioSriov) return 'no';
  return /(^|\s)enable_sriov=(1|y|Y)/.test(k.world.drivers[drv].params) ? 'yes' : 'disabled';
}

/**
 * pci_sriov_get_totalvfs (v6.1): driver_max_VFs, which a PF driver's probe may lower (pci_sriov_set_totalvfs; igb_probe_vfs
 * sets 7) and pci_iov_remove resets to TotalVFs when the driver goes; so the bound driver's limit, else the capability's.
 */
export function pci_sriov_get_totalvfs(k: Kernel, pf: number): number {
  const total = k.world.devSpecs[pf].sriov?.total_vfs ?? 0;
  const drv = k.world.devices[pf].driver;
  const lowered = drv >= 0 ? k.world.drvSpecs[drv].sriov_totalvfs : undefined;
  return lowered !== undefined && lowered <= total ? lowered : total; // set_totalvfs refuses more than TotalVFs
}

/** sriov_numvfs_store: under the PF's device_lock, the PF driver's sriov_configure creates or removes VFs. */
export function* sriov_numvfs_store(k: Kernel, pf: number, buf: string, count: number): KGen<number> {
  const num = kstrtoul(buf);
  if (num === null || num > 0xffff) return -EINVAL;
  const cap = k.world.devSpecs[pf].sriov!;
  if (num > cap.total_vfs) return -ERANGE;
  yield step(
    'sriov_numvfs_store',
    k.devName(pf),
    [devObj(pf, DEV_DRIVER), devObj(pf, DEV_SRIOV)],
    [devObj(pf, DEV_SRIOV)],
    deviceLock(pf),
  );
  const d = k.world.devices[pf];
  if (d.driver >= 0) k.touch([drvObj(d.driver, DRV_STATE)]); // the driver's module parameters
  let r = count;
  // The kernel compares with driver_max_VFs before device_lock; a lowered limit is checked here, where the step
  // has read the binding it depends on (TotalVFs, which cannot change, was checked above).
  if (num > pci_sriov_get_totalvfs(k, pf)) r = -ERANGE;
  else if (num === d.numvfs) r = count;
  else if (d.driver < 0) r = -ENOENT;
  else {
    const conf = sriovConfigureOf(k, d.driver);
    if (conf === 'no') r = -ENOENT;
    else if (conf === 'disabled') {
      k.note('vfio-pci: enable_sriov is off');
      r = -ENOENT;
    } else if (num === 0) yield* sriov_disable(k, pf);
    else if (d.numvfs !== 0) r = -EBUSY;
    else yield* sriov_enable(k, pf, num);
  }
  k.unlock(deviceLock(pf));
  return r;
}

/** sriov_enable -> sriov_add_vfs -> pci_iov_add_virtfn: each VF added and attached in index order. */
export function* sriov_enable(k: Kernel, pf: number, num: number): KGen<void> {
  k.world.devices[pf].numvfs = num;
  const vfs = vfsOf(k, pf);
  for (let i = 0; i < num; i++) {
    yield* pci_device_add(k, vfs[i]);
    yield* pci_bus_add_device(k, vfs[i]);
  }
}

/** sriov_disable -> sriov_del_vfs: VFs removed in reverse order (pci_iov_remove_virtfn). */
export function* sriov_disable(k: Kernel, pf: number): KGen<void> {
  const vfs = vfsOf(k, pf);
  const num = k.world.devices[pf].numvfs;
  k.world.devices[pf].numvfs = 0; // the PF is locked throughout, so no reader sees the order
  for (let i = num - 1; i >= 0; i--) {
    if (k.world.devices[vfs[i]].present) yield* pci_stop_and_remove_bus_device(k, vfs[i]);
    k.world.devices[vfs[i]].hw = false;
  }
}

/** sriov_drivers_autoprobe_store (4.12+): a plain store, read at VF probe time only. */
export function* sriov_drivers_autoprobe_store(k: Kernel, pf: number, buf: string, count: number): KGen<number> {
  yield step('sriov_drivers_autoprobe_store', k.devName(pf), [], [devObj(pf, DEV_SRIOV)]);
  const v = kstrtobool(buf);
  if (v === null) return -EINVAL;
  k.world.devices[pf].sriov_drivers_autoprobe = v;
  return count;
}
