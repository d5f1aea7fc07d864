import { describe, expect, it } from 'vitest';
import { matchDynidStatic, matchOverrideDummy, matchOverrideOnly } from '../../src/profiles/policies/mainline.js';
import { matchRfc09of11, matchRfc09of11Rev } from '../../src/profiles/policies/rfc-09of11.js';
import { pci_device_id_any } from '../../src/model/pci/match.js';
import { PCI_DEVICE, PCI_DEVICE_CLASS, PCI_DRIVER_OVERRIDE_DEVICE_VFIO } from '../../src/model/catalogue/ids.js';
import { PCI_ANY_ID } from '../../src/model/types.js';
import type { MatchInput } from '../../src/profiles/policy.js';

const nic = { vendor: 0x8086, device: 0x10d3, subvendor: 0x8086, subdevice: 0xa01f, class: 0x020000 };
const e1000e = PCI_DEVICE(0x8086, 0x10d3, 4);
const dyn = PCI_DEVICE(0x8086, 0x10d3);
const input = (over: Partial<MatchInput>): MatchInput => ({
  dev: nic,
  override: null,
  drvName: 'drv',
  dynids: [],
  id_table: null,
  ...over,
});

describe('pci_match_device <=3.15 (dynids then static table)', () => {
  it('a dynid wins over the static entry and driver_override does not exist', () => {
    expect(matchDynidStatic(input({ dynids: [dyn], id_table: [e1000e] }))).toBe(dyn);
    expect(matchDynidStatic(input({ id_table: [e1000e] }))).toBe(e1000e);
    expect(matchDynidStatic(input({ override: 'other', id_table: [e1000e] }))).toBe(e1000e);
  });
  it('class entries match through class_mask', () => {
    const nvme = PCI_DEVICE_CLASS(0x010802, 0xffffff);
    expect(matchDynidStatic(input({ id_table: [nvme] }))).toBeNull();
    expect(matchDynidStatic(input({ dev: { ...nic, class: 0x010802 }, id_table: [nvme] }))).toBe(nvme);
  });
});

describe('pci_match_device 3.16-5.14 (782a985d7af2: override + pci_device_id_any)', () => {
  it('an override naming another driver refuses even a table match', () => {
    expect(matchOverrideDummy(input({ override: 'vfio-pci', drvName: 'e1000e', id_table: [e1000e] }))).toBeNull();
  });
  it('an override naming us matches any device through the dummy id', () => {
    expect(matchOverrideDummy(input({ override: 'pci-stub', drvName: 'pci-stub' }))).toBe(pci_device_id_any);
  });
  it('the 5.19 empty-string override matches no driver at all', () => {
    expect(matchOverrideDummy(input({ override: '', drvName: 'e1000e', id_table: [e1000e] }))).toBeNull();
  });
});

describe('pci_match_device 5.15+ (343b7258687e: override_only)', () => {
  const vfioTable = [PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_ANY_ID, PCI_ANY_ID)];
  it('an override_only entry never matches without driver_override', () => {
    expect(matchOverrideOnly(input({ drvName: 'vfio-pci', id_table: vfioTable }))).toBeNull();
  });
  it('with driver_override naming the driver the flagged entry itself is returned', () => {
    expect(matchOverrideOnly(input({ override: 'vfio-pci', drvName: 'vfio-pci', id_table: vfioTable }))).toBe(
      vfioTable[0],
    );
  });
  it('flagged entries are skipped, not blocking: a later plain entry still matches', () => {
    const t = [PCI_DRIVER_OVERRIDE_DEVICE_VFIO(0x8086, 0x10d3), e1000e];
    expect(matchOverrideOnly(input({ id_table: t }))).toBe(e1000e);
  });
  it('dynids ignore override_only and come first', () => {
    expect(matchOverrideOnly(input({ dynids: [dyn], id_table: vfioTable }))).toBe(dyn);
  });
  it('the dummy id is still returned for an override with no table hit', () => {
    expect(matchOverrideOnly(input({ override: 'pci-stub', drvName: 'pci-stub' }))).toBe(pci_device_id_any);
  });
});

describe("pci_match_device, the RFC thread's second proposal (rfc-09of11-rev)", () => {
  it('dynids match again, even with driver_override set (H13b fixed)', () => {
    expect(matchRfc09of11Rev(input({ override: 'vfio-pci', drvName: 'vfio-pci', dynids: [dyn] }))).toBe(dyn);
  });
  it('the dummy id is back for an override without a static hit (pci-stub, H11 fixed)', () => {
    expect(matchRfc09of11Rev(input({ override: 'pci-stub', drvName: 'pci-stub' }))).toBe(pci_device_id_any);
  });
  it('residual anti-match: an override naming a driver whose unflagged entry matches gets nothing', () => {
    expect(matchRfc09of11Rev(input({ override: 'e1000e', drvName: 'e1000e', id_table: [e1000e] }))).toBeNull();
    expect(matchOverrideOnly(input({ override: 'e1000e', drvName: 'e1000e', id_table: [e1000e] }))).toBe(e1000e);
  });
});

describe('pci_match_device RFC 09/11 (flag <=> override, no dummy)', () => {
  const vfioTable = [PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_ANY_ID, PCI_ANY_ID)];
  it('pci-stub (no table) can no longer be chosen by driver_override (H11)', () => {
    expect(matchRfc09of11(input({ override: 'pci-stub', drvName: 'pci-stub' }))).toBeNull();
  });
  it('an unflagged driver cannot be chosen by driver_override even when its table matches (H12)', () => {
    expect(matchRfc09of11(input({ override: 'e1000e', drvName: 'e1000e', id_table: [e1000e] }))).toBeNull();
  });
  it('a dynid on an overridden device refuses the match (H13b)', () => {
    expect(
      matchRfc09of11(input({ override: 'vfio-pci', drvName: 'vfio-pci', dynids: [dyn], id_table: vfioTable })),
    ).toBeNull();
  });
  it('a flagged first hit shadows later entries without override (kept by the second proposal; gone in 5.15)', () => {
    const t = [PCI_DRIVER_OVERRIDE_DEVICE_VFIO(0x8086, 0x10d3), e1000e];
    expect(matchRfc09of11(input({ id_table: t }))).toBeNull();
    expect(matchRfc09of11Rev(input({ id_table: t }))).toBeNull();
    expect(matchOverrideOnly(input({ id_table: t }))).toBe(e1000e);
  });
  it('new_id still binds any driver to a device without override (H14)', () => {
    expect(matchRfc09of11(input({ drvName: 'pci-stub', dynids: [dyn] }))).toBe(dyn);
  });
});
