import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { importCycles, importGraph, layerOf, upwardImports, type Layers } from './architecture/imports.js';

const ROOT = resolve(__dirname, '..');

/** Layers, lowest first: a module may import only from its own layer or below (the longest prefix decides). */
const LAYERS: Layers = [
  ['src/util', 'src/prng'],
  // The step runtime every kernel path uses (Runtime, step, KGen).
  ['src/runtime'],
  ['src/model', 'src/profiles', 'src/scenario'],
  // The scenario loader validates ops and recipes by their catalogues, so it sits beside them.
  ['src/ops', 'src/recipes', 'src/scenario/load.ts', 'src/scenario/actors.ts'],
  // The orchestrator: boot, run, the engine.
  ['src/exec'],
  ['properties', 'src/scheduler', 'src/explore'],
  // The oracle's pure parts (units, facts, entries, plans, comparisons); its guest I/O lives in src/cli/oracle.
  ['src/report', 'src/campaign', 'src/snapshot', 'src/oracle'],
  ['src/cli', 'src/index.ts'],
];
const CLI = LAYERS.length - 1;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const files = new Map(
  [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'properties'))].map((f) => [
    relative(ROOT, f).replace(/\\/g, '/'),
    readFileSync(f, 'utf8'),
  ]),
);
const graph = importGraph(files);

describe('architecture', () => {
  it('every file is in a layer', () => {
    for (const f of files.keys()) expect(() => layerOf(LAYERS, f)).not.toThrow();
  });

  it('imports point down the layers', () => {
    expect(upwardImports(graph, LAYERS)).toEqual([]);
  });

  it('no import cycles (type-only imports included)', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('nothing below cli uses randomness, clocks, the console, the process or the file system', () => {
    const banned =
      /Math\.random|Date\.now|new Date\b|performance\.now|\bconsole\.|\bprocess\.|from 'node:fs'|from 'fs'/;
    const bad = [...files].filter(([f, src]) => layerOf(LAYERS, f) < CLI && banned.test(src)).map(([f]) => f);
    expect(bad).toEqual([]);
  });

  it('the checks find planted violations: an upward import, a cycle, a file in no layer', () => {
    const planted = new Map([
      ['src/model/core/dd.ts', "import { fuzz } from '../../campaign/fuzz.js';\nimport { x } from './bus.js';"],
      ['src/model/core/bus.ts', "import type { y } from './dd.js';"],
      ['src/campaign/fuzz.ts', "import { step } from '../runtime/step.js';"],
      ['src/runtime/step.ts', ''],
      ['src/exec/a.ts', "export { b } from './b.js';"],
      ['src/exec/b.ts', "const a = await import('./a.js');"],
      ['src/exec/self.ts', "import { me } from './self.js';"],
      ['src/oracle/plan.ts', "import { Guest } from '../cli/oracle/guest.js';"],
    ]);
    const g = importGraph(planted);
    expect(upwardImports(g, LAYERS)).toEqual([
      'src/model/core/dd.ts -> src/campaign/fuzz.ts',
      'src/oracle/plan.ts -> src/cli/oracle/guest.ts',
    ]);
    expect(importCycles(g)).toEqual([
      ['src/exec/a.ts', 'src/exec/b.ts'],
      ['src/exec/self.ts'],
      ['src/model/core/bus.ts', 'src/model/core/dd.ts'],
    ]);
    expect(() => layerOf(LAYERS, 'src/nowhere.ts')).toThrow(/no layer/);
    expect(layerOf(LAYERS, 'src/scenario/load.ts')).toBeGreaterThan(layerOf(LAYERS, 'src/scenario/types.ts'));
  });
});
