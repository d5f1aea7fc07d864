// Running a recipe op: the tool as a userspace process, its calls logged, its exit status returned.
import type { Kernel } from '../model/kernel.js';
import type { KGen } from '../runtime/step.js';
import { Proc, type Call } from '../ops/proc.js';
import { findRecipe } from './index.js';
import type { ToolMemory } from './types.js';

export interface ToolRun {
  readonly exit: number;
  readonly errors: readonly string[];
  readonly calls: readonly Call[];
}

/** Arguments with defaults filled in (the loader has checked names and values). */
export function recipeArgs(
  name: string,
  given: Readonly<Record<string, string>>,
): Record<string, string> & { version: string } {
  const r = findRecipe(name);
  if (r === undefined) throw new Error(`unknown recipe ${name} (the scenario loader should have refused it)`);
  const out: Record<string, string> = { version: r.versions[0] };
  for (const a of r.args) if (a.default !== undefined) out[a.name] = a.default;
  return Object.assign(out, given) as Record<string, string> & { version: string };
}

export function* runRecipe(
  k: Kernel,
  name: string,
  given: Readonly<Record<string, string>>,
  memory: ToolMemory,
): KGen<ToolRun> {
  const recipe = findRecipe(name)!;
  const p = new Proc(k, recipe.oCreat ?? true);
  const exit = yield* recipe.run(p, recipeArgs(name, given), memory);
  return { exit, errors: p.errors, calls: p.calls };
}
