import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadScenarioFile, parseScenario } from '../../src/scenario/load.js';
import { UserError } from '../../src/util/errors.js';
import { PCI_ANY_ID } from '../../src/model/types.js';
import { findDriver } from '../../src/model/catalogue/index.js';

const CATALOGUE = ['e1000e', 'pci-stub', 'vfio-pci'];
const known = (n: string): boolean => CATALOGUE.includes(n);
const parse = (o: unknown): ReturnType<typeof parseScenario> =>
  parseScenario(typeof o === 'string' ? o : JSON.stringify(o), 's.json', known);

/** The example of design §3, verbatim. */
const DESIGN_EXAMPLE = `{
  "scenario": 1,
  "name": "twin-hotplug-during-new-id",
  "description": "pci-stub new_id captures a twin NIC hot-added in the window",
  "kernel": "6.1",
  "policy": "mainline",
  "bus": { "drivers_autoprobe": true },
  "drivers": [
    "e1000e",
    "pci-stub",
    { "name": "vfio-pci", "loaded": false },
    { "name": "mydrv", "ids": [ { "vendor": "8086", "device": "10d3", "override_only": false } ], "probe": "ok" }
  ],
  "devices": [
    { "bdf": "0000:01:00.0", "vendor": "8086", "device": "10d3", "class": "020000" },
    { "bdf": "0000:02:00.0", "vendor": "8086", "device": "10d3", "class": "020000", "present": false }
  ],
  "actors": [
    { "name": "admin", "intent": { "0000:01:00.0": "pci-stub" }, "ops": [
      { "write": "/sys/bus/pci/devices/0000:01:00.0/driver/unbind", "value": "0000:01:00.0" },
      { "write": "/sys/bus/pci/drivers/pci-stub/new_id", "value": "8086 10d3" },
      { "write": "/sys/bus/pci/drivers/pci-stub/remove_id", "value": "8086 10d3" } ] },
    { "name": "hotplug", "role": "environment", "ops": [ { "hotplug": "add", "bdf": "0000:02:00.0" } ] }
  ]
}`;

/** Minimal defaults, an SR-IOV PF (VFs at 0000:03:10.0 and 0000:03:10.2) and one op of each kind. */
const base = {
  scenario: 1,
  name: 'x',
  drivers: [
    'e1000e',
    'pci-stub',
    { name: 'vfio-pci', loaded: false },
    { name: 'mydrv', ids: [{ vendor: '8086', device: '10d3' }], probe: '-ENODEV' },
  ],
  devices: [
    { bdf: '0000:01:00.0', vendor: '8086', device: '10d3', class: '020000' },
    { bdf: '0000:02:00.0', vendor: '8086', device: '10d3', class: '020000', present: false },
    {
      bdf: '0000:03:00.0',
      vendor: '8086',
      device: '10fb',
      class: '020000',
      sriov: { total_vfs: 2, vf_device: '10ed', vf_offset: 128, vf_stride: 2 },
    },
  ],
  actors: [
    {
      name: 'admin',
      intent: { '0000:01:00.0': 'pci-stub' },
      ops: [{ write: '/sys/bus/pci/drivers/pci-stub/new_id', value: '8086 10d3' }],
    },
    { name: 'hotplug', role: 'environment', ops: [{ hotplug: 'add', bdf: '0000:02:00.0' }, { modprobe: 'vfio_pci' }] },
  ],
};

/** A deep copy of base with the value at a dotted path replaced (undefined: removed). */
function withField(path: string, value: unknown): object {
  const o = JSON.parse(JSON.stringify(base));
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) cur = cur[k];
  if (value === undefined) delete cur[keys[keys.length - 1]];
  else cur[keys[keys.length - 1]] = value;
  return o;
}

const device = (extra: object): object => ({
  ...base,
  devices: [...base.devices, { vendor: '8086', device: '10ed', class: '020000', ...extra }],
});

function failure(input: unknown): UserError {
  try {
    parse(input);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('parsed without an error');
}

describe('parseScenario: valid input', () => {
  it('parses the design §3 example and fills every default', () => {
    const s = parseScenario(DESIGN_EXAMPLE, 'example.json', known);
    expect(s).toMatchObject({
      scenario: 1,
      name: 'twin-hotplug-during-new-id',
      kernel: '6.1',
      policy: 'mainline',
      buses: {
        pci: { drivers_autoprobe: true },
        platform: { drivers_autoprobe: true },
        vmbus: { drivers_autoprobe: true },
      },
    });
    expect(s.drivers.map((d) => [d.name, d.loaded, d.params, d.inline === null])).toEqual([
      ['e1000e', true, '', true],
      ['pci-stub', true, '', true],
      ['vfio-pci', false, '', true],
      ['mydrv', true, '', false],
    ]);
    expect(s.drivers[3].inline).toEqual({
      ids: [
        {
          vendor: 0x8086,
          device: 0x10d3,
          subvendor: PCI_ANY_ID,
          subdevice: PCI_ANY_ID,
          class: 0,
          class_mask: 0,
          driver_data: 0,
          override_only: false,
        },
      ],
      probe: { kind: 'ok' },
      sriov_configure: false,
      platform: null,
      usb: null,
      serio: null,
      vmbus: null,
      cdx: null,
      fslmc: null,
    });
    expect(s.devices[0]).toEqual({
      bus: 'pci',
      bdf: '0000:01:00.0',
      vendor: 0x8086,
      device: 0x10d3,
      subvendor: 0,
      subdevice: 0,
      class: 0x020000,
      revision: 0,
      header_type: 'normal',
      iommu_group: 'own',
      present: true,
      override: null,
      pf: null,
      sriov: null,
      platform: null,
      usb: null,
      serio: null,
      vmbus: null,
      cdx: null,
      fslmc: null,
    });
    expect(s.devices[1].present).toBe(false);
    expect(s.actors[0]).toMatchObject({ name: 'admin', role: 'admin', intent: { '0000:01:00.0': 'pci-stub' } });
    expect(s.actors[0].ops[2]).toEqual({
      kind: 'write',
      path: '/sys/bus/pci/drivers/pci-stub/remove_id',
      value: '8086 10d3',
    });
    expect(s.actors[1]).toEqual({
      name: 'hotplug',
      role: 'environment',
      intent: null,
      ops: [{ kind: 'hotplug', action: 'add', bdf: '0000:02:00.0' }],
    });
  });

  it('fills the defaults of a minimal scenario', () => {
    const s = parse({ scenario: 1, name: 'm', actors: [] });
    expect(s).toMatchObject({
      description: '',
      kernel: null,
      policy: 'mainline',
      buses: {
        pci: { drivers_autoprobe: true },
        platform: { drivers_autoprobe: true },
        cdx: { drivers_autoprobe: true },
        'fsl-mc': { drivers_autoprobe: true },
      },
      drivers: [],
      devices: [],
      actors: [],
    });
  });

  it('parses hex, PCI_ANY_ID spellings, errnos, driver_data, null IOMMU groups and recipes', () => {
    const s = parse({
      ...base,
      drivers: [
        ...base.drivers.slice(0, 3),
        {
          name: 'mydrv',
          probe: { fail_after: 1, errno: '-EPROBE_DEFER' },
          sriov_configure: true,
          ids: [
            {
              vendor: 'any',
              device: 'FFFF',
              subvendor: 'ffffffff',
              subdevice: '1234',
              class: '020000',
              class_mask: 'FFFF00',
              driver_data: 'a5',
              override_only: true,
            },
          ],
        },
      ],
      devices: [
        ...base.devices,
        {
          bdf: '0000:04:00.0',
          vendor: 'ABCD',
          device: '00ff',
          class: '0C0330',
          revision: '1f',
          iommu_group: null,
          header_type: 'bridge',
          override: 'vfio-pci',
        },
      ],
      actors: [
        {
          name: 'tool',
          ops: [
            { recipe: 'driverctl set-override', bdf: '0000:01:00.0', driver: 'vfio-pci' },
            { read: '/sys/bus/pci/devices/0000:03:10.2/driver_override' },
          ],
        },
      ],
    });
    expect(s.drivers[3].inline).toMatchObject({
      probe: { kind: 'fail_after', n: 1, errno: -517 },
      sriov_configure: true,
    });
    expect(s.drivers[3].inline!.ids[0]).toEqual({
      vendor: PCI_ANY_ID,
      device: PCI_ANY_ID,
      subvendor: PCI_ANY_ID,
      subdevice: 0x1234,
      class: 0x020000,
      class_mask: 0xffff00,
      driver_data: 0xa5,
      override_only: true,
    });
    expect(s.devices[3]).toMatchObject({
      vendor: 0xabcd,
      class: 0x0c0330,
      revision: 0x1f,
      iommu_group: null,
      header_type: 'bridge',
      override: 'vfio-pci',
    });
    expect(s.devices[2].sriov).toEqual({ total_vfs: 2, vf_device: 0x10ed, vf_offset: 128, vf_stride: 2 });
    expect(s.actors[0].ops[0]).toEqual({
      kind: 'recipe',
      recipe: 'driverctl set-override',
      args: { bdf: '0000:01:00.0', driver: 'vfio-pci' },
    });
  });

  it('a catalogue driver given as an object keeps the catalogue table and may override probe', () => {
    const s = parse(withField('drivers.0', { name: 'e1000e', loaded: false, params: 'debug=1', probe: '-EIO' }));
    expect(s.drivers[0]).toEqual({
      bus: 'pci',
      name: 'e1000e',
      loaded: false,
      params: 'debug=1',
      inline: null,
      probe: { kind: 'errno', errno: -5 },
    });
  });

  it('an explicitly declared VF refines its implicit slot', () => {
    const s = parse(device({ bdf: '0000:03:10.2', pf: '0000:03:00.0', iommu_group: 7 }));
    expect(s.devices[3]).toMatchObject({ bdf: '0000:03:10.2', pf: '0000:03:00.0', iommu_group: 7, device: 0x10ed });
  });

  it('write values keep JSON escapes such as \\u0000', () => {
    const s = parse(
      withField('actors.0.ops.0', {
        write: '/sys/bus/pci/devices/0000:01:00.0/driver_override',
        value: 'vfio-pci\u0000',
      }),
    );
    expect(s.actors[0].ops[0]).toMatchObject({ value: 'vfio-pci\u0000' });
  });

  it('the canonical source does not depend on key order, whitespace or a BOM', () => {
    const a = parse(base).source;
    const reordered = { actors: base.actors, devices: base.devices, drivers: base.drivers, name: 'x', scenario: 1 };
    expect(parseScenario(`\uFEFF${JSON.stringify(reordered, null, 4)}`, 's.json', known).source).toBe(a);
    expect(a.startsWith('{"actors":[{"intent":{"0000:01:00.0":"pci-stub"},"name":"admin","ops":')).toBe(true);
    expect(parse(withField('name', 'y')).source).not.toBe(a);
  });

  it('an intent lists its devices in sorted order, as the canonical source a saved finding embeds does', () => {
    const devices = ['0000:02:00.0', '0000:01:00.0'].map((bdf) => ({
      bdf,
      vendor: '8086',
      device: '10d3',
      class: '020000',
    }));
    const actor = { name: 'admin', intent: { '0000:02:00.0': 'pci-stub', '0000:01:00.0': null }, ops: [] };
    const s = parse({ scenario: 1, name: 'x', drivers: ['pci-stub'], devices, actors: [actor] });
    expect(Object.keys(s.actors[0].intent!)).toEqual(['0000:01:00.0', '0000:02:00.0']);
    const again = parseScenario(s.source, 's.json', known);
    expect(again.actors[0].intent).toEqual(s.actors[0].intent);
    expect(Object.keys(again.actors[0].intent!)).toEqual(Object.keys(s.actors[0].intent!));
  });
});

const VF_TAKEN =
  's.json: devices[1].bdf: 0000:03:10.0 is VF 0 of 0000:03:00.0 (devices[2]); to change its fields declare it with "pf": "0000:03:00.0"';

describe('parseScenario: each malformed input is one line naming file and field', () => {
  it.each<[string, unknown, string]>([
    // JSON text
    ['empty file', '', 's.json: empty file (expected a JSON scenario)'],
    ['whitespace only', ' \n\t', 's.json: empty file'],
    ['truncated JSON', '{"scenario": 1,', 's.json: not valid JSON at line 1, column 16: unexpected end of input'],
    [
      'unexpected token, line 3',
      '{\n  "scenario": 1,\n  "name": x\n}',
      's.json: not valid JSON at line 3, column 11: unexpected "x"',
    ],
    [
      'single quotes',
      "{'scenario': 1}",
      's.json: not valid JSON at line 1, column 2: expected a double-quoted field name',
    ],
    [
      'trailing comma',
      '{"scenario": 1, "name": "x", "actors": [],}',
      's.json: not valid JSON at line 1, column 43: expected a double-quoted field name',
    ],
    ['not an object', '[1, 2]', 's.json: must be an object'],
    // structure
    ['wrong version', withField('scenario', 2), 's.json: scenario: must be 1'],
    ['missing actors', withField('actors', undefined), 's.json: actors: is required'],
    ['unknown top-level field', { ...base, kernal: '6.1' }, 's.json: unknown field "kernal" (did you mean "kernel"?)'],
    [
      'unknown device field',
      withField('devices.0.presnt', false),
      's.json: devices[0]: unknown field "presnt" (did you mean "present"?)',
    ],
    ['unknown bus field', withField('bus', { autoprobe: false }), 's.json: bus: unknown field "autoprobe"'],
    [
      '3-digit vendor',
      withField('devices.0.vendor', '808'),
      's.json: devices[0].vendor: must be 4 hex digits without 0x',
    ],
    [
      '0x-prefixed device',
      withField('devices.0.device', '0x10d3'),
      's.json: devices[0].device: must be 4 hex digits without 0x',
    ],
    ['non-hex device', withField('devices.0.device', '10dz'), 's.json: devices[0].device: must be 4 hex digits'],
    ['5-digit class', withField('devices.0.class', '02000'), 's.json: devices[0].class: must be 6 hex digits'],
    ['3-digit revision', withField('devices.0.revision', '100'), 's.json: devices[0].revision: must be 2 hex digits'],
    ['numeric vendor', withField('devices.0.vendor', 0x8086), 's.json: devices[0].vendor: must be a string'],
    [
      'bad id vendor',
      withField('drivers.3.ids', [{ vendor: '80861', device: '10d3' }]),
      's.json: drivers[3].ids[0].vendor: must be 4 hex digits without 0x, or ffffffff / any',
    ],
    [
      'bad BDF',
      withField('devices.0.bdf', '01:00.0'),
      's.json: devices[0].bdf: must be a BDF DDDD:BB:DD.F in lower-case hex',
    ],
    ['upper-case BDF', withField('devices.0.bdf', '0000:0A:00.0'), 's.json: devices[0].bdf: must be a BDF'],
    ['device number 32', withField('devices.0.bdf', '0000:01:20.0'), 's.json: devices[0].bdf: must be a BDF'],
    [
      'bad header type',
      withField('devices.0.header_type', 'Normal'),
      's.json: devices[0].header_type: must be one of "normal", "bridge", "cardbus"',
    ],
    ['negative iommu group', withField('devices.0.iommu_group', -1), 's.json: devices[0].iommu_group: must be >= 0'],
    [
      'negative total_vfs',
      withField('devices.2.sriov.total_vfs', -1),
      's.json: devices[2].sriov.total_vfs: must be >= 1',
    ],
    [
      'sriov without vf_device',
      withField('devices.2.sriov', { total_vfs: 2 }),
      's.json: devices[2].sriov.vf_device: is required',
    ],
    [
      'bad probe string',
      withField('drivers.3.probe', 'fails'),
      's.json: drivers[3].probe: must be "ok", an errno like "-ENODEV", or {"fail_after": n',
    ],
    [
      'numeric probe',
      withField('drivers.3.probe', 0),
      's.json: drivers[3].probe: must be "ok", an errno like "-ENODEV", or {"fail_after": n',
    ],
    [
      'probe object typo',
      withField('drivers.3.probe', { fail_afer: 2 }),
      's.json: drivers[3].probe: unknown field "fail_afer" (did you mean "fail_after"?)',
    ],
    [
      'driver as a number',
      withField('drivers.0', 7),
      's.json: drivers[0]: must be a catalogue driver name or an object with "name"',
    ],
    [
      'unknown driver field',
      withField('drivers.2', { name: 'vfio-pci', load: false }),
      's.json: drivers[2]: unknown field "load" (did you mean "loaded"?)',
    ],
    [
      'bad driver_data',
      withField('drivers.3.ids', [{ vendor: '8086', device: '10d3', driver_data: 'xyz' }]),
      's.json: drivers[3].ids[0].driver_data: must be 1 to 8 hex digits',
    ],
    ['bad role', withField('actors.1.role', 'env'), 's.json: actors[1].role: must be one of "admin", "environment"'],
    [
      'intent key not a BDF',
      withField('actors.0.intent', { '01:00.0': 'pci-stub' }),
      's.json: actors[0].intent: field name "01:00.0" is not a BDF',
    ],
    [
      'op with two forms',
      withField('actors.0.ops.0', { write: '/sys/bus/pci/rescan', value: '1', read: '/sys/bus/pci/rescan' }),
      's.json: actors[0].ops[0]: has write and read: an op does exactly one thing',
    ],
    [
      'recipe with a write',
      withField('actors.0.ops.0', { recipe: 'driverctl list-devices', write: '/sys/bus/pci/rescan' }),
      's.json: actors[0].ops[0]: has write and recipe',
    ],
    [
      'op with no form',
      withField('actors.0.ops.0', { value: '1' }),
      's.json: actors[0].ops[0]: must have one of write, read, hotplug, modprobe, rmmod, recipe',
    ],
    [
      'misspelt op form',
      withField('actors.0.ops.0', { wirte: '/sys/bus/pci/rescan', value: '1' }),
      's.json: actors[0].ops[0]: unknown field "wirte" (did you mean "write"?)',
    ],
    [
      'write without value',
      withField('actors.0.ops.0', { write: '/sys/bus/pci/rescan' }),
      's.json: actors[0].ops[0].value: is required',
    ],
    [
      'numeric write value',
      withField('actors.0.ops.0', { write: '/sys/bus/pci/rescan', value: 1 }),
      's.json: actors[0].ops[0].value: must be a string',
    ],
    [
      'extra field in a write',
      withField('actors.0.ops.0', { write: '/sys/bus/pci/rescan', value: '1', delay: 3 }),
      's.json: actors[0].ops[0]: unknown field "delay"',
    ],
    [
      'bad hotplug action',
      withField('actors.1.ops.0.hotplug', 'insert'),
      's.json: actors[1].ops[0].hotplug: must be one of "add", "remove"',
    ],
    ['hotplug bdf not a BDF', withField('actors.1.ops.0.bdf', '2:00.0'), 's.json: actors[1].ops[0].bdf: must be a BDF'],
    [
      'non-string recipe argument',
      withField('actors.0.ops.0', { recipe: 'driverctl set-override', bdf: 5 }),
      's.json: actors[0].ops[0].bdf: must be a string',
    ],
    // meaning
    [
      'duplicate BDF',
      withField('devices.1.bdf', '0000:01:00.0'),
      's.json: devices[1].bdf: duplicate device 0000:01:00.0 (also devices[0])',
    ],
    ['BDF taken by an implicit VF', withField('devices.1.bdf', '0000:03:10.0'), VF_TAKEN],
    [
      'VF slots of two PFs overlap',
      device({ bdf: '0000:03:00.2', sriov: { total_vfs: 1, vf_device: '10ed', vf_offset: 128 } }),
      's.json: devices[3].sriov: VF 0 at 0000:03:10.2 overlaps VF 1 of devices[2]',
    ],
    [
      'VFs past bus ff',
      withField('devices.2.bdf', '0000:ff:1f.0'),
      's.json: devices[2].sriov: VF 0 would lie past bus ff',
    ],
    [
      'declared VF that is no VF slot',
      device({ bdf: '0000:03:10.1', pf: '0000:03:00.0' }),
      's.json: devices[3].bdf: 0000:03:10.1 is not a VF of 0000:03:00.0 (its VFs: 0000:03:10.0, 0000:03:10.2)',
    ],
    [
      'pf without sriov',
      device({ bdf: '0000:01:00.1', pf: '0000:01:00.0' }),
      's.json: devices[3].pf: 0000:01:00.0 (devices[0]) has no "sriov"',
    ],
    [
      'pf not declared',
      device({ bdf: '0000:05:00.1', pf: '0000:05:00.0' }),
      's.json: devices[3].pf: 0000:05:00.0 is not a declared device',
    ],
    [
      'VF with its own sriov',
      device({ bdf: '0000:03:10.0', pf: '0000:03:00.0', sriov: { total_vfs: 1, vf_device: '10ed' } }),
      's.json: devices[3].sriov: a VF (with "pf") has no SR-IOV capability',
    ],
    [
      'unknown driver',
      withField('drivers.0', 'e1000x'),
      's.json: drivers[0]: unknown driver "e1000x" (not in the PCI catalogue; give "ids" for an inline PCI driver, ' +
        'or "bus" for a driver of another bus) (did you mean "e1000e"?)',
    ],
    [
      'unknown driver object',
      withField('drivers.2', { name: 'vfio_pcii', loaded: false }),
      's.json: drivers[2].name: unknown driver "vfio_pcii"',
    ],
    [
      'duplicate driver',
      withField('drivers.1', 'e1000e'),
      's.json: drivers[1]: duplicate driver "e1000e" (also drivers[0])',
    ],
    [
      'unknown errno',
      withField('drivers.3.probe', '-ENOPE'),
      's.json: drivers[3].probe: unknown errno "-ENOPE" (known: -EPERM,',
    ],
    [
      'unknown errno in fail_after',
      withField('drivers.3.probe', { fail_after: 1, errno: '-EWHAT' }),
      's.json: drivers[3].probe.errno: unknown errno "-EWHAT"',
    ],
    [
      'sriov_configure on a catalogue driver',
      withField('drivers.2', { name: 'vfio-pci', sriov_configure: true }),
      's.json: drivers[2].sriov_configure: only for inline drivers',
    ],
    [
      'typo in an attribute',
      withField('actors.0.ops.0.write', '/sys/bus/pci/devices/0000:01:00.0/driver_overide'),
      's.json: actors[0].ops[0].write: unknown device attribute "driver_overide": /sys/bus/pci/devices/0000:01:00.0/driver_overide',
    ],
    [
      'typo in a driver attribute',
      withField('actors.0.ops.0.write', '/sys/bus/pci/drivers/pci-stub/newid'),
      's.json: actors[0].ops[0].write: unknown driver attribute "newid"',
    ],
    [
      'path outside /sys',
      withField('actors.0.ops.0.write', '/proc/bus/pci/devices'),
      's.json: actors[0].ops[0].write: not a /sys path: /proc/bus/pci/devices',
    ],
    [
      'relative path',
      withField('actors.0.ops.0', { read: 'sys/bus/pci/rescan' }),
      's.json: actors[0].ops[0].read: not a /sys path',
    ],
    [
      'undeclared driver in a path',
      withField('actors.0.ops.0.write', '/sys/bus/pci/drivers/igb/new_id'),
      's.json: actors[0].ops[0].write: driver "igb" is not declared in "drivers"',
    ],
    [
      'driver path with _ for -',
      withField('actors.0.ops.0.write', '/sys/bus/pci/drivers/pci_stub/new_id'),
      's.json: actors[0].ops[0].write: no driver directory "pci_stub": sysfs names a driver by its kernel name (did you mean "pci-stub"?)',
    ],
    [
      '/sys/module with the driver name for the module',
      withField('actors.0.ops.0.write', '/sys/module/pci-stub/drivers/pci:pci-stub/new_id'),
      's.json: actors[0].ops[0].write: no module directory "pci-stub": /sys/module spells pci-stub\'s module "pci_stub"',
    ],
    [
      'intent with a near miss offers the kernel name',
      withField('actors.0.intent', { '0000:01:00.0': 'vfio-pcii' }),
      's.json: actors[0].intent["0000:01:00.0"]: driver "vfio-pcii" is not declared in "drivers" (did you mean "vfio-pci"?)',
    ],
    [
      'the same driver by module and by kernel name',
      withField('drivers.1', 'vfio_pci'),
      's.json: drivers[2].name: duplicate driver "vfio-pci" (also drivers[1] "vfio_pci"; both name vfio-pci)',
    ],

    [
      'undeclared device in a path',
      withField('actors.0.ops.0.write', '/sys/bus/pci/devices/0000:09:00.0/remove'),
      's.json: actors[0].ops[0].write: device 0000:09:00.0 is not declared',
    ],
    [
      'hotplug of an undeclared BDF',
      withField('actors.1.ops.0.bdf', '0000:07:00.0'),
      's.json: actors[1].ops[0].bdf: device 0000:07:00.0 is not declared',
    ],
    [
      'intent on an undeclared device',
      withField('actors.0.intent', { '0000:03:10.1': null }),
      's.json: actors[0].intent["0000:03:10.1"]: device 0000:03:10.1 is not declared',
    ],
    [
      'intent naming an undeclared driver',
      withField('actors.0.intent', { '0000:01:00.0': 'igb' }),
      's.json: actors[0].intent["0000:01:00.0"]: driver "igb" is not declared in "drivers"',
    ],
    [
      'modprobe of an undeclared module',
      withField('actors.1.ops.1', { modprobe: 'igb' }),
      's.json: actors[1].ops[1].modprobe: module "igb" is not a declared driver (declared: e1000e, pci-stub, vfio-pci, mydrv)',
    ],
    [
      'rmmod of an undeclared module',
      withField('actors.1.ops.1', { rmmod: 'ixgbe' }),
      's.json: actors[1].ops[1].rmmod: module "ixgbe" is not a declared driver',
    ],
    [
      'duplicate actor',
      withField('actors.1.name', 'admin'),
      's.json: actors[1].name: duplicate actor "admin" (also actors[0])',
    ],
    // recipes and udev rules
    [
      'unknown recipe',
      withField('actors.0.ops.0', { recipe: 'driverctl set-overide', bdf: '0000:01:00.0', driver: 'vfio-pci' }),
      's.json: actors[0].ops[0].recipe: unknown recipe "driverctl set-overide" (did you mean "driverctl set-override"?) ' +
        '(driverctl has: driverctl set-override, driverctl unset-override, driverctl load-override)',
    ],
    [
      'unknown tool',
      withField('actors.0.ops.0', { recipe: 'devbind bind' }),
      's.json: actors[0].ops[0].recipe: unknown recipe "devbind bind" (did you mean "dpdk-devbind bind"?); `hotplug-fuzz recipes` lists them',
    ],
    [
      'recipe missing an argument',
      withField('actors.0.ops.0', { recipe: 'driverctl set-override', bdf: '0000:01:00.0' }),
      's.json: actors[0].ops[0]: "driverctl set-override" needs "driver" (the driver, or "none")',
    ],
    [
      'recipe argument typo',
      withField('actors.0.ops.0', { recipe: 'driverctl set-override', bdf: '0000:01:00.0', drvier: 'vfio-pci' }),
      's.json: actors[0].ops[0].drvier: "driverctl set-override" takes no argument "drvier" (did you mean "driver"?) ' +
        '(takes: bdf, driver, noprobe, bus, version)',
    ],
    [
      'recipe bus unknown (driverctl -b)',
      withField('actors.0.ops.0', {
        recipe: 'driverctl set-override',
        bdf: '0000:01:00.0',
        driver: 'vfio-pci',
        bus: 'vmbuss',
      }),
      's.json: actors[0].ops[0].bus: unknown bus "vmbuss" (did you mean "vmbus"?)',
    ],
    [
      'recipe on an undeclared device',
      withField('actors.0.ops.0', { recipe: 'libvirt detach', bdf: '0000:09:00.0' }),
      's.json: actors[0].ops[0].bdf: device 0000:09:00.0 is not declared',
    ],
    [
      'recipe naming an undeclared driver',
      withField('actors.0.ops.0', { recipe: 'dpdk-devbind bind', bdf: '0000:01:00.0', driver: 'igb_uio' }),
      's.json: actors[0].ops[0].driver: driver "igb_uio" is not declared in "drivers"',
    ],
    [
      'unknown recipe version',
      withField('actors.0.ops.0', {
        recipe: 'dpdk-devbind bind',
        bdf: '0000:01:00.0',
        driver: 'vfio-pci',
        version: '23.11',
      }),
      's.json: actors[0].ops[0].version: "dpdk-devbind bind" has no version "23.11" (known: 26.07, 22.11, 20.11, 17.05, 17.02)',
    ],
    [
      'recipe count not a number',
      withField('actors.0.ops.0', { recipe: 'sriov-network-operator set-numvfs', pf: '0000:03:00.0', numvfs: 'two' }),
      's.json: actors[0].ops[0].numvfs: must be a non-negative integer',
    ],
    [
      '$kernel outside a udev rule',
      withField('actors.0.ops.0', { recipe: 'libvirt detach', bdf: '$kernel' }),
      's.json: actors[0].ops[0].bdf: device $kernel is not declared',
    ],
    ['udev rule without run', { ...base, udev: [{ name: 'r' }] }, 's.json: udev[0].run: is required'],
    [
      'udev rule with a bad action',
      { ...base, udev: [{ name: 'r', action: 'bind', run: [] }] },
      's.json: udev[0].action: must be one of "add", "remove"',
    ],
    [
      'udev rule on an undeclared device',
      { ...base, udev: [{ name: 'r', match: { bdf: '0000:09:00.0' }, run: [] }] },
      's.json: udev[0].match.bdf: device 0000:09:00.0 is not declared',
    ],
    [
      'udev rule with a bad path',
      { ...base, udev: [{ name: 'r', run: [{ write: '/sys/bus/pci/devices/$kernel/driver_overide', value: 'x' }] }] },
      's.json: udev[0].run[0].write: unknown device attribute "driver_overide"',
    ],
    [
      'duplicate udev rule',
      {
        ...base,
        udev: [
          { name: 'r', run: [] },
          { name: 'r', run: [] },
        ],
      },
      's.json: udev[1].name: duplicate rule "r" (also udev[0])',
    ],
  ])('%s', (_label, input, prefix) => {
    const e = failure(input);
    expect(e.message.startsWith(prefix), `${e.message}\n  does not start with\n${prefix}`).toBe(true);
    expect(e.exitCode).toBe(2);
  });

  it('accepts recipes with their arguments and udev rules using $kernel', () => {
    const s = parse({
      ...base,
      actors: [
        {
          name: 'a',
          ops: [{ recipe: 'driverctl set-override', bdf: '0000:01:00.0', driver: 'none', version: '0.111' }],
        },
      ],
      udev: [
        {
          name: 'vfio',
          match: { vendor: '8086', device: '10d3' },
          run: [
            { recipe: 'driverctl load-override', bdf: '$kernel', driver: 'vfio-pci' },
            { write: '/sys/bus/pci/drivers_probe', value: '$kernel' },
          ],
        },
      ],
    });
    expect(s.actors[0].ops[0]).toEqual({
      kind: 'recipe',
      recipe: 'driverctl set-override',
      args: { bdf: '0000:01:00.0', driver: 'none', version: '0.111' },
    });
    expect(s.udev[0]).toMatchObject({
      name: 'vfio',
      action: 'add',
      match: { bdf: null, vendor: 0x8086, device: 0x10d3 },
    });
  });

  it('accepts what the runtime decides: hot-adding a present device, implicit VF BDFs in paths and intents', () => {
    const s = parse({
      ...base,
      actors: [
        {
          name: 'a',
          intent: { '0000:03:10.2': 'vfio-pci' },
          ops: [
            { write: '/sys/bus/pci/devices/0000:03:10.0/driver_override', value: 'vfio-pci' },
            { modprobe: 'pci_stub' },
          ],
        },
        {
          name: 'h',
          role: 'environment',
          ops: [
            { hotplug: 'add', bdf: '0000:01:00.0' },
            { hotplug: 'remove', bdf: '0000:03:10.2' },
          ],
        },
      ],
    });
    expect(s.actors.map((a) => a.ops.length)).toEqual([2, 2]);
  });

  it('messages are single lines without stack frames', () => {
    for (const input of [
      '',
      '{',
      withField('devices.0.vendor', '808'),
      withField('drivers.0', 'e1000x'),
      withField('actors.1.ops.0.bdf', '0000:07:00.0'),
    ]) {
      const m = failure(input).message;
      expect(m).not.toMatch(/\n|\bat \S+ \(|\bat \S+:\d+|\.ts:\d+|node_modules/);
    }
  });
});

describe("parseScenario: a driver has one name, the kernel's", () => {
  const admin = (intent: object, ops: object[] = []): object => ({ name: 'admin', intent, ops });
  const A = '0000:01:00.0';
  const nic = { bdf: A, vendor: '8086', device: '10d3', class: '020000' };
  const names = (o: object) => parse({ scenario: 1, name: 'n', devices: [nic], ...o });

  it('a module name in "drivers" loads as the driver\'s kernel name', () => {
    const s = names({ drivers: ['e1000e', 'vfio_pci', 'pci_stub'], actors: [] });
    expect(s.drivers.map((d) => d.name)).toEqual(['e1000e', 'vfio-pci', 'pci-stub']);
  });

  it('an intent names the driver by any of its names and compares as the kernel name', () => {
    for (const [declared, wanted] of [
      ['vfio_pci', 'vfio-pci'],
      ['vfio-pci', 'vfio_pci'],
      ['vfio_pci', 'vfio_pci'],
    ]) {
      const s = names({ drivers: ['e1000e', declared], actors: [admin({ [A]: wanted })] });
      expect(s.actors[0].intent, `${declared} / ${wanted}`).toEqual({ [A]: 'vfio-pci' });
    }
  });

  it('a tool gets its driver argument as typed (the tool, not the loader, decides what a spelling means)', () => {
    const op = { recipe: 'driverctl set-override', bdf: A, driver: 'vfio_pci' };
    const s = names({ drivers: ['e1000e', 'vfio-pci'], actors: [admin({ [A]: 'vfio-pci' }, [op])] });
    expect(s.actors[0].ops[0]).toMatchObject({ kind: 'recipe', args: { driver: 'vfio_pci' } });
  });

  it('xhci_pci (the module) is xhci_hcd (the driver); modprobe wants the module', () => {
    const all = (o: object) =>
      parseScenario(JSON.stringify({ scenario: 1, name: 'x', ...o }), 's.json', (n) => findDriver(n) !== undefined);
    expect(all({ drivers: ['xhci_pci'], actors: [admin({}, [{ modprobe: 'xhci-pci' }])] }).drivers[0].name).toBe(
      'xhci_hcd',
    );
    expect(() => all({ drivers: ['xhci_hcd'], actors: [admin({}, [{ modprobe: 'xhci_hcd' }])] })).toThrow(
      's.json: actors[0].ops[0].modprobe: module "xhci_hcd" does not exist: driver xhci_hcd is in module "xhci_pci"',
    );
  });

  it('modprobe and rmmod take the module by either spelling', () => {
    const ops = [{ modprobe: 'vfio-pci' }, { rmmod: 'vfio_pci' }, { modprobe: 'pci_stub' }];
    expect(() => names({ drivers: ['vfio-pci', 'pci-stub'], actors: [admin({}, ops)] })).not.toThrow();
  });
});

describe('parseScenario on garbage', () => {
  const onlyUserErrors = (text: string): void => {
    try {
      parseScenario(text, 'g.json', known);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      expect(e.message.startsWith('g.json: ')).toBe(true);
    }
  };

  it('throws nothing but UserError on random JSON values and strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
          fc.string(),
        ),
        onlyUserErrors,
      ),
      { numRuns: 300 },
    );
  });

  it('throws nothing but UserError on near-scenarios with random parts', () => {
    const near = fc.record({
      scenario: fc.constant(1),
      name: fc.string(),
      drivers: fc.oneof(fc.jsonValue(), fc.constant(base.drivers)),
      devices: fc.oneof(
        fc.jsonValue(),
        fc.array(
          fc.record(
            {
              bdf: fc.constantFrom('0000:01:00.0', '0000:03:10.0', 'x'),
              vendor: fc.constant('8086'),
              device: fc.constant('10d3'),
              class: fc.constant('020000'),
              pf: fc.constantFrom('0000:03:00.0', '0000:01:00.0'),
              sriov: fc.jsonValue(),
            },
            { requiredKeys: ['bdf', 'vendor', 'device', 'class'] },
          ),
        ),
      ),
      actors: fc.oneof(
        fc.jsonValue(),
        fc.array(fc.record({ name: fc.string(), intent: fc.jsonValue(), ops: fc.array(fc.jsonValue()) })),
      ),
    });
    fc.assert(
      fc.property(near, (o) => onlyUserErrors(JSON.stringify(o))),
      { numRuns: 300 },
    );
  });
});

describe('loadScenarioFile', () => {
  it('reads through the given reader and names the file in messages', () => {
    const s = loadScenarioFile('a.json', known, () => DESIGN_EXAMPLE);
    expect(s.name).toBe('twin-hotplug-during-new-id');
    expect(() => loadScenarioFile('b.json', known, () => '{')).toThrow(/^b\.json: not valid JSON/);
  });

  it('an unreadable file is a UserError with the reason', () => {
    const enoent = (): string => {
      throw Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
    };
    const e = (() => {
      try {
        loadScenarioFile('missing.json', known, enoent);
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toBe('missing.json: cannot read: no such file');
  });
});
