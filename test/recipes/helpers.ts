// Recipe test helpers: a tool's calls as compact lines, and its exit.
import type { RunResult } from '../../src/exec/run.js';
import type { Call } from '../../src/ops/proc.js';

const line = (c: Call): string =>
  `${c.call} ${c.path}${c.value !== undefined ? ` ${JSON.stringify(c.value)}` : ''} = ${c.result}`;

/** The i-th op's calls (a recipe), one line each. */
export function calls(r: RunResult, i = 0): string[] {
  const op = r.ops[i];
  if (!op.calls) throw new Error(`op ${i} (${op.op}) is not a recipe`);
  return op.calls.map(line);
}

/** Only the writes and module loads: the sequence a recipe's source documents. */
export function writes(r: RunResult, i = 0): string[] {
  return calls(r, i).filter((l) => l.startsWith('write ') || l.startsWith('modprobe '));
}

export const recipe = (name: string, args: object): object => ({ recipe: name, ...args });
