// A fake sysfs for one real tool run, made from the model: the booted world gives the tree (devices, their
// attributes and driver links, registered drivers, /sys/module), and the model's run of the same command gives
// the answers that change while the tool runs (lspci, modprobe) and the writes that fail, so the real tool sees
// what the modelled one saw and the two call sequences can be compared call by call.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import type { World } from '../../src/model/types.js';
import type { Call } from '../../src/ops/proc.js';
import { moduleKey } from '../../src/model/catalogue/index.js';
import { hex4 } from '../../src/util/hex.js';

export const devPath = (bdf: string): string => `/sys/devices/pci0000:00/${bdf}`;
const hex = (n: number, w: number): string => `0x${n.toString(16).padStart(w, '0')}`;
const isOpenFailure = (r: string): boolean => r === '-ENOENT' || r === '-EACCES';

function put(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** The devices, drivers and modules of the booted world, as sysfs shows them. */
function tree(root: string, w: World, overrideFile: boolean): void {
  w.devSpecs.forEach((s, i) => {
    const d = w.devices[i];
    if (!d.present) return;
    const p = devPath(s.bdf);
    put(root, `${p}/vendor`, `${hex(s.vendor, 4)}\n`);
    put(root, `${p}/device`, `${hex(s.device, 4)}\n`);
    put(root, `${p}/class`, `${hex(s.class, 6)}\n`);
    if (overrideFile) put(root, `${p}/driver_override`, `${d.override ?? '(null)'}\n`);
    mkdirSync(join(root, '/sys/bus/pci/devices'), { recursive: true });
    symlinkSync(`../../..${p.slice(4)}`, join(root, `/sys/bus/pci/devices/${s.bdf}`));
    if (d.driver >= 0) symlinkSync(`../../../bus/pci/drivers/${w.drvSpecs[d.driver].name}`, join(root, `${p}/driver`));
  });
  w.drvSpecs.forEach((s, j) => {
    if (!w.drivers[j].registered) return;
    for (const a of ['bind', 'unbind', 'new_id', 'remove_id']) put(root, `/sys/bus/pci/drivers/${s.name}/${a}`, '');
    mkdirSync(join(root, `/sys/module/${moduleKey(s.module)}`), { recursive: true });
  });
  for (const a of ['drivers_probe', 'rescan', 'drivers_autoprobe']) put(root, `/sys/bus/pci/${a}`, '');
  // The iommu class exists whenever CONFIG_IOMMU_API is set; it lists a unit when the machine has one.
  mkdirSync(join(root, '/sys/class/iommu'), { recursive: true });
  if (w.devSpecs.some((s) => s.iommu_group !== null)) mkdirSync(join(root, '/sys/class/iommu/dmar0'));
  if (w.drvSpecs.some((s, j) => s.name === 'vfio-pci' && w.drivers[j].registered))
    put(root, '/sys/module/vfio/parameters/enable_unsafe_noiommu_mode', 'N\n');
}

/** Every path of the staged /sys, as `find /sys` prints them (to spot files the tool created). */
export function listTree(root: string, at = '/sys'): string[] {
  const out = [at];
  for (const e of readdirSync(join(root, at), { withFileTypes: true })) {
    const p = `${at}/${e.name}`;
    if (e.isDirectory()) out.push(...listTree(root, p));
    else out.push(p);
  }
  return out;
}

/** `lspci -Dvmmnnk` as pciutils prints it (the fields dpdk-devbind reads), for the drivers the model's lspci saw. */
function lspciRecord(w: World, bdf: string, driver: string | null): string {
  const s = w.devSpecs.find((d) => d.bdf === bdf)!;
  const cls = hex4(s.class >> 8);
  const lines = [
    `Slot:\t${bdf}`,
    `Class:\tclass [${cls}]`,
    `Vendor:\tvendor [${hex4(s.vendor)}]`,
    `Device:\tdevice [${hex4(s.device)}]`,
    `SVendor:\tvendor [${hex4(s.subvendor)}]`,
    `SDevice:\tdevice [${hex4(s.subdevice)}]`,
  ];
  if (driver !== null) lines.push(`Driver:\t${driver}`);
  return lines.join('\n') + '\n\n';
}

/** Stubs answering as the model's run did: lspci's snapshots, modprobe's status; udevadm and ip print nothing. */
function stubs(root: string, w: World, calls: readonly Call[]): void {
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const snap = calls.find((c) => c.path === 'lspci -Dvmmnnk');
  const all = (snap?.result ?? '')
    .split(' ')
    .filter(Boolean)
    .map((e) => e.split('='))
    .map(([b, d]) => lspciRecord(w, b, d === '-' ? null : d))
    .join('');
  writeFileSync(join(root, 'lspci-all'), all);
  const one = calls.filter((c) => c.path.startsWith('lspci -vmmks '));
  one.forEach((c, i) => {
    const bdf = c.path.split(' ')[2];
    writeFileSync(join(root, `lspci-one-${i}`), lspciRecord(w, bdf, c.result.startsWith('-') ? null : c.result));
  });
  // The n-th `lspci -vmmks` gets the model's n-th answer (a counter file in the stage).
  const lspci = [
    '#!/bin/sh',
    `S=${root}`,
    'if [ "$1" = -Dvmmnnk ]; then cat "$S/lspci-all"; exit 0; fi',
    'n=$(cat "$S/lspci-n" 2>/dev/null || echo 0); echo $((n + 1)) > "$S/lspci-n"',
    'cat "$S/lspci-one-$n"',
  ];
  const mp = calls.find((c) => c.call === 'modprobe');
  const script = (name: string, body: string[]): void => {
    writeFileSync(join(bin, name), [...body, ''].join('\n'));
    chmodSync(join(bin, name), 0o755);
  };
  script('lspci', lspci);
  script('modprobe', ['#!/bin/sh', `exit ${mp !== undefined && mp.result !== 'ok' ? 1 : 0}`]);
  script('udevadm', ['#!/bin/sh', 'exit 0']);
  script('ip', ['#!/bin/sh', 'exit 0']);
}

/** Where the path lands in the stage, following the tree's symlinks as the kernel would (D/driver/unbind). */
function landing(root: string, w: World, path: string): string {
  const m = /^\/sys\/bus\/pci\/devices\/([^/]+)\/driver\/(.*)$/.exec(path);
  if (m) {
    const i = w.devSpecs.findIndex((s) => s.bdf === m[1]);
    const d = i < 0 ? -1 : w.devices[i].driver;
    if (d >= 0) return `/sys/bus/pci/drivers/${w.drvSpecs[d].name}/${m[2]}`;
  }
  const d = /^\/sys\/bus\/pci\/devices\/([^/]+)\/(.*)$/.exec(path);
  return d ? `${devPath(d[1])}/${d[2]}` : path.replace(/\/\/+/g, '/');
}

export interface Stage {
  readonly dir: string;
  cleanup(): void;
}

/**
 * The stage for scripts/tools-conformance.sh. A write the model failed at write(2) gets /dev/full over its file;
 * one it failed at open() is mounted read-only (EROFS), or where no such file exists gets a directory in its
 * place (open for writing fails, as sysfs refuses to create a file).
 */
export function makeStage(
  boot: World,
  calls: readonly Call[],
  overrideFile: boolean,
  saved: Readonly<Record<string, string>> = {},
): Stage {
  const dir = mkdtempSync(join(tmpdir(), 'hf-conformance-'));
  const root = dir;
  tree(root, boot, overrideFile);
  mkdirSync(join(root, 'etc-driverctl'));
  for (const [f, text] of Object.entries(saved)) writeFileSync(join(root, 'etc-driverctl', f), text);
  stubs(root, boot, calls);
  const full = new Set<string>();
  const readOnly = new Set<string>();
  for (const c of calls) {
    if (c.call !== 'write' || !c.result.startsWith('-')) continue;
    const at = landing(root, boot, c.path);
    if (!isOpenFailure(c.result)) full.add(at);
    else if (existsSync(join(root, at)))
      readOnly.add(at); // still a file to `test -f`, but open(O_WRONLY) fails
    else mkdirSync(join(root, at), { recursive: true }); // a directory where the file would be created
  }
  writeFileSync(join(root, 'full'), [...full].map((p) => `${p}\n`).join(''));
  writeFileSync(join(root, 'readonly'), [...readOnly].map((p) => `${p}\n`).join(''));
  return { dir: root, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
