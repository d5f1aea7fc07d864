// The generic driver_override era per bus (profiles/generic-override.ts). Kernel facts: cb3d1049f4ea
// (drivers/base/bus.c driver_override_show = sysfs_emit("%s\n", dev->driver_override.name) for buses with
// `.driver_override = true`; include/linux/device/bus.h `bool driver_override`); spi cc34d77dd487 and ap
// 81d6f7c3a70b keep their own attribute because they print "\n" ("we do not enable the driver_override feature
// of struct bus_type, as SPI ... passes "" to sysfs_emit()"); driverctl 0.111 list_devices():
// override="$(< "$d/driver_override")" (trailing newlines stripped) and only [ "$override" == "(null)" ] is unset.
import { describe, expect, it } from 'vitest';
import { PROFILES, findProfile } from '../../src/profiles/index.js';
import { overrideEra, overrideShowText } from '../../src/profiles/generic-override.js';
import { BUSES } from '../../src/model/buses.js';
import type { BusName } from '../../src/model/types.js';

const BUS_NAMES = Object.keys(BUSES) as BusName[];
const q = (p: string) => findProfile(p)!.quirks;
/** What driverctl 0.111's list-overrides sees: $(< file) drops trailing newlines; only "(null)" means unset. */
const driverctlListsAsOverridden = (text: string): boolean => text.replace(/\n+$/, '') !== '(null)';

describe('driver_override by bus and era', () => {
  it("each bus's file exists exactly when its era has one (the bus record agrees with the table)", () => {
    for (const p of PROFILES)
      for (const b of BUS_NAMES)
        expect([p.name, b, BUSES[b].override?.exists(p.quirks) ?? false]).toEqual([
          p.name,
          b,
          overrideEra(p.quirks, b) !== null,
        ]);
  });

  it('unset text in the 7.1 profile: "(null)\\n" on pci, platform, amba, css, vmbus; "\\n" on spi and ap', () => {
    const unset = BUS_NAMES.map((b) => [b, overrideEra(q('7.1'), b)?.unset]);
    expect(Object.fromEntries(unset)).toEqual({
      pci: '(null)\n',
      platform: '(null)\n',
      amba: '(null)\n',
      spi: '\n',
      css: '(null)\n',
      ap: '\n',
      vmbus: '(null)\n',
      cdx: '(null)\n',
      'fsl-mc': '(null)\n',
    });
  });

  it('generic storage with the bus_type flag shows "(null)\\n"; without it the bus shows its own "\\n"', () => {
    for (const p of PROFILES)
      for (const b of BUS_NAMES) {
        const e = overrideEra(p.quirks, b);
        if (e?.generic) expect([b, e.busFlag]).toEqual([b, e.unset === '(null)\n']);
      }
  });

  it('7.1 has the generic storage on pci, platform, spi, css, ap and fsl-mc; amba and cdx still have their own', () => {
    const generic = BUS_NAMES.filter((b) => overrideEra(q('7.1'), b)?.generic);
    expect(generic).toEqual(['pci', 'platform', 'spi', 'css', 'ap', 'fsl-mc']);
    expect(BUS_NAMES.filter((b) => overrideEra(q('6.1'), b)?.generic)).toEqual([]);
  });

  it('PCI reads "(null)\\n" when unset in every profile that has the file (unchanged by the table)', () => {
    for (const p of PROFILES) {
      const e = overrideEra(p.quirks, 'pci');
      if (e !== null) expect(overrideShowText(e, null)).toBe('(null)\n');
    }
  });

  it('driverctl 0.111 takes an unset spi or ap override for a set one, and amba before 2018', () => {
    const listed = (p: string, b: BusName) => driverctlListsAsOverridden(overrideShowText(overrideEra(q(p), b)!, null));
    expect(['pci', 'platform', 'amba', 'css'].map((b) => listed('7.1', b as BusName))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect([listed('7.1', 'spi'), listed('7.1', 'ap'), listed('5.10', 'spi')]).toEqual([true, true, true]);
    const unlocked = overrideEra({ ...q('5.10'), ambaOverride: 'unlocked' }, 'amba')!;
    expect(driverctlListsAsOverridden(overrideShowText(unlocked, null))).toBe(true);
  });
});
