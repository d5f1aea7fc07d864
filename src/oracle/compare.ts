// The model's side of a comparison with the real kernel (one scenario, sequentially, FIFO) and the verdict.
// The oracle judges semantics, not races.
import type { Scenario } from '../scenario/types.js';
import { findProfile } from '../profiles/index.js';
import { runScenario, type RunResult } from '../exec/run.js';
import { unitsOf, type Unit } from './units.js';
import { firstDifference, type Side } from './entry.js';

export type Verdict =
  | { readonly scenario: string; readonly supported: false; readonly reason: string }
  | {
      readonly scenario: string;
      readonly supported: true;
      readonly agree: boolean;
      readonly model: Side;
      readonly kernel: Side;
      readonly ms: number;
    };

/** The model's side of a FIFO run, unit by unit. */
export function sideOf(r: RunResult, units: readonly Unit[] = unitsOf(r)): Side {
  return { ops: units.map((u) => u.model), labels: units.map((u) => u.label), bindings: r.bindings };
}

/** The model's FIFO run of `s` under a profile: the units the guest replays, and the model's side. */
export function modelRun(s: Scenario, profileName: string): { units: Unit[]; model: Side } {
  const r = runScenario(s, findProfile(profileName)!);
  const units = unitsOf(r);
  return { units, model: sideOf(r, units) };
}

/** The model's side of `s` under a profile. */
export const modelSide = (s: Scenario, profileName: string): Side => modelRun(s, profileName).model;

/** The verdict on one scenario run on both sides. */
export function verdict(s: Scenario, model: Side, kernel: Side, ms: number): Verdict {
  return { scenario: s.name, supported: true, agree: firstDifference(model, kernel) === null, model, kernel, ms };
}
