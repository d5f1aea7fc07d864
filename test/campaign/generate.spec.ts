// fuzz --generate: generated worlds are fair (no by-construction violations) and --runs does not cut shrinking.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fuzzGenerated, scenarioJson } from '../../src/campaign/generate.js';
import { findProfile } from '../../src/profiles/index.js';
import { findDriver } from '../../src/model/catalogue/index.js';

type Gen = { actors: { name: string; intent?: Record<string, string>; ops: Record<string, string>[] }[] };
const known = (n: string): boolean => findDriver(n) !== undefined;

describe('generated scenarios', () => {
  it('give each device to one tool at most, and the environment never unloads a driver a tool targets', () => {
    for (const g of fc.sample(scenarioJson, { seed: 7, numRuns: 500 }) as unknown as Gen[]) {
      const intents = g.actors.flatMap((a) => Object.entries(a.intent ?? {}));
      expect(new Set(intents.map(([bdf]) => bdf)).size).toBe(intents.length);
      const targets = new Set(intents.map(([, drv]) => drv));
      for (const op of g.actors.find((a) => a.name === 'env')?.ops ?? [])
        expect(op.rmmod === undefined || !targets.has(op.rmmod)).toBe(true);
    }
  });
});

describe('fuzzGenerated', () => {
  it('--runs counts generated cases: the smallest budget that finds a bug shrinks it as far as a large budget', () => {
    const p = findProfile('6.1')!;
    const o = { seed: '3', ignore: ['override-in-table'] };
    const big = fuzzGenerated(p, { ...o, runs: 2000 }, known);
    let small = fuzzGenerated(p, { ...o, runs: 1 }, known);
    while (small.findings.length === 0 && small.runs < 300)
      small = fuzzGenerated(p, { ...o, runs: small.runs + 1 }, known);
    expect(small.findings.length).toBeGreaterThan(0);
    const key = (f: (typeof big.findings)[number]) => `${f.property} ${f.scenario.source}`;
    expect(big.findings.map(key)).toEqual(expect.arrayContaining(small.findings.map(key)));
  }, 90_000); // ~8 s alone; 2,000 generated cases plus the growing small budgets, slower on a loaded machine
});
