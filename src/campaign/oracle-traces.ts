// Sequential traces for the real-kernel oracle: the fixed QEMU world (82574L twins at buses 1 and 2, an
// 82540EM at bus 3; any may start absent), drivers in random order and load state, drivers_autoprobe, and
// the sysfs, module and hotplug ops the guest can run, the tools' override hand-over, driverctl and
// dpdk-devbind (their system calls replayed one by one) (hotplug toggles a device: add when absent, remove
// when present). Generated from a seed, so a differential campaign is reproducible.
import fc from 'fast-check';
import { fnv1a } from '../prng/index.js';

const DEV = ['0000:01:00.0', '0000:02:00.0', '0000:03:00.0'];
const DRIVERS = ['e1000e', 'e1000', 'pci-stub', 'vfio-pci'];
const IDS = ['8086 10d3', '8086 100e'];

/** The tools' hand-over idiom as one generated step: driver_override, unbind, drivers_probe. */
const handOver = fc.tuple(fc.constantFrom(...DEV), fc.constantFrom(...DRIVERS)).map(([b, d]) => [
  { write: `/sys/bus/pci/devices/${b}/driver_override`, value: `${d}\n` },
  { write: `/sys/bus/pci/devices/${b}/driver/unbind`, value: b },
  { write: '/sys/bus/pci/drivers_probe', value: b },
]);

const op: fc.Arbitrary<Record<string, string>[]> = fc.oneof(
  handOver,
  fc
    .oneof(
      fc.constantFrom(...DEV).map((b) => ({ write: `/sys/bus/pci/devices/${b}/driver/unbind`, value: b })),
      fc
        .tuple(fc.constantFrom(...DRIVERS), fc.constantFrom(...DEV), fc.constantFrom('bind', 'unbind'))
        .map(([d, b, a]) => ({ write: `/sys/bus/pci/drivers/${d}/${a}`, value: b })),
      fc
        .tuple(fc.constantFrom(...DRIVERS), fc.constantFrom(...IDS), fc.constantFrom('new_id', 'remove_id'))
        .map(([d, id, a]) => ({ write: `/sys/bus/pci/drivers/${d}/${a}`, value: id })),
      fc
        .tuple(fc.constantFrom(...DEV), fc.constantFrom(...DRIVERS.map((d) => `${d}\n`), '\n'))
        .map(([b, v]) => ({ write: `/sys/bus/pci/devices/${b}/driver_override`, value: v })),
      fc.constantFrom(...DEV).map((b) => ({ write: '/sys/bus/pci/drivers_probe', value: b })),
      fc.constantFrom(...DRIVERS).map((d) => ({ modprobe: d })),
      fc.constantFrom('e1000e', 'pci-stub').map((d) => ({ rmmod: d })),
      fc.constantFrom(...DEV).map((b) => ({ hotplug: 'toggle', bdf: b })),
      fc
        .tuple(
          fc.constantFrom('driverctl set-override', 'dpdk-devbind bind'),
          fc.constantFrom(...DEV),
          fc.constantFrom(...DRIVERS),
        )
        .map(([recipe, bdf, driver]) => ({ recipe, bdf, driver })),
    )
    .map((o) => [o]),
);

/** "toggle" becomes add or remove, so every hotplug op changes the world. */
function resolveHotplug(ops: readonly Record<string, string>[], present: boolean[]): Record<string, string>[] {
  const now = [...present];
  return ops.map((o) => {
    if (o.hotplug !== 'toggle') return o;
    const i = DEV.indexOf(o.bdf);
    now[i] = !now[i];
    return { hotplug: now[i] ? 'add' : 'remove', bdf: o.bdf };
  });
}

export const oracleTrace: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    order: fc.shuffledSubarray(DRIVERS, { minLength: 4, maxLength: 4 }),
    loaded: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    ops: fc.array(op, { minLength: 1, maxLength: 6 }),
    present: fc.array(fc.constantFrom(true, true, true, false), { minLength: 3, maxLength: 3 }),
    autoprobe: fc.constantFrom(true, true, true, false),
  })
  .map((t) => ({
    scenario: 1,
    name: 'oracle-trace',
    drivers: t.order.map((name, i) => (t.loaded[i] ? name : { name, loaded: false })),
    ...(t.autoprobe ? {} : { bus: { drivers_autoprobe: false } }),
    devices: DEV.map((bdf, i) => ({
      bdf,
      vendor: '8086',
      device: i === 2 ? '100e' : '10d3',
      class: '020000',
      ...(t.present[i] ? {} : { present: false }),
    })),
    actors: [{ name: 'admin', ops: resolveHotplug(t.ops.flat(), t.present) }],
  }));

/** `n` traces from `seed`, named oracle-<seed>-<i>. */
export function oracleTraces(seed: string, n: number): Record<string, unknown>[] {
  return fc
    .sample(oracleTrace, { seed: parseInt(fnv1a(`oracle/${seed}`).slice(0, 8), 16) | 0, numRuns: n })
    .map((t, i) => ({ ...t, name: `oracle-${seed}-${i}` }));
}
