// `explore` is a model checker (issue 13.1): every property on every explored execution, each violation under
// the outcome it belongs to, with a witness token that replays it; exit 1 when any property is violated.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput, io } from './capture.js';
import { main } from '../../src/cli/program.js';
import type { ExploreDoc as Doc } from '../../src/cli/commands/explore.js';

captureOutput();

const H16 = 'corpus/scenarios/h16-hot-add-window-before-override.json';
const A = '0000:01:00.0';
const B = '0000:02:00.0';

/** Two twin 82574L NICs on e1000e; an admin hands one to vfio-pci by driver_override. */
function twinOverride(): string {
  const nic = (bdf: string) => ({ bdf, vendor: '8086', device: '10d3', class: '020000' });
  const file = join(mkdtempSync(join(tmpdir(), 'hf-explore-')), 'twin-override.json');
  writeFileSync(
    file,
    JSON.stringify({
      scenario: 1,
      name: 'twin-override',
      drivers: ['e1000e', 'vfio-pci'],
      devices: [nic(A), nic(B)],
      actors: [
        {
          name: 'admin',
          intent: { [A]: 'vfio-pci' },
          ops: [
            { write: `/sys/bus/pci/devices/${A}/driver_override`, value: 'vfio-pci\n' },
            { write: `/sys/bus/pci/devices/${A}/driver/unbind`, value: A },
            { write: '/sys/bus/pci/drivers_probe', value: A },
          ],
        },
      ],
    }),
  );
  return file;
}

async function replays(file: string, token: string, property: string): Promise<void> {
  io.stdout = '';
  expect(await main(['run', file, '--schedule', token, '--json'])).toBe(1);
  expect((JSON.parse(io.stdout) as Doc).violations.map((v) => v.property)).toContain(property);
}

describe('hotplug-fuzz explore checks every property on every execution', () => {
  it("H16: the admin's intent is lost in one outcome — intent, with a witness, exit 1", async () => {
    expect(await main(['explore', H16, '--kernel', '6.1', '--json'])).toBe(1);
    const x = JSON.parse(io.stdout) as Doc;
    const lost = x.outcomes.findIndex((o) => o.bindings[B] === 'e1000e');
    expect(lost).toBeGreaterThanOrEqual(0);
    const intent = x.violations.filter((v) => v.property === 'intent');
    expect(intent).toHaveLength(1);
    expect(intent[0].outcome).toBe(lost);
    expect(intent[0].message).toBe(
      `admin wanted ${B} on vfio-pci; it ended bound to e1000e, and every op of admin succeeded`,
    );
    await replays(H16, intent[0].token, 'intent');
    // deterministic carries both outcomes, each with its own witness.
    const det = x.violations.find((v) => v.property === 'deterministic')!;
    expect(new Set([det.outcome, det.versus!.outcome])).toEqual(new Set([0, 1]));
  });

  it('H16 in text: the violation is shown under its outcome, with its token', async () => {
    expect(await main(['explore', H16, '--kernel', '6.1'])).toBe(1);
    expect(io.stdout).toMatch(
      new RegExp(
        String.raw`outcome \d \(\d+ executions?\)\n(?: {4}\S+ +\S+\n)+ {4}witness: hf1\.\S+\n` +
          String.raw` {4}VIOLATION intent: admin wanted 0000:02:00\.0 on vfio-pci; it ended bound to e1000e, ` +
          String.raw`and every op of admin succeeded\n {6}token: hf1\.`,
      ),
    );
    expect(io.stdout).toMatch(
      / {2}VIOLATION deterministic: 2 outcomes: .*\n {4}outcome \d: hf1\.\S+\n {4}outcome \d: hf1\./,
    );
  });

  it.each(['3.16', '5.10', '5.11', '5.14'])(
    'twin NICs, one overridden to vfio-pci (%s): override-in-table with a witness, exit 1',
    async (p) => {
      const file = twinOverride();
      expect(await main(['explore', file, '--kernel', p, '--json'])).toBe(1);
      const x = JSON.parse(io.stdout) as Doc;
      const v = x.violations.find((y) => y.property === 'override-in-table')!;
      expect(v.message).toBe(`vfio-pci bound ${A} through driver_override with no id entry for it`);
      expect(x.outcomes[v.outcome].bindings).toEqual({ [A]: 'vfio-pci', [B]: 'e1000e' });
      await replays(file, v.token, 'override-in-table');
    },
  );

  it("the user's --property is checked on every execution too, under the outcome it belongs to", async () => {
    const H1 = 'corpus/scenarios/h01-new-id-captures-hot-added-twin.json';
    expect(
      await main(['explore', H1, '--kernel', '6.1', '--json', '--property', './examples/no-stub-without-intent.js']),
    ).toBe(1);
    const x = JSON.parse(io.stdout) as Doc;
    const v = x.violations.find((y) => y.property === 'no-stub-without-intent')!;
    expect(v.message).toBe(`${B} ended on pci-stub, which no actor asked for`);
    expect(x.outcomes[v.outcome].bindings[B]).toBe('pci-stub');
  });

  it('twin NICs on 6.1: vfio-pci lists the device (override_only), nothing is violated, exit 0', async () => {
    expect(await main(['explore', twinOverride(), '--kernel', '6.1', '--json'])).toBe(0);
    expect((JSON.parse(io.stdout) as Doc).violations).toEqual([]);
  });
});
