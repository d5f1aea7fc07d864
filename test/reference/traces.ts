// Reference traces (issue 16): seeded random schedules over every corpus scenario and five profiles, each
// reduced to a digest of its steps (thread, function, object, lock taken, footprint, events, notes, locks
// held after), its op results, final bindings and replay token. A refactor or speed-up of the model must
// leave every digest as recorded; `HOTPLUG_FUZZ_RECORD_REASON="why" npm run record:reference` re-records them.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../src/scenario/load.js';
import { findDriver } from '../../src/model/catalogue/index.js';
import { findProfile } from '../../src/profiles/index.js';
import { bootScenario, finish, startExecution, type Booted } from '../../src/exec/run.js';
import { randomScheduler } from '../../src/scheduler/basic.js';
import { child } from '../../src/prng/index.js';
import { tokenFor } from '../../src/cli/tokens.js';

export const REFERENCE_PROFILES = ['3.15', '5.10', '5.14', '6.1', 'rfc-09of11'] as const;
export const RUNS_PER_PAIR = 106; // 19 scenarios x 5 profiles x 106 = 10,070 schedules
export const REFERENCE_FILE = join(__dirname, 'traces.json');
const CORPUS = join(__dirname, '../../corpus/scenarios');

export interface ReferenceFile {
  readonly reason: string;
  readonly pairs: Record<string, string[]>;
}

/** One schedule of `b` chosen by the seeded random scheduler, reduced to a digest (16 hex digits). */
export function digestRun(b: Booted, seed: string): string {
  const st = startExecution(b);
  const { engine, k } = st;
  const sched = randomScheduler(child(seed, 'scheduler'));
  const steps: unknown[] = [];
  const runnable: number[] = [];
  const choices: number[] = [];
  let status: 'done' | 'deadlock' | 'step-limit' = 'done';
  for (let n = 0; ; n++) {
    engine.runnable(runnable);
    if (runnable.length === 0) {
      status = engine.settled().status;
      break;
    }
    if (n >= 100_000) {
      status = 'step-limit';
      break;
    }
    let c = 0;
    if (runnable.length > 1) {
      c = sched.pick(runnable, engine.threads, n);
      choices.push(c);
    }
    const t = engine.threads[runnable[c]];
    const s = t.pending!;
    const e = engine.stepThread(t);
    const held = k.world.locks.flatMap((h, l) => (h >= 0 ? [`${l}:${h}`] : []));
    steps.push([e.tid, e.fn, e.obj, s.acquire, s.rd, s.wr, e.extraRd ?? [], e.extraWr ?? [], e.events, e.notes, held]);
  }
  const r = finish(b, st, { ...engine.result(status, null), choices });
  const ops = r.ops.map((o) => [o.actor, o.index, o.op, o.result, o.step, o.calls ?? null]);
  const doc = JSON.stringify([steps, ops, r.bindings, r.status, tokenFor(b.scenario, b.profile, choices)]);
  return createHash('sha256').update(doc).digest('hex').slice(0, 16);
}

export function corpusScenarios(): { name: string; text: string }[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), text: readFileSync(join(CORPUS, f), 'utf8') }));
}

/** Every pair's digests, in seed order. */
export function recordPair(name: string, text: string, profile: string): string[] {
  const s = parseScenario(text, `${name}.json`, (n) => findDriver(n) !== undefined);
  const b = bootScenario(s, findProfile(profile)!);
  return Array.from({ length: RUNS_PER_PAIR }, (_, i) => digestRun(b, `reference/${name}/${profile}/${i}`));
}

export const pairKey = (name: string, profile: string): string => `${name} @ ${profile}`;
