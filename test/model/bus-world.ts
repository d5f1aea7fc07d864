// Worlds on amba, spi, css, ap, cdx and fsl-mc built directly (as test/model/platform/helpers.ts does for platform).
import { Kernel } from '../../src/model/kernel.js';
import { BUSES } from '../../src/model/buses.js';
import { lockCount } from '../../src/model/objects.js';
import { initialBus, initialDevice, initialDriver } from '../../src/model/world.js';
import type { BusName, DeviceSpec, DriverSpec, ProbeSpec, World } from '../../src/model/types.js';
import { findProfile } from '../../src/profiles/index.js';
import type { Quirks } from '../../src/profiles/types.js';

type Ident = Pick<DeviceSpec, 'platform' | 'amba' | 'spi' | 'css' | 'ap' | 'cdx' | 'fslmc'>;
type Tables = Pick<DriverSpec, 'platform' | 'amba' | 'spi' | 'css' | 'ap' | 'cdx' | 'fslmc'>;

export type TDev = { readonly dev: string; readonly bus: BusName } & Partial<Ident>;
export type TDrv = { readonly name: string; readonly bus: BusName; readonly probe?: ProbeSpec } & Partial<Tables>;

/** A device slot of any non-PCI bus, PCI's fields zero. */
export function devSpec(d: TDev): DeviceSpec {
  return {
    bus: d.bus,
    bdf: d.dev,
    vendor: 0,
    device: 0,
    subvendor: 0,
    subdevice: 0,
    class: 0,
    revision: 0,
    header_type: 'normal',
    iommu_group: null,
    pf: -1,
    vf_index: -1,
    sriov: null,
    platform: d.platform ?? null,
    usb: null,
    serio: null,
    amba: d.amba ?? null,
    spi: d.spi ?? null,
    css: d.css ?? null,
    ap: d.ap ?? null,
    cdx: d.cdx ?? null,
    fslmc: d.fslmc ?? null,
  };
}

/** A driver slot of any non-PCI bus, no PCI table. */
export function drvSpec(d: TDrv): DriverSpec {
  return {
    bus: d.bus,
    name: d.name,
    module: d.name,
    id_table: null,
    probe: d.probe ?? { kind: 'ok' },
    probe_model: 'generic',
    sriov_configure: false,
    exists: true,
    source: 'test',
    platform: d.platform ?? null,
    usb: null,
    serio: null,
    amba: d.amba ?? null,
    spi: d.spi ?? null,
    css: d.css ?? null,
    ap: d.ap ?? null,
    cdx: d.cdx ?? null,
    fslmc: d.fslmc ?? null,
  };
}

/** Profile quirks, with some changed (an era no profile has, e.g. 6.0-rc1's amba match without the defer fix). */
export const quirks = (era: string, change: Partial<Quirks> = {}): Quirks => ({
  ...findProfile(era)!.quirks,
  ...change,
});

/** A kernel over devices (not yet added; their hardware there when `hw`) and drivers (not yet registered). */
export function busKernel(
  devs: readonly TDev[],
  drvs: readonly TDrv[],
  era: string | Quirks = '6.1',
  hw = false,
): Kernel {
  const devSpecs = devs.map(devSpec);
  const world: World = {
    devSpecs,
    drvSpecs: drvs.map(drvSpec),
    devices: devs.map(() => initialDevice(hw)),
    drivers: drvs.map(initialDriver),
    bus: initialBus({}, devSpecs),
    locks: [],
  };
  world.locks = new Array<number>(lockCount(world)).fill(-1);
  return new Kernel(world, typeof era === 'string' ? findProfile(era)!.quirks : era, () => null, BUSES);
}
