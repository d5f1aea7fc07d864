// fuzz --generate --from: the VFIO host's own events find the race its configuration has.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fsHostView } from '../../src/cli/host-view.js';
import { snapshotHost } from '../../src/snapshot/index.js';
import { hostScenarios } from '../../src/campaign/from-host.js';
import { fuzzGenerated } from '../../src/campaign/generate.js';
import { parseScenario as parse } from '../../src/scenario/load.js';
import { findDriver } from '../../src/model/catalogue/index.js';
import { findProfile } from '../../src/profiles/index.js';
import { tokenFor } from '../../src/cli/tokens.js';
import { loadScenario, replay } from '../../src/index.js';

const known = (n: string): boolean => findDriver(n) !== undefined;
const host = parse(JSON.stringify(snapshotHost(fsHostView('test/fixtures/host-vfio')).scenario), 'host.json', known);
const P61 = findProfile('6.1')!;

describe('fuzz --generate --from a host snapshot', () => {
  it('offers the host events: driverctl again, module reloads (not built-ins), the hotplug slot, twins', () => {
    const h = hostScenarios(host);
    expect(h.notes).toEqual([]);
    const names = new Set<string>();
    for (const s of fc.sample(h.arbitrary, { seed: 1, numRuns: 200 })) {
      const sc = parse(JSON.stringify(s), 'generated.json', known); // every draw is a valid scenario
      expect(sc.devices.slice(0, 4)).toEqual(host.devices);
      expect(sc.udev).toEqual(host.udev);
      sc.actors.forEach((a) => names.add(a.name));
    }
    expect([...names].sort()).toEqual([
      'driverctl 0000:01:00.0',
      'reload e1000e',
      'reload nvme',
      'reload vfio-pci',
      'slot 0000:02:00.0',
      'twin of 0000:01:00.0',
      'twin of 0000:02:00.0',
      'twin of 0000:03:00.0',
    ]);
    expect(h.events).toHaveLength(8);
  });

  it('takes a hand-written scenario too, saying what it assumed, and every draw stays valid', () => {
    const h = hostScenarios(loadScenario('corpus/scenarios/h16-hot-add-window-before-override.json'));
    expect(h.notes.join('\n')).toMatch(
      /has no \[host\] facts \(not a snapshot\): devices off bus 00 taken as hot-pluggable/,
    );
    for (const s of fc.sample(h.arbitrary, { seed: 3, numRuns: 100 }))
      parse(JSON.stringify(s), 'generated.json', known);
  });

  it('reloads vfio-pci with its modprobe.d ids=, and re-applies the saved override with it as intent', () => {
    const all = fc
      .sample(hostScenarios(host).arbitrary, { seed: 2, numRuns: 300 })
      .flatMap((s) => s.actors as { name: string }[]);
    expect(all.find((a) => a.name === 'reload vfio-pci')).toEqual({
      name: 'reload vfio-pci',
      role: 'environment',
      ops: [{ rmmod: 'vfio_pci' }, { modprobe: 'vfio_pci', params: 'ids=8086:10d3' }],
    });
    expect(all.find((a) => a.name === 'driverctl 0000:01:00.0')).toEqual({
      name: 'driverctl 0000:01:00.0',
      intent: { '0000:01:00.0': 'vfio-pci' },
      ops: [{ recipe: 'driverctl load-override', bdf: '0000:01:00.0', driver: 'vfio-pci' }],
    });
  });

  it('finds the twin race (ids=8086:10d3 vs an e1000e reload) with a token that replays', () => {
    const r = fuzzGenerated(
      P61,
      { seed: '4', runs: 100, ignore: ['override-in-table'], scenarios: hostScenarios(host).arbitrary },
      known,
    );
    const f = r.findings.find((x) => x.property === 'no-collateral');
    expect(f).toBeDefined();
    // The twin on the hotplug slot is re-seated while e1000e reloads: who gets it depends on the interleaving.
    expect(f!.scenario.actors.map((a) => a.name)).toEqual(
      expect.arrayContaining(['reload e1000e', 'slot 0000:02:00.0']),
    );
    expect(f!.message).toMatch(
      /0000:02:00\.0, in no actor's intent, ended bound to e1000e; with the environment alone it is bound to vfio-pci/,
    );
    const token = tokenFor(f!.scenario, P61, f!.run.choices);
    const again = replay(token, f!.scenario);
    expect(again.bindings['0000:02:00.0']).toBe('e1000e');
    expect(again.violations.map((v) => v.property)).toContain('no-collateral');
  });
});
