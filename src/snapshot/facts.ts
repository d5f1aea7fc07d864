// Host facts the scenario format has no field for, kept as "[host] key: values" lines at the end of a
// snapshot's description, where `fuzz --generate --from` reads them back (hand-written scenarios have none).

export interface HostFacts {
  /** Devices on hotplug slots: the campaign removes and re-adds them. */
  readonly hotpluggable: readonly string[];
  /** Drivers built into the kernel: never unloaded. */
  readonly builtin: readonly string[];
  /** softdep: loading `module` loads `pre` first and `post` after (modprobe.d(5)). */
  readonly softdeps: readonly {
    readonly module: string;
    readonly pre: readonly string[];
    readonly post: readonly string[];
  }[];
  /** Modules modprobe.d's `install … /bin/false` keeps from loading. */
  readonly noload: readonly string[];
}

const list = (xs: readonly string[]): string => (xs.length ? xs.join(' ') : '-');

export function formatFacts(f: HostFacts): string[] {
  return [
    `[host] hot-pluggable: ${list(f.hotpluggable)}`,
    `[host] built-in: ${list(f.builtin)}`,
    ...f.softdeps.map((s) => `[host] softdep: ${s.module} pre ${list(s.pre)} post ${list(s.post)}`),
    `[host] no-load: ${list(f.noload)}`,
  ];
}

/** The facts of a snapshot's description, or null when it has none (a scenario written by hand). */
export function parseFacts(description: string): HostFacts | null {
  const lines = description.split('\n').filter((l) => l.startsWith('[host] '));
  if (lines.length === 0) return null;
  const words = (key: string): string[] => {
    const l = lines.find((x) => x.startsWith(`[host] ${key}: `));
    const v = l === undefined ? [] : l.slice(`[host] ${key}: `.length).trim().split(/\s+/);
    return v.filter((w) => w !== '-' && w !== '');
  };
  const softdeps = lines
    .filter((l) => l.startsWith('[host] softdep: '))
    .map((l) => /^\[host\] softdep: (\S+) pre (.*) post (.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      module: m[1],
      pre: m[2].split(/\s+/).filter((w) => w !== '-'),
      post: m[3].split(/\s+/).filter((w) => w !== '-'),
    }));
  return { hotpluggable: words('hot-pluggable'), builtin: words('built-in'), softdeps, noload: words('no-load') };
}
