// drivers/input/serio/serio.c: serio_bus_match, the drvctl and bind_mode attributes, serio_bind_driver, and
// the kseriod work (port registration, SERIO_ATTACH_DRIVER). Read: the 6.x copy (const struct bus_type,
// mutex_lock_interruptible in drvctl_store) and Dmitry Torokhov's guard() conversion (lore 20240905041732, 19/24).
import type { Kernel } from '../kernel.js';
import type { SerioId } from '../types.js';
import { step, type KGen } from '../../runtime/step.js';
import {
  BUS_DEFERRED,
  BUS_DEVICES,
  BUS_DRIVERS,
  DEV_DRIVER,
  DEV_OVERRIDE,
  DEV_PRESENT,
  DRV_REGISTERED,
} from '../objects.js';
import { DRV_STATE, busAutoprobe, devObj, drvObj, serioMutex } from '../objects.js';
import { EEXIST, EINVAL, ENODEV } from '../errno.js';
import { bus_probe_device, device_attach, device_release_driver_internal, driver_attach } from '../core/dd.js';
import { driver_register } from '../core/bus.js';
import { probeSpec } from '../core/probe.js';
import { deviceAdded, deviceDeleted } from '../core/device-add.js';

/** SERIO_ANY in a serio_device_id. */
export const SERIO_ANY = 0xff;

/** serio_match_port: the table ends at the first entry with type and proto both 0; SERIO_ANY matches anything. */
export function serio_match_port(ids: readonly SerioId[], s: SerioId): boolean {
  for (const e of ids) {
    if (!(e.type || e.proto)) break;
    const ok = (want: number, got: number): boolean => want === SERIO_ANY || want === got;
    if (ok(e.type, s.type) && ok(e.proto, s.proto) && ok(e.extra, s.extra) && ok(e.id, s.id)) return true;
  }
  return false;
}

/** serio_bus_match: nothing matches a manual_bind port or a manual_bind driver; else the id table. */
export function serio_bus_match(k: Kernel, drv: number, dev: number): boolean {
  if (k.world.devices[dev].manual_bind || k.world.drivers[drv].manual_bind) return false;
  return serio_match_port(k.world.drvSpecs[drv].serio!.id_table, k.world.devSpecs[dev].serio!);
}

/** serio_driver_probe -> serio_connect_driver: drv->connect under serio->drv_mutex (device_lock held). */
export function serio_driver_probe(k: Kernel, drv: number, dev: number): number {
  observeMatch(k, drv, dev);
  return probeSpec(k, drv);
}

/** For checkers (match-sound): serio matches by its id table alone (serio_bus_match also gates on manual_bind). */
function observeMatch(k: Kernel, drv: number, dev: number): void {
  const inTable = serio_match_port(k.world.drvSpecs[drv].serio!.id_table, k.world.devSpecs[dev].serio!);
  k.event({ kind: 'match', dev, drv, override: null, inTable, sound: inTable });
}

/** serio_driver_remove -> serio_disconnect_driver: drv->disconnect; nothing the model tracks. */
export function* serio_driver_remove(): KGen<void> {}

/** What serio_bus_match and the probe read: presence, the port's and the driver's manual_bind (and probe count). */
export function serioMatchRd(k: Kernel, dev: number, drv: number): number[] {
  void k;
  return [devObj(dev, DEV_PRESENT), devObj(dev, DEV_OVERRIDE), drvObj(drv, DRV_STATE)];
}

/**
 * __serio_register_driver: registers with manual_bind forced on (driver_register's driver_attach matches
 * nothing), restores it, and queues SERIO_ATTACH_DRIVER: kseriod binds free ports later, under serio_mutex.
 */
export function* serio_register_driver(k: Kernel, drv: number): KGen<number> {
  const d = k.world.drivers[drv];
  d.manual_bind = true;
  const r = yield* driver_register(k, drv);
  if (r < 0) return r;
  if (k.world.drvSpecs[drv].serio!.manual_bind) return 0; // serio_raw: only drvctl binds it
  yield step('__serio_register_driver', `${k.drvName(drv)}: manual_bind restored`, [], [drvObj(drv, DRV_STATE)]);
  d.manual_bind = false;
  k.spawn('kseriod', serio_attach_driver(k, drv));
  return 0;
}

/** kseriod's SERIO_ATTACH_DRIVER: driver_attach under serio_mutex. */
function* serio_attach_driver(k: Kernel, drv: number): KGen<void> {
  const lock = serioMutex(k.world);
  yield step('serio_handle_event', `SERIO_ATTACH_DRIVER ${k.drvName(drv)}`, [drvObj(drv, DRV_REGISTERED)], [], lock);
  if (k.world.drivers[drv].registered) yield* driver_attach(k, drv);
  k.unlock(lock);
}

/**
 * __serio_register_port queues SERIO_REGISTER_PORT; kseriod's serio_add_port does device_add (always async). Each
 * event is a thread of its own that takes serio_mutex first: FIFO (boot) keeps the queue's order, other schedulers
 * may run a later event first, which the single kseriod work item never does (an over-approximation).
 */
export function* serio_register_port(k: Kernel, dev: number): KGen<void> {
  yield step('__serio_register_port', k.devName(dev));
  k.spawn('kseriod', serio_add_port(k, dev));
}

function* serio_add_port(k: Kernel, dev: number): KGen<void> {
  const lock = serioMutex(k.world);
  const rd = [busAutoprobe('serio'), devObj(dev, DEV_PRESENT)];
  const wr = [devObj(dev, DEV_PRESENT), devObj(dev, DEV_OVERRIDE), BUS_DEVICES, BUS_DEFERRED];
  yield step('serio_add_port', k.devName(dev), rd, wr, lock);
  if (k.world.devices[dev].present)
    k.note('already registered'); // a hotplug add of a port that is there
  else {
    k.world.devices[dev].manual_bind = k.world.devSpecs[dev].serio!.manual_bind;
    deviceAdded(k, dev);
    yield* bus_probe_device(k, dev);
  }
  k.unlock(lock);
}

/** strncmp(buf, lit, count) === 0 on the NUL-terminated sysfs buffer: every prefix of lit matches ("n" is "none"). */
export function strncmpZero(buf: string, lit: string, count: number): boolean {
  for (let i = 0; i < count; i++) {
    const a = i < buf.length ? buf[i] : '\0';
    const b = i < lit.length ? lit[i] : '\0';
    if (a !== b) return false;
    if (a === '\0') return true;
  }
  return true;
}

/** driver_find(buf, &serio_bus): a registered serio driver named exactly buf (a trailing "\n" finds none). */
function driver_find(k: Kernel, buf: string): number {
  const name = buf.split('\0')[0];
  return k.world.drvSpecs.findIndex((s, j) => s.bus === 'serio' && s.name === name && k.world.drivers[j].registered);
}

/**
 * drvctl_store, under serio_mutex (mutex_lock_interruptible): "none" unbinds, "reconnect" reconnects,
 * "rescan" unbinds and runs device_attach (the bus match, so manual_bind still holds), a driver's name unbinds
 * and calls serio_bind_driver, which skips the bus match; anything else (a trailing "\n" too) -EINVAL.
 * Compared with strncmp(buf, word, count), so any prefix of a word ("n", "re") is that word.
 */
export function* drvctl_store(k: Kernel, dev: number, buf: string, count: number): KGen<number> {
  const lock = serioMutex(k.world);
  yield step(
    'drvctl_store',
    `${k.devName(dev)} <- ${JSON.stringify(buf)}`,
    [BUS_DRIVERS, devObj(dev, DEV_DRIVER)],
    [],
    lock,
  );
  let r = count;
  if (strncmpZero(buf, 'none', count)) yield* serio_disconnect_port(k, dev);
  else if (strncmpZero(buf, 'reconnect', count)) yield* serio_reconnect_port(k, dev);
  else if (strncmpZero(buf, 'rescan', count)) {
    yield* serio_disconnect_port(k, dev);
    yield* device_attach(k, dev); // serio_find_driver
  } else {
    const drv = driver_find(k, buf);
    if (drv < 0) r = -EINVAL;
    else {
      yield* serio_disconnect_port(k, dev);
      const e = yield* serio_bind_driver(k, dev, drv);
      if (e !== 0) r = e;
    }
  }
  k.unlock(lock);
  return r;
}

/** serio_disconnect_port: device_release_driver (children ports are not modelled). */
function serio_disconnect_port(k: Kernel, dev: number): KGen<void> {
  return device_release_driver_internal(k, dev, -1);
}

/** serio_reconnect_port: a bound driver's ->reconnect (taken to succeed); unbound (-1): disconnect and rescan. */
function* serio_reconnect_port(k: Kernel, dev: number): KGen<void> {
  if (k.world.devices[dev].driver >= 0) {
    k.note('serio_reconnect_driver: ->reconnect');
    return;
  }
  yield* serio_disconnect_port(k, dev);
  yield* device_attach(k, dev);
}

/**
 * serio_bind_driver: only serio_match_port on the driver's table (no manual_bind, no device_lock, no check of
 * dev->driver). No table match: 0, nothing bound. Else dev->driver = drv and drv->connect (-ENODEV if it
 * fails), then device_bind_driver. A driver bound through the driver core's bind/drivers_probe since
 * serio_disconnect_port is overwritten; driver_sysfs_add then fails (-EEXIST: its "driver" link is there),
 * serio_disconnect_driver runs and dev->driver is left NULL: neither driver has the port.
 */
export function* serio_bind_driver(k: Kernel, dev: number, drv: number): KGen<number> {
  const rw = [devObj(dev, DEV_DRIVER)];
  yield step(
    'serio_bind_driver',
    `${k.devName(dev)} -> ${k.drvName(drv)}`,
    [...rw, drvObj(drv, DRV_STATE)],
    [...rw, drvObj(drv, DRV_STATE)],
  );
  if (!serio_match_port(k.world.drvSpecs[drv].serio!.id_table, k.world.devSpecs[dev].serio!)) {
    k.note('serio_match_port: no match; nothing bound, success returned');
    return 0;
  }
  const d = k.world.devices[dev];
  const prev = d.driver;
  if (prev >= 0) {
    k.note(`dev->driver overwritten: ${k.drvName(prev)} (bound since serio_disconnect_port) loses the port`);
    k.event({ kind: 'unbound', dev, drv: prev });
  }
  d.driver = drv;
  if (probeSpec(k, drv) !== 0) {
    d.driver = -1;
    k.note(`${k.drvName(drv)}->connect failed`);
    return -ENODEV;
  }
  yield step('device_bind_driver', `${k.devName(dev)} -> ${k.drvName(drv)}`, rw, rw);
  if (prev >= 0) {
    d.driver = -1;
    k.note(`driver_sysfs_add: -EEXIST (${k.drvName(prev)}'s driver link); serio_disconnect_driver, dev->driver = NULL`);
    return -EEXIST;
  }
  d.bind_seq = k.world.bus.next_bind_seq++;
  observeMatch(k, drv, dev); // serio_match_port, though not under device_lock
  k.note(`${k.devName(dev)} bound to ${k.drvName(drv)} (drvctl)`);
  k.event({ kind: 'bound', dev, drv });
  return 0;
}

/**
 * bind_mode stores, the port's (serio_set_bind_mode) and the driver's (bind_mode_store): strncmp against
 * "manual", then "auto" (so "manual\n" is -EINVAL); no lock, no probe. `obj` a device slot or a driver slot.
 */
function* setBindMode(k: Kernel, obj: number, port: boolean, buf: string, count: number): KGen<number> {
  const v = strncmpZero(buf, 'manual', count) ? true : strncmpZero(buf, 'auto', count) ? false : null;
  if (v === null) return -EINVAL;
  if (port) {
    yield step('serio_set_bind_mode', k.devName(obj), [], [devObj(obj, DEV_OVERRIDE)]);
    k.world.devices[obj].manual_bind = v;
  } else {
    yield step('bind_mode_store', k.drvName(obj), [], [drvObj(obj, DRV_STATE)]);
    k.world.drivers[obj].manual_bind = v;
  }
  return count;
}

export const serio_set_bind_mode = (k: Kernel, dev: number, buf: string, count: number): KGen<number> =>
  setBindMode(k, dev, true, buf, count);
export const serio_drv_set_bind_mode = (k: Kernel, drv: number, buf: string, count: number): KGen<number> =>
  setBindMode(k, drv, false, buf, count);

export const bindModeText = (manual: boolean): string => (manual ? 'manual\n' : 'auto\n');

/** serio_unregister_port: under serio_mutex, serio_disconnect_port then serio_destroy_port (device_del). */
export function* serio_unregister_port(k: Kernel, dev: number): KGen<void> {
  const lock = serioMutex(k.world);
  yield step('serio_unregister_port', k.devName(dev), [devObj(dev, DEV_PRESENT)], [], lock);
  if (k.world.devices[dev].present) {
    yield* serio_disconnect_port(k, dev);
    yield step(
      'serio_destroy_port',
      k.devName(dev),
      [devObj(dev, DEV_DRIVER)],
      [devObj(dev, DEV_PRESENT), BUS_DEVICES, BUS_DEFERRED],
    );
    deviceDeleted(k, dev);
  } else k.note('not registered');
  k.unlock(lock);
}

/** A hotplug op on a port: its driver registers it (i8042 on resume, a PS/2 pass-through) or unregisters it. */
export function* serio_hotplug(k: Kernel, dev: number, action: 'add' | 'remove'): KGen<number> {
  if (action === 'add') yield* serio_register_port(k, dev);
  else yield* serio_unregister_port(k, dev);
  return 0;
}

/** Boot: the port drivers (i8042) register their ports, in declaration order; kseriod adds them. */
export function* serio_enumerate(k: Kernel): KGen<void> {
  const devs = k.world.devSpecs.flatMap((s, i) => (s.bus === 'serio' && k.world.devices[i].hw ? [i] : []));
  if (devs.length === 0) return;
  yield step('boot', 'serio ports (i8042)', [], []);
  for (const dev of devs) yield* serio_register_port(k, dev);
}
