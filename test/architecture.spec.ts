import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const ROOT = resolve(__dirname, '..');

/** Layers, lowest first: a module may import only from its own layer or below. */
const LAYERS: readonly (readonly string[])[] = [
  ['src/util', 'src/prng'],
  ['src/runtime', 'src/model', 'src/profiles', 'src/scenario', 'src/ops', 'src/recipes', 'src/exec'],
  ['properties', 'src/scheduler', 'src/explore'],
  ['src/report', 'src/campaign', 'src/snapshot'],
  ['src/cli', 'src/index.ts'],
];

function layerOf(file: string): number {
  const rel = relative(ROOT, file).replace(/\\/g, '/');
  const i = LAYERS.findIndex((l) => l.some((p) => rel === p || rel.startsWith(p + '/')));
  if (i < 0) throw new Error(`${rel} is in no layer`);
  return i;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const files = [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'properties'))];

describe('architecture', () => {
  it('imports point down the layers', () => {
    const bad: string[] = [];
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/from '(\.[^']+)'/g)) {
        const target = resolve(dirname(f), m[1]).replace(/\.js$/, '.ts');
        if (layerOf(target) > layerOf(f)) bad.push(`${relative(ROOT, f)} -> ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('nothing below cli uses randomness, clocks, the console, the process or the file system', () => {
    const banned =
      /Math\.random|Date\.now|new Date\b|performance\.now|\bconsole\.|\bprocess\.|from 'node:fs'|from 'fs'/;
    const bad = files
      .filter((f) => layerOf(f) < 4 && banned.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(bad).toEqual([]);
  });

  it('the checker above finds a violation when there is one', () => {
    expect(layerOf(join(ROOT, 'src/model/core/dd.ts'))).toBeLessThan(layerOf(join(ROOT, 'src/cli/main.ts')));
    expect(() => layerOf(join(ROOT, 'src/nowhere.ts'))).toThrow(/no layer/);
  });
});
