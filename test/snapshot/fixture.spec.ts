// The VFIO host tree in test/fixtures/host-vfio: an 82574L NIC driverctl has on vfio-pci, `options vfio-pci
// ids=8086:10d3`, its twin on a hotplug slot (on e1000e), an NVMe, a root port.
import { describe, expect, it } from 'vitest';
import { fsHostView } from '../../src/cli/host-view.js';
import { checkSnapshot, parseFacts, snapshotHost } from '../../src/snapshot/index.js';
import { parseScenario } from '../../src/scenario/load.js';
import { findDriver } from '../../src/model/catalogue/index.js';
import { bootScenario, bindingsOf } from '../../src/exec/run.js';
import { findProfile } from '../../src/profiles/index.js';

const ROOT = 'test/fixtures/host-vfio';
const known = (n: string): boolean => findDriver(n) !== undefined;
const snap = snapshotHost(fsHostView(ROOT));
const HOST = {
  '0000:00:1c.0': 'pcieport',
  '0000:01:00.0': 'vfio-pci',
  '0000:02:00.0': 'e1000e',
  '0000:03:00.0': 'nvme',
};

describe('snapshot of the VFIO host tree', () => {
  it('reads the bindings the tree shows', () => {
    expect(snap.bindings).toEqual(HOST);
    expect(snap.release).toBe('6.1.0-50-amd64');
    expect(snap.profile).toBe('6.1');
  });

  it('is a valid scenario (schema and loader) that boots in the model to the host bindings, device by device', () => {
    const s = parseScenario(JSON.stringify(snap.scenario), 'host.json', known);
    const booted = bootScenario(s, findProfile('6.1')!);
    expect(bindingsOf(booted.world)).toEqual(HOST);
    expect(checkSnapshot(snap.scenario, snap.bindings, '6.1').filter((c) => c.model !== c.host)).toEqual([]);
  });

  it('keeps the configuration: the override, the ids= option, driverctl load-override on add, the header types', () => {
    const sc = snap.scenario as {
      drivers: unknown[];
      devices: { bdf: string; override?: string; header_type?: string; iommu_group: number }[];
      udev: unknown[];
    };
    expect(sc.drivers).toEqual([
      { name: 'pcieport', ids: [{ vendor: 'any', device: 'any', class: '060400', class_mask: 'ffffff' }] },
      'nvme',
      'e1000e',
      { name: 'vfio-pci', params: 'ids=8086:10d3' },
    ]);
    expect(sc.devices.find((d) => d.bdf === '0000:01:00.0')).toMatchObject({ override: 'vfio-pci', iommu_group: 13 });
    expect(sc.devices.find((d) => d.bdf === '0000:00:1c.0')?.header_type).toBe('bridge');
    expect(sc.udev).toEqual([
      {
        name: 'driverctl-pci-0000:01:00.0',
        action: 'add',
        match: { bdf: '0000:01:00.0' },
        run: [{ recipe: 'driverctl load-override', bdf: '$kernel', driver: 'vfio-pci' }],
      },
    ]);
  });

  it('says what it inferred and carries the host facts the campaign reads', () => {
    const d = snap.scenario.description as string;
    expect(d).toMatch(/registration order \(not exported by the kernel\).*pcieport, nvme, e1000e, vfio-pci/);
    expect(d).toMatch(/e1000e registered before vfio-pci: 0000:02:00\.0 is on e1000e though vfio-pci matches it too/);
    expect(d).toMatch(/options vfio-pci ids=8086:10d3 -> parameters/);
    expect(parseFacts(d)).toEqual({ hotpluggable: ['0000:02:00.0'], builtin: ['pcieport'], softdeps: [], noload: [] });
    expect(snap.unreadable).toEqual([]);
  });

  it('--kernel overrides the release mapping', () => {
    const s = snapshotHost(fsHostView(ROOT), { kernel: '5.14' });
    expect(s.scenario.kernel).toBe('5.14');
    // 5.14: vfio-pci has no table, still binds 01:00.0 through the override.
    expect(checkSnapshot(s.scenario, s.bindings, '5.14').every((c) => c.model === c.host)).toBe(true);
  });
});
