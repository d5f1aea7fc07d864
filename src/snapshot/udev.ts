// udev rules that act on binding (ATTR{driver_override}=…, RUN+= writing new_id/bind/unbind, modprobe):
// each becomes a scenario udev rule; whatever the model cannot express is listed as not modelled.
import { configFiles, logicalLines } from './config.js';
import type { Reader } from './view.js';

export const UDEV_DIRS = ['/etc/udev/rules.d', '/run/udev/rules.d', '/usr/lib/udev/rules.d', '/lib/udev/rules.d'];

/** A scenario udev rule in its JSON form. */
export interface UdevJson {
  name: string;
  action: 'add' | 'remove';
  match: { bdf?: string; vendor?: string; device?: string };
  run: Record<string, string>[];
}

export interface UdevResult {
  readonly rules: UdevJson[];
  /** Drivers their ops name (they must be declared). */
  readonly drivers: Set<string>;
  readonly modelled: string[];
  readonly notModelled: string[];
}

const RELEVANT = /driver_override|new_id|remove_id|\/bind\b|\/unbind\b|drivers_probe|sriov_|modprobe|driverctl\s/;
const PAIR = /([A-Za-z_]+)(\{([^}]*)\})?\s*(==|!=|\+=|-=|:=|=)\s*"([^"]*)"/g;
const DEV = '/sys/bus/pci/devices/$kernel';

/** udev's substitutions for the device name and path: %k, $kernel, %p, $devpath, $env{DEVPATH}. */
function subst(s: string): string {
  return s
    .replace(/\/sys(%p|\$devpath|\$env\{DEVPATH\}|\$\{?DEVPATH\}?)/g, DEV)
    .replace(/%k|\$\{?kernel\}?|\$\{?KERNEL\}?/g, '$kernel');
}

/** One shell command of a RUN+= program: an echo into a sysfs file, a modprobe, or null when it is neither. */
function shellOp(cmd: string, drivers: Set<string>): Record<string, string> | null {
  const echo = /^(?:echo|printf)\s+(?:-n\s+)?(?:"([^"]*)"|'([^']*)'|(\S+(?:\s+\S+)*?))\s*>>?\s*(\S+)$/.exec(cmd.trim());
  if (echo) {
    const path = subst(echo[4].replace(/^["']|["']$/g, ''));
    const d = /^\/sys\/bus\/pci\/drivers\/([^/]+)\//.exec(path);
    if (d) drivers.add(d[1]);
    if (!path.startsWith('/sys/bus/pci/')) return null;
    return { write: path, value: subst(echo[1] ?? echo[2] ?? echo[3]) };
  }
  const mp = /^(?:\/s?bin\/|\/usr\/s?bin\/)?modprobe\s+(?:-[a-z]+\s+)*([A-Za-z0-9_-]+)\s*(.*)$/.exec(cmd.trim());
  if (mp) {
    drivers.add(mp[1]);
    return mp[2] ? { modprobe: mp[1], params: mp[2] } : { modprobe: mp[1] };
  }
  return null;
}

/** RUN+="…": the program, unwrapped from `sh -c '…'`, split into commands. */
function runOps(prog: string, drivers: Set<string>): Record<string, string>[] | null {
  const inner = /^(?:\/usr)?\/bin\/(?:ba)?sh\s+-c\s+['"](.*)['"]$/.exec(prog.trim());
  const cmds = (inner ? inner[1] : prog)
    .split(/;|&&/)
    .map((c) => c.trim())
    .filter(Boolean);
  const ops = cmds.map((c) => shellOp(c, drivers));
  return ops.every((o) => o !== null) ? (ops as Record<string, string>[]) : null;
}

interface Parsed {
  readonly rule: UdevJson | null;
  readonly ignored: string[];
  readonly why: string | null;
}

/** Match keys become the rule's match; ATTR{x}= and RUN+= become its ops, in rule order. */
function parseRule(text: string, name: string, drivers: Set<string>): Parsed {
  const rule: UdevJson = { name, action: 'add', match: {}, run: [] };
  const ignored: string[] = [];
  for (const m of text.matchAll(PAIR)) {
    const [, key, , attr, op, value] = m;
    const k = `${key}${attr !== undefined ? `{${attr}}` : ''}`;
    if (op === '==' && key === 'ACTION') {
      if (value !== 'add' && value !== 'remove') return { rule: null, ignored, why: `ACTION=="${value}"` };
      rule.action = value;
    } else if (op === '==' && key === 'SUBSYSTEM') {
      if (value !== 'pci')
        return { rule: null, ignored, why: `SUBSYSTEM=="${value}" (only pci rules act on PCI binding)` };
    } else if (op === '==' && key === 'KERNEL' && /^[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\.[0-7]$/.test(value))
      rule.match.bdf = value;
    else if (op === '==' && (key === 'ATTR' || key === 'ATTRS') && (attr === 'vendor' || attr === 'device')) {
      if (!/^0x[0-9a-fA-F]{4}$/.test(value)) return { rule: null, ignored, why: `${k}=="${value}" (a pattern)` };
      rule.match[attr] = value.slice(2).toLowerCase();
    } else if ((op === '=' || op === ':=') && key === 'ATTR' && attr !== undefined) {
      rule.run.push({ write: `${DEV}/${attr}`, value: subst(value) });
    } else if (op === '+=' && key === 'RUN') {
      const ops = RELEVANT.test(value) ? runOps(value, drivers) : [];
      if (ops === null)
        return { rule: null, ignored, why: `RUN+="${value}" (not an echo into /sys/bus/pci or a modprobe)` };
      rule.run.push(...ops);
    } else ignored.push(`${k}${op}"${value}"`);
  }
  return {
    rule: rule.run.length ? rule : null,
    ignored,
    why: rule.run.length ? null : 'no sysfs write the model knows',
  };
}

export function readUdevRules(r: Reader): UdevResult {
  const res: UdevResult = { rules: [], drivers: new Set(), modelled: [], notModelled: [] };
  for (const f of configFiles(r, UDEV_DIRS, '.rules')) {
    for (const l of logicalLines(r.text(f) ?? '')) {
      const where = `${f}:${l.line}`;
      if (/MODALIAS/.test(l.text) && /kmod load/.test(l.text)) {
        res.notModelled.push(
          `${where}: udev loads the module a new device's modalias names; the model never autoloads, so a hot-added device ` +
            'whose driver is not loaded stays unbound there (fuzz --generate --from reloads loaded modules only)',
        );
        continue;
      }
      if (!RELEVANT.test(l.text)) continue;
      const base = f
        .split('/')
        .pop()!
        .replace(/\.rules$/, '');
      const p = parseRule(l.text, `${base}:${l.line}`, res.drivers);
      if (p.rule === null) {
        res.notModelled.push(`${where}: ${p.why}: not modelled`);
        continue;
      }
      res.rules.push(p.rule);
      res.modelled.push(
        `${where} -> udev rule ${p.rule.name}${p.ignored.length ? ` (conditions not modelled, the rule fires without them: ${p.ignored.join(', ')})` : ''}`,
      );
    }
  }
  return res;
}
