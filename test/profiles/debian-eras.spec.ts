// The 6.12 profile's non-PCI eras, pinned to what Debian 13's 6.12.118 contains. Evidence: the kernel package's
// changelog (linux-image-6.12.118+deb13-amd64, usr/share/doc/…/changelog.gz) lists every upstream stable commit by
// subject under its ChangeLog-6.12.N section; test/fixtures/debian/changelog-6.12.118-binding.tsv holds every line of
// it that mentions driver_override, dynamic ids, bus_type.match or drivers_autoprobe. Mainline changes older than
// 6.12 are not in a stable changelog; their upstream commit is named instead.
// Cross-checked in the package's modules (nm): 6.12.118's hv_vmbus.ko has no driver_override_show/store of its own
// (5.10.0-46's and 6.1.0-56's do: vmbus on the core's attribute), and its usbcore.ko imports usb_dynids_lock (the
// single mutex; 5.10.0-46's usbcore.ko does not). amba, cdx, fsl-mc and s390 are not built for amd64.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProfile } from '../../src/profiles/index.js';
import { overrideEra } from '../../src/profiles/generic-override.js';
import type { Quirks } from '../../src/profiles/types.js';
import { BUSES } from '../../src/model/buses.js';
import type { BusName } from '../../src/model/types.js';
import { findDriver } from '../../src/model/catalogue/index.js';
import { parseScenario } from '../../src/scenario/load.js';
import { bootScenario } from '../../src/exec/run.js';
import { explore } from '../../src/explore/dpor.js';
import { checkExecution, contextFor } from '../../properties/index.js';

type Evidence =
  | { readonly stable: string; readonly subject: string } // listed in the changelog under ChangeLog-<stable>
  | { readonly absent: RegExp } // no line of the changelog's driver_override lines matches
  | { readonly mainline: string }; // merged upstream before v6.12 (commit, version)

type NonPci = Exclude<keyof Quirks, PciQuirk>;
type PciQuirk =
  | 'match'
  | 'overrideStore'
  | 'overrideLock'
  | 'newIdDupCheck'
  | 'bindStore'
  | 'probeErrors'
  | 'sriovAutoprobeAttr'
  | 'vfGateHonoursOverride'
  | 'vfioPciTable'
  | 'vfioSriov'
  | 'vfioVariants'
  | 'hotaddHonoursAutoprobe';

/** Every non-PCI quirk of the 6.12 profile: its value and why. Changing a value in the profile fails here. */
const ERAS_612: { readonly [K in NonPci]: { readonly value: Quirks[K]; readonly evidence: Evidence } } = {
  platformOverride: {
    value: 'generic',
    evidence: { stable: '6.12.80', subject: 'driver core: platform: use generic driver_override infrastructure' },
  },
  usbNewId: {
    value: 'five-field',
    evidence: { mainline: 'usb_store_new_id "%x %x %x %x %x" (read in 4.4 and later)' },
  },
  usbIntfAuthorized: { value: true, evidence: { mainline: 'intf->authorized, 310d2b4124c0 (before 4.4)' } },
  usbDynidsLock: {
    value: 'mutex',
    evidence: { stable: '6.12.110', subject: 'USB: make single lock for all usb dynamic id lists' },
  },
  // The inference from 7.1 said device_lock: the 7.1 profile has no amba conversion (a v7.1-rc1-based series), 6.12.97 has it.
  ambaOverride: {
    value: 'generic',
    evidence: { stable: '6.12.97', subject: 'amba: use generic driver_override infrastructure' },
  },
  ambaMatch: {
    value: 'reads-periphid',
    evidence: { mainline: 'f2d3b9a46e0e "ARM: 9220/1: amba: Remove deferred…" (6.0)' },
  },
  matchDefer: {
    value: 'no-probe',
    evidence: { stable: '5.19.8', subject: "driver core: Don't probe devices after bus_type.match() probe deferral" },
  },
  spiOverride: {
    value: 'generic-storage',
    evidence: { stable: '6.12.80', subject: 'spi: use generic driver_override infrastructure' },
  },
  cssOverride: {
    value: 'generic',
    evidence: { stable: '6.12.91', subject: '[s390x] cio: use generic driver_override infrastructure' },
  },
  // The inference from 7.1 said generic-storage: ap's driver_override (d38a87d7c064, 6.19) never reached 6.12.y.
  apOverride: { value: 'absent', evidence: { absent: /\bap\b.*driver_override|AP queue/i } },
  vmbus: {
    value: 'generic',
    evidence: { stable: '6.12.97', subject: 'Drivers: hv: vmbus: use generic driver_override infrastructure' },
  },
  cdxBus: {
    value: 'subsys-class',
    evidence: { mainline: 'fa10f413091a "cdx: add sysfs for subsystem, class and revision" (char-misc-next, 6.7)' },
  },
  // The inference from 7.1 said show-locked (91d44c1afc61, 6.12.19): 6.12.97 then converted cdx to the core's.
  cdxOverride: {
    value: 'generic',
    evidence: { stable: '6.12.97', subject: 'cdx: use generic driver_override infrastructure' },
  },
  fslmcOverride: {
    value: 'generic',
    evidence: { stable: '6.12.91', subject: 'bus: fsl-mc: use generic driver_override infrastructure' },
  },
};

const FIXTURE = join(__dirname, '../fixtures/debian/changelog-6.12.118-binding.tsv');
/** [section version, subject] for each changelog line of the fixture. */
const lines = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((l) => l !== '' && !l.startsWith('#'))
  .map((l) => l.split('\t') as [string, string]);

/** 6.12.80 -> [6, 12, 80], for ordering stable versions. */
const ver = (v: string): number[] => v.split('.').map(Number);
const notAfter = (a: string, b: string): boolean => {
  const [x, y] = [ver(a), ver(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return true;
};

const p612 = findProfile('6.12')!;
const q = (name: string): Quirks => findProfile(name)!.quirks;
const entries = Object.entries(ERAS_612) as [NonPci, { value: unknown; evidence: Evidence }][];

describe("the 6.12 profile's non-PCI eras (Debian 13's 6.12.118)", () => {
  it('every non-PCI quirk has the value its evidence gives', () => {
    const actual = Object.fromEntries(entries.map(([k]) => [k, p612.quirks[k]]));
    expect(actual).toEqual(Object.fromEntries(entries.map(([k, e]) => [k, e.value])));
  });

  it('each stable backport is in the changelog, in a section no later than 6.12.118, and the citation names it', () => {
    for (const [k, { evidence: e }] of entries) {
      if (!('stable' in e)) continue;
      const hit = lines.find(([, s]) => s === e.subject);
      expect([k, hit?.[0]]).toEqual([k, e.stable]);
      expect(notAfter(e.stable, '6.12.118')).toBe(true);
      expect([k, p612.citations[k].includes(e.stable)]).toEqual([k, true]);
    }
  });

  it('an era absent from 6.12.y has no changelog line (ap: neither d38a87d7c064 nor its generic conversion)', () => {
    for (const [k, { evidence: e }] of entries)
      if ('absent' in e) expect([k, lines.filter(([, s]) => e.absent.test(s))]).toEqual([k, []]);
    expect(lines.length).toBeGreaterThan(20); // the fixture is the changelog's lines, not an empty file
  });

  it('differs from 7.1 only where the changelog says so: hot-add, amba/vmbus/cdx (converted in 6.12.97), ap (absent)', () => {
    const q71 = q('7.1');
    const diff = (Object.keys(q71) as (keyof Quirks)[]).filter((k) => q71[k] !== p612.quirks[k]);
    expect(diff).toEqual(['hotaddHonoursAutoprobe', 'ambaOverride', 'apOverride', 'vmbus', 'cdxOverride']);
  });

  it("every bus with a driver_override file has the core's storage; ap has no file; spi keeps its own attribute", () => {
    const buses = (Object.keys(BUSES) as BusName[]).filter((b) => overrideEra(p612.quirks, b) !== null);
    expect(buses).toEqual(['pci', 'platform', 'amba', 'spi', 'css', 'vmbus', 'cdx', 'fsl-mc']);
    expect(buses.filter((b) => !overrideEra(p612.quirks, b)!.generic)).toEqual([]);
    expect(buses.filter((b) => !overrideEra(p612.quirks, b)!.busFlag)).toEqual(['spi']);
  });

  // What the amba correction changes: the generic store takes only the core's spinlock, so it no longer waits for a
  // probe in flight under device_lock (__device_attach: device_lock, amba_match, really_probe). In H28 the admin's
  // vfio-amba override can land between the deferred probe's match of uart-pl011 and its probe.
  it('H28: on 6.12 uart-pl011 can probe the UART while its override names vfio-amba; under the device_lock era not', () => {
    const name = 'h28-amba-override-while-deferred';
    const file = join(__dirname, '../../corpus/scenarios', `${name}.json`);
    const found = (quirks: Quirks): string[] => {
      const b = bootScenario(
        parseScenario(readFileSync(file, 'utf8'), name, (n) => findDriver(n) !== undefined),
        {
          ...p612,
          quirks,
        },
      );
      const props = new Set<string>();
      const x = explore(b, {
        onRun: (r) => checkExecution(b.scenario, r, contextFor(b)).forEach((v) => props.add(v.property)),
      });
      expect(x.complete).toBe(true);
      return [...props].sort();
    };
    expect(found(p612.quirks)).toContain('override-exclusive');
    expect(found({ ...p612.quirks, ambaOverride: 'device_lock' })).not.toContain('override-exclusive');
  });
});
