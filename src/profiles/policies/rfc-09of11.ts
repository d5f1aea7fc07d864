// "[PATCH 09/11] PCI: add matching checks for driver_override binding" (M. Gurtovoy, 2021-06-03).
import { firstDynid, pci_device_id_any, pci_match_id } from '../../model/pci/match.js';
import type { MatchInput } from '../policy.js';
import type { PciDeviceId } from '../../model/types.js';

/**
 * As posted: the FIRST matching id (dynid, else first static hit, no skipping) must carry the
 * driver-override flag iff driver_override is set; pci_device_id_any is deleted, so an override
 * alone never matches. Our `override_only` stores the RFC's PCI_ID_F_DRIVER_OVERRIDE bit.
 */
export function matchRfc09of11(m: MatchInput): PciDeviceId | null {
  if (m.override !== null && m.override !== m.drvName) return null;
  const found = firstDynid(m.dynids, m.dev) ?? pci_match_id(m.id_table, m.dev);
  if (found === null) return null;
  const flag = found.override_only;
  if ((flag && m.override === null) || (m.override !== null && !flag)) return null;
  return found;
}

/**
 * The second proposal in the RFC's thread (M. Gurtovoy, 13 Jun 2021, after "we can't break userspace"):
 * dynids match unconditionally again and the dummy id is back for overrides without a static hit, but
 * the FIRST static hit must still be flagged iff driver_override is set. Residual anti-match: an override
 * naming a driver whose table matches through an unflagged entry gets no match at all, and a flagged
 * first hit hides later entries from devices without override. (The July v2 that followed is the landed
 * 5.15 `override_only` logic, our 5.15 profile.)
 */
export function matchRfc09of11Rev(m: MatchInput): PciDeviceId | null {
  if (m.override !== null && m.override !== m.drvName) return null;
  const dyn = firstDynid(m.dynids, m.dev);
  if (dyn !== null) return dyn;
  const found = pci_match_id(m.id_table, m.dev);
  if (found !== null) {
    const flag = found.override_only;
    if ((flag && m.override === null) || (m.override !== null && !flag)) return null;
    return found;
  }
  return m.override !== null ? pci_device_id_any : null;
}
