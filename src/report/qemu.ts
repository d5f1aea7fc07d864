// How a modelled PCI device becomes a QEMU device, shared by `export --format qmp` and the real-kernel oracle:
// one device per PCIe root port `rp<bus>`, named `dev<bus>`.
import { hex4 } from '../util/hex.js';

/** QEMU device models for catalogue devices, by vendor:device, or vendor:device:revision where it matters. */
const QEMU_MODELS: Readonly<Record<string, string>> = {
  '8086:10d3': 'e1000e',
  '8086:100e': 'e1000',
  '8086:10c9': 'igb', // QEMU 8.0+: an 82576 PF with 8 VFs (8086:10ca), VF offset 0x80, stride 2 (hw/net/igb.c)
  '10ec:8139:20': 'rtl8139', // QEMU's rtl8139 is revision 0x20 (an RTL8139C+)
};

export function qemuModel(d: {
  readonly vendor: number;
  readonly device: number;
  readonly revision: number;
}): string | null {
  const id = `${hex4(d.vendor)}:${hex4(d.device)}`;
  return QEMU_MODELS[id] ?? QEMU_MODELS[`${id}:${d.revision.toString(16).padStart(2, '0')}`] ?? null;
}

/** The root-port bus number of a BDF (0000:BB:00.0). */
export const busOf = (bdf: string): number => parseInt(bdf.slice(5, 7), 16);

/** `-device` argument of a device present at boot. */
export const qemuDeviceArg = (model: string, bus: number): string => `${model},bus=rp${bus},id=dev${bus},romfile=`;

export interface QmpCommand {
  readonly execute: string;
  readonly arguments: Readonly<Record<string, string>>;
}

/** Hot-add: device_add on the bus's root port (romfile= keeps QEMU from loading an option ROM). */
export const qmpDeviceAdd = (model: string, bus: number): QmpCommand => ({
  execute: 'device_add',
  arguments: { driver: model, id: `dev${bus}`, bus: `rp${bus}`, romfile: '' },
});

/** Surprise removal. */
export const qmpDeviceDel = (bus: number): QmpCommand => ({ execute: 'device_del', arguments: { id: `dev${bus}` } });
