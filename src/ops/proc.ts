// A userspace process (a tool) making system calls: every call and what it returned is logged, so a
// recipe's exact sequence of writes, reads and checks can be shown and tested.
import type { Kernel } from '../model/kernel.js';
import { step, type KGen } from '../runtime/step.js';
import { DEV_DRIVER, DEV_PRESENT, devObj } from '../model/objects.js';
import { ENOENT } from '../model/errno.js';
import { load_module, unload_module } from '../model/module.js';
import { errnoName } from '../util/errno.js';
import { listModuleDirs, openMissingFile, sysfsRead, sysfsWrite, statPath } from './syscalls.js';
import { deviceIndex, moduleDriverSlot } from './names.js';

export interface Call {
  readonly call: 'write' | 'read' | 'stat' | 'modprobe' | 'rmmod' | 'readdir';
  readonly path: string;
  /** What was written (writes) or the module parameters (modprobe). */
  readonly value?: string;
  /** "ok", "4 bytes", an errno name, the text read, "exists" / "missing". */
  readonly result: string;
  /** Trace step at which the call returned (its place in the schedule). */
  readonly step?: number;
}

const shown = (r: number | string): string => (typeof r === 'string' ? JSON.stringify(r) : r < 0 ? errnoName(r) : 'ok');

export class Proc {
  readonly calls: Call[] = [];

  private log(c: Call): void {
    this.calls.push({ ...c, step: this.k.current?.seq ?? -1 });
  }
  /** What the tool printed about failures (stdout or stderr): what its user sees. */
  readonly errors: string[] = [];

  /**
   * `oCreat`: the tool opens sysfs files for writing with O_CREAT (shell `>`, Python open "w"/"a", Go
   * os.WriteFile); false for libvirt's virFileWriteStr(path, str, 0) (O_WRONLY|O_TRUNC).
   */
  constructor(
    readonly k: Kernel,
    readonly oCreat = true,
  ) {}

  /** write(2) of `value` (open + store); bytes written or a negative errno. */
  *write(path: string, value: string): KGen<number> {
    const r = yield* sysfsWrite(this.k, path, value, this.oCreat);
    this.log({ call: 'write', path, value, result: shown(r) });
    return r;
  }

  /** read(2) of a whole attribute: the text, or a negative errno. */
  *read(path: string): KGen<string | number> {
    const r = yield* sysfsRead(this.k, path);
    this.log({ call: 'read', path, result: shown(r) });
    return r;
  }

  /** `test -e`/`-L`/`-d`, `os.path.exists`. */
  *exists(path: string): KGen<boolean> {
    const r = yield* statPath(this.k, path);
    this.log({ call: 'stat', path, result: r ? 'exists' : 'missing' });
    return r;
  }

  /** readlink D/driver: the bound driver's name, or null when unbound (or the device is gone). */
  *driverOf(bdf: string): KGen<string | null> {
    const r = yield* sysfsRead(this.k, `/sys/bus/pci/devices/${bdf}/driver`);
    this.log({
      call: 'read',
      path: `/sys/bus/pci/devices/${bdf}/driver`,
      result: typeof r === 'string' ? r : errnoName(r),
    });
    return typeof r === 'string' ? r : null;
  }

  /** `lspci -vmmks <bdf>`: the device's bound driver now (its driver link), or null when unbound or gone. */
  *lspciDevice(bdf: string): KGen<string | null> {
    const r = yield* sysfsRead(this.k, `/sys/bus/pci/devices/${bdf}/driver`);
    this.log({ call: 'read', path: `lspci -vmmks ${bdf}`, result: typeof r === 'string' ? r : errnoName(r) });
    return typeof r === 'string' ? r : null;
  }

  /** `os.listdir("/sys/module")`: which of `modules` (spelt as /sys/module spells them, with '_') are there now. */
  *listModules(modules: readonly string[]): KGen<Set<string>> {
    const there = yield* listModuleDirs(this.k, modules);
    const out = new Set(modules.filter((_, i) => there[i]));
    this.log({ call: 'readdir', path: '/sys/module', result: [...out].join(' ') });
    return out;
  }

  /** A read of a file whose content the model holds fixed (hardware, a config file): no kernel step, only the log. */
  fixedRead(path: string, result: string): string {
    this.log({ call: 'read', path, result });
    return result;
  }

  /** `setpci -s <bdf> 0e.b` (the config header type, 0x7f masked): 'normal' for a type-0 function, or null if gone. */
  *headerType(bdf: string): KGen<'normal' | 'bridge' | 'cardbus' | null> {
    const w = this.k.world;
    const i = deviceIndex(w, bdf);
    yield step('config read', `${bdf} 0e.b`, [devObj(i, DEV_PRESENT)]);
    const r = w.devices[i].present ? w.devSpecs[i].header_type : null;
    this.log({ call: 'read', path: `setpci -s ${bdf} 0e.b`, result: r ?? errnoName(-ENOENT) });
    return r;
  }

  /** `ls D/iommu_group/devices`: the present members of the device's group, in BDF order ([] without a group). */
  *groupMembers(bdf: string): KGen<string[]> {
    const w = this.k.world;
    const g = w.devSpecs[deviceIndex(w, bdf)].iommu_group;
    const members = g === null ? [] : w.devSpecs.map((s, i) => ({ s, i })).filter(({ s }) => s.iommu_group === g);
    yield step(
      'readdir',
      `${bdf}/iommu_group/devices`,
      members.map(({ i }) => devObj(i, DEV_PRESENT)),
    );
    const out = members
      .filter(({ i }) => w.devices[i].present)
      .map(({ s }) => s.bdf)
      .sort();
    this.log({
      call: 'readdir',
      path: `/sys/bus/pci/devices/${bdf}/iommu_group/devices`,
      result: g === null ? errnoName(-ENOENT) : out.join(' '),
    });
    return out;
  }

  /**
   * `lspci -Dvmmnnk` (one snapshot step over every device): BDF -> bound driver name or null, for the
   * present devices. Tools that cache it act on stale data later, as the real ones do.
   */
  *lspci(): KGen<Map<string, string | null>> {
    const w = this.k.world;
    yield step(
      'lspci',
      'all devices',
      w.devSpecs.flatMap((_, i) => [devObj(i, DEV_PRESENT), devObj(i, DEV_DRIVER)]),
    );
    const out = new Map<string, string | null>();
    w.devSpecs.forEach((s, i) => {
      if (w.devices[i].present) out.set(s.bdf, w.devices[i].driver < 0 ? null : w.drvSpecs[w.devices[i].driver].name);
    });
    this.log({
      call: 'readdir',
      path: 'lspci -Dvmmnnk',
      result: [...out].map(([b, d]) => `${b}=${d ?? '-'}`).join(' '),
    });
    return out;
  }

  /** modprobe(8): 0, or -ENOENT for a module this world does not have ("FATAL: Module … not found"). */
  *modprobe(name: string, params = ''): KGen<number> {
    const drv = moduleDriverSlot(this.k.world, name);
    const r = drv < 0 ? -ENOENT : yield* load_module(this.k, drv, params);
    this.log({ call: 'modprobe', path: name, ...(params ? { value: params } : {}), result: shown(r) });
    return r;
  }

  *rmmod(name: string): KGen<number> {
    const drv = moduleDriverSlot(this.k.world, name);
    const r = drv < 0 ? -ENOENT : yield* unload_module(this.k, drv);
    this.log({ call: 'rmmod', path: name, result: shown(r) });
    return r;
  }

  /**
   * An open(2) for writing of a file that cannot exist in an existing directory (e.g.
   * "/sys/bus/pci/drivers//unbind"): no kernel state read; -EACCES with O_CREAT (see sysfsWrite), else -ENOENT.
   */
  noSuchFile(path: string, value?: string): number {
    const r = openMissingFile(this.oCreat);
    this.log({ call: 'write', path, ...(value !== undefined ? { value } : {}), result: errnoName(r) });
    return r;
  }

  /** The tool prints an error (and usually exits). */
  fail(message: string, exit = 1): number {
    this.errors.push(message);
    return exit;
  }

  /** A message the tool prints without stopping (bash's "echo: write error", a Python warning). */
  warn(message: string): void {
    this.errors.push(message);
  }
}
