// CLI tests: capture what main() writes to stdout and stderr.
import { afterEach, beforeEach, vi } from 'vitest';

export const io = { stdout: '', stderr: '' };

/** Call at the top of a spec file: fresh capture around every test. */
export function captureOutput(): void {
  beforeEach(() => {
    io.stdout = '';
    io.stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((io.stdout += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((io.stderr += String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());
}
