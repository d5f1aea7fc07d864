// Configuration that acts on binding: modprobe.d (modprobe.d(5)), the kernel command line, driverctl's
// saved overrides (/etc/driverctl.d/pci-<BDF>, applied on add by 05-driverctl.rules -> driverctl@.service).
import { modName } from './modules.js';
import type { Reader } from './view.js';

export interface SoftDep {
  readonly module: string;
  readonly pre: readonly string[];
  readonly post: readonly string[];
}

/** A configuration line's effect; `module` (null: not about one module) lets the summary drop unrelated modules. */
export interface Line {
  readonly module: string | null;
  readonly text: string;
}

export interface HostConfig {
  /** module -> parameters from `options` lines and `<module>.<param>=` on the kernel command line. */
  readonly options: Map<string, string[]>;
  readonly softdeps: SoftDep[];
  /** Modules `install <m> /bin/false|/bin/true` makes modprobe refuse (or fake). */
  readonly uninstallable: string[];
  readonly driverctl: { readonly bdf: string; readonly driver: string; readonly file: string }[];
  /** Whether driverctl's udev rule was found (it ships with the package; read for the summary). */
  readonly driverctlRule: string | null;
  /** What was read and modelled, and what was read and not modelled, one line each, by the module it is about. */
  readonly modelled: Line[];
  readonly notModelled: Line[];
}

/** Config files of a *.d directory set, by name, the first directory winning (modprobe.d(5), udev(7) precedence). */
export function configFiles(r: Reader, dirs: readonly string[], suffix: string): string[] {
  const byName = new Map<string, string>();
  for (const d of dirs) {
    for (const n of r.list(d)) if (n.endsWith(suffix) && !byName.has(n)) byName.set(n, `${d}/${n}`);
  }
  return [...byName.keys()].sort().map((n) => byName.get(n)!);
}

/** Lines with backslash continuations joined and comments dropped, each with its line number. */
export function logicalLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let acc = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    if (acc === '') start = i + 1;
    if (raw.endsWith('\\')) {
      acc += raw.slice(0, -1) + ' ';
      return;
    }
    const t = (acc + raw).trim();
    acc = '';
    if (t !== '' && !t.startsWith('#')) out.push({ line: start, text: t });
  });
  return out;
}

const line = (module: string | null, text: string): Line => ({ module, text });

const MODPROBE_DIRS = [
  '/etc/modprobe.d',
  '/run/modprobe.d',
  '/usr/local/lib/modprobe.d',
  '/usr/lib/modprobe.d',
  '/lib/modprobe.d',
];

function modprobeLine(c: HostConfig, where: string, words: string[]): void {
  const [cmd, mod0, ...rest] = words;
  const mod = modName(mod0 ?? '');
  switch (cmd) {
    case 'options':
      c.options.set(mod, [...(c.options.get(mod) ?? []), ...rest]);
      c.modelled.push(line(mod, `${where}: options ${mod0} ${rest.join(' ')} -> parameters of every load of ${mod}`));
      return;
    case 'softdep': {
      const pre: string[] = [];
      const post: string[] = [];
      let into: string[] | null = null;
      for (const w of rest) {
        if (w === 'pre:') into = pre;
        else if (w === 'post:') into = post;
        else into?.push(modName(w));
      }
      c.softdeps.push({ module: mod, pre, post });
      c.modelled.push(
        line(
          mod,
          `${where}: softdep ${mod0} -> generated reloads of ${mod} load ${[...pre, ...post].join(', ')} with it`,
        ),
      );
      return;
    }
    case 'blacklist':
      c.notModelled.push(
        line(
          mod,
          `${where}: blacklist ${mod0}: stops only alias autoloading by udev; the model never autoloads by alias, and an explicit modprobe still loads it`,
        ),
      );
      return;
    case 'install':
      if (/^\/(usr\/)?bin\/(false|true)$/.test(rest.join(' '))) {
        c.uninstallable.push(mod);
        c.notModelled.push(
          line(
            mod,
            `${where}: install ${mod0} ${rest.join(' ')}: generated events never load ${mod}; a tool's own modprobe in the model still would`,
          ),
        );
      } else
        c.notModelled.push(line(mod, `${where}: install ${mod0} ${rest.join(' ')}: arbitrary command, not modelled`));
      return;
    default:
      c.notModelled.push(
        line(cmd === 'alias' ? modName(rest[0] ?? '') : mod, `${where}: ${words.join(' ')}: not modelled`),
      );
  }
}

function readModprobeD(r: Reader, c: HostConfig): void {
  for (const f of configFiles(r, MODPROBE_DIRS, '.conf')) {
    for (const l of logicalLines(r.text(f) ?? '')) modprobeLine(c, `${f}:${l.line}`, l.text.split(/\s+/));
  }
}

/** `<module>.<param>=<value>` on the kernel command line is a module option too (kernel/params.c, kmod). */
function readCmdline(r: Reader, c: HostConfig): void {
  const cmd = r.text('/proc/cmdline');
  if (cmd === null) return;
  for (const w of cmd.trim().split(/\s+/)) {
    const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+=.*)$/.exec(w);
    if (!m) continue;
    const mod = modName(m[1]);
    if (mod === 'modprobe' && m[2].startsWith('blacklist=')) {
      c.notModelled.push(line(null, `/proc/cmdline: ${w}: alias autoloading only, not modelled`));
      continue;
    }
    c.options.set(mod, [...(c.options.get(mod) ?? []), m[2]]);
    c.modelled.push(line(mod, `/proc/cmdline: ${w} -> parameters of ${mod}`));
  }
}

const DRIVERCTL_RULE_DIRS = ['/etc/udev/rules.d', '/run/udev/rules.d', '/usr/lib/udev/rules.d', '/lib/udev/rules.d'];

function readDriverctl(r: Reader, c: HostConfig): void {
  for (const n of r.list('/etc/driverctl.d')) {
    const file = `/etc/driverctl.d/${n}`;
    const m = /^pci-([0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\.[0-7])$/.exec(n);
    const driver = r.text(file)?.trim();
    if (!m || !driver) {
      c.notModelled.push(
        line(null, `${file}: ${m ? 'empty or unreadable' : 'not a pci-<BDF> override'}: not modelled`),
      );
      continue;
    }
    c.driverctl.push({ bdf: m[1], driver, file });
  }
}

export function readConfig(r: Reader): HostConfig {
  const c: HostConfig = {
    options: new Map(),
    softdeps: [],
    uninstallable: [],
    driverctl: [],
    driverctlRule: null,
    modelled: [],
    notModelled: [],
  };
  readModprobeD(r, c);
  readCmdline(r, c);
  readDriverctl(r, c);
  const rule = DRIVERCTL_RULE_DIRS.map((d) => `${d}/05-driverctl.rules`).find((p) => r.exists(p));
  return { ...c, driverctlRule: rule ?? null };
}
