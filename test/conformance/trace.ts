// The real tool's strace (-f -y) and the model's call log, both as the same lines, so they compare one to one:
//   write <path> "<value>" = ok|err     a write(2) to a sysfs file (err(open): open() itself failed)
//   stat <path> = exists|missing        test -e/-L/-d/-f, os.path.exists
//   readdir <path>                      os.listdir (/sys/module, /sys/class/iommu)
//   exec lspci <args> | exec modprobe <module>
// What the model leaves out on purpose is dropped here, each rule with its reason (see `quiet`).
import type { Call } from '../../src/ops/proc.js';

export interface RealRun {
  /** Normalised lines of the tool's own process, and of the stubs it ran. */
  readonly lines: string[];
  /** Every open() for writing, with its flags (the recipes say whether the tool opens with O_CREAT). */
  readonly opens: { readonly path: string; readonly flags: string }[];
}

/** strace's C-style string literal to its bytes. */
function unquote(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r', v: '\v', f: '\f' } as Record<string, string>)[e] ?? e;
  });
}

/** A device's real directory back to the path the tools and the model name it by (driverctl's `cut -c5-` leaves "/sys//devices"). */
const norm = (p: string): string =>
  p.replace(/^\/sys\/+devices\/pci0000:00\/([^/]+)/, '/sys/bus/pci/devices/$1').replace(/(.)\/$/, '$1');

/** strace lines joined across <unfinished ...> / <... resumed>. */
function syscalls(text: string): { pid: number; line: string }[] {
  const open = new Map<number, string>();
  const out: { pid: number; line: string }[] = [];
  for (const raw of text.split('\n')) {
    const m = /^(\d+)\s+(.*)$/.exec(raw);
    if (!m) continue;
    const pid = Number(m[1]);
    let line = m[2];
    if (line.endsWith('<unfinished ...>')) {
      open.set(pid, line.slice(0, -'<unfinished ...>'.length));
      continue;
    }
    const r = /^<\.\.\. \w+ resumed>(.*)$/.exec(line);
    if (r) line = (open.get(pid) ?? '') + r[1];
    line = line.replace(/\s*\)\s+=\s+/, ') = '); // a resumed call pads its return value
    open.delete(pid);
    out.push({ pid, line });
  }
  return out;
}

const STR = '"((?:[^"\\\\]|\\\\.)*)"';
const OPENAT = new RegExp(`^openat\\([^,]+, ${STR}, ([A-Z_|]+)(?:, \\d+)?\\) = (-?\\d+)(?:<([^>]*)>)?`);
const WRITE = new RegExp(`^write\\(\\d+<([^>]*)>, ${STR}, \\d+\\) = (-?\\d+)`);
const STAT = new RegExp(`^(?:newfstatat|stat|lstat|statx|access|faccessat2?)\\((?:[^,]+, )?${STR}, .*\\) = (-?\\d+)`);
const EXEC = new RegExp(`^execve\\(${STR}, \\[(.*)\\], .*\\) = 0`);

/** The real run's lines: the tool's own sysfs calls and the stubs it ran. */
export function realLines(strace: string): RealRun {
  const calls = syscalls(strace);
  const main = calls[0]?.pid;
  const lines: string[] = [];
  const opens: RealRun['opens'] = [];
  const opened = new Map<string, { path: string; flags: string }>(); // resolved path -> what was opened
  for (const { pid, line } of calls) {
    const x = EXEC.exec(line);
    if (x) {
      const argv = [...x[2].matchAll(new RegExp(STR, 'g'))].map((a) => unquote(a[1]));
      const name = argv[0].split('/').pop()!;
      if (name === 'lspci') lines.push(`exec lspci ${argv.slice(1).join(' ')}`);
      if (name === 'modprobe')
        lines.push(
          `exec modprobe ${argv
            .filter((a) => !a.startsWith('-'))
            .slice(1)
            .join(' ')}`,
        );
      continue;
    }
    if (pid !== main) continue;
    const o = OPENAT.exec(line);
    if (o) {
      const path = unquote(o[1]);
      if (!path.startsWith('/sys')) continue;
      const writing = o[2].includes('O_WRONLY') || o[2].includes('O_RDWR');
      if (o[2].includes('O_DIRECTORY')) lines.push(`readdir ${norm(path)}`);
      else if (!writing) lines.push(`read ${norm(path)}${Number(o[3]) < 0 ? ' = err(open)' : ''}`);
      else {
        opens.push({ path: norm(path), flags: o[2] });
        if (Number(o[3]) < 0) lines.push(`write ${norm(path)} = err(open)`);
        else opened.set(o[4], { path: norm(path), flags: o[2] });
      }
      continue;
    }
    const wr = WRITE.exec(line);
    if (wr && opened.has(wr[1])) {
      lines.push(
        `write ${opened.get(wr[1])!.path} ${JSON.stringify(unquote(wr[2]))} = ${Number(wr[3]) < 0 ? 'err' : 'ok'}`,
      );
      continue;
    }
    const st = STAT.exec(line);
    if (st && unquote(st[1]).startsWith('/sys'))
      lines.push(`stat ${norm(unquote(st[1]))} = ${Number(st[2]) < 0 ? 'missing' : 'exists'}`);
  }
  return { lines, opens };
}

/** The model's call log as the same lines. */
export function modelLines(calls: readonly Call[]): string[] {
  return calls.map((c) => {
    if (c.call === 'write') {
      if (c.result === '-ENOENT' || c.result === '-EACCES') return `write ${c.path} = err(open)`;
      return `write ${c.path} ${JSON.stringify(c.value)} = ${c.result.startsWith('-') ? 'err' : 'ok'}`;
    }
    if (c.call === 'stat') return `stat ${c.path} = ${c.result}`;
    if (c.call === 'modprobe') return `exec modprobe ${c.path}`;
    if (c.path.startsWith('lspci ')) return `exec ${c.path}`;
    if (c.call === 'readdir' || c.path === '/sys/class/iommu') return `readdir ${c.path}`;
    return `read ${c.path}`;
  });
}

/**
 * What the model leaves out on purpose, dropped from the real lines (each rule is one thing the tool does that
 * cannot change what it writes, or that the model takes as one step):
 * - dpdk-devbind's pci_glob: glob() of each argument (an lstat of the device directory); for a full BDF the
 *   argument is used whatever the answer.
 * - os.listdir("/sys/module") is followed by an isdir() of every entry: one listing in the model.
 * - get_pci_device_details' os.walk of the device directory (to find a netdev name for the ssh check) and its
 *   stat of the `driver` link it meets: the model has no netdevs.
 * - get_device_details runs `lspci -Dvmmnnk` once per device class (9 in 22.11, 10 in 26.07), all before any
 *   write and each read only for its own class: one snapshot in the model.
 */
export function quiet(tool: 'driverctl' | 'dpdk-devbind', lines: readonly string[]): string[] {
  const out: string[] = [];
  let after = '';
  for (const l of lines) {
    const prev = out[out.length - 1] ?? '';
    if (tool === 'dpdk-devbind' && /^stat \/sys\/bus\/pci\/devices\/[^/]+ = /.test(l)) continue;
    if (l.startsWith('stat /sys/module/') && (prev === 'readdir /sys/module' || after === 'module')) continue;
    if (/^readdir \/sys\/bus\/pci\/devices\/[^/]+$/.test(l)) {
      after = 'walk';
      continue;
    }
    if (after === 'walk' && /^stat \/sys\/bus\/pci\/devices\/[^/]+\/driver = /.test(l)) continue;
    if (l === 'exec lspci -Dvmmnnk' && prev === l) continue;
    after = l === 'readdir /sys/module' ? 'module' : '';
    out.push(l);
  }
  return out;
}
