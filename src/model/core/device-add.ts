// device_add's effect on the model's state, for the buses whose add path is just that (USB interfaces, serio ports).
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
