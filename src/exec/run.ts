// One execution of a scenario under a profile: boot (modelled), then the actors under a scheduler.
import type { Scenario, OpDecl, UdevRuleDecl } from '../scenario/types.js';
import type { Profile } from '../profiles/types.js';
import type { MatchPolicy } from '../profiles/policy.js';
import { policyFor } from '../profiles/index.js';
import { buildWorld, type InitialWorld } from '../model/world.js';
import { BUS_NAMES, cloneWorld, type World } from '../model/types.js';
import type { TraceEntry } from '../runtime/kernel.js';
import { Kernel } from '../model/kernel.js';
import { BUSES } from '../model/buses.js';
import { Engine, fifo, type Deadlock, type Execution, type Scheduler } from './engine.js';
import { step, type KGen } from '../runtime/step.js';
import { load_module } from '../model/module.js';
import { runOp, type OpReturn } from '../ops/exec.js';
import type { Call } from '../ops/proc.js';
import { runRecipe, type ToolRun } from '../recipes/run.js';
import type { ToolMemory } from '../recipes/types.js';
import { driverIndex } from '../ops/names.js';
import { errnoName } from '../util/errno.js';

export interface OpResult {
  readonly actor: string;
  /** Index of the op in the actor's list. */
  readonly index: number;
  readonly op: string;
  /** The op as it ran (for udev workers, with $kernel replaced). */
  readonly decl: OpDecl;
  /** "ok", an errno name ("-EEXIST"), or for reads the text read. */
  readonly result: string;
  /** 0 on success, the negative errno otherwise (0 for recipes: see `failed`). */
  readonly errno: number;
  /** What the actor saw as a failure: a negative errno, or a tool that exited non-zero or printed an error. */
  readonly failed: boolean;
  /** Recipes: the tool's system calls in order, and what it printed about failures. */
  readonly calls?: readonly Call[];
  readonly errors?: readonly string[];
  /** Trace step at which the op returned. */
  readonly step: number;
}

export interface RunResult {
  readonly scenario: string;
  readonly profile: string;
  readonly status: 'done' | 'deadlock' | 'step-limit';
  /** Final binding of every present device: driver name or null. */
  readonly bindings: Readonly<Record<string, string | null>>;
  readonly ops: readonly OpResult[];
  readonly threads: readonly string[];
  readonly trace: readonly TraceEntry[];
  readonly boot: readonly TraceEntry[];
  readonly deadlock: Deadlock | null;
  readonly choices: readonly number[];
  readonly world: World;
  /** The booted world the actors started from (shared, never mutated). */
  readonly initial: World;
  /** A user policy's failures (it threw or returned garbage), boot included. */
  readonly policyErrors: readonly string[];
}

const described = new WeakMap<OpDecl, string>();

/** One line for an op, computed once per op. */
export function describeOp(op: OpDecl): string {
  let d = described.get(op);
  if (d === undefined) described.set(op, (d = formatOp(op)));
  return d;
}

function formatOp(op: OpDecl): string {
  switch (op.kind) {
    case 'write':
      return `write ${op.path} ${JSON.stringify(op.value)}`;
    case 'read':
      return `read ${op.path}`;
    case 'hotplug':
      return `hotplug ${op.action} ${op.bdf}`;
    case 'modprobe':
      return `modprobe ${op.module}${op.params ? ' ' + op.params : ''}`;
    case 'rmmod':
      return `rmmod ${op.module}`;
    case 'recipe':
      return `${op.recipe} ${Object.entries(op.args)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`;
  }
}

function resultText(op: OpDecl, r: OpReturn): { result: string; errno: number; failed: boolean } {
  if (typeof r === 'string') return { result: r, errno: 0, failed: false };
  if (r < 0) return { result: errnoName(r), errno: r, failed: true };
  return { result: op.kind === 'read' ? String(r) : 'ok', errno: 0, failed: false };
}

function toolResult(t: ToolRun): {
  result: string;
  errno: number;
  failed: boolean;
  calls: readonly Call[];
  errors: readonly string[];
} {
  const failed = t.exit !== 0 || t.errors.length > 0;
  const result = !failed ? 'ok' : `exit ${t.exit}${t.errors.length ? `: ${t.errors[t.errors.length - 1]}` : ''}`;
  return { result, errno: 0, failed, calls: t.calls, errors: t.errors };
}

/** Boot: enumerate present devices (rescan order), apply initial overrides, register loaded drivers in order. */
function* boot(k: Kernel, s: Scenario, init: InitialWorld): KGen {
  for (const bus of BUS_NAMES) yield* k.buses[bus].enumerate(k); // PCI first; a bus without devices adds no step
  yield step('boot', 'initial driver_override', [], []);
  init.bootOverride.forEach((o, i) => {
    if (o === null || !k.world.devices[i].present) return;
    if (k.busOf(i).override?.exists(k.quirks) !== true)
      k.note(`${k.devName(i)}: no driver_override in this era, ignored`);
    else k.world.devices[i].override = o;
  });
  for (const d of s.drivers) {
    if (d.loaded) yield* load_module(k, driverIndex(k.world, d.name), d.params);
  }
}

function* actorThread(k: Kernel, name: string, ops: readonly OpDecl[], out: OpResult[]): KGen {
  const memory: ToolMemory = new Map();
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const res =
      op.kind === 'recipe'
        ? toolResult(yield* runRecipe(k, op.recipe, op.args, memory))
        : resultText(op, yield* runOp(k, op));
    out.push({ actor: name, index: i, op: describeOp(op), decl: op, ...res, step: k.current?.seq ?? -1 });
  }
}

/** "$kernel" in a udev rule's op replaced by the device's BDF. */
function substKernel(op: OpDecl, bdf: string): OpDecl {
  const sub = (v: string): string => v.split('$kernel').join(bdf);
  switch (op.kind) {
    case 'write':
      return { ...op, path: sub(op.path), value: sub(op.value) };
    case 'read':
      return { ...op, path: sub(op.path) };
    case 'recipe':
      return { ...op, args: Object.fromEntries(Object.entries(op.args).map(([key, v]) => [key, sub(v)])) };
    default:
      return op;
  }
}

function ruleMatches(r: UdevRuleDecl, k: Kernel, action: string, dev: number): boolean {
  const s = k.world.devSpecs[dev];
  return (
    r.action === action &&
    (r.match.bdf === null || r.match.bdf === s.bdf) &&
    (r.match.bus === null || r.match.bus === s.bus) &&
    (r.match.vendor === null || r.match.vendor === s.vendor) &&
    (r.match.device === null || r.match.device === s.device)
  );
}

/** udev: each matching rule's RUN in a worker thread of its own, spawned at the uevent. */
function startUdev(k: Kernel, rules: readonly UdevRuleDecl[], out: OpResult[]): void {
  if (rules.length === 0) return;
  k.onUevent = (action, dev) => {
    for (const r of rules) {
      if (!ruleMatches(r, k, action, dev)) continue;
      const bdf = k.world.devSpecs[dev].bdf;
      k.note(`udev: rule ${r.name} runs for ${bdf}`);
      k.spawn(
        `udev:${r.name}`,
        actorThread(
          k,
          `udev:${r.name}`,
          r.ops.map((op) => substKernel(op, bdf)),
          out,
        ),
      );
    }
  };
}

export function bindingsOf(w: World): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  w.devSpecs.forEach((s, i) => {
    const d = w.devices[i];
    if (d.present) out[s.bdf] = d.driver < 0 ? null : w.drvSpecs[d.driver].name;
  });
  return out;
}

export interface RunOptions {
  readonly scheduler?: Scheduler;
  readonly policy?: MatchPolicy;
  readonly maxSteps?: number;
  /** Keep the trace's notes (default true); fuzzing runs without and replays what it reports. */
  readonly notes?: boolean;
}

/** A scenario booted under a profile: every execution starts from a copy of this world. */
export interface Booted {
  readonly scenario: Scenario;
  readonly profile: Profile;
  readonly policy: MatchPolicy;
  readonly world: World;
  readonly boot: readonly TraceEntry[];
  readonly policyErrors: readonly string[];
}

export function bootScenario(s: Scenario, profile: Profile, policy?: MatchPolicy): Booted {
  const init = buildWorld(s, profile.quirks);
  const pol = policy ?? policyFor(profile.quirks);
  const k = new Kernel(init.world, profile.quirks, pol, BUSES);
  const bootEngine = new Engine(k);
  bootEngine.spawn('boot', boot(k, s, init));
  const booted = bootEngine.run(fifo, 1_000_000);
  if (booted.status !== 'done') throw new Error(`boot did not complete: ${booted.status}`);
  return { scenario: s, profile, policy: pol, world: k.world, boot: booted.trace, policyErrors: k.policyErrors };
}

/** A fresh execution of the actors on a copy of the booted world, not yet run. */
export interface Started {
  readonly k: Kernel;
  readonly engine: Engine;
  readonly ops: OpResult[];
}

export function startExecution(b: Booted, notes = true): Started {
  const k = new Kernel(cloneWorld(b.world), b.profile.quirks, b.policy, BUSES);
  k.notes = notes;
  const engine = new Engine(k);
  const ops: OpResult[] = [];
  for (const a of b.scenario.actors) engine.spawn(a.name, actorThread(k, a.name, a.ops, ops));
  startUdev(k, b.scenario.udev, ops);
  return { k, engine, ops };
}

export function finish(b: Booted, st: Started, ex: Execution): RunResult {
  return {
    scenario: b.scenario.name,
    profile: b.profile.name,
    status: ex.status,
    bindings: bindingsOf(st.k.world),
    ops: st.ops,
    threads: st.engine.threads.map((t) => t.name),
    trace: ex.trace,
    boot: b.boot,
    deadlock: ex.deadlock,
    choices: ex.choices,
    world: st.k.world,
    initial: b.world,
    policyErrors: [...b.policyErrors, ...st.k.policyErrors],
  };
}

export function runBooted(b: Booted, opts: RunOptions = {}): RunResult {
  const st = startExecution(b, opts.notes ?? true);
  return finish(b, st, st.engine.run(opts.scheduler ?? fifo, opts.maxSteps ?? 1_000_000));
}

/** The reference run of `no-collateral`: only the environment actors, one after another (FIFO). */
export function referenceRun(b: Booted): RunResult {
  const env = b.scenario.actors.filter((a) => a.role === 'environment');
  return runBooted({ ...b, scenario: { ...b.scenario, actors: env } });
}

export function runScenario(s: Scenario, profile: Profile, opts: RunOptions = {}): RunResult {
  return runBooted(bootScenario(s, profile, opts.policy), opts);
}
