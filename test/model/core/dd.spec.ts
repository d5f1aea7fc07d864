import { describe, expect, it } from 'vitest';
import { A, B, admin, drv, nic, results, run, w } from '../../helpers.js';
import { bootScenario } from '../../../src/exec/run.js';
import { explore } from '../../../src/explore/dpor.js';
import { findProfile } from '../../../src/profiles/index.js';
import { scenario } from '../../helpers.js';

const rtl = (bdf: string, revision: string): object => ({
  bdf,
  vendor: '10ec',
  device: '8139',
  class: '020000',
  revision,
});

describe('dd.c', () => {
  it('8139too takes RTL8139 revisions below 0x20; its probe refuses an 8139C+ and __device_attach goes on to 8139cp', () => {
    const r = run({ drivers: ['8139too', '8139cp'], devices: [rtl(A, '10'), rtl(B, '20')], actors: [] });
    expect(r.bindings).toEqual({ [A]: '8139too', [B]: '8139cp' });
    expect(r.boot.some((e) => e.notes.some((n) => n.includes('8139C+ chip, use 8139cp')))).toBe(true);
  });

  it('a device whose probe deferred is retried by deferred_probe_work after the next successful bind', () => {
    const deferring = {
      name: 'needy',
      ids: [{ vendor: '8086', device: '10d3' }],
      probe: { fail_after: 0, errno: '-EPROBE_DEFER' },
    };
    const other = { name: 'other', ids: [{ vendor: '1234', device: '0001' }] };
    const r = run({
      drivers: [deferring, { ...other, loaded: false }],
      devices: [nic(A), { bdf: B, vendor: '1234', device: '0001', class: '020000' }],
      actors: [admin([{ modprobe: 'other' }])],
    });
    expect(r.threads).toContain('deferred_probe');
    expect(r.trace.some((e) => e.fn === 'deferred_probe_work_func')).toBe(true);
    expect(r.world.drivers[0].probes).toBe(2); // once at boot, once from the deferred work
  });

  it('unbind_store releases whatever is bound once it holds the lock, even if that changed after its unlocked check', () => {
    // Outcome 2 needs: unbind_store checks A is on pci-stub, another admin rebinds A to e1000e meanwhile,
    // then device_driver_detach releases e1000e. Every interleaving ends with A unbound or on e1000e.
    const s = scenario({
      drivers: ['e1000e', 'pci-stub'],
      devices: [nic(A, { override: 'pci-stub' })],
      actors: [
        admin([w(drv('pci-stub', 'unbind'), A)]),
        {
          name: 'other',
          ops: [
            w(drv('pci-stub', 'unbind'), A),
            w(`/sys/bus/pci/devices/${A}/driver_override`, '\n'),
            w(drv('e1000e', 'bind'), A),
          ],
        },
      ],
    });
    const x = explore(bootScenario(s, findProfile('6.1')!));
    const endings = x.outcomes.map((o) => o.result.bindings[A]).sort();
    expect(endings).toEqual(['e1000e', null].sort());
    const surprising = x.outcomes.find(
      (o) => o.result.bindings[A] === null && o.result.ops.filter((op) => op.result === 'ok').length === 4,
    );
    expect(surprising).toBeDefined();
  });

  it('driver registration with drivers_autoprobe=0 binds nothing; bind still works', () => {
    const r = run({
      bus: { drivers_autoprobe: false },
      drivers: ['e1000e'],
      devices: [nic(A)],
      actors: [admin([w(drv('e1000e', 'bind'), A)])],
    });
    expect(results(r)).toEqual(['ok']);
    expect(r.bindings[A]).toBe('e1000e');
  });
});
