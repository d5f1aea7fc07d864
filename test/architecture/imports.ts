// The import graph of a set of source files, and what breaks the layering: imports that point up, and cycles.
import { dirname, posix } from 'node:path';

/** Relative imports of one file's source: `from './x.js'`, `import('./x.js')`, resolved to .ts paths. */
export function importsOf(file: string, src: string): string[] {
  const out: string[] = [];
  for (const m of src.matchAll(/(?:from|import\s*\(?)\s*'(\.[^']+)'/g)) {
    out.push(posix.normalize(posix.join(dirname(file), m[1])).replace(/\.js$/, '.ts'));
  }
  return out;
}

/** Layers, lowest first, each a list of path prefixes; the longest prefix that matches a file decides. */
export type Layers = readonly (readonly string[])[];

export function layerOf(layers: Layers, file: string): number {
  let best = -1;
  let len = -1;
  layers.forEach((l, i) => {
    for (const p of l) {
      if ((file === p || file.startsWith(p + '/')) && p.length > len) {
        best = i;
        len = p.length;
      }
    }
  });
  if (best < 0) throw new Error(`${file} is in no layer`);
  return best;
}

/** Every import from a file to one in a higher layer, as "from -> to". */
export function upwardImports(graph: ReadonlyMap<string, readonly string[]>, layers: Layers): string[] {
  const bad: string[] = [];
  for (const [f, targets] of graph) {
    for (const t of targets) if (layerOf(layers, t) > layerOf(layers, f)) bad.push(`${f} -> ${t}`);
  }
  return bad;
}

/** Import cycles: the strongly connected components with more than one file (or a file importing itself), sorted. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      scc.push(w);
      if (w === v) break;
    }
    if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** The graph of a file set given as path -> source (paths relative to the repository, with '/'). */
export function importGraph(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const [f, src] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) g.set(f, importsOf(f, src));
  return g;
}
