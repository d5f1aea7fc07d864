// The terminal timeline: a column per thread, binding changes, the violating step marked, 100 columns.
import { describe, expect, it } from 'vitest';
import { explore, loadScenario, replay } from '../../src/index.js';
import { timeline, wrapText } from '../../src/report/timeline.js';

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
    const bound = lines.slice(lines.indexOf(probe)).find((l) => l.trimStart().startsWith('+'));
    expect(bound).toBe(`${' '.repeat(col)}+ ${A} bound to e1000e`);
    expect(lines.find((l) => l.startsWith('!'))).toMatch(
      /stat \/sys\/bus\/pci\/devices\/0000:01:00\.0\/driver <- error-visible$/,
    );
    const end = lines.findIndex((l) => l.startsWith('  end: intent: '));
    expect(lines.slice(end).join(' ').replace(/ +/g, ' ')).toBe(
      ' end: intent: driverctl wanted 0000:01:00.0 on vfio-pci; it ended bound to e1000e, and every op of driverctl succeeded',
    );
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

/** The lines of each step, from its numbered line to the next one, without their gutter. */
function stepTexts(lines: readonly string[]): Map<number, string> {
  const steps = new Map<number, string>();
  let seq = -1;
  for (const l of lines) {
    const m = /^[! ] *(\d+) {2}/.exec(l);
    if (m) seq = Number(m[1]);
    else if (!/^ {7}/.test(l) || /^[+~-] 0000:\S+ (bound to|unbound from|driver_override=)/.test(l.trim())) continue;
    if (seq >= 0) steps.set(seq, `${steps.get(seq) ?? ''}${l.slice(7).replace(/\s+/g, '')}`);
  }
  return steps;
}

describe('timeline wrapping', () => {
  it('wraps a step to its column and never cuts an object, at any width', () => {
    const s = loadScenario('corpus/scenarios/h18-two-tools-two-twins.json');
    const r = replay(explore(s).outcomes[0].witness, s);
    for (const width of [40, 60, 100, 200]) {
      const lines = timeline(r.result, r.violations, { width });
      expect(Math.max(...lines.map((l) => l.length)), `width ${width}`).toBeLessThanOrEqual(width);
      expect(lines.join('\n')).not.toContain('…');
      const texts = stepTexts(lines);
      for (const e of r.result.trace)
        expect(texts.get(e.seq), `step ${e.seq} at width ${width}`).toContain(`${e.fn}${e.obj}`.replace(/ /g, ''));
    }
  });

  it('breaks a long path after a "/", and at 200 columns keeps it on one line', () => {
    const r = h6Silent();
    const at100 = timeline(r.result, r.violations, { width: 100 });
    const open = at100.findIndex((l) => / {2}open \/sys\/bus\/pci\/devices\/0000:01:00\.0\/$/.test(l));
    expect(open).toBeGreaterThan(0);
    expect(at100[open + 1].trim()).toMatch(/^(driver_override|driver\/unbind)$/);
    const at200 = timeline(r.result, r.violations, { width: 200 });
    expect(at200.some((l) => l.includes('open /sys/bus/pci/devices/0000:01:00.0/driver_override'))).toBe(true);
    expect(at200.some((l) => l.includes('open /sys/bus/pci/devices/0000:01:00.0/driver/unbind'))).toBe(true);
  });

  it('wrapText keeps every character but the spaces it breaks at', () => {
    expect(wrapText('open /sys/bus/pci/devices/0000:01:00.0/driver_override', 21)).toEqual([
      'open /sys/bus/pci/',
      'devices/0000:01:00.0/',
      'driver_override',
    ]);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});
