// Writing a user's file: temp file + rename, so nothing is ever half-written; missing folders are made; errors are one line.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../util/errors.js';
import { makeDirs } from './paths.js';

export function writeFileAtomic(path: string, text: string, mode = 0o644): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    makeDirs(dirname(path)); // export --out missing/dir/x.spec.ts: the folders are made
    writeFileSync(tmp, text, { mode });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UserError(path, '', `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
