// The real tools as oracles (issue 15.5): Debian's driverctl and dpdk-devbind.py run under strace on a fake sysfs
// (scripts/tools-conformance.sh) must make the recipes' calls, in order, with the same values and open flags,
// the same exit status and final message, including failure paths. Skipped, with the reason, where the packages,
// strace or root are missing (.ci/run installs them as root).
import { describe, expect, it } from 'vitest';
import { A, B, admin, drv, nic, w } from '../helpers.js';
import { choiceArrayScheduler } from '../../src/scheduler/basic.js';
import { DEVBIND, DRIVERCTL, compare, packageVersion, unavailable, type Case } from './run.js';

const why = unavailable();
const TIMEOUT = 60_000; // python and nine lspci runs under strace -f: a few seconds each, more on a loaded machine
const alt = { name: 'altdrv', ids: [{ vendor: '8086', device: '10d3' }] };
const other = (ops: object[]): object => ({ name: 'other', role: 'environment', ops });
const dc = (args: object): object => ({ recipe: 'driverctl set-override', bdf: A, ...args });
// HOTPLUG_FUZZ_DEVBIND=<path to a dpdk-devbind.py>:<recipe version> checks another release of the script (run by
// /usr/bin/python3) against that recipe version, e.g. `git show v26.07:usertools/dpdk-devbind.py` with 26.07.
const [devbindPath, devbindVersion] = (process.env.HOTPLUG_FUZZ_DEVBIND ?? `${DEVBIND}:22.11`).split(':');
const devbind = devbindPath === DEVBIND ? [DEVBIND] : ['/usr/bin/python3', devbindPath];
const db = (args: object): object => ({ recipe: 'dpdk-devbind bind', bdf: A, version: devbindVersion, ...args });
const UNBOUND_NIC = [{ name: 'e1000e', loaded: false }, 'vfio-pci'];

const CASES: Case[] = [
  {
    name: 'driverctl set-override <nic> vfio-pci: modprobe (its -d test uses the dash), unbind, override, probe, check',
    tool: 'driverctl',
    world: { drivers: ['e1000e', 'vfio-pci'], devices: [nic(A)], actors: [admin([dc({ driver: 'vfio-pci' })])] },
    argv: [DRIVERCTL, 'set-override', A, 'vfio-pci'],
  },
  {
    name: 'driverctl set-override <nic> none: no modprobe, no probe',
    tool: 'driverctl',
    world: { drivers: ['e1000e', 'vfio-pci'], devices: [nic(A)], actors: [admin([dc({ driver: 'none' })])] },
    argv: [DRIVERCTL, 'set-override', A, 'none'],
  },
  {
    name: 'driverctl unset-override <unbound nic>: no unbind, "\\n" clears, probe, "failed to bind" when nothing binds',
    tool: 'driverctl',
    world: {
      drivers: [{ name: 'e1000e', loaded: false }, 'vfio-pci'],
      devices: [nic(A)],
      actors: [admin([{ recipe: 'driverctl unset-override', bdf: A }])],
    },
    argv: [DRIVERCTL, 'unset-override', A],
  },
  {
    name: 'driverctl: the driver link vanishes between its test and the unbind (open fails): "unbinding … failed", exit 1',
    tool: 'driverctl',
    world: {
      drivers: ['e1000e', 'vfio-pci'],
      devices: [nic(A)],
      actors: [admin([dc({ driver: 'vfio-pci' })]), other([w(drv('e1000e', 'unbind'), A)])],
    },
    opts: { scheduler: choiceArrayScheduler([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]) },
    argv: [DRIVERCTL, 'set-override', A, 'vfio-pci'],
  },
  {
    name: 'driverctl: the device changes driver between the open of driver/unbind and the write (-ENODEV): exit 1',
    tool: 'driverctl',
    world: {
      drivers: ['e1000e', 'vfio-pci', alt],
      devices: [nic(A)],
      actors: [
        admin([dc({ driver: 'vfio-pci' })]),
        other([w(drv('e1000e', 'unbind'), A), w(drv('altdrv', 'bind'), A)]),
      ],
    },
    opts: { scheduler: choiceArrayScheduler([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]) },
    argv: [DRIVERCTL, 'set-override', A, 'vfio-pci'],
  },
  {
    name: 'driverctl on a device removed after its checks: the override and probe writes fail unchecked, then "failed to bind"',
    tool: 'driverctl',
    world: {
      drivers: UNBOUND_NIC,
      devices: [nic(A)],
      actors: [admin([dc({ driver: 'vfio-pci' })]), other([w(`/sys/bus/pci/devices/${A}/remove`, '1')])],
    },
    opts: { scheduler: choiceArrayScheduler([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]) },
    argv: [DRIVERCTL, 'set-override', A, 'vfio-pci'],
  },
  {
    name: 'driverctl load-override (driverctl@.service): the saved driver, then set-override’s sequence',
    tool: 'driverctl',
    world: {
      drivers: ['e1000e', 'vfio-pci'],
      devices: [nic(A)],
      actors: [admin([{ recipe: 'driverctl load-override', bdf: A, driver: 'vfio-pci' }])],
    },
    saved: { [`pci-${A}`]: 'vfio-pci\n' },
    argv: [DRIVERCTL, 'load-override', `pci/${A}`], // ExecStart=driverctl load-override %I: %I unescapes '-' to '/'
  },
  {
    name: 'dpdk-devbind -b vfio-pci: listing, lspci, unbind, override, bind, NUL clear',
    tool: 'dpdk-devbind',
    world: {
      drivers: ['e1000e', 'vfio-pci'],
      devices: [nic(A), nic(B)],
      actors: [admin([db({ driver: 'vfio-pci' })])],
    },
    argv: [...devbind, '-b', 'vfio-pci', A],
  },
  {
    name: 'dpdk-devbind -b <kernel driver>: unbind, bind, NUL clear (no override)',
    tool: 'dpdk-devbind',
    world: { drivers: ['e1000e', alt, 'vfio-pci'], devices: [nic(A)], actors: [admin([db({ driver: 'altdrv' })])] },
    argv: [...devbind, '-b', 'altdrv', A],
  },
  {
    name: 'dpdk-devbind: a reprobe in the window binds vfio-pci first; bind fails twice (close() retries), lspci finds vfio-pci, override never cleared (H8)',
    tool: 'dpdk-devbind',
    world: {
      drivers: ['e1000e', 'vfio-pci'],
      devices: [nic(A)],
      actors: [admin([db({ driver: 'vfio-pci' })]), other([w('/sys/bus/pci/drivers_probe', A)])],
    },
    opts: { scheduler: choiceArrayScheduler([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]) },
    argv: [...devbind, '-b', 'vfio-pci', A],
  },
  {
    name: 'dpdk-devbind: vfio-pci refuses the device (no IOMMU group): bind fails twice, rollback exits on drivers//unbind',
    tool: 'dpdk-devbind',
    world: {
      drivers: ['e1000e', 'vfio-pci'],
      devices: [nic(A, { iommu_group: null }), nic(B)],
      actors: [admin([db({ driver: 'vfio-pci' })])],
    },
    argv: [...devbind, '-b', 'vfio-pci', A],
  },
  {
    name: 'dpdk-devbind with no DPDK module loaded: warns, runs lspci, exits "Driver \'vfio-pci\' is not loaded"',
    tool: 'dpdk-devbind',
    world: {
      drivers: ['e1000e', { name: 'vfio-pci', loaded: false }],
      devices: [nic(A)],
      actors: [admin([db({ driver: 'vfio-pci' })])],
    },
    argv: [...devbind, '-b', 'vfio-pci', A],
  },
  {
    name: 'dpdk-devbind -u with a stale cache: the unbind write fails twice, an uncaught OSError, exit 1',
    tool: 'dpdk-devbind',
    world: {
      drivers: ['e1000e', 'vfio-pci'],
      devices: [nic(A)],
      actors: [
        admin([{ recipe: 'dpdk-devbind unbind', bdf: A, version: devbindVersion }]),
        other([w(drv('e1000e', 'unbind'), A)]),
      ],
    },
    opts: { scheduler: choiceArrayScheduler([0, 0, 1, 1, 1, 1, 1, 1]) },
    argv: [...devbind, '-u', A],
  },
  {
    name: 'dpdk-devbind on a kernel without driver_override: new_id, bind fails twice, then a TypeError in the clean-up',
    tool: 'dpdk-devbind',
    profile: '3.15',
    world: {
      drivers: ['e1000e', 'vfio-pci'],
      devices: [nic(A), nic(B)],
      actors: [admin([db({ driver: 'vfio-pci' })]), other([w(drv('e1000e', 'unbind'), B)])],
    },
    opts: { scheduler: choiceArrayScheduler([1, 1, 1, 1, 1, 1]) },
    argv: [...devbind, '-b', 'vfio-pci', A],
  },
  // 6ca0f1c8 (24.11): only the newest recipe version checks for an IOMMU.
  ...(devbindVersion === '26.07'
    ? [
        {
          name: 'dpdk-devbind on a machine without an IOMMU: reads the noiommu parameter, refuses vfio-pci before any write',
          tool: 'dpdk-devbind' as const,
          world: {
            drivers: ['e1000e', 'vfio-pci'],
            devices: [nic(A, { iommu_group: null })],
            actors: [admin([db({ driver: 'vfio-pci' })])],
          },
          argv: [...devbind, '-b', 'vfio-pci', A],
        },
      ]
    : []),
];

describe.skipIf(why !== null).concurrent('real driverctl and dpdk-devbind.py make the recipes’ system calls', () => {
  it('checks the packaged versions', () => {
    expect(packageVersion('driverctl')).toMatch(/^0\.1\d\d/);
    expect(packageVersion('dpdk')).toMatch(/^\d\d\.\d\d/);
  });

  for (const c of CASES)
    it(c.name, { timeout: TIMEOUT }, async () => {
      const r = await compare(c);
      expect(r.real, `${c.tool} printed:\n${r.printed}`).toEqual(r.model);
      expect(r.realExit, r.printed).toBe(r.modelExit);
      expect(r.flagDiffs).toEqual([]);
      expect(r.messageDiffs, r.printed).toEqual([]);
      expect(r.created).toEqual([]);
    });

  it('fails when a recipe writes in another order (a planted swap of two writes)', { timeout: TIMEOUT }, async () => {
    const swap = (l: string[]): string[] => {
      const i = l.findIndex((x) => x.startsWith('write '));
      const j = l.findIndex((x, k) => k > i && x.startsWith('write '));
      const out = l.slice();
      [out[i], out[j]] = [out[j], out[i]];
      return out;
    };
    for (const c of [CASES[0], CASES[4]]) {
      const r = await compare(c, swap);
      expect(r.real).not.toEqual(r.model);
    }
  });
});

describe.runIf(why !== null)('real tools', () => {
  it(`skipped: ${why}`, () => {
    expect(why).not.toBeNull();
  });
});
