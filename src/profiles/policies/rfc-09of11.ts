// "[PATCH 09/11] PCI: add matching checks for driver_override binding" (M. Gurtovoy, 2021-06-03).
import { firstDynid, pci_match_id } from '../../model/pci/match.js';
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
 * The form the review converged on (v2, July 2021, still named `flags`): flagged entries are skipped
 * (not blocking) without an override, dynids are unaffected and pci_device_id_any is kept. This is
 * the decision table that landed in 5.15 as `override_only`.
 */
export { matchOverrideOnly as matchRfc09of11Rev } from './mainline.js';
