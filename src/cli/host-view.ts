// The snapshot's view of a host: the real file system under a root ("/" or a copied tree), read only.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { HostView, ReadResult } from '../snapshot/index.js';

function why(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (e as Error).message);
}

export function fsHostView(root: string): HostView {
  const at = (p: string): string => join(root, p);
  return {
    read(path): ReadResult {
      try {
        // PCI config space is binary: one char per byte.
        return { kind: 'ok', text: readFileSync(at(path), path.endsWith('/config') ? 'latin1' : 'utf8') };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return { kind: 'missing' };
        return { kind: 'denied', why: why(e) };
      }
    },
    list(path) {
      try {
        return readdirSync(at(path)).sort();
      } catch {
        return null;
      }
    },
    link(path) {
      try {
        return readlinkSync(at(path));
      } catch {
        return null;
      }
    },
  };
}
