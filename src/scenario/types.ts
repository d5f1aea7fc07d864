// Scenario format v1 (design §3), after validation: defaults filled, hex parsed to numbers.
import type { PciDeviceId, ProbeSpec, SriovCap, HeaderType } from '../model/types.js';

export interface InlineDriver {
  readonly ids: readonly PciDeviceId[];
  readonly probe: ProbeSpec;
  readonly sriov_configure: boolean;
}

export interface DriverDecl {
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
}

export type OpDecl =
  | { readonly kind: 'write'; readonly path: string; readonly value: string }
  | { readonly kind: 'read'; readonly path: string }
  | { readonly kind: 'hotplug'; readonly action: 'add' | 'remove'; readonly bdf: string }
  | { readonly kind: 'modprobe'; readonly module: string; readonly params: string }
  | { readonly kind: 'rmmod'; readonly module: string }
  | { readonly kind: 'recipe'; readonly recipe: string; readonly args: Readonly<Record<string, string>> };

export interface ActorDecl {
  readonly name: string;
  readonly role: 'admin' | 'environment';
  /** bdf -> driver name, or null for "unbound". */
  readonly intent: Readonly<Record<string, string | null>> | null;
  readonly ops: readonly OpDecl[];
}

/** A udev rule: on a matching uevent, udev's worker runs `ops` ("$kernel" = the device's BDF). */
export interface UdevRuleDecl {
  readonly name: string;
  readonly action: 'add' | 'remove';
  readonly match: { readonly bdf: string | null; readonly vendor: number | null; readonly device: number | null };
  readonly ops: readonly OpDecl[];
}

export interface Scenario {
  readonly scenario: 1;
  readonly name: string;
  readonly description: string;
  readonly kernel: string | null;
  readonly policy: string;
  readonly bus: { readonly drivers_autoprobe: boolean };
  readonly drivers: readonly DriverDecl[];
  readonly devices: readonly DeviceDecl[];
  readonly actors: readonly ActorDecl[];
  readonly udev: readonly UdevRuleDecl[];
  /** Canonical JSON of the source, for hashing (replay tokens bind to it). */
  readonly source: string;
}
