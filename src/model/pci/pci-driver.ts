// drivers/pci/pci-driver.c: matching, the bus probe callback and the dynid attributes.
import type { Kernel } from '../kernel.js';
import { step, type KGen } from '../../runtime/step.js';
import { PCI_ANY_ID, type PciDeviceId } from '../types.js';
import { hex4 } from '../../util/hex.js';
import type { MatchDev } from './match.js';
import { firstDynid, pci_match_id, pci_match_one_device } from './match.js';
import { BUS_DEVICES, DRV_DYNIDS, drvObj } from '../objects.js';
import { EEXIST, EINVAL, ENODEV } from '../errno.js';
import { driver_attach } from '../core/dd.js';
import { call_probe } from './probe-models.js';

/** pci_match_device(drv, dev) for a real device: the era's policy over its current state (under dynids.lock). */
export function pci_match_device(k: Kernel, drv: number, dev: number): PciDeviceId | null {
  return match_fake(k, drv, k.world.devSpecs[dev], k.world.devices[dev].override);
}

function match_fake(k: Kernel, drv: number, dev: MatchDev, override: string | null): PciDeviceId | null {
  const spec = k.world.drvSpecs[drv];
  try {
    const id = k.policy({
      dev,
      override,
      drvName: spec.name,
      dynids: k.world.drivers[drv].dynids,
      id_table: spec.id_table,
    });
    if (id === null || (typeof id === 'object' && typeof id.vendor === 'number')) return id;
    return policyFailed(k, spec.name, `returned ${JSON.stringify(id)}, not an id or null`);
  } catch (e) {
    return policyFailed(k, spec.name, `threw: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A user policy that throws or returns garbage is a finding (match-sound), never a crash: treated as "no match". */
function policyFailed(k: Kernel, drvName: string, what: string): null {
  const m = `the policy ${what} (matching ${drvName})`;
  if (!k.policyErrors.includes(m)) k.policyErrors.push(m);
  k.note(m);
  return null;
}

/** pci_bus_match: no match while pci_dev.match_driver is false (phase 1 of the two-phase add). */
export function pci_bus_match(k: Kernel, drv: number, dev: number): boolean {
  return k.world.devices[dev].match_driver && pci_match_device(k, drv, dev) !== null;
}

/** pci_device_can_probe: the SR-IOV VF gate (4.12+, 0e7df22401a3; override exception 5.2+, 2d2f4273cbe9). */
export function pci_device_can_probe(k: Kernel, dev: number): boolean {
  const spec = k.world.devSpecs[dev];
  if (spec.pf < 0 || !k.quirks.sriovAutoprobeAttr) return true;
  if (k.world.devices[spec.pf].sriov_drivers_autoprobe) return true;
  return k.quirks.vfGateHonoursOverride && k.world.devices[dev].override !== null;
}

/** pci_device_probe -> __pci_device_probe: called with device_lock held; re-matches because the override may have changed. */
export function pci_device_probe(k: Kernel, drv: number, dev: number): number {
  if (!pci_device_can_probe(k, dev)) {
    k.note('pci_device_can_probe: VF autoprobe off');
    return -ENODEV;
  }
  const id = pci_match_device(k, drv, dev);
  if (id === null) {
    k.note('re-match under device_lock failed');
    return -ENODEV;
  }
  observeMatch(k, drv, dev, id);
  return call_probe(k, drv, dev, id);
}

/** What checkers need about a match that leads to a probe (read only; steers nothing). */
function observeMatch(k: Kernel, drv: number, dev: number, id: PciDeviceId): void {
  const spec = k.world.devSpecs[dev];
  const name = k.world.drvSpecs[drv].name;
  const override = k.world.devices[dev].override;
  const dynids = k.world.drivers[drv].dynids;
  const table = k.world.drvSpecs[drv].id_table ?? [];
  const entry = (e: PciDeviceId): boolean => pci_match_one_device(e, spec) && (e === id || sameId(e, id));
  const inTable = pci_match_id(table, spec) !== null || firstDynid(dynids, spec) !== null;
  const overrideOk = override === null || override === name;
  const sound = overrideOk && (override === name || table.some(entry) || dynids.some(entry));
  k.event({ kind: 'match', dev, drv, override, inTable, sound });
}

function sameId(a: PciDeviceId, b: PciDeviceId): boolean {
  return (
    a.vendor === b.vendor &&
    a.device === b.device &&
    a.subvendor === b.subvendor &&
    a.subdevice === b.subdevice &&
    a.class === b.class &&
    a.class_mask === b.class_mask
  );
}

/** Parse "%x %x %x %x %x %x %lx" like sscanf: stops at the first field that does not convert. */
export function scanHexFields(buf: string, max: number): number[] {
  const out: number[] = [];
  const re = /^\s*(?:0[xX])?([0-9a-fA-F]+)/;
  let rest = buf;
  while (out.length < max) {
    const m = re.exec(rest);
    if (!m) break;
    out.push(parseInt(m[1].slice(-8), 16) >>> 0);
    rest = rest.slice(m[0].length);
    if (!/^\s/.test(rest)) break;
  }
  return out;
}

/** new_id_store (pci-driver.c): parse, duplicate check (era), driver_data check, pci_add_dynid. */
export function* store_new_id(k: Kernel, drv: number, buf: string, count: number): KGen<number> {
  const f = scanHexFields(buf, 7);
  if (f.length < 2) return -EINVAL;
  const [vendor, device, subvendor = PCI_ANY_ID, subdevice = PCI_ANY_ID, cls = 0, class_mask = 0, driver_data = 0] = f;
  const id: PciDeviceId = {
    vendor,
    device,
    subvendor,
    subdevice,
    class: cls,
    class_mask,
    driver_data,
    override_only: false,
  };
  const spec = k.world.drvSpecs[drv];
  if (f.length !== 7) {
    // Fully specified writes skip the check. The fake pci_dev has no driver_override.
    yield step('new_id_store: dup check', spec.name, [drvObj(drv, DRV_DYNIDS)]);
    const fake: MatchDev = { vendor, device, subvendor, subdevice, class: cls };
    // 3.13-5.10: static table only (8895d3bcb8ba); 5.11+: pci_match_device, dynids included (3853f9123c18).
    const dup =
      k.quirks.newIdDupCheck === 'pci_match_id' ? pci_match_id(spec.id_table, fake) : match_fake(k, drv, fake, null);
    if (dup !== null) return -EEXIST;
  }
  if (spec.id_table !== null && !spec.id_table.some((e) => e.driver_data === driver_data)) return -EINVAL;
  const r = yield* pci_add_dynid(k, drv, id);
  return r !== 0 ? r : count;
}

/** pci_add_dynid: list_add_tail under dynids.lock, then driver_attach regardless of drivers_autoprobe. */
export function* pci_add_dynid(k: Kernel, drv: number, id: PciDeviceId): KGen<number> {
  yield step('pci_add_dynid', k.drvName(drv), [BUS_DEVICES], [drvObj(drv, DRV_DYNIDS)]);
  k.world.drivers[drv].dynids.push(id);
  k.note(`dynid ${idText(id)}`);
  return yield* driver_attach(k, drv);
}

/** remove_id_store: removes the first dynid that matches with written wildcards; never unbinds. */
export function* remove_id_store(k: Kernel, drv: number, buf: string, count: number): KGen<number> {
  const f = scanHexFields(buf, 6);
  if (f.length < 2) return -EINVAL;
  const [vendor, device, subvendor = PCI_ANY_ID, subdevice = PCI_ANY_ID, cls = 0, class_mask = 0] = f;
  yield step('remove_id_store', k.drvName(drv), [drvObj(drv, DRV_DYNIDS)], [drvObj(drv, DRV_DYNIDS)]);
  const list = k.world.drivers[drv].dynids;
  const i = list.findIndex(
    (d) =>
      d.vendor === vendor &&
      d.device === device &&
      (subvendor === PCI_ANY_ID || d.subvendor === subvendor) &&
      (subdevice === PCI_ANY_ID || d.subdevice === subdevice) &&
      ((d.class ^ cls) & class_mask) === 0,
  );
  if (i < 0) return -ENODEV;
  k.note(`removed dynid ${idText(list[i])}`);
  list.splice(i, 1);
  return count;
}

const h4 = (n: number): string => (n === PCI_ANY_ID ? '*' : hex4(n));

export function idText(id: PciDeviceId): string {
  const sub =
    id.subvendor === PCI_ANY_ID && id.subdevice === PCI_ANY_ID ? '' : ` ${h4(id.subvendor)}:${h4(id.subdevice)}`;
  const cls =
    id.class_mask === 0 ? '' : ` class ${id.class.toString(16).padStart(6, '0')}/${id.class_mask.toString(16)}`;
  return `${h4(id.vendor)}:${h4(id.device)}${sub}${cls}${id.override_only ? ' override_only' : ''}`;
}
