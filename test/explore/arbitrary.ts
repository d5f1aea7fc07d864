// Small random scenarios (typed, no loader) for checking the explorer against brute force.
import { fc } from '@fast-check/vitest';
import type { ActorDecl, DeviceDecl, DriverDecl, OpDecl, Scenario } from '../../src/scenario/types.js';
import { PCI_DEVICE } from '../../src/model/catalogue/ids.js';
import { BUS_NAMES } from '../../src/model/types.js';

const BDFS = ['0000:01:00.0', '0000:02:00.0', '0000:03:00.0'];
const DRIVERS = ['d1', 'd2', 'pci-stub'];
const IDS = ['8086 10d3', '8086 100e'];

/** Without `bus` and `platform` (added in smallScenario after `source` is taken). */
function device(bdf: string, dev: number, present: boolean): Omit<DeviceDecl, 'bus' | 'platform'> {
  return {
    bdf,
    vendor: 0x8086,
    device: dev,
    subvendor: 0,
    subdevice: 0,
    class: 0x020000,
    revision: 0,
    header_type: 'normal',
    iommu_group: 'own',
    present,
    override: null,
    pf: null,
    sriov: null,
  };
}

type PciDriverDecl = Omit<DriverDecl, 'bus' | 'inline'> & {
  inline: Omit<NonNullable<DriverDecl['inline']>, 'platform'> | null;
};
const inline = (name: string, devs: number[], loaded: boolean): PciDriverDecl => ({
  name,
  loaded,
  params: '',
  probe: null,
  inline: { ids: devs.map((d) => PCI_DEVICE(0x8086, d)), probe: { kind: 'ok' }, sriov_configure: false },
});

function opArb(nDev: number): fc.Arbitrary<OpDecl> {
  const bdf = fc.constantFrom(...BDFS.slice(0, nDev));
  const drv = fc.constantFrom(...DRIVERS);
  return fc.oneof(
    bdf.map((b): OpDecl => ({ kind: 'write', path: `/sys/bus/pci/devices/${b}/driver/unbind`, value: b })),
    fc
      .tuple(bdf, fc.constantFrom('d1', 'd2', 'pci-stub', '\n'))
      .map(([b, v]): OpDecl => ({ kind: 'write', path: `/sys/bus/pci/devices/${b}/driver_override`, value: v })),
    bdf.map((b): OpDecl => ({ kind: 'write', path: '/sys/bus/pci/drivers_probe', value: b })),
    fc.tuple(drv, bdf).map(([d, b]): OpDecl => ({ kind: 'write', path: `/sys/bus/pci/drivers/${d}/bind`, value: b })),
    fc
      .tuple(drv, fc.constantFrom(...IDS))
      .map(([d, id]): OpDecl => ({ kind: 'write', path: `/sys/bus/pci/drivers/${d}/new_id`, value: id })),
    fc
      .tuple(drv, fc.constantFrom(...IDS))
      .map(([d, id]): OpDecl => ({ kind: 'write', path: `/sys/bus/pci/drivers/${d}/remove_id`, value: id })),
    fc
      .tuple(fc.constantFrom<'add' | 'remove'>('add', 'remove'), bdf)
      .map(([action, b]): OpDecl => ({ kind: 'hotplug', action, bdf: b })),
    drv.map((d): OpDecl => ({ kind: 'modprobe', module: d, params: '' })),
    drv.map((d): OpDecl => ({ kind: 'rmmod', module: d })),
  );
}

/** 2-3 devices, three drivers in random order, 2-3 actors of 1-2 ops. */
export const smallScenario: fc.Arbitrary<Scenario> = fc
  .record({
    nDev: fc.integer({ min: 2, max: 3 }),
    devIds: fc.array(fc.constantFrom(0x10d3, 0x100e), { minLength: 3, maxLength: 3 }),
    present: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    order: fc.shuffledSubarray(DRIVERS, { minLength: 3, maxLength: 3 }),
    loaded: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  })
  .chain((w) =>
    fc
      .array(fc.array(opArb(w.nDev), { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 3 })
      .map((actorOps): Scenario => {
        const drivers = w.order.map((name, i): PciDriverDecl =>
          name === 'pci-stub'
            ? { name, loaded: w.loaded[i], params: '', probe: null, inline: null }
            : inline(name, name === 'd1' ? [0x10d3] : [0x10d3, 0x100e], w.loaded[i]),
        );
        const devices = BDFS.slice(0, w.nDev).map((b, i) => device(b, w.devIds[i], w.present[i] || i === 0));
        const actors = actorOps.map((ops, i): ActorDecl => ({ name: `a${i}`, role: 'admin', intent: null, ops }));
        const body = { drivers, devices, actors, udev: [] };
        return {
          scenario: 1,
          name: 'gen',
          description: '',
          kernel: null,
          policy: 'mainline',
          buses: Object.fromEntries(BUS_NAMES.map((b) => [b, { drivers_autoprobe: true }])) as Scenario['buses'],
          ...body,
          // Every device and driver is PCI's; `source` stays the pre-bus form, so hashes and tokens are unchanged.
          drivers: drivers.map((d) => ({
            ...d,
            bus: 'pci',
            inline: d.inline && {
              ...d.inline,
              platform: null,
              usb: null,
              serio: null,
              vmbus: null,
              cdx: null,
              fslmc: null,
            },
          })),
          devices: devices.map((d) => ({
            ...d,
            bus: 'pci',
            platform: null,
            usb: null,
            serio: null,
            vmbus: null,
            cdx: null,
            fslmc: null,
          })),
          source: JSON.stringify(body),
        };
      }),
  );

/**
 * smallScenario with intents and roles: each actor may want one device on a driver (or unbound) and may be an
 * environment actor, so `intent`, `error-visible` and `no-collateral` have something to judge.
 */
export const smallScenarioWithIntents: fc.Arbitrary<Scenario> = smallScenario.chain((s) =>
  fc
    .tuple(
      ...s.actors.map(() =>
        fc.record({
          intent: fc.option(
            fc.tuple(
              fc.constantFrom(...s.devices.map((d) => d.bdf)),
              fc.constantFrom<string | null>('d1', 'd2', 'pci-stub', null),
            ),
            { nil: null },
          ),
          environment: fc.boolean(),
        }),
      ),
    )
    .map((extra): Scenario => {
      const actors = s.actors.map((a, i): ActorDecl => ({
        ...a,
        role: extra[i].environment ? 'environment' : 'admin',
        intent: extra[i].intent === null ? null : { [extra[i].intent![0]]: extra[i].intent![1] },
      }));
      return { ...s, actors, source: JSON.stringify({ ...JSON.parse(s.source), actors }) };
    }),
);
