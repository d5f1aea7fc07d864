// drivers/usb/core/driver.c for interfaces: usb_match_id, usb_device_match, usb_probe_interface, the dynamic ids
// (new_id / remove_id). Copies read: 3.7 (torvalds/linux 02582e9b), 3.10 (AndreiLux/ref-3.10), 4.4
// (android_kernel_xiaomi_chiron), 6.x and a 2026 copy (kzalloc_obj era); see the profiles' citations for eras.
import type { Kernel } from '../kernel.js';
import type { UsbDeviceId, UsbInterfaceIdentity } from '../types.js';
import { step, type KGen } from '../../runtime/step.js';
import {
  BUS_DEFERRED,
  BUS_DEVICES,
  busAutoprobe,
  DEV_DRIVER,
  DEV_OVERRIDE,
  DEV_PRESENT,
  DRV_DYNIDS,
  DRV_STATE,
  devObj,
  drvObj,
} from '../objects.js';
import { EINVAL, ENODEV } from '../errno.js';
import { driver_attach, bus_probe_device, device_release_driver_internal } from '../core/dd.js';
import { scanHexFields } from '../pci/pci-driver.js';
import { probeSpec } from '../core/probe.js';
import { deviceAdded, deviceDeleted } from '../core/device-add.js';

/** USB_DEVICE_ID_MATCH_* (include/linux/mod_devicetable.h). */
export const MATCH = {
  VENDOR: 0x0001,
  PRODUCT: 0x0002,
  DEV_LO: 0x0004,
  DEV_HI: 0x0008,
  DEV_CLASS: 0x0010,
  DEV_SUBCLASS: 0x0020,
  DEV_PROTOCOL: 0x0040,
  INT_CLASS: 0x0080,
  INT_SUBCLASS: 0x0100,
  INT_PROTOCOL: 0x0200,
  INT_NUMBER: 0x0400,
} as const;
const MATCH_DEVICE = MATCH.VENDOR | MATCH.PRODUCT;
const MATCH_INT_ANY = MATCH.INT_CLASS | MATCH.INT_SUBCLASS | MATCH.INT_PROTOCOL | MATCH.INT_NUMBER;
/** USB_CLASS_VENDOR_SPEC. */
const VENDOR_SPEC = 0xff;

/** An id with only `fields` set (the rest 0): what USB_DEVICE() and friends build. */
export function usbId(fields: Partial<UsbDeviceId>): UsbDeviceId {
  return {
    match_flags: 0,
    idVendor: 0,
    idProduct: 0,
    bcdDevice_lo: 0,
    bcdDevice_hi: 0,
    bDeviceClass: 0,
    bDeviceSubClass: 0,
    bDeviceProtocol: 0,
    bInterfaceClass: 0,
    bInterfaceSubClass: 0,
    bInterfaceProtocol: 0,
    bInterfaceNumber: 0,
    driver_info: 0,
    ...fields,
  };
}

const flag = (id: UsbDeviceId, f: number): boolean => (id.match_flags & f) !== 0;

/** usb_match_device: the device-descriptor half of a match. */
export function usb_match_device(s: UsbInterfaceIdentity, id: UsbDeviceId): boolean {
  if (flag(id, MATCH.VENDOR) && id.idVendor !== s.idVendor) return false;
  if (flag(id, MATCH.PRODUCT) && id.idProduct !== s.idProduct) return false;
  if (flag(id, MATCH.DEV_LO) && id.bcdDevice_lo > s.bcdDevice) return false;
  if (flag(id, MATCH.DEV_HI) && id.bcdDevice_hi < s.bcdDevice) return false;
  if (flag(id, MATCH.DEV_CLASS) && id.bDeviceClass !== s.bDeviceClass) return false;
  if (flag(id, MATCH.DEV_SUBCLASS) && id.bDeviceSubClass !== s.bDeviceSubClass) return false;
  return !(flag(id, MATCH.DEV_PROTOCOL) && id.bDeviceProtocol !== s.bDeviceProtocol);
}

/**
 * usb_match_one_id_intf: on a vendor-specific device (bDeviceClass 0xff) interface fields never match unless the
 * entry also names the vendor.
 */
export function usb_match_one_id_intf(s: UsbInterfaceIdentity, id: UsbDeviceId): boolean {
  if (s.bDeviceClass === VENDOR_SPEC && !flag(id, MATCH.VENDOR) && flag(id, MATCH_INT_ANY)) return false;
  if (flag(id, MATCH.INT_CLASS) && id.bInterfaceClass !== s.bInterfaceClass) return false;
  if (flag(id, MATCH.INT_SUBCLASS) && id.bInterfaceSubClass !== s.bInterfaceSubClass) return false;
  if (flag(id, MATCH.INT_PROTOCOL) && id.bInterfaceProtocol !== s.bInterfaceProtocol) return false;
  return !(flag(id, MATCH.INT_NUMBER) && id.bInterfaceNumber !== s.bInterfaceNumber);
}

export function usb_match_one_id(s: UsbInterfaceIdentity, id: UsbDeviceId): boolean {
  return usb_match_device(s, id) && usb_match_one_id_intf(s, id);
}

/**
 * usb_match_id: the first matching entry of a static table. The table ends at the first entry whose idVendor,
 * idProduct, bDeviceClass, bInterfaceClass and driver_info are all 0 (a match_flags-only entry ends it too).
 */
export function usb_match_id(table: readonly UsbDeviceId[] | null, s: UsbInterfaceIdentity): UsbDeviceId | null {
  if (table === null) return null;
  for (const id of table) {
    if (!(id.idVendor || id.idProduct || id.bDeviceClass || id.bInterfaceClass || id.driver_info)) break;
    if (usb_match_one_id(s, id)) return id;
  }
  return null;
}

/** usb_match_dynamic_id: the first matching dynid, in new_id order (under the era's dynids lock). */
export function usb_match_dynamic_id(k: Kernel, drv: number, s: UsbInterfaceIdentity): UsbDeviceId | null {
  return k.world.drivers[drv].usb_dynids.find((id) => usb_match_one_id(s, id)) ?? null;
}

/** usb_device_match, interface half: usb_match_id on the static table first, then the dynids (every copy read). */
export function usb_device_match(k: Kernel, drv: number, dev: number): boolean {
  const s = k.world.devSpecs[dev].usb!;
  return usb_match_id(k.world.drvSpecs[drv].usb!.id_table, s) !== null || usb_match_dynamic_id(k, drv, s) !== null;
}

/**
 * usb_probe_interface (device_lock held): usb_device_is_owned, udev->authorized, then (4.4+) intf->authorized
 * refuse with -ENODEV; the id is looked up again (dynids first from 4.4, the static table first before) and
 * -ENODEV when it is gone (a remove_id between the unlocked match and the probe); then driver->probe.
 */
export function usb_probe_interface(k: Kernel, drv: number, dev: number): number {
  const s = k.world.devSpecs[dev].usb!;
  if (s.owned) return refuse(k, 'usb_device_is_owned: the port is claimed through usbfs');
  if (!s.device_authorized) return refuse(k, 'Device is not authorized for usage');
  if (k.quirks.usbIntfAuthorized && !k.world.devices[dev].authorized)
    return refuse(k, `Interface ${s.bInterfaceNumber} is not authorized for usage`);
  const table = k.world.drvSpecs[drv].usb!.id_table;
  const id = k.quirks.usbIntfAuthorized
    ? (usb_match_dynamic_id(k, drv, s) ?? usb_match_id(table, s))
    : (usb_match_id(table, s) ?? usb_match_dynamic_id(k, drv, s));
  if (id === null) return refuse(k, 'usb_probe_interface: no id matches now');
  k.note(`probe id ${idText(id)}${k.world.drivers[drv].usb_dynids.includes(id) ? ' (dynamic)' : ''}`);
  // For checkers (match-sound): the id just found is a table entry or a dynid; USB has no override.
  k.event({ kind: 'match', dev, drv, override: null, inTable: true, sound: true });
  return probeSpec(k, drv);
}

function refuse(k: Kernel, why: string): number {
  k.note(why);
  return -ENODEV;
}

/** usb_unbind_interface: driver->disconnect; nothing the model tracks. */
export function* usb_unbind_interface(): KGen<void> {}

/** What usb_device_match and usb_probe_interface read: presence, intf->authorized, the driver's dynids. */
export function usbMatchRd(k: Kernel, dev: number, drv: number): number[] {
  void k;
  return [devObj(dev, DEV_PRESENT), devObj(dev, DEV_OVERRIDE), drvObj(drv, DRV_DYNIDS), drvObj(drv, DRV_STATE)];
}

/** The dynids lock the era takes around the list (the step's object names it). */
function dynidsLock(k: Kernel, drv: number): string {
  return k.quirks.usbDynidsLock === 'mutex' ? 'usb_dynids_lock (mutex)' : `${k.drvName(drv)}.dynids.lock (spinlock)`;
}

/** The dynid usb_store_new_id builds from the written fields, or a negative errno. */
function parseNewId(k: Kernel, drv: number, buf: string): UsbDeviceId | number {
  const five = k.quirks.usbNewId === 'five-field';
  const f = scanHexFields(buf, five ? 5 : 3);
  if (f.length < 2) return -EINVAL;
  const [idVendor, idProduct, cls = 0, refVendor = 0, refProduct = 0] = f;
  let id = usbId({ match_flags: MATCH_DEVICE, idVendor: idVendor & 0xffff, idProduct: idProduct & 0xffff });
  if (!five && f.length === 3) {
    // <=3.10: a third field always adds INT_CLASS, truncated to u8 (class 0 then matches class-0 interfaces only).
    id = { ...id, bInterfaceClass: cls & 0xff, match_flags: id.match_flags | MATCH.INT_CLASS };
  } else if (five && f.length > 2 && cls !== 0) {
    if (cls > 255) return -EINVAL;
    id = { ...id, bInterfaceClass: cls, match_flags: id.match_flags | MATCH.INT_CLASS };
  }
  if (five && f.length > 4) {
    // The reference entry: the static table up to the first entry with match_flags 0; none (or no table): -ENODEV.
    const table = k.world.drvSpecs[drv].usb!.id_table;
    if (table === null) return -ENODEV;
    const end = table.findIndex((e) => e.match_flags === 0);
    const ref = (end < 0 ? table : table.slice(0, end)).find(
      (e) => e.idVendor === refVendor && e.idProduct === refProduct,
    );
    if (ref === undefined) return -ENODEV;
    id = { ...id, driver_info: ref.driver_info };
  }
  return id;
}

/**
 * usb_store_new_id: parse, then list_add_tail under the dynids lock with NO duplicate check (the same id twice
 * is two entries), then driver_attach at once (drivers_autoprobe is not consulted); its error or count.
 */
export function* usb_store_new_id(k: Kernel, drv: number, buf: string, count: number): KGen<number> {
  const id = parseNewId(k, drv, buf);
  if (typeof id === 'number') return id;
  yield step('usb_store_new_id', dynidsLock(k, drv), [BUS_DEVICES], [drvObj(drv, DRV_DYNIDS)]);
  const d = k.world.drivers[drv];
  d.usb_dynids = [...d.usb_dynids, id]; // a new list: cloneWorld shares the old one
  k.note(`dynid ${idText(id)}`);
  const r = yield* driver_attach(k, drv);
  return r !== 0 ? r : count;
}

/** remove_id_store: "%x %x"; removes the first dynid with that vendor:product; count even when none matched. */
export function* usb_remove_id_store(k: Kernel, drv: number, buf: string, count: number): KGen<number> {
  const f = scanHexFields(buf, 2);
  if (f.length < 2) return -EINVAL;
  yield step('remove_id_store', dynidsLock(k, drv), [], [drvObj(drv, DRV_DYNIDS)]);
  const d = k.world.drivers[drv];
  const i = d.usb_dynids.findIndex((e) => e.idVendor === f[0] && e.idProduct === f[1]);
  if (i >= 0) d.usb_dynids = d.usb_dynids.filter((_, j) => j !== i);
  else k.note('remove_id: no such dynid (count returned anyway)');
  return count;
}

/** usb_show_dynids (new_id and remove_id read the same): "%04x %04x %02x\n" with a class, "%04x %04x\n" without. */
export function usb_show_dynids(k: Kernel, drv: number): string {
  const h = (n: number, w: number): string => n.toString(16).padStart(w, '0');
  return k.world.drivers[drv].usb_dynids
    .map((e) =>
      e.bInterfaceClass !== 0
        ? `${h(e.idVendor, 4)} ${h(e.idProduct, 4)} ${h(e.bInterfaceClass, 2)}\n`
        : `${h(e.idVendor, 4)} ${h(e.idProduct, 4)}\n`,
    )
    .join('');
}

function idText(id: UsbDeviceId): string {
  const h = (n: number): string => n.toString(16).padStart(4, '0');
  const cls = id.match_flags & MATCH.INT_CLASS ? ` class ${id.bInterfaceClass.toString(16)}` : '';
  return `${h(id.idVendor)}:${h(id.idProduct)}${cls}`;
}

/**
 * An interface appears: usb_set_configuration sets intf->authorized from the HCD's interface_authorized_default,
 * then device_add -> bus_probe_device (honours drivers_autoprobe).
 */
export function* usb_interface_add(k: Kernel, dev: number): KGen<void> {
  const rd = [busAutoprobe('usb'), devObj(dev, DEV_PRESENT)];
  const wr = [devObj(dev, DEV_PRESENT), devObj(dev, DEV_OVERRIDE), BUS_DEVICES, BUS_DEFERRED];
  yield step('usb_set_configuration', k.devName(dev), rd, wr);
  if (k.world.devices[dev].present) {
    k.note('already there'); // a hotplug add of an interface that is present: nothing happens
    return;
  }
  k.world.devices[dev].authorized = k.world.devSpecs[dev].usb!.authorized_default;
  deviceAdded(k, dev);
  yield* bus_probe_device(k, dev);
}

/**
 * An interface goes (usb_disconnect / usb_set_configuration's usb_disable_device): device_del releases its driver
 * (bus_remove_device), then the "remove" uevent.
 */
export function* usb_interface_del(k: Kernel, dev: number): KGen<void> {
  if (!k.world.devices[dev].present) {
    yield step('usb_disable_device', k.devName(dev), [devObj(dev, DEV_PRESENT)]);
    k.note('not present');
    return;
  }
  yield* device_release_driver_internal(k, dev, -1);
  yield step(
    'usb_disable_device',
    k.devName(dev),
    [devObj(dev, DEV_DRIVER)],
    [devObj(dev, DEV_PRESENT), BUS_DEVICES, BUS_DEFERRED],
  );
  deviceDeleted(k, dev);
}

/** A hotplug op on an interface: the device is plugged in (and configured) or unplugged (hub_port_connect_change). */
export function* usb_hotplug(k: Kernel, dev: number, action: 'add' | 'remove'): KGen<number> {
  if (action === 'add') yield* usb_interface_add(k, dev);
  else yield* usb_interface_del(k, dev);
  return 0;
}

/** Boot: the root hubs' devices are enumerated and configured, their interfaces added in declaration order. */
export function* usb_enumerate(k: Kernel): KGen<void> {
  const devs = k.world.devSpecs.flatMap((s, i) => (s.bus === 'usb' && k.world.devices[i].hw ? [i] : []));
  if (devs.length === 0) return;
  yield step('boot', 'usb: hub_port_connect, usb_new_device', [], []);
  for (const dev of devs) yield* usb_interface_add(k, dev);
}
