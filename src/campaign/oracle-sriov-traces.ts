// Sequential SR-IOV traces for the real-kernel oracle (`oracle --sriov`): QEMU's igb (an 82576 PF, 8086:10c9,
// TotalVFs 8 of 8086:10ca at RID offset 0x80, stride 2) at bus 1 beside an 82574L at bus 2; igb, igbvf, vfio-pci,
// pci-stub and e1000e in random order and load state. Ops: sriov_numvfs (enable, disable, a changed non-zero count,
// past sriov_totalvfs), sriov_drivers_autoprobe and the VF probe gate, driver_override / bind / drivers_probe on VFs,
// new_id of the VF ID, the tools' hand-over onto VFs, and the PF's driver leaving (unbind, rmmod), which removes them.
// Most traces start by creating VFs, so they have something to act on. Generated from a seed, like oracle-traces.ts.
import fc from 'fast-check';
import { fnv1a } from '../prng/index.js';

export const SRIOV_PF = '0000:01:00.0';
const NIC = '0000:02:00.0';
/** QEMU igb's first VFs: RID 0x0100 + 0x80 + 2i (hw/net/igb.c IGB_VF_OFFSET, IGB_VF_STRIDE). */
export const SRIOV_VFS = ['0000:01:10.0', '0000:01:10.2', '0000:01:10.4'];
const DRIVERS = ['igb', 'igbvf', 'vfio-pci', 'pci-stub', 'e1000e'];
// vfio-pci twice: VFs handed to vfio-pci are what SR-IOV is for. No e1000e on a VF: forced onto one through
// driver_override, 6.1's e1000e oopses in e1000_get_variants_82571 (it reads past the VF's 16 KiB BAR), which ends
// the guest; on the PF it binds.
const VF_DRIVERS = ['igbvf', 'vfio-pci', 'vfio-pci', 'pci-stub'];
const PF_DRIVERS = ['e1000e', 'vfio-pci', 'pci-stub', 'igb'];
const NUMVFS = ['0\n', '1\n', '2\n', '3\n', '7\n', '8\n', '9\n'];

const pfAttr = (a: string, value: string) => ({ write: `/sys/bus/pci/devices/${SRIOV_PF}/${a}`, value });

/** The tools' hand-over idiom (driver_override, unbind, drivers_probe) onto a VF or the PF. */
const handOver = fc
  .oneof(
    fc.tuple(fc.constantFrom(...SRIOV_VFS), fc.constantFrom(...VF_DRIVERS)),
    fc.tuple(fc.constant(SRIOV_PF), fc.constantFrom(...PF_DRIVERS)),
  )
  .map(([b, d]) => [
    { write: `/sys/bus/pci/devices/${b}/driver_override`, value: `${d}\n` },
    { write: `/sys/bus/pci/devices/${b}/driver/unbind`, value: b },
    { write: '/sys/bus/pci/drivers_probe', value: b },
  ]);

const single: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { arbitrary: fc.constantFrom(...NUMVFS).map((v) => pfAttr('sriov_numvfs', v)), weight: 4 },
  { arbitrary: fc.constantFrom('0\n', '1\n').map((v) => pfAttr('sriov_drivers_autoprobe', v)), weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...SRIOV_VFS), fc.constantFrom(...VF_DRIVERS.map((d) => `${d}\n`), '\n'))
      .map(([b, v]) => ({ write: `/sys/bus/pci/devices/${b}/driver_override`, value: v })),
    weight: 3,
  },
  {
    arbitrary: fc.constantFrom(...SRIOV_VFS, NIC).map((b) => ({ write: '/sys/bus/pci/drivers_probe', value: b })),
    weight: 2,
  },
  {
    arbitrary: fc
      .constantFrom(...SRIOV_VFS, SRIOV_PF)
      .map((b) => ({ write: `/sys/bus/pci/devices/${b}/driver/unbind`, value: b })),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...DRIVERS), fc.constantFrom(...SRIOV_VFS, SRIOV_PF), fc.constantFrom('bind', 'unbind'))
      .map(([d, b, a]) => ({ write: `/sys/bus/pci/drivers/${d}/${a}`, value: b })),
    weight: 3,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('vfio-pci', 'pci-stub'), fc.constantFrom('new_id', 'remove_id'))
      .map(([d, a]) => ({ write: `/sys/bus/pci/drivers/${d}/${a}`, value: '8086 10ca' })),
    weight: 1,
  },
  { arbitrary: fc.constantFrom(...DRIVERS).map((d) => ({ modprobe: d })), weight: 2 },
  { arbitrary: fc.constantFrom('igb', 'igbvf', 'pci-stub').map((d) => ({ rmmod: d })), weight: 1 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom('driverctl set-override', 'dpdk-devbind bind'),
        fc.constantFrom(...SRIOV_VFS),
        fc.constantFrom('vfio-pci', 'pci-stub'),
      )
      .map(([recipe, bdf, driver]) => ({ recipe, bdf, driver })),
    weight: 1,
  },
);

const op: fc.Arbitrary<Record<string, string>[]> = fc.oneof(
  { arbitrary: handOver, weight: 1 },
  { arbitrary: single.map((o) => [o]), weight: 6 },
);

export const oracleSriovTrace: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    order: fc.shuffledSubarray(DRIVERS, { minLength: 5, maxLength: 5 }),
    // igb loaded at boot in most traces: VFs need the PF's driver (its sriov_configure).
    loaded: fc.tuple(fc.constantFrom(true, true, true, false), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 })),
    // Creating VFs first in most traces (a count igb accepts), so the ops after have VFs to act on.
    first: fc.option(fc.constantFrom('1\n', '2\n', '3\n', '7\n'), { freq: 4 }),
    ops: fc.array(op, { minLength: 1, maxLength: 6 }),
    autoprobe: fc.constantFrom(true, true, true, false),
  })
  .map((t) => {
    const loaded = new Map([['igb', t.loaded[0]], ...DRIVERS.slice(1).map((d, i) => [d, t.loaded[1][i]] as const)]);
    return {
      scenario: 1,
      name: 'oracle-sriov-trace',
      drivers: t.order.map((name) => (loaded.get(name) ? name : { name, loaded: false })),
      ...(t.autoprobe ? {} : { bus: { drivers_autoprobe: false } }),
      devices: [
        {
          bdf: SRIOV_PF,
          vendor: '8086',
          device: '10c9',
          class: '020000',
          sriov: { total_vfs: 8, vf_device: '10ca', vf_offset: 0x80, vf_stride: 2 },
        },
        { bdf: NIC, vendor: '8086', device: '10d3', class: '020000' },
      ],
      actors: [
        {
          name: 'admin',
          ops: [...(t.first === null ? [] : [pfAttr('sriov_numvfs', t.first)]), ...t.ops.flat()],
        },
      ],
    };
  });

/** `n` SR-IOV traces from `seed`, named oracle-sriov-<seed>-<i>. */
export function oracleSriovTraces(seed: string, n: number): Record<string, unknown>[] {
  return fc
    .sample(oracleSriovTrace, { seed: parseInt(fnv1a(`oracle-sriov/${seed}`).slice(0, 8), 16) | 0, numRuns: n })
    .map((t, i) => ({ ...t, name: `oracle-sriov-${seed}-${i}` }));
}
