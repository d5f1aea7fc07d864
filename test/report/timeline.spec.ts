// The terminal timeline: a column per thread, binding changes, the violating step marked, 100 columns.
import { describe, expect, it } from 'vitest';
import { explore, loadScenario, replay } from '../../src/index.js';
import { timeline } from '../../src/report/timeline.js';

const A = '0000:01:00.0';

function h6Silent() {
  const s = loadScenario('corpus/scenarios/h06-driverctl-unbind-window.json');
  return replay(explore(s).outcomes.find((o) => o.bindings[A] === 'e1000e')!.witness, s);
}

describe('timeline', () => {
  it("puts each step in its thread's column, binding changes under it, and marks the violating step", () => {
    const r = h6Silent();
    const lines = timeline(r.result, r.violations);
    expect(lines[0]).toMatch(/^ +driverctl +other-tool$/);
    const col = lines[0].indexOf('other-tool');
    const probe = lines.find((l) => l.includes('drivers_probe_store') && l.indexOf('drivers_probe_store') === col)!;
    expect(probe).toBeDefined();
    expect(lines[lines.indexOf(probe) + 4]).toBe(`${' '.repeat(col)}+ ${A} bound to e1000e`);
    expect(lines.find((l) => l.startsWith('!'))).toMatch(
      /stat \/sys\/bus\/pci\/devices\/0000:01:00\.0\/driver <- error-visible$/,
    );
    expect(lines.at(-1)).toMatch(/^ {2}end: intent: driverctl wanted 0000:01:00\.0 on vfio-pci/);
  });

  it('fits 100 columns, and colours only when asked', () => {
    const r = h6Silent();
    const plain = timeline(r.result, r.violations);
    expect(Math.max(...plain.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(plain.join('\n')).not.toContain('\x1b[');
    expect(timeline(r.result, r.violations, { colour: true }).join('\n')).toContain('\x1b[31;1m!');
  });

  it("keeps a binding line whole when its thread's column is far right (shifted left, not cut)", () => {
    const s = loadScenario('corpus/scenarios/h18-two-tools-two-twins.json');
    const r = replay(explore(s).outcomes[0].witness, s);
    const narrow = timeline(r.result, r.violations, { width: 60 });
    const events = narrow.filter((l) => /^ +[+~-] 0000:/.test(l));
    expect(events.length).toBeGreaterThan(0);
    for (const l of events) {
      expect(l.length).toBeLessThanOrEqual(60);
      expect(l).not.toContain('…');
    }
  });
});
