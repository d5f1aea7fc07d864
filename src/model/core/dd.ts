// drivers/base/dd.c: attaching devices to drivers and releasing them.
import type { Kernel } from '../kernel.js';
import { step, type KGen, type Step } from '../../runtime/step.js';
import {
  BUS_DEFERRED,
  BUS_DEVICES,
  BUS_DRIVERS,
  DEV_DRIVER,
  DEV_PRESENT,
  DEV_SRIOV,
  DRV_STATE,
  deviceLock,
  devObj,
  drvObj,
} from '../objects.js';
import { EBUSY, ENODEV, EPROBE_DEFER } from '../errno.js';
import { nextDevice, nextDriver } from './klist.js';

/** What a match + probe step reads: the device, the driver, and the klists its walk continues on (dev->bus says). */
export function matchRd(k: Kernel, dev: number, drv: number): number[] {
  return k.busOf(dev).matchRd(k, dev, drv);
}

/** driver_match_device: drv->bus->match(dev, drv) as the kernel's int (1, 0, -errno); another bus's driver: 0. */
export function driver_match_device(k: Kernel, drv: number, dev: number): number {
  const bus = k.world.devSpecs[dev].bus;
  if (k.world.drvSpecs[drv].bus !== bus) return 0;
  const r = k.buses[bus].match(k, drv, dev);
  return r === true ? 1 : r === false ? 0 : r;
}

/**
 * A match that returned -EPROBE_DEFER (656b8035b0ee, 4.5): driver_deferred_probe_add, then, before 6.0, the
 * caller probes anyway; from 6.0 ("driver core: Don't probe devices after bus_type.match() probe deferral",
 * Cc stable) __device_attach_driver stops trying drivers and __driver_attach goes on to the next device.
 * Returns true when the caller must not probe.
 */
function matchDeferred(k: Kernel, dev: number): boolean {
  k.world.devices[dev].deferred = true; // driver_deferred_probe_add
  k.touch([], [BUS_DEFERRED]);
  k.note('match requests probe deferral');
  return k.quirks.matchDefer === 'no-probe';
}

/** A probe writes the binding, the deferred-probe state, and (fail_after drivers) the probe count. */
export function probeWr(k: Kernel, dev: number, drv: number): number[] {
  const out = [devObj(dev, DEV_DRIVER), BUS_DEFERRED];
  if (k.world.drvSpecs[drv].probe.kind === 'fail_after') out.push(drvObj(drv, DRV_STATE));
  return out;
}

/** A held reference is dead once the pci_dev it pointed to was deleted (dev->p->dead). */
/** device_lock before driver_probe_device (__driver_attach, bind_store): reads the match and dev->driver. */
export function deviceLockForProbe(k: Kernel, dev: number, drv: number): Step {
  return step(
    'device_lock',
    k.devName(dev),
    [...matchRd(k, dev, drv), devObj(dev, DEV_DRIVER)],
    probeWr(k, dev, drv),
    deviceLock(dev),
  );
}

export function isDead(k: Kernel, dev: number, seq: number): boolean {
  const d = k.world.devices[dev];
  return !d.present || d.seq !== seq;
}

/**
 * really_probe: bus probe, then dev->driver is set on success. Returns 0 or the probe's negative errno.
 * Device lock held by the caller.
 */
export function really_probe(k: Kernel, drv: number, dev: number): number {
  const r = k.busOf(dev).probe(k, drv, dev); // call_driver_probe: dev->bus->probe
  k.event({ kind: 'probe', dev, drv, result: r, matched: r !== -ENODEV });
  const d = k.world.devices[dev];
  if (r === 0) {
    d.driver = drv;
    d.bind_seq = k.world.bus.next_bind_seq++;
    d.deferred = false;
    k.note(`${k.devName(dev)} bound to ${k.drvName(drv)}`);
    k.event({ kind: 'bound', dev, drv });
    driver_deferred_probe_trigger(k);
  } else if (r === -EPROBE_DEFER) {
    d.deferred = true; // driver_deferred_probe_add
    k.note(`probe of ${k.devName(dev)} by ${k.drvName(drv)} deferred`);
  } else {
    k.note(`probe of ${k.devName(dev)} by ${k.drvName(drv)} failed: ${r}`);
  }
  return r;
}

/**
 * driver_probe_device with device_lock held. Returns the era's convention:
 * <=5.13: 1 bound, 0 not (probe errors swallowed: "the next driver can try its luck"), -ENODEV dead;
 * 5.14+ (__driver_probe_device): 0 bound, >0 probe error, -ENODEV dead, -EBUSY already bound.
 */
export function driver_probe_device(k: Kernel, drv: number, dev: number, seq: number): number {
  const d = k.world.devices[dev];
  const v514 = k.quirks.probeErrors === 'propagate';
  if (isDead(k, dev, seq)) return -ENODEV;
  if (d.driver >= 0) {
    k.note(`${k.devName(dev)} already bound to ${k.drvName(d.driver)}`);
    return v514 ? -EBUSY : 0;
  }
  const r = really_probe(k, drv, dev);
  if (v514) return -r;
  return r === 0 ? 1 : 0;
}

/**
 * After driver_probe_device, device_lock still held: the bus's own steps when the probe bound `drv` just now
 * (BusType.probed: fsl-mc's container scan). Callers test `busOf(dev).probed` first, so PCI makes no generator.
 */
export function* probed(k: Kernel, dev: number, drv: number, before: number): KGen<void> {
  if (before < 0 && k.world.devices[dev].driver === drv) yield* k.busOf(dev).probed!(k, dev, drv);
}

/** driver_deferred_probe_trigger: queue deferred_probe_work_func if anything is deferred. */
function driver_deferred_probe_trigger(k: Kernel): void {
  const w = k.world;
  if (w.bus.deferred_work_queued || !w.devices.some((d) => d.deferred && d.present)) return;
  w.bus.deferred_work_queued = true;
  k.spawn('deferred_probe', deferred_probe_work_func(k));
}

function* deferred_probe_work_func(k: Kernel): KGen {
  yield step('deferred_probe_work_func', 'deferred_probe_pending_list', [BUS_DEVICES], [BUS_DEFERRED]);
  const w = k.world;
  w.bus.deferred_work_queued = false;
  const pending = w.devices.map((d, i) => (d.deferred && d.present ? i : -1)).filter((i) => i >= 0);
  for (const dev of pending) {
    w.devices[dev].deferred = false;
    yield* bus_probe_device(k, dev, true);
  }
}

/** __device_attach_driver: match, then probe (device_lock held). Non-zero stops bus_for_each_drv. */
function* __device_attach_driver(k: Kernel, drv: number, dev: number, seq: number): KGen<number> {
  yield step('__device_attach_driver', `${k.devName(dev)} ~ ${k.drvName(drv)}`, matchRd(k, dev, drv));
  const m = driver_match_device(k, drv, dev);
  if (m === 0) return 0;
  if (m === -EPROBE_DEFER) {
    if (matchDeferred(k, dev)) return m; // stops bus_for_each_drv
  } else if (m < 0) return m;
  k.note(`match ${k.drvName(drv)}`);
  yield step(
    'driver_probe_device',
    `${k.devName(dev)} -> ${k.drvName(drv)}`,
    matchRd(k, dev, drv),
    probeWr(k, dev, drv),
  );
  const before = k.world.devices[dev].driver;
  const r = driver_probe_device(k, drv, dev, seq);
  if (k.busOf(dev).probed) yield* probed(k, dev, drv, before);
  if (k.quirks.probeErrors === 'propagate') return r < 0 ? r : r === 0 ? 1 : 0;
  return r;
}

/** __device_attach(dev, allow_async=false): under device_lock, try drivers in registration order. */
export function* __device_attach(k: Kernel, dev: number): KGen<number> {
  const lock = deviceLock(dev);
  const seq = k.world.devices[dev].seq;
  yield step('device_lock', k.devName(dev), [devObj(dev, DEV_DRIVER), devObj(dev, DEV_PRESENT), BUS_DRIVERS], [], lock);
  const d = k.world.devices[dev];
  let r = 0;
  if (isDead(k, dev, seq)) r = 0;
  else if (d.driver >= 0) r = 1;
  else {
    const bus = k.world.devSpecs[dev].bus; // bus_for_each_drv(dev->bus)
    for (let drv = nextDriver(k.world, bus, -1); drv >= 0; drv = nextDriver(k.world, bus, k.world.drivers[drv].seq)) {
      r = yield* __device_attach_driver(k, drv, dev, seq);
      if (r !== 0) break;
    }
  }
  k.unlock(lock);
  return r;
}

/** device_attach: ignores drivers_autoprobe (PCI hot-add, drivers_probe, VF creation). */
export function device_attach(k: Kernel, dev: number): KGen<number> {
  return __device_attach(k, dev);
}

/** bus_probe_device: the device_add-time probe, gated by its bus's drivers_autoprobe (or forced by the caller). */
export function* bus_probe_device(k: Kernel, dev: number, force = false): KGen<void> {
  if (force || k.world.bus.drivers_autoprobe[k.world.devSpecs[dev].bus]) yield* __device_attach(k, dev);
}

/** __driver_attach: unlocked match, then device_lock and probe. 0 (the walk goes on) unless the match failed. */
function* __driver_attach(k: Kernel, drv: number, dev: number): KGen<number> {
  const seq = k.world.devices[dev].seq;
  yield step('__driver_attach', `${k.drvName(drv)} ~ ${k.devName(dev)}`, matchRd(k, dev, drv));
  // driver_match_device without device_lock (by design; dc23806a7c47 tried to lock it and was reverted).
  if (isDead(k, dev, seq)) return 0;
  const m = driver_match_device(k, drv, dev);
  if (m === 0) return 0;
  if (m === -EPROBE_DEFER) {
    if (matchDeferred(k, dev)) return 0; // may match another device
  } else if (m < 0) return m; // any other error aborts driver_attach (and the driver's registration)
  k.note('match (unlocked)');
  yield deviceLockForProbe(k, dev, drv);
  // <=5.3: if (!dev->driver); 5.4-5.13: device_driver_attach's !dead && !driver; 5.14+: -ENODEV / -EBUSY.
  const before = k.world.devices[dev].driver;
  driver_probe_device(k, drv, dev, seq);
  if (k.busOf(dev).probed) yield* probed(k, dev, drv, before);
  k.unlock(deviceLock(dev));
  return 0;
}

/** driver_attach: bus_for_each_dev(__driver_attach) in device-add order; stops at a non-zero return. */
export function* driver_attach(k: Kernel, drv: number): KGen<number> {
  const bus = k.world.drvSpecs[drv].bus; // bus_for_each_dev(drv->bus)
  for (let dev = nextDevice(k.world, bus, -1); dev >= 0; dev = nextDevice(k.world, bus, k.world.devices[dev].seq)) {
    const r = yield* __driver_attach(k, drv, dev);
    if (r !== 0) return r;
  }
  return 0;
}

/**
 * device_release_driver_internal(dev, drv, parent): under device_lock, if bound (to `drv` when given):
 * bus remove (the driver's remove may disable SR-IOV), dev->driver = NULL. No reprobe.
 */
export function* device_release_driver_internal(k: Kernel, dev: number, drv: number): KGen<void> {
  yield step(
    'device_release_driver',
    k.devName(dev),
    [devObj(dev, DEV_DRIVER), devObj(dev, DEV_SRIOV)],
    [devObj(dev, DEV_DRIVER), devObj(dev, DEV_SRIOV)],
    deviceLock(dev),
  );
  const d = k.world.devices[dev];
  const bound = d.driver;
  if (bound >= 0 && (drv < 0 || drv === bound)) {
    yield* k.busOf(dev).remove(k, dev, bound); // device_remove: dev->bus->remove
    d.driver = -1;
    k.note(`${k.devName(dev)} unbound from ${k.drvName(bound)}`);
    k.event({ kind: 'unbound', dev, drv: bound });
  }
  k.unlock(deviceLock(dev));
}

/** driver_detach: release the device bound last, until none is left (drivers/base/dd.c). Not re-probed anywhere. */
export function* driver_detach(k: Kernel, drv: number): KGen<void> {
  for (;;) {
    yield step(
      'driver_detach',
      k.drvName(drv),
      k.world.devSpecs.map((_, i) => devObj(i, DEV_DRIVER)),
    );
    let last = -1;
    k.world.devices.forEach((d, i) => {
      if (d.driver === drv && (last < 0 || d.bind_seq > k.world.devices[last].bind_seq)) last = i;
    });
    if (last < 0) return;
    yield* device_release_driver_internal(k, last, drv);
  }
}
