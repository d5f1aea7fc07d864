// The mainline pci_match_device of each era (drivers/pci/pci-driver.c).
import { firstDynid, pci_device_id_any, pci_match_id, pci_match_id_index } from '../../model/pci/match.js';
import type { MatchInput } from '../policy.js';
import type { PciDeviceId } from '../../model/types.js';

/** <=3.15: dynids first, then the static table; no driver_override. */
export function matchDynidStatic(m: MatchInput): PciDeviceId | null {
  return firstDynid(m.dynids, m.dev) ?? pci_match_id(m.id_table, m.dev);
}

/** 3.16-5.14 (782a985d7af2): override names another driver => no match; override alone forces the dummy id. */
export function matchOverrideDummy(m: MatchInput): PciDeviceId | null {
  if (m.override !== null && m.override !== m.drvName) return null;
  const found = firstDynid(m.dynids, m.dev) ?? pci_match_id(m.id_table, m.dev);
  if (found === null && m.override !== null) return pci_device_id_any;
  return found;
}

/** 5.15+ (343b7258687e): override_only entries are skipped unless driver_override names us; dummy kept. */
export function matchOverrideOnly(m: MatchInput): PciDeviceId | null {
  if (m.override !== null && m.override !== m.drvName) return null;
  const dyn = firstDynid(m.dynids, m.dev);
  if (dyn !== null) return dyn; // dynids ignore override_only
  for (let i = pci_match_id_index(m.id_table, m.dev); i >= 0; i = pci_match_id_index(m.id_table, m.dev, i + 1)) {
    const found = m.id_table![i];
    if (!found.override_only || m.override !== null) return found;
  }
  if (m.override !== null) return pci_device_id_any;
  return null;
}
