// The non-PCI eras of the profiles the oracle runs against Debian's kernels (README "oracle": 5.10 = Debian 11's,
// 6.1 = Debian 12's, 6.12 = Debian 13's), pinned to what those kernels contain. Evidence: each kernel package's
// changelog (usr/share/doc/linux-image-…-amd64/changelog.gz) lists every upstream stable commit by subject under its
// ChangeLog-<version> section; test/fixtures/debian/changelog-<version>-binding.tsv holds every line of it that
// mentions driver_override, dynamic ids, bus_type.match or drivers_autoprobe (5.10 and 6.1: driver_set_override
// too). Mainline changes older than the series are not in a stable changelog; their upstream commit is named instead.
// Cross-checked in the packages' modules (nm): 6.12.118's hv_vmbus.ko has no driver_override_show/store of its own
// (5.10.0-46's and 6.1.0-56's do: vmbus on the core's attribute), and 6.12.118's and 6.1.0-56's usbcore.ko import
// usb_dynids_lock (the single mutex; 5.10.0-46's usbcore.ko does not). amba, cdx, fsl-mc and s390 are not built for
// amd64. PCI quirks are not pinned here (the reference traces hold them).
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
  | { readonly mainline: string; readonly absent?: RegExp }; // merged upstream before the series; a later change absent

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

type Eras = { readonly [K in NonPci]: { readonly value: Quirks[K]; readonly evidence: Evidence } };

/** Every non-PCI quirk of the 6.12 profile: its value and why. Changing a value in the profile fails here. */
const ERAS_612: Eras = {
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

const DEFER = "driver core: Don't probe devices after bus_type.match() probe deferral";
const USB_LOCK = 'USB: make single lock for all usb dynamic id lists';
const AMBA_417 = '"ARM: amba: Fix race condition with driver_override" (4.17)';
const NO_CDX = '2959ab247061 "cdx: add the cdx bus driver" (6.4): no CDX bus';
const NO_AP_OVERRIDE = /\bap\b.*driver_override|AP queue/i;
const GENERIC = (bus: string): RegExp => new RegExp(`${bus}: use generic driver_override`, 'i');

/**
 * Every non-PCI quirk of the 5.10 profile (Debian 11's 5.10.262). The full changelog has no amba "Remove deferred
 * device addition" (f2d3b9a46e0e) either. platform: 5.10.200's "driver: platform: Add helper for safer setting of
 * driver_override" is a separate open item; the value pinned is the profile's, from the mainline lock.
 */
const ERAS_510: Eras = {
  platformOverride: {
    value: 'device_lock',
    evidence: { mainline: '6265539776a0 "driver core: platform: fix race condition with driver_override" (4.13)' },
  },
  usbNewId: {
    value: 'five-field',
    evidence: { mainline: 'usb_store_new_id "%x %x %x %x %x" (read in 4.4 and later)' },
  },
  usbIntfAuthorized: { value: true, evidence: { mainline: 'intf->authorized, 310d2b4124c0 (before 4.4)' } },
  usbDynidsLock: {
    value: 'spinlock',
    evidence: { mainline: 'usb_dynids.lock per driver', absent: /single lock for all usb dynamic id/i },
  },
  ambaOverride: { value: 'device_lock', evidence: { mainline: AMBA_417, absent: GENERIC('amba') } },
  ambaMatch: { value: 'table', evidence: { mainline: 'amba_match on the id table (f2d3b9a46e0e is 6.0)' } },
  matchDefer: { value: 'no-probe', evidence: { stable: '5.10.142', subject: DEFER } },
  spiOverride: {
    value: 'open-coded',
    evidence: { mainline: '5039563e7c25 spi driver_override (4.20)', absent: /spi: .*driver_(set_)?override/i },
  },
  cssOverride: { value: 'device_lock', evidence: { mainline: 'ebc3d1791503 (5.3)', absent: GENERIC('cio') } },
  apMasks: {
    value: true,
    evidence: { mainline: '7e0bdbe5c21c "s390/zcrypt: AP bus support for alternate driver(s)"' },
  },
  apOverride: { value: 'absent', evidence: { absent: NO_AP_OVERRIDE } },
  vmbus: {
    value: 'override',
    evidence: { mainline: 'd765edbb301c "vmbus: add driver_override support" (4.20)', absent: GENERIC('vmbus') },
  },
  cdxBus: { value: 'absent', evidence: { mainline: NO_CDX, absent: /\bcdx\b/i } },
  cdxOverride: { value: 'absent', evidence: { mainline: NO_CDX, absent: /\bcdx\b/i } },
  fslmcOverride: {
    value: 'unlocked',
    evidence: { mainline: '1f86a00c1159 fsl-mc driver_override (5.10)', absent: /fsl-mc.*driver_(set_)?override/i },
  },
};

/** Every non-PCI quirk of the 6.1 profile (Debian 12's 6.1.192). */
const ERAS_61: Eras = {
  platformOverride: {
    value: 'device_lock',
    evidence: {
      mainline: '6265539776a0 (4.13), driver_set_override under device_lock (5.19)',
      absent: GENERIC('platform'),
    },
  },
  usbNewId: ERAS_510.usbNewId,
  usbIntfAuthorized: ERAS_510.usbIntfAuthorized,
  usbDynidsLock: { value: 'mutex', evidence: { stable: '6.1.188', subject: USB_LOCK } },
  ambaOverride: ERAS_510.ambaOverride,
  ambaMatch: {
    value: 'reads-periphid',
    evidence: { mainline: 'f2d3b9a46e0e "ARM: 9220/1: amba: Remove deferred device addition" (6.0)' },
  },
  matchDefer: { value: 'no-probe', evidence: { stable: '5.19.8', subject: DEFER } },
  spiOverride: {
    value: 'device_lock',
    evidence: { mainline: 'driver_set_override under device_lock (5.19)', absent: GENERIC('spi') },
  },
  cssOverride: ERAS_510.cssOverride,
  apMasks: ERAS_510.apMasks,
  apOverride: ERAS_510.apOverride,
  vmbus: ERAS_510.vmbus,
  cdxBus: ERAS_510.cdxBus,
  cdxOverride: ERAS_510.cdxOverride,
  fslmcOverride: {
    value: 'show-locked',
    evidence: {
      stable: '6.1.164',
      subject: 'bus: fsl-mc: fix use-after-free in driver_override_show() (CVE-2026-23221)',
    },
  },
};

/** [section version, subject] for each changelog line of a fixture. */
const changelog = (version: string): [string, string][] =>
  readFileSync(join(__dirname, `../fixtures/debian/changelog-${version}-binding.tsv`), 'utf8')
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

const q = (name: string): Quirks => findProfile(name)!.quirks;

/** The three checks every pinned profile gets: values, stable lines (section, citation), absent lines. */
function pinned(name: string, debian: string, version: string, eras: Eras, minLines: number): void {
  const p = findProfile(name)!;
  const lines = changelog(version);
  const entries = Object.entries(eras) as [NonPci, { value: unknown; evidence: Evidence }][];
  describe(`the ${name} profile's non-PCI eras (Debian ${debian}'s ${version})`, () => {
    it('every non-PCI quirk has the value its evidence gives', () => {
      const actual = Object.fromEntries(entries.map(([k]) => [k, p.quirks[k]]));
      expect(actual).toEqual(Object.fromEntries(entries.map(([k, e]) => [k, e.value])));
    });

    it(`each stable backport is in the changelog, in a section no later than ${version}, and the citation names it`, () => {
      for (const [k, { evidence: e }] of entries) {
        if (!('stable' in e)) continue;
        const hit = lines.find(([, s]) => s === e.subject);
        expect([k, hit?.[0]]).toEqual([k, e.stable]);
        expect(notAfter(e.stable, version)).toBe(true);
        expect([k, p.citations[k].includes(e.stable)]).toEqual([k, true]);
      }
    });

    it(`a change absent from the ${version} package has no changelog line`, () => {
      for (const [k, { evidence: e }] of entries) {
        const absent = 'absent' in e ? e.absent : undefined;
        if (absent) expect([k, lines.filter(([, s]) => absent.test(s))]).toEqual([k, []]);
      }
      expect(lines.length).toBeGreaterThan(minLines); // the fixture is the changelog's lines, not an empty file
    });
  });
}

pinned('5.10', '11', '5.10.262', ERAS_510, 5);
pinned('6.1', '12', '6.1.192', ERAS_61, 8);
pinned('6.12', '13', '6.12.118', ERAS_612, 20);

describe('what the Debian eras change against the upstream profiles beside them', () => {
  it("5.10 is 5.11 but for new_id's dup check (PCI, 5.11) and 5.10.142's match deferral", () => {
    const [a, b] = [q('5.10'), q('5.11')];
    expect((Object.keys(a) as (keyof Quirks)[]).filter((k) => a[k] !== b[k])).toEqual(['newIdDupCheck', 'matchDefer']);
  });

  it("6.1 keeps 5.19's PCI eras but the NUL fix; USB's single lock and fsl-mc's show lock are Debian's backports", () => {
    const [a, b] = [q('6.1'), q('5.19')];
    const diff = (Object.keys(a) as (keyof Quirks)[]).filter((k) => a[k] !== b[k]);
    expect(diff).toEqual(['overrideStore', 'usbDynidsLock', 'ambaMatch', 'matchDefer', 'fslmcOverride']);
  });
});

describe('the 6.12 profile against 7.1 and the buses', () => {
  const p612 = findProfile('6.12')!;
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
