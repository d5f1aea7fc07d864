// One scenario, sequentially (FIFO), on the model and on the real kernel in QEMU: each write's result and
// the final bindings, compared. The oracle judges semantics, not races.
import type { Scenario, OpDecl } from '../../scenario/types.js';
import { findProfile } from '../../profiles/index.js';
import { runScenario, type RunResult } from '../../exec/run.js';
import { ORACLE_MODULES } from './initramfs.js';
import { Guest, type GuestDevice } from './guest.js';
import type { OracleEnv } from './environment.js';

/** QEMU device models for catalogue IDs (vendor:device[:revision]). */
const QEMU_MODELS: Record<string, string> = { '8086:10d3': 'e1000e', '8086:100e': 'e1000', '10ec:8139:20': 'rtl8139' };

export interface Side {
  /** Per op, in FIFO order: "ok", an errno name, or "-" for reads (not compared). */
  readonly ops: readonly string[];
  readonly bindings: Readonly<Record<string, string | null>>;
}

export type Verdict =
  | { readonly scenario: string; readonly supported: false; readonly reason: string }
  | { readonly scenario: string; readonly supported: true; readonly agree: boolean; readonly model: Side; readonly kernel: Side; readonly ms: number };

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** Why the oracle cannot run a scenario, or the QEMU devices it needs. */
export function plan(s: Scenario): { devices: GuestDevice[]; iommu: boolean } | { reason: string } {
  if (s.udev.length) return { reason: 'udev rules are not run in the guest' };
  for (const d of s.drivers) {
    if (d.inline) return { reason: `inline driver "${d.name}"` };
    if (!ORACLE_MODULES.includes(d.name)) return { reason: `driver "${d.name}" is not in the guest's initramfs` };
    if (d.probe) return { reason: `driver "${d.name}" has a modelled probe result` };
  }
  const devices: GuestDevice[] = [];
  for (const d of s.devices) {
    const m = /^0000:0([1-9]):00\.0$/.exec(d.bdf);
    if (!m) return { reason: `${d.bdf}: only 0000:0N:00.0 (one device per root port) is emulated` };
    if (d.sriov || d.pf) return { reason: `${d.bdf}: SR-IOV is not emulated` };
    if (d.override !== null) return { reason: `${d.bdf}: an initial driver_override needs a boot-time hook` };
    const model = QEMU_MODELS[`${hex4(d.vendor)}:${hex4(d.device)}`] ?? QEMU_MODELS[`${hex4(d.vendor)}:${hex4(d.device)}:${d.revision.toString(16).padStart(2, '0')}`];
    if (!model) return { reason: `${d.bdf}: no QEMU model for ${hex4(d.vendor)}:${hex4(d.device)} rev ${d.revision.toString(16)}` };
    devices.push({ port: Number(m[1]), model, present: d.present });
  }
  for (const a of s.actors) for (const op of a.ops) if (op.kind === 'recipe') return { reason: `actor ${a.name} runs a recipe (${op.recipe})` };
  // A vIOMMU gives every device a group of its own; without one no device has a group.
  const grouped = s.devices.filter((d) => d.iommu_group !== null).length;
  if (grouped !== 0 && grouped !== s.devices.length) return { reason: 'some devices have an IOMMU group and some not' };
  return { devices, iommu: grouped > 0 && s.drivers.some((d) => d.name === 'vfio-pci') };
}

/**
 * An `echo -n -e` argument writing exactly `v`. busybox's echo reports a failed write's errno text
 * ("sh: write error: No such device"), where its printf stays silent (design §8).
 */
function echoArg(v: string): string {
  let out = '';
  for (const ch of Buffer.from(v, 'utf8')) {
    if (ch === 0x5c) out += '\\\\';
    else if (ch === 0x27) out += "'\\''";
    else if (ch < 0x20 || ch >= 0x7f) out += `\\0${ch.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(ch);
  }
  return out;
}

const STRERROR: Record<string, string> = {
  'No such device': '-ENODEV', 'File exists': '-EEXIST', 'Device or resource busy': '-EBUSY', 'Invalid argument': '-EINVAL',
  'No such file or directory': '-ENOENT', 'nonexistent directory': '-ENOENT', 'Permission denied': '-EACCES', 'Numerical result out of range': '-ERANGE',
  'Resource temporarily unavailable': '-EAGAIN', 'Input/output error': '-EIO', 'Operation not permitted': '-EPERM', 'No space left on device': '-ENOSPC',
};

function errnoOf(out: string): string {
  for (const [text, name] of Object.entries(STRERROR)) if (out.includes(text)) return name;
  return `error (${out.split('\n').pop() ?? ''})`;
}

/**
 * How the guest hot-plugs. `qmp`: QEMU device_add/device_del on the root port (a fresh guest per scenario).
 * `sysfs`: the device stays in QEMU and the guest removes it (`remove`) and finds it again with a rescan
 * of its root port's bus (`pci_bus/…/rescan`): the same pci_stop_and_remove_bus_device and
 * pci_bus_add_devices → device_attach paths as pciehp, and QEMU's device list stays the snapshot's.
 */
export type Hotplug = 'qmp' | 'sysfs';

async function guestHotplug(g: Guest, op: Extract<OpDecl, { kind: 'hotplug' }>, devices: readonly GuestDevice[], how: Hotplug): Promise<string> {
  const port = Number(op.bdf.slice(6, 7));
  if (how === 'sysfs') {
    const r = await g.sh(op.action === 'add' ? `echo 1 > /sys/class/pci_bus/0000:0${port}/rescan` : `echo 1 > /sys/bus/pci/devices/${op.bdf}/remove`);
    return r.status === 0 ? 'ok' : errnoOf(r.out);
  }
  const d = devices.find((x) => x.port === port)!;
  if (op.action === 'add') await g.command('device_add', { driver: d.model, bus: `rp${port}`, id: `dev${port}`, romfile: '' });
  else await g.command('device_del', { id: `dev${port}` });
  // pciehp takes a moment: wait until the device appears (or is gone) and its probe has run.
  const until = op.action === 'add' ? `[ ! -e /sys/bus/pci/devices/${op.bdf} ]` : `[ -e /sys/bus/pci/devices/${op.bdf} ]`;
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
      return r.status === 0 ? 'ok' : errnoOf(r.out) === '-ENOENT' || /not found/.test(r.out) ? '-ENOENT' : errnoOf(r.out);
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

async function guestBindings(g: Guest, bdfs: readonly string[]): Promise<Record<string, string | null>> {
  const r = await g.sh('for d in /sys/bus/pci/devices/*; do l=$(readlink $d/driver); echo "@@B ${d##*/} ${l##*/}"; done');
  const out: Record<string, string | null> = {};
  for (const line of r.out.split('\n')) {
    const m = /^@@B (\S+) ?(\S*)/.exec(line.trim());
    if (m && bdfs.includes(m[1])) out[m[1]] = m[2] === '' ? null : m[2];
  }
  return out;
}

/** The model's side: a FIFO run (`r` when the caller has one). */
export function modelSide(s: Scenario, profileName: string, r: RunResult = runScenario(s, findProfile(profileName)!)): Side {
  const ops = s.actors.flatMap((a) => a.ops);
  return { ops: r.ops.map((o, i) => (ops[i]?.kind === 'read' ? '-' : o.result)), bindings: r.bindings };
}

/** Boots the scenario's world (absent devices, drivers_autoprobe, drivers in order), runs the ops, reads the bindings. */
async function kernelSide(guest: Guest, s: Scenario, devices: readonly GuestDevice[], how: Hotplug): Promise<Side> {
  // The snapshot guest has every device plugged: the scenario's absent ones, and those it does not have,
  // leave before any driver loads.
  if (how === 'sysfs') {
    for (const d of devices) {
      const bdf = `0000:0${d.port}:00.0`;
      if (!s.devices.some((x) => x.bdf === bdf && x.present)) await guest.sh(`echo 1 > /sys/bus/pci/devices/${bdf}/remove`);
    }
  }
  if (!s.bus.drivers_autoprobe) await guest.sh('echo 0 > /sys/bus/pci/drivers_autoprobe');
  for (const d of s.drivers) if (d.loaded) await guest.sh(`modprobe ${d.name} ${d.params}`);
  const kops: string[] = [];
  for (const op of s.actors.flatMap((a) => a.ops)) kops.push(await guestOp(guest, op, devices, how));
  return { ops: kops, bindings: await guestBindings(guest, s.devices.map((d) => d.bdf)) };
}

const agrees = (m: Side, k: Side): boolean => JSON.stringify(m.ops) === JSON.stringify(k.ops) && JSON.stringify(sorted(m.bindings)) === JSON.stringify(sorted(k.bindings));

/** Model and kernel side by side for one scenario (FIFO), on a freshly booted guest. */
export async function differential(env: OracleEnv, initrd: Buffer, s: Scenario, profileName: string): Promise<Verdict> {
  const p = plan(s);
  if ('reason' in p) return { scenario: s.name, supported: false, reason: p.reason };
  const t0 = Date.now();
  const model = modelSide(s, profileName);
  const { guest } = await Guest.boot(env, initrd, p.devices, p.iommu);
  try {
    const kernel = await kernelSide(guest, s, p.devices, 'qmp');
    return { scenario: s.name, supported: true, agree: agrees(model, kernel), model, kernel, ms: Date.now() - t0 };
  } finally {
    guest.close();
  }
}

/** The fixed world of generated traces: two 82574L twins and an 82540EM. */
export const GENERATED_DEVICES: readonly GuestDevice[] = [
  { port: 1, model: 'e1000e', present: true }, { port: 2, model: 'e1000e', present: true }, { port: 3, model: 'e1000', present: true },
];

/** Many traces on one guest: booted once, snapshotted before any module loads, restored per trace. */
export class SnapshotOracle {
  private constructor(private readonly guest: Guest) {}

  static async start(env: OracleEnv, initrd: Buffer): Promise<SnapshotOracle> {
    // A vIOMMU, so every device has an IOMMU group and vfio-pci binds (the guest boots with iommu=pt:
    // translated DMA breaks loadvm of q35's idle AHCI). vfio-pci's refusal without a group is a fact (--facts).
    const { guest } = await Guest.boot(env, initrd, GENERATED_DEVICES, true, true);
    await guest.snapshot('savevm', 'base');
    return new SnapshotOracle(guest);
  }

  /** Runs `s` if its devices are the snapshot's (same models on the same ports, each in an IOMMU group). */
  async run(s: Scenario, profileName: string): Promise<Verdict> {
    const p = plan(s);
    if ('reason' in p) return { scenario: s.name, supported: false, reason: p.reason };
    const off = p.devices.find((x) => !GENERATED_DEVICES.some((g) => g.port === x.port && g.model === x.model));
    if (off || s.devices.some((d) => d.iommu_group === null)) {
      return { scenario: s.name, supported: false, reason: 'not the snapshot guest\'s world (82574L at 01 and 02, 82540EM at 03, each in an IOMMU group)' };
    }
    const t0 = Date.now();
    await this.guest.snapshot('loadvm', 'base');
    const model = modelSide(s, profileName);
    const kernel = await kernelSide(this.guest, s, GENERATED_DEVICES, 'sysfs');
    return { scenario: s.name, supported: true, agree: agrees(model, kernel), model, kernel, ms: Date.now() - t0 };
  }

  close(): void {
    this.guest.close();
  }
}

const sorted = (b: Readonly<Record<string, string | null>>): [string, string | null][] => Object.entries(b).sort(([a], [c]) => a.localeCompare(c));
