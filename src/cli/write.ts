// Writing a user's file: temp file + rename, so nothing is ever half-written; errors are one line.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { UserError } from '../util/errors.js';

export function writeFileAtomic(path: string, text: string, mode = 0o644): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text, { mode });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UserError(path, '', `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
