// The README's bus examples (examples/platform-vfio-handover.json, examples/vmbus-dpdk-netvsc.json), written by a
// new user from the README and the schema alone: each loads, runs, and shows the outcome its description promises.
// If an example stops loading or its outcome set changes, these fail.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { explore, loadScenario, parseScenario, replay, run, type ExploreReport } from '../../src/index.js';

const PLATFORM = 'examples/platform-vfio-handover.json';
const VMBUS = 'examples/vmbus-dpdk-netvsc.json';
const PORT0 = 'e0700000.xgmac'; // added by the DT overlay
const PORT1 = 'e0900000.xgmac'; // handed to vfio-platform
const ETH0 = '6e0a4c2a-1f33-4b5e-9c1d-0e9b7a6f2d11';
const ETH1 = 'ed963694-e847-4b2a-85af-bc9cfc11d6f3';
const OFFERED = '3b2e1c90-6c4f-4d0b-a7a4-1b2f5e7c9d10';

/** Each outcome's bindings with the properties violated under it, sorted, and the outcome-set properties. */
function summary(x: ExploreReport): { outcomes: object[]; overall: string[] } {
  const under = (i: number): string[] =>
    [...new Set(x.violations.filter((v) => v.outcome === i && v.versus === undefined).map((v) => v.property))].sort();
  return {
    outcomes: x.outcomes.map((o, i) => ({ bindings: o.bindings, violated: under(i) })),
    overall: [...new Set(x.violations.filter((v) => v.versus !== undefined).map((v) => v.property))].sort(),
  };
}

describe(PLATFORM, () => {
  it.each(['4.4', '6.1', '7.1'])(
    '%s: port 0 always ends on amd-xgbe; port 1 on vfio-platform, or on amd-xgbe while driverctl reports success',
    (kernel) => {
      const x = explore(loadScenario(PLATFORM), { kernel });
      expect(x.complete).toBe(true);
      expect(summary(x)).toEqual({
        outcomes: [
          // vfio-platform has no id table: binding through driver_override is its only way, so override-in-table
          // fails on every correct hand-over (by design, not a hazard).
          { bindings: { [PORT0]: 'amd-xgbe', [PORT1]: 'vfio-platform' }, violated: ['override-in-table'] },
          {
            bindings: { [PORT0]: 'amd-xgbe', [PORT1]: 'amd-xgbe' },
            violated: ['error-visible', 'intent', 'override-exclusive'],
          },
        ],
        overall: ['deterministic'],
      });
      // The witness of the lost hand-over replays it: driverctl exits 0, the port is on amd-xgbe.
      const lost = x.violations.find((v) => v.property === 'error-visible')!;
      const r = replay(lost.token, loadScenario(PLATFORM));
      expect(r.bindings[PORT1]).toBe('amd-xgbe');
      expect(r.ops.find((o) => o.actor === 'admin')?.result).toBe('ok');
    },
  );

  it('3.16: platform has no driver_override yet (3.17): driverctl fails visibly and the port stays on amd-xgbe', () => {
    const r = run(loadScenario(PLATFORM), { kernel: '3.16' });
    expect(r.ops.find((o) => o.actor === 'admin')?.result).toMatch(/does not support driver override/);
    expect(r.bindings).toEqual({ [PORT0]: 'amd-xgbe', [PORT1]: 'amd-xgbe' });
    expect(explore(loadScenario(PLATFORM), { kernel: '3.16' }).outcomes).toHaveLength(1);
  });
});

describe(VMBUS, () => {
  it.each(['5.10', '6.1', '6.12', '7.1'])(
    '%s: the offered NIC ends on hv_netvsc or is captured by uio_hv_generic; eth0 and eth1 end as intended',
    (kernel) => {
      const x = explore(loadScenario(VMBUS), { kernel });
      expect(x.complete).toBe(true);
      expect(summary(x)).toEqual({
        outcomes: [
          { bindings: { [ETH0]: 'hv_netvsc', [ETH1]: 'uio_hv_generic', [OFFERED]: 'hv_netvsc' }, violated: [] },
          {
            bindings: { [ETH0]: 'hv_netvsc', [ETH1]: 'uio_hv_generic', [OFFERED]: 'uio_hv_generic' },
            violated: ['no-collateral'],
          },
        ],
        overall: ['deterministic'],
      });
    },
  );

  it('FIFO: every write succeeds and the NIC offered afterwards goes to hv_netvsc', () => {
    const r = run(loadScenario(VMBUS), { kernel: '6.1' });
    expect(r.ops.map((o) => o.result)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(r.violations).toEqual([]);
  });

  it('4.4 (before 4.10): vmbus has no new_id, so the hand-over fails visibly and eth1 is left unbound', () => {
    const r = run(loadScenario(VMBUS), { kernel: '4.4' });
    expect(r.ops.map((o) => o.result)).toEqual(['ok', '-EACCES', 'ok', '-ENODEV', 'ok']);
    expect(r.bindings[ETH1]).toBeNull();
    expect(r.violations).toEqual([]); // a visible failure excuses intent
  });

  it('driverctl -b vmbus set-override instead of the guide: one outcome, the offered NIC stays on hv_netvsc', () => {
    const o = JSON.parse(readFileSync(VMBUS, 'utf8')) as { actors: { ops: object[] }[] };
    o.actors[0].ops = [{ recipe: 'driverctl set-override', bus: 'vmbus', bdf: ETH1, driver: 'uio_hv_generic' }];
    const x = explore(parseScenario(JSON.stringify(o), 'driverctl.json'), { kernel: '6.1' });
    expect(summary(x)).toEqual({
      outcomes: [
        {
          bindings: { [ETH0]: 'hv_netvsc', [ETH1]: 'uio_hv_generic', [OFFERED]: 'hv_netvsc' },
          violated: ['override-in-table'], // uio_hv_generic has no id table: by design
        },
      ],
      overall: [],
    });
  });
});
