// QEMU's command line for an oracle guest, and how it is started: the host's QEMU directly, or the QEMU of the
// oracle's own Debian 13 root (scripts/oracle-sriov-setup.sh) through chroot, with every file it opens
// (initramfs, kernel copy, snapshot image, QMP socket) in a folder inside that root.
import { qemuDeviceArg } from '../../report/qemu.js';

export interface QemuDevice {
  readonly port: number;
  readonly model: string;
  readonly present: boolean;
}

export interface QemuOptions {
  /** The guest's folder as QEMU sees it (inside the chroot when there is one). */
  readonly dir: string;
  readonly kernel: string;
  readonly devices: readonly QemuDevice[];
  readonly iommu: boolean;
  readonly snapshots: boolean;
}

/** The arguments after the QEMU binary: q35, one PCIe root port per bus, the devices present at boot. */
export function qemuArgs(o: QemuOptions): string[] {
  const ports = Math.max(3, ...o.devices.map((d) => d.port));
  const args = [
    '-M',
    o.iommu ? 'q35,kernel-irqchip=split' : 'q35',
    '-m',
    '512',
    '-display',
    'none',
    '-serial',
    'stdio',
    '-monitor',
    'none',
    '-no-reboot',
    '-nic',
    'none',
    '-qmp',
    `unix:${o.dir}/qmp.sock,server=on,wait=off`,
    '-kernel',
    o.kernel,
    '-initrd',
    `${o.dir}/initrd.gz`,
    '-append',
    // no_timer_check: under load a TCG guest with intel-iommu panics at early boot ("timer doesn't work through
    // Interrupt-remapped IO-APIC", apic_intr_mode_init -> dmar_fault) without it (the same line as branch kernels).
    `console=ttyS0 quiet panic=-1${o.iommu ? ' intel_iommu=on iommu=pt no_timer_check' : ''}`,
  ];
  if (o.iommu) args.push('-device', 'intel-iommu,intremap=on');
  // savevm/loadvm keep the VM state in a qcow2 image (not attached to any device).
  if (o.snapshots) args.push('-drive', `if=none,id=snap,format=qcow2,file=${o.dir}/snap.qcow2`);
  for (let p = 1; p <= ports; p++) args.push('-device', `pcie-root-port,id=rp${p},chassis=${p},slot=${p}`);
  for (const d of o.devices) if (d.present) args.push('-device', qemuDeviceArg(d.model, d.port));
  return args;
}

/** How to run a program of the QEMU installation: directly, or as `chroot ROOT /usr/bin/…`. */
export function qemuProgram(
  chroot: string | undefined,
  binary: string,
  args: readonly string[],
): { file: string; args: string[] } {
  return chroot ? { file: 'chroot', args: [chroot, binary, ...args] } : { file: binary, args: [...args] };
}
