// Scenario format v1 (design §3), after validation: defaults filled, hex parsed to numbers.
import type { BusName, PciDeviceId, ProbeSpec, SriovCap, HeaderType } from '../model/types.js';
import type { SerioDriverIds, SerioPortIdentity, UsbDriverIds, UsbInterfaceIdentity } from '../model/types.js';
import type { AmbaDriverIds, AmbaIdentity, ApDriverIds, ApIdentity } from '../model/types.js';
import type { CssDriverIds, CssIdentity, SpiDriverIds, SpiIdentity } from '../model/types.js';
import type { PlatformDriverIds, PlatformIdentity, VmbusDriverIds, VmbusIdentity } from '../model/types.js';
import type { CdxDriverIds, CdxIdentity, FslMcDriverIds, FslMcIdentity } from '../model/types.js';

export interface InlineDriver {
  /** PCI: the static id table (empty on other buses). */
  readonly ids: readonly PciDeviceId[];
  readonly probe: ProbeSpec;
  readonly sriov_configure: boolean;
  /** Platform drivers: their OF/ACPI/id tables and probe_once (null on PCI). */
  readonly platform: PlatformDriverIds | null;
  /** USB interface drivers: the id table and no_dynamic_id (null elsewhere). */
  readonly usb: UsbDriverIds | null;
  /** serio drivers: the id table and manual_bind (null elsewhere). */
  readonly serio: SerioDriverIds | null;
  /** amba, spi, css and ap drivers: their tables (absent or null on other buses). */
  readonly amba?: AmbaDriverIds | null;
  readonly spi?: SpiDriverIds | null;
  readonly css?: CssDriverIds | null;
  readonly ap?: ApDriverIds | null;
  /** vmbus drivers: their class GUID table and hv_sock flag (null elsewhere). */
  readonly vmbus: VmbusDriverIds | null;
  /** CDX drivers: their match_id_table (null elsewhere). */
  readonly cdx: CdxDriverIds | null;
  /** fsl-mc drivers: their match_id_table and whether they scan a DPRC they bind (null elsewhere). */
  readonly fslmc: FslMcDriverIds | null;
}

export interface DriverDecl {
  /** drv->bus ("pci" when the scenario says nothing; catalogue drivers are PCI). */
  readonly bus: BusName;
  readonly name: string;
  /** false: a loadable module, registered only by `modprobe`. */
  readonly loaded: boolean;
  /** Module parameters used at boot when loaded (e.g. "ids=8086:10d3"). */
  readonly params: string;
  /** null: taken from the built-in catalogue. */
  readonly inline: InlineDriver | null;
  /** A catalogue driver's `probe` given in the scenario (e.g. "-ENODEV" to model a failing probe); null = the driver's own. */
  readonly probe: ProbeSpec | null;
}

export interface DeviceDecl {
  /** dev->bus ("pci" when the scenario says nothing). */
  readonly bus: BusName;
  /** The device's sysfs name (dev_name, its entry under /sys/bus/<bus>/devices/): the BDF on PCI, `name` elsewhere. */
  readonly bdf: string;
  readonly vendor: number;
  readonly device: number;
  readonly subvendor: number;
  readonly subdevice: number;
  readonly class: number;
  readonly revision: number;
  readonly header_type: HeaderType;
  /** 'own' = a group of its own (the default). */
  readonly iommu_group: number | null | 'own';
  readonly present: boolean;
  readonly override: string | null;
  /** BDF of the PF for a VF declared explicitly. */
  readonly pf: string | null;
  readonly sriov: SriovCap | null;
  /** Platform devices: pdev->name, OF compatibles, ACPI ids (null on PCI; PCI's id fields are then 0). */
  readonly platform: PlatformIdentity | null;
  /** USB interfaces: descriptors and probe gates (null elsewhere). */
  readonly usb: UsbInterfaceIdentity | null;
  /** serio ports: serio->id and bind_mode (null elsewhere). */
  readonly serio: SerioPortIdentity | null;
  /** amba, spi, css and ap devices: their identities (absent or null on other buses). */
  readonly amba?: AmbaIdentity | null;
  readonly spi?: SpiIdentity | null;
  readonly css?: CssIdentity | null;
  readonly ap?: ApIdentity | null;
  /** vmbus devices: the offer's class GUID and hv_sock flag (null elsewhere; `bdf` is the instance GUID). */
  readonly vmbus: VmbusIdentity | null;
  /** CDX devices: vendor, device, subsystem ids, class, is_bus (null elsewhere). */
  readonly cdx: CdxIdentity | null;
  /** fsl-mc objects: type, vendor, plugged, container (null elsewhere). */
  readonly fslmc: FslMcIdentity | null;
}

export type OpDecl =
  | { readonly kind: 'write'; readonly path: string; readonly value: string }
  | { readonly kind: 'read'; readonly path: string }
  /** `bdf`: the device's sysfs name (a BDF on PCI; the op's "bdf" or "device" key). */
  | { readonly kind: 'hotplug'; readonly action: 'add' | 'remove'; readonly bdf: string }
  | { readonly kind: 'modprobe'; readonly module: string; readonly params: string }
  | { readonly kind: 'rmmod'; readonly module: string }
  | { readonly kind: 'recipe'; readonly recipe: string; readonly args: Readonly<Record<string, string>> };

export interface ActorDecl {
  readonly name: string;
  readonly role: 'admin' | 'environment';
  /** device name (BDF on PCI) -> driver name, or null for "unbound". */
  readonly intent: Readonly<Record<string, string | null>> | null;
  readonly ops: readonly OpDecl[];
}

/** A udev rule: on a matching uevent, udev's worker runs `ops` ("$kernel" = the device's BDF). */
export interface UdevRuleDecl {
  readonly name: string;
  readonly action: 'add' | 'remove';
  /** `bdf`: KERNEL== (dev_name, "bdf" or "name" in the file); `bus`: SUBSYSTEM==; vendor/device: PCI ATTRs. */
  readonly match: {
    readonly bdf: string | null;
    readonly bus: BusName | null;
    readonly vendor: number | null;
    readonly device: number | null;
  };
  readonly ops: readonly OpDecl[];
}

/** A bus's attributes at boot. */
export interface BusSettings {
  /** /sys/bus/<bus>/drivers_autoprobe (bus->p->drivers_autoprobe), default true. */
  readonly drivers_autoprobe: boolean;
}

export interface Scenario {
  readonly scenario: 1;
  readonly name: string;
  readonly description: string;
  readonly kernel: string | null;
  readonly policy: string;
  /** Per-bus attributes at boot ("buses" in the file; the old "bus" object is PCI's). */
  readonly buses: Readonly<Record<BusName, BusSettings>>;
  readonly drivers: readonly DriverDecl[];
  readonly devices: readonly DeviceDecl[];
  readonly actors: readonly ActorDecl[];
  readonly udev: readonly UdevRuleDecl[];
  /** Canonical JSON of the source, for hashing (replay tokens bind to it). */
  readonly source: string;
}
