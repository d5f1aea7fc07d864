// What the snapshot infers and models from a host's files, on small in-memory hosts.
import { describe, expect, it } from 'vitest';
import { checkSnapshot, mapView, snapshotHost } from '../../src/snapshot/index.js';
import { parsePciAlias } from '../../src/snapshot/modules.js';
import { profileForRelease } from '../../src/snapshot/kernel.js';
import { PCI_ANY_ID } from '../../src/model/types.js';

type Files = Record<string, string | { link: string } | null>;
const R = '6.1.0-50-amd64';

/** A PCI function's sysfs attributes. */
function dev(bdf: string, vd: string, driver: string | null, extra: Files = {}, cls = '0x020000'): Files {
  const [v, d] = vd.split(':');
  const D = `/sys/bus/pci/devices/${bdf}`;
  return {
    [`${D}/vendor`]: `0x${v}\n`,
    [`${D}/device`]: `0x${d}\n`,
    [`${D}/class`]: `${cls}\n`,
    [`${D}/driver_override`]: '(null)\n',
    [`${D}/iommu_group`]: { link: `../../../kernel/iommu_groups/${parseInt(bdf.slice(5, 7), 16)}` },
    ...(driver ? { [`${D}/driver`]: { link: `../../../bus/pci/drivers/${driver}` } } : {}),
    ...extra,
  };
}

const drv = (name: string, module?: string): Files => ({
  [`/sys/bus/pci/drivers/${name}/bind`]: '',
  ...(module ? { [`/sys/bus/pci/drivers/${name}/module`]: { link: `../../../../module/${module}` } } : {}),
});

function host(files: Files, loaded: string[] = []): Files {
  return {
    '/proc/sys/kernel/osrelease': `${R}\n`,
    '/proc/modules': loaded.map((m) => `${m} 16384 0 - Live 0x0`).join('\n') + '\n',
    '/sys/bus/pci/drivers_autoprobe': '1\n',
    ...files,
  };
}

const described = (f: Files): string => snapshotHost(mapView(f)).scenario.description as string;
const reproduces = (f: Files): boolean => {
  const s = snapshotHost(mapView(f));
  return checkSnapshot(s.scenario, s.bindings, s.profile).every((c) => c.model === c.host);
};

describe('snapshot inference', () => {
  it('orders drivers by the bindings when load order alone would not reproduce them', () => {
    // /proc/modules says vfio_pci loaded before e1000e, but the twin is on e1000e although ids= matches it.
    const f = host(
      {
        ...dev('0000:01:00.0', '8086:10d3', 'e1000e'),
        ...drv('e1000e', 'e1000e'),
        ...drv('vfio-pci', 'vfio_pci'),
        '/etc/modprobe.d/vfio.conf': 'options vfio-pci ids=8086:10d3\n',
      },
      ['e1000e', 'vfio_pci'], // newest first
    );
    const d = described(f);
    expect(d).toMatch(
      /inferred from the bindings: e1000e, vfio-pci \(built-ins, then \/proc\/modules load order, gave vfio-pci, e1000e\)/,
    );
    expect(reproduces(f)).toBe(true);
  });

  it('takes the id table of a driver the catalogue does not know from modules.alias, or else from its devices', () => {
    const base = { ...dev('0000:01:00.0', '1af4:1041', 'virtio-pci'), ...drv('virtio-pci', 'virtio_pci') };
    const aliases = `/lib/modules/${R}/modules.alias`;
    const withAlias = snapshotHost(
      mapView(host({ ...base, [aliases]: 'alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci\n' }, ['virtio_pci'])),
    );
    expect((withAlias.scenario.drivers as unknown[])[0]).toEqual({
      name: 'virtio-pci',
      ids: [{ vendor: '1af4', device: 'any' }],
    });
    const modinfo = `/lib/modules/${R}/modules.builtin.modinfo`;
    const builtin = snapshotHost(
      mapView(host({ ...base, [modinfo]: 'virtio_pci.license=GPL\0virtio_pci.alias=pci:v00001AF4d*sv*sd*bc*sc*i*\0' })),
    );
    expect((builtin.scenario.drivers as unknown[])[0]).toEqual({
      name: 'virtio-pci',
      ids: [{ vendor: '1af4', device: 'any' }],
    });
    expect(builtin.scenario.description).toMatch(/\[host\] built-in: virtio-pci/);
    const without = snapshotHost(mapView(host(base, ['virtio_pci'])));
    expect((without.scenario.drivers as unknown[])[0]).toEqual({
      name: 'virtio-pci',
      ids: [{ vendor: '1af4', device: '1041' }],
    });
    expect(without.inferred.join('\n')).toMatch(
      /virtio-pci: no pci aliases for it .* inferred from the devices bound to it \(1af4:1041\)/,
    );
  });

  it('models a vfio-pci binding without override or ids= as a new_id (ids=), and says so', () => {
    const f = host(
      { ...dev('0000:01:00.0', '8086:10d3', 'vfio-pci'), ...drv('e1000e', 'e1000e'), ...drv('vfio-pci', 'vfio_pci') },
      ['vfio_pci', 'e1000e'],
    );
    expect(described(f)).toMatch(
      /vfio-pci holds 8086:10d3 without driver_override or ids=: a new_id write put it there \(inferred\); modelled as ids=8086:10d3/,
    );
    expect(reproduces(f)).toBe(true);
  });

  it('lists what it could not read and falls back where it must', () => {
    const f = host(
      {
        ...dev('0000:01:00.0', '8086:10d3', 'e1000e', { '/sys/bus/pci/devices/0000:01:00.0/config': null }),
        ...drv('e1000e', 'e1000e'),
        '/etc/modprobe.d/secret.conf': null,
      },
      ['e1000e'],
    );
    const s = snapshotHost(mapView(f));
    expect(s.unreadable.map((u) => u.path).sort()).toEqual([
      '/etc/modprobe.d/secret.conf',
      '/sys/bus/pci/devices/0000:01:00.0/config',
    ]);
    expect(reproduces(f)).toBe(true);
  });

  it('turns modprobe.d and udev rules into what the model has, and lists the rest as not modelled', () => {
    const f = host(
      {
        ...dev('0000:01:00.0', '10de:1b80', 'nouveau'),
        ...drv('nouveau', 'nouveau'),
        '/etc/modprobe.d/vfio.conf': 'softdep nouveau pre: vfio-pci\nblacklist nouveau\ninstall vfio_pci /bin/false\n',
        '/etc/udev/rules.d/90-vfio.rules': [
          'ACTION=="add", SUBSYSTEM=="pci", ATTR{vendor}=="0x10de", ATTR{device}=="0x1b80", ATTR{driver_override}="vfio-pci"',
          'ACTION=="add", SUBSYSTEM=="pci", KERNEL=="0000:01:00.0", RUN+="/bin/sh -c \'echo 10de 1b80 > /sys/bus/pci/drivers/vfio-pci/new_id\'"',
          'ACTION=="add", SUBSYSTEM=="net", ATTR{device/sriov_numvfs}="4"',
          'ACTION=="add", SUBSYSTEM=="pci", RUN+="/usr/local/bin/bind-it %k"  # driver_override',
        ].join('\n'),
        '/lib/udev/rules.d/80-drivers.rules': 'ENV{MODALIAS}=="?*", RUN{builtin}+="kmod load $env{MODALIAS}"\n',
      },
      ['nouveau'],
    );
    const s = snapshotHost(mapView(f));
    expect(s.scenario.udev).toEqual([
      {
        name: '90-vfio:1',
        action: 'add',
        match: { vendor: '10de', device: '1b80' },
        run: [{ write: '/sys/bus/pci/devices/$kernel/driver_override', value: 'vfio-pci' }],
      },
      {
        name: '90-vfio:2',
        action: 'add',
        match: { bdf: '0000:01:00.0' },
        run: [{ write: '/sys/bus/pci/drivers/vfio-pci/new_id', value: '10de 1b80' }],
      },
    ]);
    expect(
      (s.scenario.drivers as { name: string; loaded?: boolean }[]).map((d) => `${d.name}:${d.loaded ?? true}`),
    ).toEqual(['nouveau:true', 'vfio-pci:false']);
    const notModelled = s.notModelled.join('\n');
    expect(notModelled).toMatch(/90-vfio.rules:3: SUBSYSTEM=="net"/);
    expect(notModelled).toMatch(/90-vfio.rules:4: RUN\+="\/usr\/local\/bin\/bind-it %k"/);
    expect(notModelled).toMatch(/blacklist nouveau: stops only alias autoloading/);
    expect(notModelled).toMatch(
      /80-drivers.rules:1: udev loads the module a new device's modalias names; the model never autoloads/,
    );
    expect(notModelled).toMatch(/install vfio_pci \/bin\/false: generated events never load vfio_pci/);
    expect(s.scenario.description).toMatch(/\[host\] softdep: nouveau pre vfio_pci post -/);
    expect(s.scenario.description).toMatch(/\[host\] no-load: vfio_pci/);
  });

  it('declares a PF with its SR-IOV capability and creates its VFs in a setup actor', () => {
    const pf = '0000:05:00.0';
    const D = `/sys/bus/pci/devices/${pf}`;
    const f = host(
      {
        ...dev(pf, '8086:1572', 'i40e', {
          [`${D}/sriov_totalvfs`]: '4\n',
          [`${D}/sriov_numvfs`]: '1\n',
          [`${D}/sriov_vf_device`]: '154c\n',
          [`${D}/sriov_offset`]: '16\n',
          [`${D}/sriov_stride`]: '1\n',
          [`${D}/sriov_drivers_autoprobe`]: '1\n',
        }),
        ...dev('0000:05:02.0', '8086:154c', 'iavf', {
          '/sys/bus/pci/devices/0000:05:02.0/physfn': { link: `../${pf}` },
        }),
        ...drv('i40e', 'i40e'),
        ...drv('iavf', 'iavf'),
      },
      ['iavf', 'i40e'],
    );
    const s = snapshotHost(mapView(f));
    expect((s.scenario.devices as object[])[0]).toMatchObject({
      sriov: { total_vfs: 4, vf_device: '154c', vf_offset: 16, vf_stride: 1 },
    });
    expect((s.scenario.devices as object[])[1]).toMatchObject({ bdf: '0000:05:02.0', pf });
    expect(s.scenario.actors).toEqual([
      { name: 'sriov-setup', role: 'environment', ops: [{ write: `${D}/sriov_numvfs`, value: '1' }] },
    ]);
    expect(reproduces(f)).toBe(true);
  });

  it('maps a kernel release to its profile, else the nearest older one with a note', () => {
    expect(profileForRelease('6.1.0-50-amd64')).toEqual({ profile: '6.1', note: null });
    expect(profileForRelease('6.18.44-fc')).toMatchObject({
      profile: '6.12',
      note: expect.stringMatching(/nearest older/),
    });
    expect(profileForRelease('5.4.0-150-generic').profile).toBe('4.4');
    expect(profileForRelease('4.1.0').profile).toBe('3.16');
    expect(profileForRelease('7.3.1').profile).toBe('7.1');
    expect(profileForRelease('2.6.32').note).toMatch(/older than every profile/);
  });

  it('reads pci aliases as file2alias writes them', () => {
    expect(parsePciAlias('pci:v00008086d000010D3sv*sd*bc*sc*i*')).toMatchObject({
      vendor: 0x8086,
      device: 0x10d3,
      subvendor: PCI_ANY_ID,
      class_mask: 0,
    });
    expect(parsePciAlias('pci:v*d*sv*sd*bc01sc08i02*')).toMatchObject({
      vendor: PCI_ANY_ID,
      class: 0x010802,
      class_mask: 0xffffff,
    });
    expect(parsePciAlias('vfio_pci:v000015B3d0000101Esv*sd*bc*sc*i*')).toMatchObject({
      device: 0x101e,
      override_only: true,
    });
    expect(parsePciAlias('usb:v1D6Bp0002d*')).toBeNull();
  });
});
