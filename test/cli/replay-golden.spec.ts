// Witness tokens recorded by another process (the built CLI, when this file was written) replay here
// byte for byte: determinism across processes and across sessions. If the model changes on purpose,
// re-record test/fixtures/h01-witnesses.json and say why in the commit.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/program.js';

const golden = JSON.parse(readFileSync('test/fixtures/h01-witnesses.json', 'utf8')) as {
  scenario: string;
  witnesses: { token: string; bindings: Record<string, string | null>; traceSha256: string }[];
};

afterEach(() => vi.restoreAllMocks());

describe('recorded H1 witnesses', () => {
  it.each(golden.witnesses.map((w) => [w.token, w] as const))('%s replays to the recorded trace', async (_t, w) => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    await main(['run', golden.scenario, '--schedule', w.token, '--json', '--trace']);
    expect(JSON.parse(out).bindings).toEqual(w.bindings);
    expect(createHash('sha256').update(out).digest('hex')).toBe(w.traceSha256);
  });
});
