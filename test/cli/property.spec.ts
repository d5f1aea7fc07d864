import { describe, expect, it } from 'vitest';
import { captureOutput, io } from './capture.js';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/program.js';

captureOutput();

const H1 = 'corpus/scenarios/h01-new-id-captures-hot-added-twin.json';
const PROP = './examples/no-stub-without-intent.js';
const module = (body: string): string => {
  const f = join(mkdtempSync(join(tmpdir(), 'hf-prop-')), 'p.mjs');
  writeFileSync(f, body);
  return f;
};

describe("--property: the user's own invariants", () => {
  it('fuzz finds a violation of the example property, saves it, and replay needs the module to check it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-corpus-'));
    expect(
      await main(['fuzz', H1, '--seed', '1', '--runs', '300', '--corpus', dir, '--quiet', '--property', PROP]),
    ).toBe(1);
    const file = readdirSync(dir).find((f) => f.startsWith('no-stub-without-intent-'))!;
    expect(file).toBeDefined();
    expect(await main(['replay', join(dir, file)])).toBe(2);
    expect(io.stderr).toContain(
      'found with the user property "no-stub-without-intent": give its module with --property',
    );
    io.stdout = '';
    expect(await main(['replay', join(dir, file), '--property', PROP])).toBe(1);
    expect(io.stdout).toContain('verdict: still failing');
  });

  it('campaign and matrix add it as a column', async () => {
    expect(await main(['matrix', H1, '-k', '6.1', '--property', PROP])).toBe(1);
    expect(io.stdout).toMatch(/regress\s+nswi$/m);
    expect(io.stdout).toContain('nswi = no-stub-without-intent');
    expect(io.stdout).toMatch(/^6\.1\s+-\s+1\s+1\s+-\s+-\s+-\s+-\s+-\s+-\s+-\s+1$/m);
  });

  it('a property that throws is reported as its own violation; a malformed one is exit 2', async () => {
    const boom = module('export default { name: "boom", check() { throw new Error("kaboom"); } };');
    await main(['run', H1, '--property', boom, '--json']);
    expect(JSON.parse(io.stdout).violations).toContainEqual(
      expect.objectContaining({ property: 'boom', message: 'the property threw: kaboom' }),
    );
    expect(
      await main(['run', H1, '--property', module('export default { name: "intent", check() { return []; } };')]),
    ).toBe(2);
    expect(io.stderr).toMatch(/: name: "intent" is a built-in property/);
    expect(await main(['run', H1, '--property', module('export default { name: "x" };')])).toBe(2);
    expect(io.stderr).toMatch(/: check: must be a function/);
  });
});
