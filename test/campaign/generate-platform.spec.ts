// fuzz --generate --bus platform: generated platform worlds are fair (one tool per device, no unload of a tool's
// target), the search finds H20's window (a native driver matched before driver_override, probed after), and the
// CLI refuses --bus without --generate, with --from, or naming an unknown bus (exit 2, one line).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzGenerated } from '../../src/campaign/generate.js';
import { platformScenarioJson } from '../../src/campaign/generate/platform.js';
import { findProfile } from '../../src/profiles/index.js';
import { findDriver } from '../../src/model/catalogue/index.js';
import { main } from '../../src/cli/program.js';
import { captureOutput, io } from '../cli/capture.js';

captureOutput();

type Gen = {
  devices: { bus: string }[];
  actors: { name: string; intent?: Record<string, string>; ops: Record<string, string>[] }[];
};
const known = (n: string): boolean => findDriver(n) !== undefined;

describe('generated platform worlds', () => {
  it('are platform-only, give each device to one tool at most, and never unload a driver a tool targets', () => {
    for (const g of fc.sample(platformScenarioJson, { seed: 7, numRuns: 300 }) as unknown as Gen[]) {
      expect(g.devices.every((d) => d.bus === 'platform')).toBe(true);
      const intents = g.actors.flatMap((a) => Object.entries(a.intent ?? {}));
      expect(new Set(intents.map(([dev]) => dev)).size).toBe(intents.length);
      const targets = new Set(intents.map(([, drv]) => drv));
      for (const op of g.actors.find((a) => a.name === 'env')?.ops ?? [])
        expect(op.rmmod === undefined || !targets.has(op.rmmod)).toBe(true);
    }
  });

  it('the search finds the native driver probing a device overridden to vfio-platform (H20)', () => {
    const o = { seed: '1', runs: 600, ignore: ['override-in-table'], scenarios: platformScenarioJson };
    const r = fuzzGenerated(findProfile('4.4')!, o, known);
    const f = r.findings.find((x) => x.property === 'override-exclusive');
    expect(f?.message).toMatch(/^(amd-xgbe|dma-pl330) probed \S+ while its driver_override was "vfio-platform"$/);
    expect(f!.scenario.devices.every((d) => d.bus === 'platform')).toBe(true);
  }, 120_000);
});

describe('fuzz --bus', () => {
  const corpus = (): string => mkdtempSync(join(tmpdir(), 'hf-bus-'));
  it.each([
    [['fuzz', '--bus', 'platform', 'x.json'], '--bus: goes with --generate (fuzz --generate --bus platform)'],
    [
      ['fuzz', '--generate', '--bus', 'isa'],
      '--bus: unknown bus "isa" (pci, platform, usb, serio, amba, spi, css, ap, vmbus, cdx, fsl-mc)',
    ],
    [['fuzz', '--generate', '--bus', 'platform', '--from', 'h.json'], '--bus: a --from host brings its own devices'],
  ])('%j is refused with one line, exit 2', async (args, message) => {
    expect(await main([...args, '--corpus', corpus()])).toBe(2);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
    expect(io.stderr).toContain(message);
  });
});
