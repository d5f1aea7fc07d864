// The library types `kernel` as the profile table's names plus 'all' (a union derived from the table):
// test/types/kernel.check.ts compiles, including its @ts-expect-error lines (a wrong kernel is a type error).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

describe('library types', () => {
  it("kernel: ProfileName | 'all', checked by the compiler", () => {
    const r = spawnSync('node', ['node_modules/typescript/bin/tsc', '-p', 'test/types/tsconfig.json'], {
      encoding: 'utf8',
    });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
