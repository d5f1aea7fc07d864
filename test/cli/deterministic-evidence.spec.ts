// A deterministic finding shows its own evidence (issue 13.3): it carries both outcomes' schedules, replays as
// both traces, and the HTML lists under each finding only its own property.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput, io } from './capture.js';
import { main } from '../../src/cli/program.js';

captureOutput();

const H6 = 'corpus/scenarios/h06-driverctl-unbind-window.json';
const A = '0000:01:00.0';

async function fuzzH6(): Promise<{ dir: string; html: string; entry: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hf-det-'));
  const html = join(dir, 'report.html');
  const corpus = join(dir, 'findings');
  await main(['fuzz', H6, '--kernel', '6.1', '--seed', '1', '--runs', '3000', '--corpus', corpus, '--html', html]);
  const entry = readdirSync(corpus).find((f) => f.startsWith('deterministic-'))!;
  return { dir, html, entry: join(corpus, entry) };
}

const sections = (html: string): string[] => html.split('<section').slice(1);

describe('a deterministic finding', () => {
  it('carries both outcomes, replays as both traces, and its HTML bullets name only its property', async () => {
    const { html, entry } = await fuzzH6();
    const e = JSON.parse(readFileSync(entry, 'utf8'));
    expect(e.versus.token).toMatch(/^hf1\./);
    expect(new Set([e.bindings[A], e.versus.bindings[A]])).toEqual(new Set(['e1000e', 'vfio-pci']));

    for (const s of sections(readFileSync(html, 'utf8'))) {
      const heading = /<h2>([a-z-]+) in /.exec(s)![1];
      const bullets = [...s.matchAll(/<li class="viol"><b>([a-z-]+)<\/b>/g)].map((m) => m[1]);
      expect(new Set(bullets), heading).toEqual(new Set([heading]));
      expect(s.split('<table class="timeline"').length - 1, heading).toBe(heading === 'deterministic' ? 2 : 1);
    }

    io.stdout = '';
    expect(await main(['replay', entry])).toBe(1);
    const out = io.stdout;
    expect(out).toContain(`outcome 1 (${e.token}):`);
    expect(out).toContain(`outcome 2 (${e.versus.token}):`);
    expect(out.match(/^timeline \(one column per thread/gm)).toHaveLength(2);
    expect(out).toMatch(
      new RegExp(`bindings:\\n  ${A}  ${e.bindings[A]}\\n[\\s\\S]*bindings:\\n  ${A}  ${e.versus.bindings[A]}\\n`),
    );
    expect(out).not.toMatch(/VIOLATION intent/);
    expect(out).toMatch(/VIOLATION deterministic: two schedules end differently/);
    expect(out).toMatch(/verdict: still failing\n$/);
  });

  it('found before it carried its other outcome: replay finds one by exploring', async () => {
    const { dir, entry } = await fuzzH6();
    const e = JSON.parse(readFileSync(entry, 'utf8'));
    delete e.versus;
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify(e));
    io.stdout = '';
    expect(await main(['replay', old, '--json'])).toBe(1);
    const j = JSON.parse(io.stdout);
    expect(j.verdict).toBe('still failing');
    expect(j.versus.bindings[A]).not.toBe(j.bindings[A]);
    io.stdout = '';
    await main(['run', H6, '--schedule', j.versus.token, '--json']);
    expect(JSON.parse(io.stdout).bindings).toEqual(j.versus.bindings);
  });
});
