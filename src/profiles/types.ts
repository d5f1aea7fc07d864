// A kernel profile = a matching policy + a table of era quirks, each cited.

/** Which pci_match_device (drivers/pci/pci-driver.c) the era has. */
export type MatchEra =
  | 'dynid-static' // <=3.15: dynids then static table, no override
  | 'override-dummy' // 3.16-5.14: override filter + pci_device_id_any dummy
  | 'override-only' // 5.15+: override_only entries skipped unless overridden
  | 'rfc-09of11' // June 2021 RFC: flag <=> override, no dummy
  | 'rfc-09of11-rev'; // the reworked proposal from the RFC's review: flagged entries skipped, dummy kept

/** How driver_override_store parses the buffer. */
export type OverrideStore =
  | 'absent' // <=3.15: no such file
  | 'open-coded' // 3.16-5.18: kstrndup, cut at '\n', strlen==0 clears
  | 'set-override-nul-bug' // 5.19: driver_set_override without strlen: "\0" stores ""
  | 'set-override' // 6.0+: driver_set_override with len = strlen(s)
  | 'generic'; // 7.1: __device_set_driver_override (same parsing)

export interface Quirks {
  readonly match: MatchEra;
  readonly overrideStore: OverrideStore;
  /** Lock driver_override_store takes: none (3.16-4.12), device_lock (4.13-7.0), spinlock (7.1). */
  readonly overrideLock: 'none' | 'device_lock' | 'spinlock';
  /** new_id duplicate check: static table only (3.13-5.10) or pci_match_device (5.11+). */
  readonly newIdDupCheck: 'pci_match_id' | 'pci_match_device';
  /** bind_store flavour: v3 (<=5.3), v5_4 (5.4-5.13), v5_14 (5.14+: -EBUSY, probe errno, -EAGAIN). */
  readonly bindStore: 'v3' | 'v5_4' | 'v5_14';
  /** probe errors: swallowed (<=5.13 really_probe) or returned as positive (5.14+). */
  readonly probeErrors: 'swallow' | 'propagate';
  /** sriov_drivers_autoprobe attribute exists (4.12+, 0e7df22401a3). */
  readonly sriovAutoprobeAttr: boolean;
  /** pci_device_can_probe honours driver_override (5.2+, 2d2f4273cbe9). */
  readonly vfGateHonoursOverride: boolean;
  /** vfio-pci id_table: NULL (<=5.14), override_only match-all (5.15+), RFC flagged match-all. */
  readonly vfioPciTable: 'none' | 'override-only-any' | 'rfc-flagged-any';
  /** vfio-pci sriov_configure + VF notifier that sets driver_override (5.7+). */
  readonly vfioSriov: boolean;
  /** Variant drivers (mlx5_vfio_pci) exist (5.15+, and in the RFC series). */
  readonly vfioVariants: boolean;
  /** PCI hot-add honours drivers_autoprobe (post-6.18 device_initial_probe change). */
  readonly hotaddHonoursAutoprobe: boolean;
  /**
   * platform's driver_override, by feature: absent (<3.17); unlocked (3d713e0e382e until 6265539776a0, the
   * CVE-2017-12146 race); device_lock (parsing by `overrideStore`: open-coded, then driver_set_override); generic
   * (2b38efc05bf7: the driver core's spinlock; 7.0, and the 6.6/6.18/6.19 stable backports).
   */
  readonly platformOverride: 'absent' | 'unlocked' | 'device_lock' | 'generic';
  /**
   * USB usb_store_new_id's format: 'three-field' "%x %x %x" (a third field always sets INT_CLASS, truncated to u8)
   * or 'five-field' "%x %x %x %x %x" (class 0 = none, >255 -EINVAL, refVendor refProduct copy driver_info).
   */
  readonly usbNewId: 'three-field' | 'five-field';
  /**
   * USB interface authorization: intf->authorized, its sysfs file, the usb_probe_interface gate; and probe
   * looking in the dynids before the static table (both arrived together between the 3.10 and 4.4 copies read).
   */
  readonly usbIntfAuthorized: boolean;
  /** The lock over USB dynamic ids: each driver's dynids.lock spinlock, or the global usb_dynids_lock mutex. */
  readonly usbDynidsLock: 'spinlock' | 'mutex';
  /**
   * amba's driver_override: absent (before 3cf385713460); unlocked (no lock, the show prints nothing when unset);
   * device_lock (2018 "ARM: amba: Fix race condition with driver_override" + "Make driver_override output
   * consistent with other buses": "(null)\n"; parsing by `overrideStore`); generic (the driver core's storage).
   */
  readonly ambaOverride: 'absent' | 'unlocked' | 'device_lock' | 'generic';
  /** amba_match: the id table only (a device is added once its ID registers read) or reads periphid first and defers. */
  readonly ambaMatch: 'table' | 'reads-periphid';
  /** A bus match returning -EPROBE_DEFER: the core probes anyway (before 6.0) or stops there (6.0, stable). */
  readonly matchDefer: 'probe-anyway' | 'no-probe';
  /** spi's driver_override: absent (<4.20), open-coded (memchr cut), device_lock (driver_set_override), generic-storage. */
  readonly spiOverride: 'absent' | 'open-coded' | 'device_lock' | 'generic-storage';
  /** css (s390 subchannels): absent (<5.3), device_lock (open-coded, then driver_set_override), generic. */
  readonly cssOverride: 'absent' | 'device_lock' | 'generic';
  /**
   * ap: /sys/bus/ap/apmask and aqmask exist and ap_device_probe gives queues inside them to the default drivers
   * only (7e0bdbe5c21c); before, any driver whose ids match binds, first registered first.
   */
  readonly apMasks: boolean;
  /** ap (s390 crypto queues): absent (<6.19), device_lock (driver_set_override), generic-storage. */
  readonly apOverride: 'absent' | 'device_lock' | 'generic-storage';
  /**
   * vmbus (drivers/hv/vmbus_drv.c), by feature: static ids only; dynids (fc76936d3ea5: new_id/remove_id, new_id's
   * EEXIST when the GUID is in the static table or a dynid); override (d765edbb301c: driver_override under
   * device_lock, parsing by `overrideStore`, EEXIST for dynids only); generic (331d8900121a: the driver core's
   * driver_override and spinlock, the dummy id kept).
   */
  readonly vmbus: 'static' | 'dynids' | 'override' | 'generic';
  /**
   * The CDX bus, by feature: absent (<6.4); v6.4 (2959ab247061: vendor/device match, override filter,
   * override_only); bus-devices (cdx bus devices, is_bus never matches); subsys-class (cdx_match_one_device also
   * compares subsystem ids and class under class_mask; 6.7-era series "cdx: add sysfs for subsystem, class and revision").
   */
  readonly cdxBus: 'absent' | 'v6.4' | 'bus-devices' | 'subsys-class';
  /**
   * CDX's driver_override: set-override (driver_set_override store, unlocked show), show-locked (91d44c1afc61:
   * device_lock in show), generic (d541aa1897f6, driver-core-testing 2026-06: the core's spinlock, on every device).
   */
  readonly cdxOverride: 'absent' | 'set-override' | 'show-locked' | 'generic';
  /**
   * fsl-mc's driver_override (the bus before it is not modelled): unlocked (1f86a00c1159, 5.10: store and show take
   * no lock), set-override (driver_set_override, 5.19), show-locked (148891e95014), generic (6c8dfb036273).
   */
  readonly fslmcOverride: 'absent' | 'unlocked' | 'set-override' | 'show-locked' | 'generic';
}

export interface Profile {
  readonly name: string;
  /** One line for `hotplug-fuzz profiles`. */
  readonly summary: string;
  /** The kernel the profile models, or the base the patch sits on. */
  readonly base: string;
  readonly quirks: Quirks;
  /** quirk name -> kernel function, commit and version it comes from. */
  readonly citations: Readonly<Record<keyof Quirks, string>>;
}
