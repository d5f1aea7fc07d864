// The guest's kernel modules: found by name in a modules tree (Debian's packages carry no modules.dep), their
// dependencies from each module's `depends=` (what `modinfo -F depends` prints), compressed or not.

/** How a module file is compressed (6.12's Debian packages: .ko.xz), by its name. */
export type Compression = 'none' | 'xz' | 'zst' | 'gz';

export function compressionOf(file: string): Compression | null {
  if (file.endsWith('.ko')) return 'none';
  const m = /\.ko\.(xz|zst|gz)$/.exec(file);
  return m ? (m[1] as Compression) : null;
}

/** A module's name from its file: kernel/drivers/vfio/pci/vfio-pci.ko.xz → vfio_pci (modprobe treats - and _ alike). */
export function moduleName(file: string): string {
  return (file.split('/').pop() ?? file).replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_');
}

/** `modinfo -F depends` output ("vfio-pci-core,vfio\n", or empty) as module names. */
export function parseDepends(out: string): string[] {
  return out
    .trim()
    .split(',')
    .map((d) => d.trim().replace(/-/g, '_'))
    .filter(Boolean);
}

export interface ModuleSet {
  /** Module files (paths relative to the tree), the wanted ones and everything they depend on, sorted. */
  readonly files: readonly string[];
  /** Per file, the files it depends on. */
  readonly deps: ReadonlyMap<string, readonly string[]>;
  /** Wanted or depended-on modules the tree does not have. */
  readonly missing: readonly string[];
}

/**
 * `wanted` and their dependencies, transitively. `files` are the tree's module files; `dependsOf` gives a file's
 * `depends=` names (the only I/O, done by the caller).
 */
export function moduleClosure(
  wanted: readonly string[],
  files: readonly string[],
  dependsOf: (file: string) => readonly string[],
): ModuleSet {
  const byName = new Map<string, string>();
  for (const f of [...files].sort())
    if (compressionOf(f) !== null && !byName.has(moduleName(f))) byName.set(moduleName(f), f);
  const deps = new Map<string, string[]>();
  const missing = new Set<string>();
  const add = (name: string): string | null => {
    const f = byName.get(name.replace(/-/g, '_'));
    if (f === undefined) {
      missing.add(name);
      return null;
    }
    if (deps.has(f)) return f;
    deps.set(f, []);
    const mine = dependsOf(f)
      .map(add)
      .filter((x): x is string => x !== null);
    deps.set(f, mine);
    return f;
  };
  for (const w of wanted) add(w);
  return { files: [...deps.keys()].sort(), deps, missing: [...missing].sort() };
}

/** A file's path once decompressed into the initramfs (busybox's modprobe loads plain .ko). */
export const plainKo = (file: string): string => file.replace(/\.ko\.(xz|zst|gz)$/, '.ko');

/** A file's dependencies, transitively, in load order (each after what it needs). */
function loadOrder(set: ModuleSet, file: string): string[] {
  const order: string[] = [];
  const visit = (f: string): void => {
    if (order.includes(f)) return;
    for (const d of set.deps.get(f) ?? []) visit(d);
    order.push(f);
  };
  visit(file);
  return order.filter((f) => f !== file);
}

/**
 * modules.dep for the set, with the decompressed paths: as depmod writes it, every dependency transitively,
 * each listed before what it needs (busybox's modprobe loads the line from its end).
 */
export function modulesDep(set: ModuleSet): string {
  return (
    set.files.map((f) => `${plainKo(f)}: ${loadOrder(set, f).reverse().map(plainKo).join(' ')}`.trimEnd()).join('\n') +
    '\n'
  );
}
