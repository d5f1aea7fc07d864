// Units replayed in the guest: each raw op or recipe call as a shell command (or a QMP hot-plug), and its
// result spelled as the model spells it.
import type { OpDecl } from '../../scenario/types.js';
import type { Call } from '../../ops/proc.js';
import type { Guest } from './guest.js';
import type { GuestDevice } from '../../oracle/plan.js';
import { NOT_COMPARED, errnoOf, type Unit } from '../../oracle/units.js';
import { shellBytes } from '../../report/shell.js';
import { qmpDeviceAdd, qmpDeviceDel } from '../../report/qemu.js';
import { IOMMU_CLASS } from '../../recipes/dpdk-devbind.js';

/**
 * An `echo -n -e` argument writing exactly `v`. busybox's echo reports a failed write's errno text
 * ("sh: write error: No such device"), where its printf stays silent (design §8).
 */
const echoArg = (v: string): string => shellBytes(v, 'echo');

/**
 * How the guest hot-plugs. `qmp`: QEMU device_add/device_del on the root port (a fresh guest per scenario).
 * `sysfs`: the device stays in QEMU and the guest removes it (`remove`) and finds it again with a rescan
 * of its root port's bus (`pci_bus/…/rescan`): the same pci_stop_and_remove_bus_device and
 * pci_bus_add_devices → device_attach paths as pciehp, and QEMU's device list stays the snapshot's.
 */
export type Hotplug = 'qmp' | 'sysfs';

async function guestHotplug(
  g: Guest,
  op: Extract<OpDecl, { kind: 'hotplug' }>,
  devices: readonly GuestDevice[],
  how: Hotplug,
): Promise<string> {
  const port = Number(op.bdf.slice(6, 7));
  if (how === 'sysfs') {
    const r = await g.sh(
      op.action === 'add'
        ? `echo 1 > /sys/class/pci_bus/0000:0${port}/rescan`
        : `echo 1 > /sys/bus/pci/devices/${op.bdf}/remove`,
    );
    return r.status === 0 ? 'ok' : errnoOf(r.out);
  }
  const d = devices.find((x) => x.port === port)!;
  const c = op.action === 'add' ? qmpDeviceAdd(d.model, port) : qmpDeviceDel(port);
  await g.command(c.execute, c.arguments);
  // pciehp takes a moment: wait until the device appears (or is gone) and its probe has run.
  const until =
    op.action === 'add' ? `[ ! -e /sys/bus/pci/devices/${op.bdf} ]` : `[ -e /sys/bus/pci/devices/${op.bdf} ]`;
  await g.sh(`i=0; while ${until} && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; sleep 0.5`, 20_000);
  return 'ok';
}

async function guestOp(g: Guest, op: OpDecl, devices: readonly GuestDevice[], how: Hotplug): Promise<string> {
  switch (op.kind) {
    case 'write': {
      const r = await g.sh(`echo -n -e '${echoArg(op.value)}' > ${op.path}`);
      return r.status === 0 ? 'ok' : errnoOf(r.out);
    }
    case 'read':
      await g.sh(`cat ${op.path} > /dev/null 2>&1`);
      return '-';
    case 'modprobe': {
      const r = await g.sh(`modprobe ${op.module} ${op.params}`);
      return r.status === 0
        ? 'ok'
        : errnoOf(r.out) === '-ENOENT' || /not found/.test(r.out)
          ? '-ENOENT'
          : errnoOf(r.out);
    }
    case 'rmmod': {
      const r = await g.sh(`rmmod ${op.module.replace(/-/g, '_')}`);
      return r.status === 0 ? 'ok' : '-ENOENT';
    }
    case 'hotplug':
      return guestHotplug(g, op, devices, how);
    case 'recipe':
      return '-';
  }
}

/** A recipe's call in the guest. Writes go through the shell's `>` (O_CREAT), like every recipe but libvirt's. */
async function guestCall(g: Guest, c: Call): Promise<string> {
  switch (c.call) {
    case 'write': {
      const r = await g.sh(`echo -n -e '${echoArg(c.value ?? '')}' > ${c.path}`);
      return r.status === 0 ? 'ok' : errnoOf(r.out);
    }
    case 'stat':
      return (await g.sh(`[ -e ${c.path} ]`)).status === 0 ? 'exists' : 'missing';
    case 'read': {
      if (c.path === IOMMU_CLASS.path) {
        // A directory dpdk-devbind 26.07 lists (os.listdir), not a file: any entry is an IOMMU.
        const r = await g.sh(`ls -A ${c.path}`);
        return r.status === 0 && r.out.trim() !== '' ? IOMMU_CLASS.present : IOMMU_CLASS.none;
      }
      if (c.path.endsWith('/driver')) {
        const r = await g.sh(`readlink ${c.path}`);
        return r.status === 0 ? r.out.trim().split('/').pop()! : '-ENOENT';
      }
      const r = await g.sh(`cat ${c.path}`);
      return r.status === 0 ? r.out.trimEnd() : errnoOf(r.out);
    }
    case 'modprobe':
      return guestOp(g, { kind: 'modprobe', module: c.path, params: c.value ?? '' }, [], 'sysfs');
    case 'rmmod':
      return guestOp(g, { kind: 'rmmod', module: c.path }, [], 'sysfs');
    case 'readdir':
      return NOT_COMPARED;
  }
}

/** Runs one unit in the guest; its result spelled as the model spells it ("-" where not compared). */
export async function guestUnit(g: Guest, u: Unit, devices: readonly GuestDevice[], how: Hotplug): Promise<string> {
  if ('op' in u) return guestOp(g, u.op, devices, how);
  return u.model === NOT_COMPARED ? NOT_COMPARED : guestCall(g, u.call);
}
