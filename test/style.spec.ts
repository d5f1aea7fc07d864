// Prettier lays code out at 120 columns but cannot break a long string: this keeps every line readable.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const DIRS = ['src', 'properties', 'bench', 'test', 'test-long', 'examples'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'fixtures' ? [] : sources(p);
    return /\.(ts|js)$/.test(n) ? [p] : [];
  });
}

/** `file:line (length)` of every line longer than `max`. */
export function longLines(files: readonly { name: string; text: string }[], max: number): string[] {
  return files.flatMap(({ name, text }) =>
    text.split('\n').flatMap((l, i) => (l.length > max ? [`${name}:${i + 1} (${l.length})`] : [])),
  );
}

describe('style', () => {
  it('no source line is over 160 characters', () => {
    const files = DIRS.flatMap((d) => sources(join(ROOT, d))).map((f) => ({
      name: relative(ROOT, f),
      text: readFileSync(f, 'utf8'),
    }));
    expect(files.length).toBeGreaterThan(100);
    expect(longLines(files, 160)).toEqual([]);
  });

  it('the check reports a planted long line', () => {
    expect(longLines([{ name: 'a.ts', text: `ok\n${'x'.repeat(161)}\n` }], 160)).toEqual(['a.ts:2 (161)']);
  });
});
