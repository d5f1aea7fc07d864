// Real vmbus drivers' tables (struct hv_driver), by driver name: what binding needs of them.
import type { VmbusDriverIds } from '../types.js';
import { HV_NIC_GUID } from './guid.js';

export interface VmbusCatalogueEntry extends VmbusDriverIds {
  /** /sys/bus/vmbus/drivers/<name> (hv_driver.name). */
  readonly name: string;
  /** Module name for modprobe/rmmod. */
  readonly module: string;
  /** Where the table comes from (file, what it says). */
  readonly source: string;
}

export const VMBUS_DRIVERS: readonly VmbusCatalogueEntry[] = [
  {
    name: 'hv_netvsc',
    module: 'hv_netvsc',
    id_table: [HV_NIC_GUID],
    hvsock: false,
    source: 'drivers/net/hyperv/netvsc_drv.c netvsc_drv: .name = KBUILD_MODNAME, id_table { HV_NIC_GUID }',
  },
  {
    name: 'uio_hv_generic',
    module: 'uio_hv_generic',
    id_table: null,
    hvsock: false,
    source: "drivers/uio/uio_hv_generic.c hv_uio_drv: .id_table = NULL /* only dynamic id's */ (4.10, 95096f2fbd10)",
  },
  {
    name: 'hv_sock',
    module: 'hv_sock',
    id_table: [],
    hvsock: true,
    source: 'net/vmw_vsock/hyperv_transport.c hvs_drv: .hvsock = true, an empty id_table ("isn\'t really used")',
  },
];

export function findVmbusDriver(name: string): VmbusCatalogueEntry | undefined {
  return VMBUS_DRIVERS.find((d) => d.name === name || d.module === name.replace(/-/g, '_'));
}
