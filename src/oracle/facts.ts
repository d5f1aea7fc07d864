// The facts design §8 reports as seen on a real 6.1 kernel (and two errnos the oracle saw), as scenarios with
// the results they promise. `oracle --facts` re-checks each on the guest; a unit test checks the model keeps them.
import type { Side } from './entry.js';
import type { Quirks } from '../profiles/types.js';

/** What a fact promises instead on kernels whose quirks include `when` (the first variant that applies wins). */
export interface FactVariant {
  readonly when: Partial<Quirks>;
  /** Why, with the kernel function and version. */
  readonly why: string;
  readonly ops?: readonly string[];
  readonly bindings?: Readonly<Record<string, string | null>>;
}

export interface Fact {
  readonly id: string;
  /** The fact, in design §8's words. */
  readonly text: string;
  readonly scenario: Record<string, unknown>;
  /** Per op: the result the fact promises, or "*" where it promises nothing. */
  readonly ops: readonly string[];
  readonly bindings: Readonly<Record<string, string | null>>;
  readonly variants?: readonly FactVariant[];
}

/** bind_store before 5.14 turns every failed attach into -ENODEV (the errnos of 5.14's 45ddcb42949f come later). */
const BIND_BEFORE_514 = (ops: readonly string[]): FactVariant[] =>
  (['v3', 'v5_4'] as const).map((bindStore) => ({
    when: { bindStore },
    why: '<=5.13 bind_store: "if (dev && dev->driver == NULL && driver_match_device(...))", else -ENODEV; probe errors swallowed',
    ops,
  }));

const A = '0000:01:00.0';
const B = '0000:02:00.0';
const nic = (bdf: string, present = true): Record<string, unknown> => ({
  bdf,
  vendor: '8086',
  device: '10d3',
  class: '020000',
  ...(present ? {} : { present: false }),
});
const w = (path: string, value: string): Record<string, string> => ({ write: path, value });
const world = (
  name: string,
  drivers: unknown[],
  ops: unknown[],
  extra: Record<string, unknown> = {},
  devices = [nic(A), nic(B)],
): Record<string, unknown> => ({ scenario: 1, name, drivers, devices, actors: [{ name: 'admin', ops }], ...extra });

export const FACTS: readonly Fact[] = [
  {
    id: 'new-id-binds-all-twins',
    text: 'new_id binds all unbound twins',
    scenario: world(
      'fact-new-id-binds-all-twins',
      ['pci-stub', { name: 'e1000e', loaded: false }],
      [w('/sys/bus/pci/drivers/pci-stub/new_id', '8086 10d3')],
    ),
    ops: ['ok'],
    bindings: { [A]: 'pci-stub', [B]: 'pci-stub' },
  },
  {
    id: 'remove-id-never-unbinds',
    text: 'remove_id never unbinds',
    scenario: world(
      'fact-remove-id-never-unbinds',
      ['pci-stub', { name: 'e1000e', loaded: false }],
      [
        w('/sys/bus/pci/drivers/pci-stub/new_id', '8086 10d3'),
        w('/sys/bus/pci/drivers/pci-stub/remove_id', '8086 10d3'),
      ],
    ),
    ops: ['ok', 'ok'],
    bindings: { [A]: 'pci-stub', [B]: 'pci-stub' },
  },
  {
    id: 'override-to-missing-driver',
    text: 'override naming a driver that does not exist + drivers_probe succeeds yet leaves the device unbound',
    scenario: world(
      'fact-override-to-missing-driver',
      ['e1000e'],
      [
        w(`/sys/bus/pci/devices/${A}/driver/unbind`, A),
        w(`/sys/bus/pci/devices/${A}/driver_override`, 'no-such-driver\n'),
        w('/sys/bus/pci/drivers_probe', A),
      ],
    ),
    ops: ['ok', 'ok', 'ok'],
    bindings: { [A]: null, [B]: 'e1000e' },
  },
  {
    id: 'new-id-in-static-table',
    text: 'new_id for an ID already in the static table → EEXIST',
    scenario: world('fact-new-id-in-static-table', ['e1000e'], [w('/sys/bus/pci/drivers/e1000e/new_id', '8086 10d3')]),
    ops: ['-EEXIST'],
    bindings: { [A]: 'e1000e', [B]: 'e1000e' },
  },
  {
    id: 'hot-add-ignores-autoprobe',
    text: 'drivers_autoprobe=0 does not stop binding on PCI hot-add',
    // pci_bus_add_device calls device_attach itself, past bus_probe_device's drivers_autoprobe test.
    scenario: world(
      'fact-hot-add-ignores-autoprobe',
      ['e1000e'],
      [{ hotplug: 'add', bdf: B }],
      { bus: { drivers_autoprobe: false } },
      [nic(A), nic(B, false)],
    ),
    ops: ['ok'],
    bindings: { [A]: null, [B]: 'e1000e' },
    variants: [
      {
        when: { hotaddHonoursAutoprobe: true },
        why: '6.19 ea34511aaf75 + 91703041697c: pci_bus_add_device -> device_initial_probe checks drivers_autoprobe',
        bindings: { [A]: null, [B]: null },
      },
    ],
  },
  {
    id: 'rmmod-unbinds',
    text: 'rmmod leaves devices unbound',
    scenario: world('fact-rmmod-unbinds', ['e1000e'], [{ rmmod: 'e1000e' }]),
    ops: ['ok'],
    bindings: { [A]: null, [B]: null },
  },
  {
    id: 'modprobe-rebinds',
    text: 'rmmod leaves devices unbound and modprobe rebinds them',
    scenario: world('fact-modprobe-rebinds', ['e1000e'], [{ rmmod: 'e1000e' }, { modprobe: 'e1000e' }]),
    ops: ['ok', 'ok'],
    bindings: { [A]: 'e1000e', [B]: 'e1000e' },
  },
  {
    id: 'vfio-pci-needs-iommu-group',
    text: "vfio-pci refuses devices without an IOMMU group (bind: EINVAL, the probe's errno)",
    scenario: world(
      'fact-vfio-pci-needs-iommu-group',
      ['e1000e', 'vfio-pci'],
      [
        w(`/sys/bus/pci/devices/${A}/driver_override`, 'vfio-pci\n'),
        w(`/sys/bus/pci/devices/${A}/driver/unbind`, A),
        w('/sys/bus/pci/drivers/vfio-pci/bind', A),
      ],
      {},
      [
        { ...nic(A), iommu_group: null },
        { ...nic(B), iommu_group: null },
      ],
    ),
    ops: ['ok', 'ok', '-EINVAL'],
    bindings: { [A]: null, [B]: 'e1000e' },
    variants: BIND_BEFORE_514(['ok', 'ok', '-ENODEV']),
  },
  {
    id: 'bind-errors',
    text: "bind on a bound device → EBUSY; bind against another driver's override → ENODEV (seen by the oracle on 6.1)",
    scenario: world(
      'fact-bind-errors',
      ['e1000e', 'pci-stub'],
      [
        w(`/sys/bus/pci/devices/${B}/driver_override`, 'vfio-pci\n'),
        w(`/sys/bus/pci/devices/${B}/driver/unbind`, B),
        w('/sys/bus/pci/drivers/e1000e/bind', A),
        w('/sys/bus/pci/drivers/pci-stub/bind', B),
      ],
    ),
    ops: ['ok', 'ok', '-EBUSY', '-ENODEV'],
    bindings: { [A]: 'e1000e', [B]: null },
    variants: BIND_BEFORE_514(['ok', 'ok', '-ENODEV', '-ENODEV']),
  },
];

/** The fact's promise on a kernel with `quirks`: its own, or the first variant whose `when` the quirks match. */
export function promise(f: Fact, quirks: Quirks): Pick<Fact, 'ops' | 'bindings'> & { why: string | null } {
  const v = f.variants?.find((x) => Object.entries(x.when).every(([k, want]) => quirks[k as keyof Quirks] === want));
  return { ops: v?.ops ?? f.ops, bindings: v?.bindings ?? f.bindings, why: v?.why ?? null };
}

/** Where a side breaks the fact's promise on a kernel with `quirks`, in one line; null when it keeps it. */
export function broken(fact: Fact, side: Side, quirks: Quirks): string | null {
  const f = promise(fact, quirks);
  for (let i = 0; i < f.ops.length; i++) {
    if (f.ops[i] !== '*' && side.ops[i] !== f.ops[i])
      return `op ${i + 1} returned ${side.ops[i] ?? 'nothing'}, the fact says ${f.ops[i]}`;
  }
  for (const [bdf, want] of Object.entries(f.bindings)) {
    const got = side.bindings[bdf] ?? null;
    if (got !== want) return `${bdf} is ${got ?? 'unbound'}, the fact says ${want ?? 'unbound'}`;
  }
  return null;
}
