// The mistakes a new user made writing a platform and a vmbus scenario from the README and the schema alone
// (issue 14's "tried as a new user would"): each is one line that names the field and says what to write instead.
import { describe, expect, it } from 'vitest';
import { load, loadError } from './load-error.js';

const NIC = 'f8615163-df3e-46c5-913f-f2d2f965ed0e'; // HV_NIC_GUID, drivers/net/hyperv/netvsc_drv.c
const ETH1 = 'ed963694-e847-4b2a-85af-bc9cfc11d6f3';
const VMBUS = {
  scenario: 1,
  name: 'vmbus',
  drivers: [
    { bus: 'vmbus', name: 'hv_netvsc' },
    { bus: 'vmbus', name: 'uio_hv_generic', loaded: false },
  ],
  devices: [{ bus: 'vmbus', name: ETH1, class_id: NIC }],
  actors: [{ name: 'dpdk', intent: { [ETH1]: 'uio_hv_generic' }, ops: [] as object[] }],
};
const vmbus = (patch: (o: typeof VMBUS) => void): object => {
  const o = structuredClone(VMBUS);
  patch(o);
  return o;
};

describe('drivers of another bus written the PCI way', () => {
  it('a real vmbus driver as a string (the PCI catalogue form) is told its object form', () => {
    expect(loadError(vmbus((o) => ((o.drivers as unknown[])[0] = 'hv_netvsc')))).toBe(
      's.json: drivers[0]: unknown driver "hv_netvsc" (a vmbus driver: declare it as {"bus": "vmbus", "name": "hv_netvsc"})',
    );
  });

  it('any other string names PCI inline drivers and "bus" as the ways out', () => {
    expect(loadError(vmbus((o) => ((o.drivers as unknown[])[0] = 'vfio-platform')))).toMatch(
      /unknown driver "vfio-platform" \(not in the PCI catalogue; give "ids" for an inline PCI driver, or "bus" for a driver of another bus\)$/,
    );
  });

  it('a vmbus driver given by its module spelling is the real driver under its kernel name', () => {
    const s = load(vmbus((o) => (o.drivers[1] = { bus: 'vmbus', name: 'uio-hv-generic', loaded: false })));
    expect(s.drivers[1]).toMatchObject({ name: 'uio_hv_generic', inline: { vmbus: { id_table: null } } });
    const netvsc = load(vmbus((o) => (o.drivers[0] = { bus: 'vmbus', name: 'hv-netvsc' })));
    expect(netvsc.drivers[0].name).toBe('hv_netvsc');
    expect(netvsc.drivers[0].inline?.vmbus?.id_table).toHaveLength(1);
  });

  it('a device without "bus" is told which bus its fields belong to', () => {
    expect(
      loadError({ scenario: 1, name: 'x', devices: [{ name: 'fff51000.ethernet', of_compatible: ['a'] }] }),
    ).toMatch(
      /unknown field "name" on a pci device: a platform field \(pci devices take: .*\); a platform device needs "bus": "platform"$/,
    );
  });
});

describe('names', () => {
  it('an upper-case vmbus instance GUID is refused: the kernel names the device in lower case (%pUl)', () => {
    expect(loadError(vmbus((o) => (o.devices[0].name = ETH1.toUpperCase())))).toBe(
      `s.json: devices[0].name: must be lower case, as the kernel names vmbus devices ("%pUl"): "${ETH1}"`,
    );
  });

  it('an undeclared driver with no near name lists the declared ones', () => {
    expect(loadError(vmbus((o) => (o.actors[0].intent = { [ETH1]: 'uio' })))).toBe(
      `s.json: actors[0].intent["${ETH1}"]: driver "uio" is not declared in "drivers" (declared: hv_netvsc, uio_hv_generic)`,
    );
  });

  it('a misspelt bus gets the nearest bus', () => {
    expect(loadError(vmbus((o) => (o.devices[0].bus = 'vmbuss')))).toMatch(
      /^s\.json: devices\[0\]\.bus: must be one of "pci", .* \(did you mean "vmbus"\?\)$/,
    );
  });

  it('a hotplug op naming a vmbus GUID by "bdf" is pointed at "device"', () => {
    expect(loadError(vmbus((o) => o.actors[0].ops.push({ hotplug: 'add', bdf: ETH1 })))).toMatch(
      /^s\.json: actors\[0\]\.ops\[0\]\.bdf: must be a BDF .*; a device of another bus is named by "device"$/,
    );
  });

  it('an unknown field with no near name lists the fields the object takes', () => {
    const rule = { name: 'dpdk', match: { bus: 'vmbus', class_id: NIC }, run: [] };
    expect(loadError({ ...VMBUS, udev: [rule] })).toBe(
      's.json: udev[0].match: unknown field "class_id" (takes: bdf, name, bus, vendor, device)',
    );
  });
});

describe('recipes', () => {
  it('"driverctl -b vmbus set-override" as typed on the command line: the bus is an argument', () => {
    const op = { recipe: 'driverctl -b vmbus set-override', bdf: ETH1, driver: 'uio_hv_generic' };
    expect(loadError(vmbus((o) => o.actors[0].ops.push(op)))).toBe(
      's.json: actors[0].ops[0].recipe: unknown recipe "driverctl -b vmbus set-override": the bus is an argument, ' +
        'write {"recipe": "driverctl set-override", "bus": "vmbus", …}',
    );
  });

  it('a PCI-only tool given a vmbus device is refused; the netvsc guide takes one', () => {
    const devbind = { recipe: 'dpdk-devbind bind', bdf: ETH1, driver: 'uio_hv_generic' };
    expect(loadError(vmbus((o) => o.actors[0].ops.push(devbind)))).toBe(
      `s.json: actors[0].ops[0].bdf: device ${ETH1} is on the vmbus bus, not pci ("dpdk-devbind bind" is a pci tool)`,
    );
    expect(() => load(vmbus((o) => o.actors[0].ops.push({ recipe: 'dpdk netvsc-guide', bdf: ETH1 })))).not.toThrow();
  });
});
