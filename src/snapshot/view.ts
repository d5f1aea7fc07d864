// A read-only view of a host's files (/sys, /proc, /etc, /lib): the snapshot's only input. The CLI gives
// one over the real file system (or a copied tree under --root); tests give one over a plain map.

/** What reading one path gave. */
export type ReadResult =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'denied'; readonly why: string };

export interface HostView {
  /** A file's text (binary files such as `config` as latin1: one char per byte). */
  read(path: string): ReadResult;
  /** A directory's entries, sorted; null when it does not exist or cannot be listed (say which via `read`). */
  list(path: string): readonly string[] | null;
  /** A symlink's target, or null when the path is no symlink. */
  link(path: string): string | null;
}

/**
 * The view plus a record of what was read and what could not be: the snapshot says both.
 * Paths are absolute host paths ("/sys/bus/pci/devices"), whatever root the view sits on.
 */
export class Reader {
  readonly read = new Set<string>();
  readonly unreadable = new Map<string, string>();

  constructor(private readonly view: HostView) {}

  /** The file's text, trimmed of its trailing newline; null when missing or unreadable (recorded). */
  text(path: string): string | null {
    const r = this.view.read(path);
    if (r.kind === 'ok') {
      this.read.add(path);
      return r.text.replace(/\n$/, '');
    }
    if (r.kind === 'denied') this.unreadable.set(path, r.why);
    return null;
  }

  /** Entries of a directory ([] when it does not exist); an unlistable directory is recorded. */
  list(path: string): readonly string[] {
    const l = this.view.list(path);
    if (l !== null) return l;
    const r = this.view.read(path);
    if (r.kind === 'denied') this.unreadable.set(path, r.why);
    return [];
  }

  /** The last component of a symlink's target ("../../../bus/pci/drivers/e1000e" -> "e1000e"), or null. */
  linkName(path: string): string | null {
    const t = this.view.link(path);
    return t === null ? null : (t.replace(/\/+$/, '').split('/').pop() ?? null);
  }

  exists(path: string): boolean {
    return this.view.link(path) !== null || this.view.list(path) !== null || this.view.read(path).kind !== 'missing';
  }
}

/** A view over a map of path -> text (files), path -> { link } (symlinks); directories are implied. */
export function mapView(files: Readonly<Record<string, string | { readonly link: string } | null>>): HostView {
  const entries = Object.entries(files);
  return {
    read(path) {
      const v = files[path];
      if (v === undefined) return { kind: 'missing' };
      if (v === null) return { kind: 'denied', why: 'permission denied' };
      if (typeof v === 'string') return { kind: 'ok', text: v };
      return { kind: 'missing' };
    },
    list(path) {
      const prefix = `${path.replace(/\/$/, '')}/`;
      const names = new Set<string>();
      for (const [p] of entries) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
      return names.size === 0 ? null : [...names].sort();
    },
    link(path) {
      const v = files[path];
      return v !== null && v !== undefined && typeof v === 'object' ? v.link : null;
    },
  };
}
