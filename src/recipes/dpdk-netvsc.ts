// DPDK doc/guides/nics/netvsc.rst (DPDK/dpdk @20bbce05a8fd), "On older kernels, the same effect can be had by
// manual sysfs bind and unbind operations": the guide's shell lines as a script (no `set -e`: each line runs).
// The new_id it writes is never removed, so every netvsc offer left unbound now or later can go to uio_hv_generic.
import type { KGen } from '../runtime/step.js';
import type { Proc } from '../ops/proc.js';
import type { Recipe } from './types.js';
import { echo } from './common.js';
import { HV_NIC_GUID } from '../model/vmbus/guid.js';

const drv = (d: string): string => `/sys/bus/vmbus/drivers/${d}`;

/** NET_UUID=f8615163-…; modprobe uio_hv_generic; echo NET_UUID > new_id; echo DEV > hv_netvsc/unbind; … /bind. */
function* netvscGuide(p: Proc, uuid: string): KGen<number> {
  if ((yield* p.modprobe('uio_hv_generic')) < 0) p.warn('modprobe: FATAL: Module uio_hv_generic not found');
  yield* echo(p, `${drv('uio_hv_generic')}/new_id`, `${HV_NIC_GUID}\n`);
  yield* echo(p, `${drv('hv_netvsc')}/unbind`, `${uuid}\n`);
  // The script's status is its last command's: the bind.
  return (yield* echo(p, `${drv('uio_hv_generic')}/bind`, `${uuid}\n`)) < 0 ? 1 : 0;
}

export const DPDK_NETVSC: readonly Recipe[] = [
  {
    name: 'dpdk netvsc-guide',
    source:
      'DPDK doc/guides/nics/netvsc.rst @20bbce05a8fd: new_id of the netvsc class GUID on uio_hv_generic, unbind ' +
      'from hv_netvsc, bind to uio_hv_generic ("on older kernels"; the guide prefers driverctl -b vmbus set-override)',
    versions: ['netvsc.rst'],
    bus: 'vmbus',
    args: [
      { name: 'bdf', kind: 'bdf', doc: 'the NIC: its vmbus instance GUID (DEV_UUID, from /sys/class/net/eth1/device)' },
    ],
    run: (p, a) => netvscGuide(p, a.bdf),
  },
];
