// What the host's module files say: loaded modules (/proc/modules), built-ins and id tables
// (/lib/modules/<release>/modules.builtin, modules.alias, modules.builtin.alias; written by depmod/kbuild).
import { PCI_ANY_ID, type PciDeviceId } from '../model/types.js';
import { moduleKey } from '../model/catalogue/index.js';
import type { Reader } from './view.js';

/** kmod's modname_normalize: '-' and '_' are the same in module names. */
export const modName = moduleKey;

export interface HostModules {
  /** Loaded modules in load order (oldest first); null when /proc/modules does not exist (no module support). */
  readonly loaded: readonly string[] | null;
  /** Built-in modules in link order, or null when modules.builtin is unreadable. */
  readonly builtin: readonly string[] | null;
  /** Loadable modules (modules.dep), or null when unreadable. */
  readonly loadable: ReadonlySet<string> | null;
  /** module -> its pci id table as the aliases show it (modules.alias, modules.builtin.alias). */
  readonly aliases: ReadonlyMap<string, readonly PciDeviceId[]>;
  /** Where the module files were looked for. */
  readonly dir: string;
}

/** kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko(.xz) -> e1000e */
const koName = (path: string): string =>
  modName(
    path
      .split('/')
      .pop()!
      .replace(/\.ko(\.\w+)?$/, ''),
  );

/**
 * One alias from file2alias.c do_pci_entry: "pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X*" with "*" for
 * PCI_ANY_ID / a zero class-mask byte; "vfio_pci:" instead of "pci:" for override_only entries (5.15+).
 */
export function parsePciAlias(alias: string): PciDeviceId | null {
  const m =
    /^(pci|vfio_pci):v([0-9A-F]{8}|\*)d([0-9A-F]{8}|\*)sv([0-9A-F]{8}|\*)sd([0-9A-F]{8}|\*)bc([0-9A-F]{2}|\*)sc([0-9A-F]{2}|\*)i([0-9A-F]{2}|\*)\*?$/i.exec(
      alias,
    );
  if (!m) return null;
  const id = (s: string): number => (s === '*' ? PCI_ANY_ID : parseInt(s, 16) >>> 0);
  const byte = (s: string, shift: number): [number, number] =>
    s === '*' ? [0, 0] : [parseInt(s, 16) << shift, 0xff << shift];
  const [bc, bm] = byte(m[6], 16);
  const [sc, sm] = byte(m[7], 8);
  const [pi, pm] = byte(m[8], 0);
  return {
    vendor: id(m[2]),
    device: id(m[3]),
    subvendor: id(m[4]),
    subdevice: id(m[5]),
    class: bc | sc | pi,
    class_mask: bm | sm | pm,
    driver_data: 0, // not in the alias
    override_only: m[1].toLowerCase() === 'vfio_pci',
  };
}

/**
 * module -> ids from modules.alias ("alias <pattern> <module>") and, for built-ins, modules.builtin.alias or
 * the NUL-separated modules.builtin.modinfo ("<module>.alias=<pattern>") that depmod makes it from.
 */
function readAliases(r: Reader, dir: string): Map<string, PciDeviceId[]> {
  const pairs: [string, string][] = [];
  for (const f of [`${dir}/modules.alias`, `${dir}/modules.builtin.alias`]) {
    for (const line of (r.text(f) ?? '').split('\n')) {
      const m = /^alias\s+(\S+)\s+(\S+)/.exec(line);
      if (m) pairs.push([m[2], m[1]]);
    }
  }
  if (!r.exists(`${dir}/modules.builtin.alias`)) {
    for (const e of (r.text(`${dir}/modules.builtin.modinfo`) ?? '').split('\0')) {
      const m = /^([^.=]+)\.alias=(\S+)$/.exec(e);
      if (m) pairs.push([m[1], m[2]]);
    }
  }
  const out = new Map<string, PciDeviceId[]>();
  for (const [module, alias] of pairs) {
    const id = parsePciAlias(alias);
    if (id !== null) out.set(modName(module), [...(out.get(modName(module)) ?? []), id]);
  }
  return out;
}

export function readModules(r: Reader, release: string | null): HostModules {
  const proc = r.text('/proc/modules');
  // /proc/modules lists the newest module first (kernel/module: list_add_rcu at the head of `modules`).
  const loaded =
    proc === null
      ? null
      : proc
          .split('\n')
          .filter(Boolean)
          .map((l) => modName(l.split(/\s+/)[0]))
          .reverse();
  const dir = release === null ? '/lib/modules' : `/lib/modules/${release}`;
  const builtinText = release === null ? null : r.text(`${dir}/modules.builtin`);
  const depText = release === null ? null : r.text(`${dir}/modules.dep`);
  return {
    loaded,
    builtin: builtinText === null ? null : builtinText.split('\n').filter(Boolean).map(koName),
    loadable:
      depText === null
        ? null
        : new Set(
            depText
              .split('\n')
              .filter(Boolean)
              .map((l) => koName(l.split(':')[0])),
          ),
    aliases: release === null ? new Map() : readAliases(r, dir),
    dir,
  };
}
