// Worlds with platform devices and drivers, built directly below the scenario format: model tests drive unbooted worlds.
import { Kernel } from '../../../src/model/kernel.js';
import { BUSES } from '../../../src/model/buses.js';
import { lockCount } from '../../../src/model/objects.js';
import { initialBus, initialDevice, initialDriver } from '../../../src/model/world.js';
import type { BusName, DeviceSpec, DriverSpec, PlatformDriverIds, ProbeSpec, World } from '../../../src/model/types.js';
import { Engine, type Scheduler } from '../../../src/exec/engine.js';
import { findProfile } from '../../../src/profiles/index.js';
import type { Quirks } from '../../../src/profiles/types.js';
import type { KGen } from '../../../src/runtime/step.js';
import type { TraceEntry } from '../../../src/runtime/kernel.js';

export interface PDev {
  readonly dev: string;
  readonly name?: string;
  readonly of?: readonly string[];
  readonly acpi?: readonly string[];
}

export type PDrv = { readonly name: string } & Partial<PlatformDriverIds>;

/** A device slot on `bus` named `name`: PCI's identity fields zero, `ids` the one bus identity it has. */
export function deviceSlot(
  bus: BusName,
  name: string,
  ids: Partial<Pick<DeviceSpec, 'platform' | 'usb' | 'serio' | 'vmbus'>>,
): DeviceSpec {
  const zero = { vendor: 0, device: 0, subvendor: 0, subdevice: 0, class: 0, revision: 0 };
  const none = { platform: null, usb: null, serio: null, vmbus: null, cdx: null, fslmc: null };
  return {
    bus,
    bdf: name,
    ...zero,
    header_type: 'normal',
    iommu_group: null,
    pf: -1,
    vf_index: -1,
    sriov: null,
    ...none,
    ...ids,
  };
}

/** An inline driver slot on `bus`: no PCI table, `ids` the one bus's tables it has. */
export function driverSlot(
  bus: BusName,
  name: string,
  probe: ProbeSpec,
  ids: Partial<Pick<DriverSpec, 'platform' | 'usb' | 'serio' | 'vmbus'>>,
): DriverSpec {
  const none = { platform: null, usb: null, serio: null, vmbus: null, cdx: null, fslmc: null };
  return {
    bus,
    name,
    module: name,
    id_table: null,
    probe,
    probe_model: 'generic',
    sriov_configure: false,
    exists: true,
    source: 'test',
    ...none,
    ...ids,
  };
}

function devSpec(d: PDev): DeviceSpec {
  return deviceSlot('platform', d.dev, {
    platform: { name: d.name ?? d.dev, of_compatible: d.of ?? [], acpi_ids: d.acpi ?? [] },
  });
}

function drvSpec(d: PDrv): DriverSpec {
  return driverSlot(
    'platform',
    d.name,
    { kind: 'ok' },
    {
      platform: {
        of_match_table: d.of_match_table ?? [],
        acpi_match_table: d.acpi_match_table ?? [],
        id_table: d.id_table ?? null,
        probe_once: d.probe_once ?? false,
      },
    },
  );
}

/** A kernel over platform devices (not yet added) and drivers (not yet registered), under a profile or quirks. */
export function platformKernel(devs: readonly PDev[], drvs: readonly PDrv[], era: string | Quirks = '6.1'): Kernel {
  return kernelOf(devs.map(devSpec), drvs.map(drvSpec), era);
}

/** A kernel over device and driver slots of any bus, none added or registered yet. */
export function kernelOf(
  devSpecs: readonly DeviceSpec[],
  drvSpecs: readonly DriverSpec[],
  era: string | Quirks = '6.1',
): Kernel {
  const world: World = {
    devSpecs,
    drvSpecs,
    devices: devSpecs.map(() => initialDevice(false)),
    drivers: drvSpecs.map(initialDriver),
    bus: initialBus(),
    locks: [],
  };
  world.locks = new Array<number>(lockCount(world)).fill(-1);
  const quirks = typeof era === 'string' ? findProfile(era)!.quirks : era;
  return new Kernel(world, quirks, () => null, BUSES); // the PCI policy is never asked off PCI
}

/** Round robin: each decision picks the next runnable thread after the last one. */
export const roundRobin: Scheduler = { pick: (runnable, _t, n) => n % runnable.length };

/** Run threads (name, generator) to the end; returns each thread's result and the trace. */
export function runThreads(
  k: Kernel,
  threads: readonly (readonly [string, (k: Kernel) => KGen<unknown>])[],
  sched: Scheduler = { pick: () => 0 },
): { results: unknown[]; trace: readonly TraceEntry[] } {
  const e = new Engine(k);
  const results: unknown[] = [];
  threads.forEach(([name, body], i) =>
    e.spawn(
      name,
      (function* () {
        results[i] = yield* body(k);
      })(),
    ),
  );
  const x = e.run(sched);
  if (x.status !== 'done') throw new Error(`run ended ${x.status}`);
  return { results, trace: x.trace };
}

export const idx = (k: Kernel, name: string): number => k.world.drvSpecs.findIndex((d) => d.name === name);
export const dev = (k: Kernel, name: string): number => k.world.devSpecs.findIndex((d) => d.bdf === name);
export const boundTo = (k: Kernel, name: string): string | null => {
  const d = k.world.devices[dev(k, name)].driver;
  return d < 0 ? null : k.world.drvSpecs[d].name;
};
