// Test helpers: scenarios from plain objects, run under a named profile.
import { parseScenario } from '../src/scenario/load.js';
import { findDriver } from '../src/model/catalogue/index.js';
import { findProfile } from '../src/profiles/index.js';
import { runScenario, type RunOptions, type RunResult } from '../src/exec/run.js';
import type { Scenario } from '../src/scenario/types.js';

export function scenario(obj: object): Scenario {
  return parseScenario(
    JSON.stringify({ scenario: 1, name: 't', ...obj }),
    'test.json',
    (n) => findDriver(n) !== undefined,
  );
}

export function run(obj: object, profile = '6.1', opts: RunOptions = {}): RunResult {
  const p = findProfile(profile);
  if (!p) throw new Error(`no profile ${profile}`);
  return runScenario(scenario(obj), p, opts);
}

/** An 82574L (e1000e) at `bdf`. */
export const nic = (bdf: string, extra: object = {}): object => ({
  bdf,
  vendor: '8086',
  device: '10d3',
  class: '020000',
  ...extra,
});
export const w = (path: string, value: string): object => ({ write: path, value });
export const dev = (bdf: string, attr: string): string => `/sys/bus/pci/devices/${bdf}/${attr}`;
export const drv = (name: string, attr: string): string => `/sys/bus/pci/drivers/${name}/${attr}`;
export const admin = (ops: object[], intent?: object): object => ({
  name: 'admin',
  ops,
  ...(intent ? { intent } : {}),
});

/** Results of the admin's ops, in order. */
export const results = (r: RunResult): string[] => r.ops.map((o) => o.result);

export const A = '0000:01:00.0';
export const B = '0000:02:00.0';
export const C = '0000:03:00.0';
