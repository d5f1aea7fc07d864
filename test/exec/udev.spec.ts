// udev rules as actors: a worker thread per matching uevent, racing the kernel's own device_attach (H16).
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../src/exec/run.js';
import { explore } from '../../src/explore/dpor.js';
import { bruteForce } from '../../src/explore/brute.js';
import { findProfile } from '../../src/profiles/index.js';
import { A, B, nic, run, scenario } from '../helpers.js';

const rule = (run: object[], match: object = { vendor: '8086', device: '10d3' }): object => ({
  name: 'vfio',
  action: 'add',
  match,
  run,
});
const world = (udev: object[]): object => ({
  drivers: ['e1000e', 'vfio-pci'],
  devices: [nic(A), nic(B, { present: false })],
  udev,
  actors: [{ name: 'hotplug', role: 'environment', ops: [{ hotplug: 'add', bdf: B }] }],
});
const overrideRule = rule([{ write: '/sys/bus/pci/devices/$kernel/driver_override', value: 'vfio-pci' }]);

describe('udev rules', () => {
  it('fire on the add uevent of a matching hot-added device, with $kernel replaced by its BDF', () => {
    const r = run(world([overrideRule]));
    const worker = r.ops.find((o) => o.actor === 'udev:vfio')!;
    expect(worker.op).toBe(`write /sys/bus/pci/devices/${B}/driver_override "vfio-pci"`);
    expect(worker.result).toBe('ok');
    expect(r.threads).toEqual(['hotplug', 'udev:vfio']);
  });

  it('do not fire for devices the match excludes, nor at boot', () => {
    const r = run(
      world([rule([{ write: '/sys/bus/pci/devices/$kernel/driver_override', value: 'vfio-pci' }], { bdf: A })]),
    );
    expect(r.ops.filter((o) => o.actor.startsWith('udev:'))).toEqual([]);
  });

  it("race the kernel's device_attach: both the host driver and the override win in some schedule (H16)", () => {
    const b = bootScenario(scenario(world([overrideRule])), findProfile('6.1')!);
    const x = explore(b);
    expect(x.complete).toBe(true);
    // Override stored before pci_bus_add_device's device_attach: vfio-pci; after: e1000e took it first.
    expect(x.outcomes.map((o) => o.result.bindings[B]).sort()).toEqual(['e1000e', 'vfio-pci']);
    expect(bruteForce(b, 100_000).outcomes.length).toBe(2);
  });

  it('run recipes: driverctl load-override from 05-driverctl.rules binds the hot-added device to vfio-pci under FIFO', () => {
    const r = run(world([rule([{ recipe: 'driverctl load-override', bdf: '$kernel', driver: 'vfio-pci' }])]));
    expect(r.bindings[B]).toBe('vfio-pci');
    const worker = r.ops.find((o) => o.actor === 'udev:vfio')!;
    expect(worker.calls!.map((c) => c.call + ' ' + c.path)).toContain(`write /sys/bus/pci/devices/${B}/driver/unbind`);
  });
});
