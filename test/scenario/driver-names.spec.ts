// Issue 13 item 2: a name the scenario gives means one driver (its kernel name), while what userspace
// writes into sysfs keeps the kernel's strcmp semantics (pci_match_device, drivers/pci/pci-driver.c).
import { describe, expect, it } from 'vitest';
import { A, B, admin, dev, drv, nic, results, run, scenario, w } from '../helpers.js';
import { calls, recipe } from '../recipes/helpers.js';
import { bootScenario, runScenario } from '../../src/exec/run.js';
import { findProfile } from '../../src/profiles/index.js';
import { checkExecution, contextFor } from '../../properties/index.js';

/** Properties violated by the FIFO run of a scenario object under a profile. */
function violated(obj: object, profile = '6.1'): string[] {
  const b = bootScenario(scenario(obj), findProfile(profile)!);
  return checkExecution(b.scenario, runScenario(b.scenario, b.profile), contextFor(b)).map((v) => v.property);
}

/** The sequence of the issue: override, unbind, drivers_probe. */
const toVfio = (value: string): object[] => [
  w(dev(A, 'driver_override'), value),
  w(dev(A, 'driver/unbind'), `${A}\n`),
  w('/sys/bus/pci/drivers_probe', `${A}\n`),
];

describe('a driver named by its module in "drivers"', () => {
  it('the issue: vfio_pci declared, intent vfio-pci: accepted, and no false positive once bound', () => {
    const s = {
      drivers: ['e1000e', 'vfio_pci'],
      devices: [nic(A)],
      actors: [admin(toVfio('vfio-pci\n'), { [A]: 'vfio-pci' })],
    };
    expect(run(s).bindings).toEqual({ [A]: 'vfio-pci' });
    expect(violated(s)).toEqual([]);
  });

  it('following the old hint (intent vfio_pci) is the same intent: no "wanted vfio_pci, bound to vfio-pci"', () => {
    const s = {
      drivers: ['e1000e', 'vfio_pci'],
      devices: [nic(A)],
      actors: [admin(toVfio('vfio-pci\n'), { [A]: 'vfio_pci' })],
    };
    expect(scenario(s).actors[0].intent).toEqual({ [A]: 'vfio-pci' });
    expect(violated(s)).toEqual([]);
  });

  it('modprobe by either spelling loads it; the bindings name the kernel driver', () => {
    const ops = [w(dev(A, 'driver_override'), 'vfio-pci\n'), w(dev(A, 'driver/unbind'), A), { modprobe: 'vfio-pci' }];
    const r = run({
      drivers: ['e1000e', { name: 'vfio_pci', loaded: false }],
      devices: [nic(A)],
      actors: [admin(ops)],
    });
    expect(results(r)).toEqual(['ok', 'ok', 'ok']);
    expect(r.bindings).toEqual({ [A]: 'vfio-pci' });
  });
});

describe('driver_override is compared with strcmp: "vfio_pci" names no driver', () => {
  const world = { drivers: ['e1000e', 'vfio-pci'], devices: [nic(A), nic(B)] };

  it.each(['3.16', '5.14', '5.15', '6.1', '7.1'])('%s: drivers_probe succeeds and leaves the device unbound', (p) => {
    const s = { ...world, actors: [admin(toVfio('vfio_pci\n'), { [A]: 'vfio-pci' })] };
    const r = run(s, p);
    expect(results(r)).toEqual(['ok', 'ok', 'ok']);
    expect(r.bindings).toEqual({ [A]: null, [B]: 'e1000e' });
    expect(violated(s, p)).toEqual(['intent', 'error-visible']);
  });

  it.each(['3.16', '5.14', '5.15', '6.1', '7.1'])(
    '%s: bind through drivers/vfio-pci is refused by the override filter',
    (p) => {
      const ops = [
        ...toVfio('vfio_pci\n').slice(0, 2),
        w(drv('vfio-pci', 'bind'), A),
        { read: dev(A, 'driver_override') },
      ];
      const r = run({ ...world, actors: [admin(ops)] }, p);
      expect(results(r)).toEqual(['ok', 'ok', '-ENODEV', 'vfio_pci\n']);
      expect(r.bindings[A]).toBeNull();
    },
  );

  it('a path through the module spelling is no directory the kernel has: refused at load', () => {
    expect(() => scenario({ ...world, actors: [admin([w(drv('vfio_pci', 'bind'), A)])] })).toThrow(
      /no driver directory "vfio_pci": sysfs names a driver by its kernel name \(did you mean "vfio-pci"\?\)/,
    );
  });
});

describe('tools get the spelling the user typed and do what the real tool does with it', () => {
  const world = { drivers: ['e1000e', 'vfio-pci'], devices: [nic(A)] };
  const D = `/sys/bus/pci/devices/${A}`;

  it('driverctl set-override <dev> vfio_pci: finds /sys/module/vfio_pci, writes "vfio_pci", nothing binds, it says so', () => {
    const r = run({
      ...world,
      actors: [admin([recipe('driverctl set-override', { bdf: A, driver: 'vfio_pci' })], { [A]: 'vfio-pci' })],
    });
    expect(calls(r)).toEqual([
      `stat ${D} = exists`,
      `stat ${D}/driver_override = exists`,
      'stat /sys/module/vfio_pci = exists',
      `stat ${D}/driver = exists`,
      `write ${D}/driver/unbind "${A}\\n" = ok`,
      `write ${D}/driver_override "vfio_pci\\n" = ok`,
      `write /sys/bus/pci/drivers_probe "${A}\\n" = ok`,
      `stat ${D}/driver = missing`,
    ]);
    expect(r.ops[0].result).toBe(`exit 1: driverctl: failed to bind device ${A} to driver vfio_pci`);
    expect(r.bindings[A]).toBeNull();
  });

  it('dpdk-devbind -b vfio_pci: the module check passes, but it is no DPDK driver and drivers/vfio_pci/bind cannot be opened', () => {
    const r = run({ ...world, actors: [admin([recipe('dpdk-devbind bind', { bdf: A, driver: 'vfio_pci' })])] });
    const lines = calls(r);
    expect(lines[0]).toBe('readdir /sys/module = vfio_pci'); // bind_all: module_is_loaded(driver.replace('-', '_'))
    expect(lines).toContain(`write /sys/bus/pci/drivers/vfio_pci/bind "${A}" = -ENOENT`);
    expect(lines.some((l) => l.includes('driver_override'))).toBe(false); // "vfio_pci" is not in dpdk_drivers
    // ... then its broken rollback (recipes.md §2c) exits with the device unbound: visible, exit 1.
    expect(r.ops[0].errors).toEqual([
      `Error: bind failed for ${A} - Cannot open /sys/bus/pci/drivers/vfio_pci/bind`,
      `Error: unbind failed for ${A} - Cannot open /sys/bus/pci/drivers//unbind`,
    ]);
    expect(r.bindings[A]).toBeNull();
  });
});
