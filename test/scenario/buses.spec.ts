// Scenario format v1 for non-PCI buses (design §3 "Other buses"): platform devices and inline drivers in JSON,
// wrong-bus fields refused with the bus they belong to, per-bus settings ("buses", the old "bus" still loading) and
// per-bus drivers_autoprobe. Kernel facts: drivers/base/bus.c bus_probe_device (v6.1: `if (bus->p->drivers_autoprobe)
// device_initial_probe(dev)`, one flag per bus_type) and bus_add_driver (`if (drv->bus->p->drivers_autoprobe)
// driver_attach(drv)`); drivers/base/platform.c platform_match and __platform_driver_probe.
import { describe, expect, it } from 'vitest';
import { fuzz, parseScenario, run } from '../../src/index.js';
import { BUS_NAMES } from '../../src/model/types.js';
import { load, loadError } from './load-error.js';

const ETH = 'fff51000.ethernet';
const TWIN = 'fff52000.ethernet';
const XGBE = 'amd,xgbe-seattle-v1a';
const PD = (name: string): string => `/sys/bus/platform/devices/${name}`;

/** Platform devices and drivers only, as a user writes them from the README. */
const PLATFORM = {
  scenario: 1,
  name: 'vfio-platform-takeover',
  drivers: [
    { name: 'amd-xgbe', bus: 'platform', of_match_table: [XGBE] },
    { name: 'vfio-platform', bus: 'platform', loaded: false },
  ],
  devices: [
    { bus: 'platform', name: ETH, of_compatible: [XGBE] },
    { bus: 'platform', name: TWIN, of_compatible: [XGBE], present: false },
  ],
  actors: [
    {
      name: 'admin',
      intent: { [ETH]: 'vfio-platform' },
      ops: [
        { modprobe: 'vfio-platform' },
        { write: `${PD(ETH)}/driver/unbind`, value: ETH },
        { write: `${PD(ETH)}/driver_override`, value: 'vfio-platform' },
        { write: '/sys/bus/platform/drivers_probe', value: ETH },
      ],
    },
    { name: 'reload', role: 'environment', ops: [{ rmmod: 'amd_xgbe' }, { modprobe: 'amd-xgbe' }] },
    { name: 'hotplug', role: 'environment', ops: [{ hotplug: 'add', device: TWIN }] },
  ],
};

const with_ = (patch: (o: typeof PLATFORM) => object): object => patch(structuredClone(PLATFORM));

describe('platform devices and drivers in a scenario', () => {
  it('loads with defaults filled: dev_name as the key, pdev_name defaulting to it, inline tables', () => {
    const s = load(PLATFORM);
    expect(s.devices[0]).toMatchObject({
      bus: 'platform',
      bdf: ETH,
      present: true,
      platform: { name: ETH, of_compatible: [XGBE], acpi_ids: [] },
    });
    expect(s.drivers[0]).toMatchObject({
      bus: 'platform',
      inline: { platform: { of_match_table: [XGBE], acpi_match_table: [], id_table: null, probe_once: false } },
    });
    expect(s.buses).toEqual(Object.fromEntries(BUS_NAMES.map((b) => [b, { drivers_autoprobe: true }])));
    expect(s.buses).toMatchObject({ pci: { drivers_autoprobe: true }, platform: { drivers_autoprobe: true } });
  });

  it('runs through the public API: boot binds by OF, the override sequence moves it, hot-add binds the twin', () => {
    const r = run(load(PLATFORM), { kernel: '6.1' });
    expect(r.bindings).toEqual({ [ETH]: 'vfio-platform', [TWIN]: 'amd-xgbe' });
    expect(r.ops.map((o) => o.result)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    // As vfio-pci by override on PCI (6.1): no table of vfio-platform's lists the device.
    expect(r.violations.map((v) => `${v.property}: ${v.message}`)).toEqual([
      `override-in-table: vfio-platform bound ${ETH} through driver_override with no id entry for it`,
    ]);
  });

  it('fuzz finds the reload window: amd-xgbe matched unlocked before driver_override, probed after (no re-match)', () => {
    const f = fuzz(load(PLATFORM), { kernel: '6.1', seed: '1', runs: 300 });
    const found = f.findings.find((x) => x.property === 'override-exclusive');
    expect(found?.message).toBe(`amd-xgbe probed ${ETH} while its driver_override was "vfio-platform"`);
    const again = run(load(PLATFORM), { kernel: '6.1', schedule: found!.token });
    expect(again.bindings[ETH]).toBe('amd-xgbe');
    expect(again.violations.map((v) => v.property)).toContain('override-exclusive');
    expect(f.findings.map((x) => x.property)).not.toContain('match-sound');
  });

  it('matching by ACPI id, id_table (pdev_name) and the bare name, as platform_match orders them', () => {
    const s = {
      scenario: 1,
      name: 'match',
      drivers: [
        { name: 'by-acpi', bus: 'platform', acpi_match_table: ['AMDI8001'] },
        { name: 'by-table', bus: 'platform', id_table: ['serial8250'] },
        { name: 'gpio-keys', bus: 'platform' },
      ],
      devices: [
        { bus: 'platform', name: 'AMDI8001:00', acpi_ids: ['AMDI8001'] },
        { bus: 'platform', name: 'serial8250.0', pdev_name: 'serial8250' },
        { bus: 'platform', name: 'gpio-keys' },
        { bus: 'platform', name: 'gpio-keys.1', pdev_name: 'gpio-keys' },
      ],
      actors: [],
    };
    expect(run(load(s)).bindings).toEqual({
      'AMDI8001:00': 'by-acpi',
      'serial8250.0': 'by-table',
      'gpio-keys': 'gpio-keys',
      'gpio-keys.1': 'gpio-keys',
    });
  });

  it('a probe_once driver (platform_driver_probe) binds at load only: no bind file, modprobe -ENODEV with nothing to bind', () => {
    const s = {
      scenario: 1,
      name: 'probe-once',
      drivers: [
        { name: 'early', bus: 'platform', id_table: ['early'], probe_once: true },
        { name: 'late', bus: 'platform', id_table: ['none-here'], probe_once: true, loaded: false },
      ],
      devices: [{ bus: 'platform', name: 'early.0', pdev_name: 'early' }],
      actors: [
        {
          name: 'admin',
          ops: [
            { write: '/sys/bus/platform/drivers/early/unbind', value: 'early.0' },
            { modprobe: 'late' },
            { rmmod: 'early' },
          ],
        },
      ],
    };
    const r = run(load(s));
    expect(r.ops.map((o) => o.result)).toEqual(['-EACCES', '-ENODEV', 'ok']);
    expect(r.bindings).toEqual({ 'early.0': null });
  });

  it('hot-remove is platform_device_unregister: the driver is released and driver_override freed with the pdev', () => {
    const s = with_((o) => ({
      ...o,
      actors: [
        {
          name: 'admin',
          ops: [
            { write: `${PD(ETH)}/driver_override`, value: 'nothing' },
            { hotplug: 'remove', device: ETH },
            { read: `${PD(ETH)}/driver_override` },
            { hotplug: 'add', device: ETH },
            { read: `${PD(ETH)}/driver_override` },
          ],
        },
      ],
    }));
    const r = run(load(s));
    expect(r.ops.map((o) => o.result)).toEqual(['ok', 'ok', '-ENOENT', 'ok', '(null)\n']);
    expect(r.bindings).toEqual({ [ETH]: 'amd-xgbe' });
  });

  it('udev rules match platform devices by name and bus; $kernel is the dev_name', () => {
    const s = with_((o) => ({
      ...o,
      actors: [o.actors[0], o.actors[2]],
      udev: [
        {
          name: 'vfio',
          match: { name: TWIN, bus: 'platform' },
          run: [{ write: '/sys/bus/platform/devices/$kernel/driver_override', value: 'vfio-platform' }],
        },
        { name: 'pci-only', match: { bus: 'pci' }, run: [{ read: '/sys/bus/pci/drivers_autoprobe' }] },
      ],
    }));
    const r = run(load(s));
    const udev = r.ops.filter((x) => x.actor.startsWith('udev:'));
    expect(udev.map((x) => `${x.actor} ${x.op}`)).toEqual([
      `udev:vfio write /sys/bus/platform/devices/${TWIN}/driver_override "vfio-platform"`,
    ]);
    // FIFO: the kernel's own probe after device_add runs before udev's worker: the twin is amd-xgbe's.
    expect(r.bindings[TWIN]).toBe('amd-xgbe');
  });

  it('PCI and platform devices in one world, each on its own bus', () => {
    const s = with_((o) => ({
      ...o,
      drivers: [...o.drivers, 'e1000e'],
      devices: [...o.devices, { bdf: '0000:01:00.0', vendor: '8086', device: '10d3', class: '020000' }],
      actors: [
        {
          name: 'admin',
          ops: [
            { write: '/sys/bus/platform/drivers_probe', value: '0000:01:00.0' },
            { write: '/sys/bus/pci/drivers_probe', value: ETH },
          ],
        },
      ],
    }));
    const r = run(load(s));
    expect(r.ops.map((o) => o.result)).toEqual(['-ENODEV', '-ENODEV']); // bus_find_device_by_name is per bus
    expect(r.bindings).toEqual({ [ETH]: 'amd-xgbe', '0000:01:00.0': 'e1000e' });
  });
});

describe('wrong-bus and unknown fields: one line naming the field, with the bus it belongs to', () => {
  it('a PCI field on a platform device or driver, a platform field on a PCI device', () => {
    expect(loadError(with_((o) => ({ ...o, devices: [{ ...o.devices[0], bdf: '0000:01:00.0' }] })))).toBe(
      's.json: devices[0]: unknown field "bdf" on a platform device: a pci field ' +
        '(platform devices take: bus, name, pdev_name, of_compatible, acpi_ids, present, override)',
    );
    expect(loadError(with_((o) => ({ ...o, drivers: [{ ...o.drivers[0], ids: [] }] })))).toMatch(
      /^s\.json: drivers\[0\]: unknown field "ids" on a platform driver: a pci field \(platform drivers take: bus, name/,
    );
    const pci = { bdf: '0000:01:00.0', vendor: '8086', device: '10d3', class: '020000', of_compatible: [XGBE] };
    expect(loadError({ scenario: 1, name: 'x', devices: [pci], actors: [] })).toMatch(
      /^s\.json: devices\[0\]: unknown field "of_compatible" on a pci device: a platform field \(pci devices take: bus, bdf,/,
    );
  });

  it('did-you-mean within the bus, unknown bus, missing name', () => {
    const typo = with_((o) => ({ ...o, devices: [{ bus: 'platform', name: ETH, of_compatibel: [XGBE] }] }));
    expect(loadError(typo)).toBe('s.json: devices[0]: unknown field "of_compatibel" (did you mean "of_compatible"?)');
    const drvTypo = with_((o) => ({ ...o, drivers: [{ name: 'x', bus: 'platform', probe_onse: true }] }));
    expect(loadError(drvTypo)).toBe('s.json: drivers[0]: unknown field "probe_onse" (did you mean "probe_once"?)');
    expect(loadError(with_((o) => ({ ...o, devices: [{ bus: 'nosuchbus', name: '1-1' }] })))).toMatch(
      /^s\.json: devices\[0\]\.bus: must be one of "pci", "platform", /,
    );
    expect(loadError(with_((o) => ({ ...o, devices: [{ bus: 'platform' }] })))).toBe(
      's.json: devices[0].name: is required',
    );
  });

  it('ops, intents and paths name devices and drivers on their own bus', () => {
    const ops = (op: object): object => with_((o) => ({ ...o, actors: [{ name: 'a', ops: [op] }] }));
    expect(loadError(ops({ hotplug: 'add', device: 'fff51000.ethernt' }))).toBe(
      's.json: actors[0].ops[0].device: device fff51000.ethernt is not declared in "devices" (nor a VF of a declared PF) ' +
        '(did you mean "fff51000.ethernet"?)',
    );
    expect(loadError(ops({ hotplug: 'add' }))).toMatch(
      /^s\.json: actors\[0\]\.ops\[0\]: needs "bdf" \(a PCI device\) or "device"/,
    );
    expect(loadError(ops({ write: '/sys/bus/platform/drivers/e1000e/bind', value: ETH }))).toMatch(
      /drivers\[|driver "e1000e" is not declared/,
    );
    const mixed = with_((o) => ({
      ...o,
      drivers: [...o.drivers, 'e1000e'],
      devices: [...o.devices, { bdf: '0000:01:00.0', vendor: '8086', device: '10d3', class: '020000' }],
      actors: [{ name: 'a', ops: [{ write: '/sys/bus/platform/drivers/e1000e/bind', value: ETH }] }],
    }));
    expect(loadError(mixed)).toBe(
      's.json: actors[0].ops[0].write: driver e1000e is on the pci bus: its directory is /sys/bus/pci/drivers/e1000e',
    );
    const onPci = {
      ...mixed,
      actors: [{ name: 'a', ops: [{ read: '/sys/bus/platform/devices/0000:01:00.0/driver_override' }] }],
    };
    expect(loadError(onPci)).toBe('s.json: actors[0].ops[0].read: device 0000:01:00.0 is on the pci bus, not platform');
    expect(
      loadError({ ...mixed, actors: [{ name: 'a', ops: [{ hotplug: 'add', bdf: '0000:01:00.0', device: ETH }] }] }),
    ).toBe('s.json: actors[0].ops[0]: has bdf and device: name the device once');
  });
});

describe('per-bus settings: "buses", and the old "bus" (PCI) still loading', () => {
  const base = { scenario: 1, name: 'b', actors: [] };
  it("the old form is PCI's, the new form per bus; both for PCI is refused", () => {
    expect(load({ ...base, bus: { drivers_autoprobe: false } }).buses).toMatchObject({
      pci: { drivers_autoprobe: false },
      platform: { drivers_autoprobe: true },
      vmbus: { drivers_autoprobe: true },
    });
    expect(
      load({ ...base, buses: { pci: { drivers_autoprobe: false }, platform: { drivers_autoprobe: false } } }).buses,
    ).toMatchObject({
      pci: { drivers_autoprobe: false },
      platform: { drivers_autoprobe: false },
      vmbus: { drivers_autoprobe: true },
    });
    expect(loadError({ ...base, bus: {}, buses: { pci: {} } })).toMatch(
      /^s\.json: bus: PCI's settings are given twice/,
    );
    expect(loadError({ ...base, buses: { nosuchbus: {} } })).toBe(
      's.json: buses: unknown field "nosuchbus" (takes: pci, platform, usb, serio, amba, spi, css, ap, vmbus, cdx, fsl-mc)',
    );
    expect(loadError({ ...base, buses: { platform: { drivers_autoprob: true } } })).toBe(
      's.json: buses.platform: unknown field "drivers_autoprob" (did you mean "drivers_autoprobe"?)',
    );
  });
});

describe('drivers_autoprobe per bus (bus->p->drivers_autoprobe)', () => {
  const NIC = { bdf: '0000:01:00.0', vendor: '8086', device: '10d3', class: '020000', present: false };
  /** One absent device on each bus, each bus's driver loaded; `ops` run before both are hot-added. */
  const world = (ops: object[], extra: object = {}): object => ({
    scenario: 1,
    name: 'autoprobe',
    drivers: ['e1000e', { name: 'amd-xgbe', bus: 'platform', of_match_table: [XGBE] }],
    devices: [NIC, { bus: 'platform', name: ETH, of_compatible: [XGBE], present: false }],
    actors: [
      {
        name: 'admin',
        ops: [
          ...ops,
          { hotplug: 'add', bdf: NIC.bdf },
          { hotplug: 'add', device: ETH },
          { read: '/sys/bus/pci/drivers_autoprobe' },
          { read: '/sys/bus/platform/drivers_autoprobe' },
        ],
      },
    ],
    ...extra,
  });
  const off = { write: '/sys/bus/platform/drivers_autoprobe', value: '0' };

  it('/sys/bus/platform/drivers_autoprobe=0 stops platform hot-add binding; PCI keeps its own flag (7.1: it honours it)', () => {
    for (const kernel of ['6.1', '7.1'] as const) {
      const r = run(load(world([off])), { kernel });
      expect(r.bindings).toEqual({ [NIC.bdf]: 'e1000e', [ETH]: null });
      expect(r.ops.slice(-2).map((o) => o.result)).toEqual(['1\n', '0\n']);
    }
    // and the other way round: PCI's flag off does not stop platform (on 7.1, where PCI hot-add honours it)
    const pciOff = run(load(world([{ write: '/sys/bus/pci/drivers_autoprobe', value: '0' }])), { kernel: '7.1' });
    expect(pciOff.bindings).toEqual({ [NIC.bdf]: null, [ETH]: 'amd-xgbe' });
  });

  it('at boot: "buses" sets each flag; driver registration (bus_add_driver) binds only where its bus says so', () => {
    const s = {
      ...(world([]) as object),
      devices: [
        { ...NIC, present: true },
        { bus: 'platform', name: ETH, of_compatible: [XGBE] },
      ],
      actors: [],
    };
    expect(run(load({ ...s, buses: { platform: { drivers_autoprobe: false } } })).bindings).toEqual({
      [NIC.bdf]: 'e1000e',
      [ETH]: null,
    });
    expect(run(load({ ...s, bus: { drivers_autoprobe: false } })).bindings).toEqual({
      [NIC.bdf]: null,
      [ETH]: 'amd-xgbe',
    });
  });

  it('the store and the hot-add are ordered by footprint: explore sees both outcomes of the race', async () => {
    const { explore } = await import('../../src/index.js');
    const s = load({
      ...(world([]) as object),
      actors: [
        { name: 'admin', ops: [off] },
        { name: 'hotplug', role: 'environment', ops: [{ hotplug: 'add', device: ETH }] },
      ],
    });
    const x = explore(s, { kernel: '6.1' });
    expect(x.outcomes.map((o) => o.bindings[ETH]).sort()).toEqual(['amd-xgbe', null].sort());
  });
});

describe('the README', () => {
  it('platform example loads and ends where its admin meant', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /\*\*Other buses\.\*\*[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1];
    const r = run(parseScenario(block, 'README.md'), { kernel: '6.1' });
    expect(r.bindings).toEqual({ [ETH]: 'vfio-platform' });
    expect(r.violations.map((v) => v.property)).not.toContain('intent');
  });
});

describe('vmbus devices and drivers in a scenario (drivers/hv/vmbus_drv.c)', () => {
  const NIC = 'ed963694-e847-4b2a-85af-bc9cfc11d6f3';
  const NET = 'f8615163-df3e-46c5-913f-f2d2f965ed0e';
  const VMBUS = {
    scenario: 1,
    name: 'v',
    drivers: [
      { bus: 'vmbus', name: 'hv_netvsc' },
      { bus: 'vmbus', name: 'uio_hv_generic', loaded: false },
      { bus: 'vmbus', name: 'hv_sock' },
      { bus: 'vmbus', name: 'mine', id_table: [NET.toUpperCase()] },
    ],
    devices: [{ bus: 'vmbus', name: NIC, class_id: NET }],
    actors: [],
  };

  it('real drivers take their tables by name (uio_hv_generic: NULL, hv_sock: hvsock); inline GUIDs are lower-cased', () => {
    const s = load(VMBUS);
    expect(s.drivers.map((d) => d.inline?.vmbus)).toEqual([
      { id_table: [NET], hvsock: false },
      { id_table: null, hvsock: false },
      { id_table: [], hvsock: true },
      { id_table: [NET], hvsock: false },
    ]);
    expect(s.devices[0]).toMatchObject({ bus: 'vmbus', bdf: NIC, vmbus: { class_id: NET, hvsock: false } });
  });

  it('a GUID that is not one, and a PCI field on a vmbus device, are refused in one line', () => {
    const bad = (d: object) => loadError({ ...VMBUS, devices: [d] });
    expect(bad({ bus: 'vmbus', name: NIC, class_id: `{${NET}}` })).toBe(
      's.json: devices[0].class_id: must be a GUID xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hex digits, no braces)',
    );
    expect(bad({ bus: 'vmbus', name: NIC, class_id: NET, vendor: '8086' })).toMatch(
      /^s\.json: devices\[0\]: unknown field "vendor" on a vmbus device: a pci field/,
    );
  });

  it('boots: hv_netvsc binds the NIC by its class GUID; uio_hv_generic, not loaded, has no table anyway', () => {
    expect(run(load(VMBUS)).bindings).toEqual({ [NIC]: 'hv_netvsc' });
  });
});
