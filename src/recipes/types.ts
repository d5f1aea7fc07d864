// A recipe: a real tool's command as the program it is, making the tool's exact system calls.
import type { KGen } from '../runtime/step.js';
import type { Proc } from '../ops/proc.js';
import type { BusName } from '../model/types.js';

export type ArgKind =
  /** A declared device's BDF. */
  | 'bdf'
  /** Space-separated BDFs of declared devices. */
  | 'bdfs'
  /** A declared driver's name. */
  | 'driver'
  /** A declared driver, or "none" (unbind only). */
  | 'driver-or-none'
  /** A non-negative integer. */
  | 'count'
  /** "true" or "false". */
  | 'flag'
  /** A bus the model knows (pci, platform, vmbus): driverctl's -b. */
  | 'bus';

export interface ArgSpec {
  readonly name: string;
  readonly kind: ArgKind;
  /** Absent: required. */
  readonly default?: string;
  readonly doc: string;
}

/** What an actor's tools remember between its ops (libvirt's inactive-device list, for instance). */
export type ToolMemory = Map<string, unknown>;

export interface RecipeArgs {
  readonly [name: string]: string;
  readonly version: string;
}

export interface Recipe {
  /** "<tool> <command>" as users type it, e.g. "driverctl set-override". */
  readonly name: string;
  /** What the recipe is and where its sequence comes from (tool, file, revision). */
  readonly source: string;
  /** false: the tool opens sysfs files for writing without O_CREAT (libvirt); default true. */
  readonly oCreat?: boolean;
  /** Tool versions whose sequences differ, newest first; the first is the default. */
  readonly versions: readonly string[];
  readonly args: readonly ArgSpec[];
  /** The bus whose devices a recipe without a `bus` argument works on (default pci: the tools are PCI's). */
  readonly bus?: BusName;
  /** The tool's exit status (0 = it reports success); messages it printed go to `p.errors`. */
  run(p: Proc, a: RecipeArgs, memory: ToolMemory): KGen<number>;
}
