import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { findDriver } from '../../src/model/catalogue/index.js';
import { UserError } from '../../src/util/errors.js';
import { PCI_ANY_ID } from '../../src/model/types.js';

const known = (n: string): boolean => findDriver(n) !== undefined;
const parse = (o: unknown): ReturnType<typeof parseScenario> => parseScenario(typeof o === 'string' ? o : JSON.stringify(o), 's.json', known);

const base = {
  scenario: 1,
  name: 'x',
  drivers: ['e1000e', 'pci-stub', { name: 'vfio-pci', loaded: false }, { name: 'mydrv', ids: [{ vendor: '8086', device: '10d3' }], probe: '-ENODEV' }],
  devices: [
    { bdf: '0000:01:00.0', vendor: '8086', device: '10d3', class: '020000' },
    { bdf: '0000:02:00.0', vendor: '8086', device: '10d3', class: '020000', present: false },
    { bdf: '0000:03:00.0', vendor: '8086', device: '10fb', class: '020000', sriov: { total_vfs: 2, vf_device: '10ed', vf_offset: 128, vf_stride: 2 } },
  ],
  actors: [
    { name: 'admin', intent: { '0000:01:00.0': 'pci-stub' }, ops: [{ write: '/sys/bus/pci/drivers/pci-stub/new_id', value: '8086 10d3' }] },
    { name: 'hotplug', role: 'environment', ops: [{ hotplug: 'add', bdf: '0000:02:00.0' }] },
  ],
};

/** Replace the value at a dotted path in a deep copy of base. */
function withField(path: string, value: unknown): object {
  const o = JSON.parse(JSON.stringify(base));
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) cur = cur[k];
  if (value === undefined) delete cur[keys[keys.length - 1]];
  else cur[keys[keys.length - 1]] = value;
  return o;
}

describe('parseScenario', () => {
  it('parses the design example and fills defaults', () => {
    const s = parse(base);
    expect(s.kernel).toBeNull();
    expect(s.policy).toBe('mainline');
    expect(s.bus.drivers_autoprobe).toBe(true);
    expect(s.devices[0]).toMatchObject({ vendor: 0x8086, device: 0x10d3, subvendor: 0, subdevice: 0, revision: 0, header_type: 'normal', iommu_group: 'own', present: true, override: null });
    expect(s.drivers[2]).toMatchObject({ name: 'vfio-pci', loaded: false, inline: null });
    expect(s.drivers[3].inline).toMatchObject({ probe: { kind: 'errno', errno: -19 } });
    expect(s.drivers[3].inline!.ids[0]).toMatchObject({ subvendor: PCI_ANY_ID, class_mask: 0, driver_data: 0 });
    expect(s.actors[1]).toMatchObject({ role: 'environment', intent: null });
    expect(s.actors[0].ops[0]).toEqual({ kind: 'write', path: '/sys/bus/pci/drivers/pci-stub/new_id', value: '8086 10d3' });
  });

  it('the canonical source does not depend on key order or whitespace', () => {
    const a = parse(base).source;
    const reordered = { actors: base.actors, devices: base.devices, drivers: base.drivers, name: 'x', scenario: 1 };
    expect(parseScenario(JSON.stringify(reordered, null, 4), 's.json', known).source).toBe(a);
  });

  it.each<[string, unknown, string]>([
    ['empty file', '', 's.json: empty file'],
    ['invalid JSON', '{"scenario": 1,', 's.json: not valid JSON'],
    ['wrong version', withField('scenario', 2), 's.json: scenario: must be 1'],
    ['missing actors', withField('actors', undefined), 's.json: actors: is required'],
    ['unknown top-level field', { ...base, kernal: '6.1' }, 's.json: kernal: unknown field'],
    ['unknown device field', withField('devices.0.presnt', false), 's.json: devices[0].presnt: unknown field'],
    ['3-digit vendor', withField('devices.0.vendor', '808'), 's.json: devices[0].vendor: must be 4 hex digits'],
    ['non-hex device', withField('devices.0.device', '10dz'), 's.json: devices[0].device: must be 4 hex digits'],
    ['bad class', withField('devices.0.class', '0200'), 's.json: devices[0].class: must be 6 hex digits'],
    ['bad BDF', withField('devices.0.bdf', '01:00.0'), 's.json: devices[0].bdf: must be a BDF'],
    ['upper-case BDF', withField('devices.0.bdf', '0000:0A:00.0'), 's.json: devices[0].bdf: must be a BDF'],
    ['duplicate BDF', withField('devices.1.bdf', '0000:01:00.0'), 's.json: devices[1].bdf: duplicate device 0000:01:00.0'],
    ['BDF taken by an implicit VF', withField('devices.1.bdf', '0000:03:10.0'), 's.json: devices[2].sriov: duplicate device 0000:03:10.0'],
    ['negative total_vfs', withField('devices.2.sriov.total_vfs', -1), 's.json: devices[2].sriov.total_vfs:'],
    ['pf without sriov', { ...base, devices: [...base.devices, { bdf: '0000:01:00.1', vendor: '8086', device: '10d3', class: '020000', pf: '0000:01:00.0' }] }, 's.json: devices[3].pf: 0000:01:00.0 is not a declared device with "sriov"'],
    ['unknown driver', withField('drivers.0', 'e1000x'), 's.json: drivers[0].name: unknown driver "e1000x"'],
    ['duplicate driver', withField('drivers.1', 'e1000e'), 's.json: drivers[1].name: duplicate driver "e1000e"'],
    ['bad probe string', withField('drivers.3.probe', 'fails'), 's.json: drivers[3].probe:'],
    ['unknown errno', withField('drivers.3.probe', '-ENOPE'), 's.json: drivers[3].probe: unknown errno "-ENOPE"'],
    ['typo in an attribute', withField('actors.0.ops.0.write', '/sys/bus/pci/devices/0000:01:00.0/driver_overide'), 's.json: actors[0].ops[0].write: unknown device attribute "driver_overide"'],
    ['path outside /sys', withField('actors.0.ops.0.write', '/proc/bus/pci/devices'), 's.json: actors[0].ops[0].write: not a /sys path'],
    ['undeclared driver in a path', withField('actors.0.ops.0.write', '/sys/bus/pci/drivers/igb/new_id'), 's.json: actors[0].ops[0].write: driver "igb" is not declared'],
    ['undeclared device in a path', withField('actors.0.ops.0.write', '/sys/bus/pci/devices/0000:09:00.0/remove'), 's.json: actors[0].ops[0].write: device 0000:09:00.0 is not declared'],
    ['hotplug of an undeclared BDF', withField('actors.1.ops.0.bdf', '0000:07:00.0'), 's.json: actors[1].ops[0].bdf: device 0000:07:00.0 is not declared'],
    ['intent naming an undeclared driver', withField('actors.0.intent', { '0000:01:00.0': 'igb' }), 's.json: actors[0].intent.0000:01:00.0: driver "igb" is not declared'],
    ['op with two forms', withField('actors.0.ops.0', { write: '/sys/bus/pci/rescan', value: '1', read: '/sys/bus/pci/rescan' }), 's.json: actors[0].ops[0]: must have exactly one of'],
    ['write without value', withField('actors.0.ops.0', { write: '/sys/bus/pci/rescan' }), 's.json: actors[0].ops[0].value: is required'],
    ['bad hotplug action', withField('actors.1.ops.0.hotplug', 'insert'), 's.json: actors[1].ops[0].hotplug: must be one of'],
    ['modprobe of an undeclared module', withField('actors.1.ops.0', { modprobe: 'igb' }), 's.json: actors[1].ops[0].modprobe: module "igb" is not a declared driver'],
    ['duplicate actor', withField('actors.1.name', 'admin'), 's.json: actors[1].name: duplicate actor "admin"'],
  ])('%s -> one line naming the field', (_label, input, prefix) => {
    let err: unknown;
    try {
      parse(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as UserError).message;
    expect(msg.startsWith(prefix)).toBe(true);
    expect(msg).not.toMatch(/\n|\bat \S+:\d+/);
  });

  test.prop([fc.oneof(fc.jsonValue(), fc.string(), fc.record({ scenario: fc.constant(1), name: fc.string(), actors: fc.jsonValue(), devices: fc.jsonValue() }))])(
    'never throws anything but a UserError on garbage',
    (v) => {
      try {
        parse(typeof v === 'string' ? v : JSON.stringify(v));
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
      }
    },
  );
});
