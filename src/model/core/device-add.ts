// device_add's and device_del's effect on the model's state, for the buses whose add and delete paths are just
// that (USB interfaces, serio ports).
import type { Kernel } from '../kernel.js';

/** The device is there and on the bus's klist (a new add sequence number), unbound, with its add uevent. */
export function deviceAdded(k: Kernel, dev: number): void {
  const d = k.world.devices[dev];
  d.hw = true;
  d.present = true;
  d.driver = -1;
  d.seq = k.world.bus.next_dev_seq++;
  k.event({ kind: 'uevent', action: 'add', dev });
}

/** device_del after the driver was released: gone from the bus, off the deferred list, with its remove uevent. */
export function deviceDeleted(k: Kernel, dev: number): void {
  const d = k.world.devices[dev];
  d.hw = false;
  d.present = false;
  d.deferred = false;
  k.event({ kind: 'uevent', action: 'remove', dev });
  k.note('device_del: uevent remove');
}
