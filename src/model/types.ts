// Plain-data kernel state. Everything here is serialisable and cloned with structuredClone-free copies.

/** The buses the model knows, in a fixed order (footprint ids, per-bus state); PCI when a scenario says nothing. */
export const BUS_NAMES = [
  'pci',
  'platform',
  'usb',
  'serio',
  'amba',
  'spi',
  'css',
  'ap',
  'vmbus',
  'cdx',
  'fsl-mc',
] as const;
export type BusName = (typeof BUS_NAMES)[number];

/** PCI_ANY_ID (include/linux/mod_devicetable.h). */
export const PCI_ANY_ID = 0xffffffff;

/** struct pci_device_id (include/linux/mod_devicetable.h); `override_only` 5.15+ (RFC profiles: the `flags` bit). */
export interface PciDeviceId {
  readonly vendor: number;
  readonly device: number;
  readonly subvendor: number;
  readonly subdevice: number;
  readonly class: number;
  readonly class_mask: number;
  readonly driver_data: number;
  readonly override_only: boolean;
}

export type HeaderType = 'normal' | 'bridge' | 'cardbus';

/** SR-IOV capability of a PF (drivers/pci/iov.c: sriov_init). */
export interface SriovCap {
  readonly total_vfs: number;
  readonly vf_device: number;
  readonly vf_offset: number;
  readonly vf_stride: number;
}

/** What platform_match compares (include/linux/platform_device.h, the firmware node): pdev->name, OF, ACPI. */
export interface PlatformIdentity {
  /** pdev->name (name and id_table matching); the device's sysfs name is `bdf` (dev_name). */
  readonly name: string;
  /** The OF node's "compatible" strings. */
  readonly of_compatible: readonly string[];
  /** The ACPI companion's _HID and _CID ids. */
  readonly acpi_ids: readonly string[];
}

/** A platform driver's tables (struct platform_driver, struct device_driver). */
export interface PlatformDriverIds {
  readonly of_match_table: readonly string[];
  readonly acpi_match_table: readonly string[];
  /** platform_device_id names; null = no id_table (then the driver's name is matched). */
  readonly id_table: readonly string[] | null;
  /** Registered with platform_driver_probe(): binds at registration only, no bind/unbind files. */
  readonly probe_once: boolean;
}

/**
 * struct usb_device_id (include/linux/mod_devicetable.h): `match_flags` says which fields count
 * (USB_DEVICE_ID_MATCH_*, include/linux/usb.h / mod_devicetable.h).
 */
export interface UsbDeviceId {
  readonly match_flags: number;
  readonly idVendor: number;
  readonly idProduct: number;
  readonly bcdDevice_lo: number;
  readonly bcdDevice_hi: number;
  readonly bDeviceClass: number;
  readonly bDeviceSubClass: number;
  readonly bDeviceProtocol: number;
  readonly bInterfaceClass: number;
  readonly bInterfaceSubClass: number;
  readonly bInterfaceProtocol: number;
  readonly bInterfaceNumber: number;
  readonly driver_info: number;
}

/**
 * A USB interface (struct usb_interface): its device's descriptor (interface_to_usbdev) and its
 * cur_altsetting's, plus the gates usb_probe_interface checks. The slot's name (`bdf`) is dev_name, e.g. 1-1:1.0.
 */
export interface UsbInterfaceIdentity {
  readonly idVendor: number;
  readonly idProduct: number;
  readonly bcdDevice: number;
  readonly bDeviceClass: number;
  readonly bDeviceSubClass: number;
  readonly bDeviceProtocol: number;
  readonly bInterfaceClass: number;
  readonly bInterfaceSubClass: number;
  readonly bInterfaceProtocol: number;
  readonly bInterfaceNumber: number;
  /** udev->authorized (the device-level gate; a deauthorized device has no interfaces to speak of). */
  readonly device_authorized: boolean;
  /** intf->authorized when the interface is created: the HCD's interface_authorized_default (usb_set_configuration). */
  readonly authorized_default: boolean;
  /** usb_device_is_owned: the hub port is claimed through usbfs (USBDEVFS_CLAIM_PORT). */
  readonly owned: boolean;
}

/** A USB interface driver (struct usb_driver). */
export interface UsbDriverIds {
  readonly id_table: readonly UsbDeviceId[] | null;
  /** usb_driver.no_dynamic_id: no new_id / remove_id files (usb_create_newid_files). */
  readonly no_dynamic_id: boolean;
}

/** struct serio_device_id / serio->id (include/linux/serio.h): SERIO_ANY = 0xff in a table entry. */
export interface SerioId {
  readonly type: number;
  readonly proto: number;
  readonly id: number;
  readonly extra: number;
}

/** A serio port: its id, and serio->manual_bind at registration (bind_mode "manual"). */
export interface SerioPortIdentity extends SerioId {
  readonly manual_bind: boolean;
}

/** A serio driver (struct serio_driver): its id table and drv->manual_bind (serio_raw: true). */
export interface SerioDriverIds {
  readonly id_table: readonly SerioId[];
  readonly manual_bind: boolean;
}

/** An AMBA PrimeCell (include/linux/amba/bus.h struct amba_device): its ID registers and whether they read. */
export interface AmbaIdentity {
  /** The peripheral ID amba_read_periphid() reads from the last registers of the region (pid). */
  readonly periphid: number;
  /**
   * The driver providing its clock or power domain: amba_read_periphid's clk_get/dev_pm_domain_attach fail
   * until a device is bound to that driver. null: the registers always read.
   */
  readonly supplier: string | null;
}

/** struct amba_id: a match when (periphid & mask) == id. */
export interface AmbaId {
  readonly id: number;
  readonly mask: number;
}

/** An AMBA driver's table (struct amba_driver.id_table). */
export interface AmbaDriverIds {
  readonly id_table: readonly AmbaId[];
}

/** An SPI device (include/linux/spi/spi.h): modalias, OF node and ACPI companion. */
export interface SpiIdentity {
  readonly modalias: string;
  readonly of_compatible: readonly string[];
  readonly acpi_ids: readonly string[];
}

/** An SPI driver's tables: OF, ACPI, spi_device_id names (null = no id_table: the driver's name is compared). */
export interface SpiDriverIds {
  readonly of_match_table: readonly string[];
  readonly acpi_match_table: readonly string[];
  readonly id_table: readonly string[] | null;
}

/** An s390 subchannel (drivers/s390/cio/cio.h struct subchannel): its type (0 I/O, 1 CHSC, 2 message, 3 ADM). */
export interface CssIdentity {
  readonly st: number;
}

/** A css driver's subchannel_type table (struct css_device_id.type). */
export interface CssDriverIds {
  readonly subchannel_type: readonly number[];
}

/** An AP queue device (drivers/s390/crypto/ap_bus.h): its type and whether apmask/aqmask give it to the host. */
export interface ApIdentity {
  /** ap_device.device_type (ap_bus_match compares it with the driver's ids). */
  readonly device_type: number;
  /**
   * At boot, its card bit is set in ap_perms.apm (and its domain bit in aqm): reserved for the default (zcrypt)
   * drivers. false clears the card's apmask bit (a whole adapter, as vfio-ap.rst's setup does); the masks are then
   * world state (BusState.ap) that /sys/bus/ap/apmask and aqmask writes change.
   */
  readonly in_masks: boolean;
}

/** An AP driver: the queue device types it serves and AP_DRIVER_FLAG_DEFAULT (zcrypt) or not (vfio_ap). */
export interface ApDriverIds {
  readonly device_types: readonly number[];
  readonly default_driver: boolean;
}

/**
 * What vmbus_match reads of a device (include/linux/hyperv.h struct hv_device): the offer's class GUID and whether
 * it is an hv_sock channel. The device's name (`bdf`, dev_name) is the offer's instance GUID.
 */
export interface VmbusIdentity {
  /** hv_device.dev_type: the offer's interface type (class) GUID, lower-case and dashed; what id tables hold. */
  readonly class_id: string;
  /** is_hvsock_channel(channel): an hv_sock offer (VMBUS_CHANNEL_TLNPI_PROVIDER_OFFER). */
  readonly hvsock: boolean;
}

/** A vmbus driver's tables (struct hv_driver). */
export interface VmbusDriverIds {
  /** hv_vmbus_device_id class GUIDs (lower-case, dashed); null = `.id_table = NULL` (uio_hv_generic). */
  readonly id_table: readonly string[] | null;
  /** hv_driver.hvsock: the driver takes every hv_sock offer and nothing else (hv_sock's transport). */
  readonly hvsock: boolean;
}

/** CDX_ANY_ID (include/linux/mod_devicetable.h): a cdx_device_id field that matches any value. */
export const CDX_ANY_ID = 0xffff;

/** What cdx_match_one_device compares (struct cdx_device, include/linux/cdx/cdx_bus.h). */
export interface CdxIdentity {
  readonly vendor: number;
  readonly device: number;
  readonly subvendor: number;
  readonly subdevice: number;
  /** 24-bit class (cdx_dev->class, 6.7+). */
  readonly class: number;
  /** A CDX bus device (cdx_dev->is_bus, 6.7+): never matches a driver. */
  readonly is_bus: boolean;
}

/** struct cdx_device_id (include/linux/mod_devicetable.h); `override_only`: CDX_ID_F_VFIO_DRIVER_OVERRIDE. */
export interface CdxDeviceId {
  readonly vendor: number;
  readonly device: number;
  readonly subvendor: number;
  readonly subdevice: number;
  readonly class: number;
  readonly class_mask: number;
  readonly override_only: boolean;
}

/** A cdx_driver's match_id_table (null: none, nothing matches). */
export interface CdxDriverIds {
  readonly match_id_table: readonly CdxDeviceId[] | null;
}

/** What fsl_mc_bus_match compares (struct fsl_mc_obj_desc, include/linux/fsl/mc.h) and where the object sits. */
export interface FslMcIdentity {
  /** obj_desc.type: "dprc", "dpni", "dpio", … */
  readonly obj_type: string;
  readonly vendor: number;
  /** obj_desc.state & FSL_MC_OBJ_STATE_PLUGGED when Linux first sees the object (dprc_scan_objects). */
  readonly plugged: boolean;
  /** The DPRC the object lives in (its device's parent), by device name; null for the root DPRC. */
  readonly container: string | null;
}

/** struct fsl_mc_device_id: vendor and object type (the table ends at vendor == 0). */
export interface FslMcDeviceId {
  readonly vendor: number;
  readonly obj_type: string;
}

/** An fsl_mc_driver's match_id_table, and whether its probe scans the DPRC it binds (dprc_probe, vfio-fsl-mc). */
export interface FslMcDriverIds {
  readonly match_id_table: readonly FslMcDeviceId[] | null;
  /** probe calls dprc_scan_container on a DPRC (fsl_mc_dprc, vfio-fsl-mc); remove deletes the children. */
  readonly scans_container: boolean;
}

/** Static description of a device slot: what the hardware is. */
export interface DeviceSpec {
  /** dev->bus. */
  readonly bus: BusName;
  readonly bdf: string;
  readonly vendor: number;
  readonly device: number;
  readonly subvendor: number;
  readonly subdevice: number;
  readonly class: number;
  readonly revision: number;
  readonly header_type: HeaderType;
  readonly iommu_group: number | null;
  /** Index of the PF device slot for a VF, else -1. */
  readonly pf: number;
  /** VF index (0-based) for a VF, else -1. */
  readonly vf_index: number;
  readonly sriov: SriovCap | null;
  /** Platform devices: what platform_match compares (null on PCI). */
  readonly platform: PlatformIdentity | null;
  /** USB interfaces: the descriptors usb_match_one_id compares and the probe gates (null elsewhere). */
  readonly usb: UsbInterfaceIdentity | null;
  /** serio ports: serio->id and the initial bind_mode (null elsewhere). */
  readonly serio: SerioPortIdentity | null;
  /** Per-bus identities (null on other buses). */
  readonly amba: AmbaIdentity | null;
  readonly spi: SpiIdentity | null;
  readonly css: CssIdentity | null;
  readonly ap: ApIdentity | null;
  /** vmbus devices: class GUID and hv_sock flag (null elsewhere). */
  readonly vmbus: VmbusIdentity | null;
  /** CDX devices: what cdx_bus_match compares (null elsewhere). */
  readonly cdx: CdxIdentity | null;
  /** fsl-mc objects: type, vendor, plugged state, container (null elsewhere). */
  readonly fslmc: FslMcIdentity | null;
}

/** struct pci_dev + struct device state that binding reads and writes. */
export interface DeviceState {
  /** Hardware is there (hot-added / not surprise-removed). */
  hw: boolean;
  /** pci_dev exists in the kernel (device_add done, device_del not yet). */
  present: boolean;
  /** pci_dev.match_driver: false during phase 1 of the two-phase add (drivers/pci/bus.c). */
  match_driver: boolean;
  /** dev.driver: index of the bound driver slot, or -1. */
  driver: number;
  /** driver_override: null = unset; "" is the 5.19 NUL-byte state. */
  override: string | null;
  /** Device-add sequence number: klist_devices order (drivers/base/bus.c: bus_add_device). */
  seq: number;
  /** Bind sequence number: position in the driver's klist_devices (driver_detach takes the last). */
  bind_seq: number;
  /** PF: current sriov_numvfs; sriov->drivers_autoprobe (4.12+). */
  numvfs: number;
  sriov_drivers_autoprobe: boolean;
  /** On the deferred-probe list (drivers/base/dd.c: driver_deferred_probe_add). */
  deferred: boolean;
  /** fsl-mc: obj_desc.state & FSL_MC_OBJ_STATE_PLUGGED as Linux last saw it (check_plugged_state_change). */
  plugged: boolean;
  /** driver_override assignments so far: the id of the string it holds now (a pointer, for the unlocked era). */
  override_gen: number;
  /** USB: intf->authorized (interface authorization, 4.4+). True elsewhere. */
  authorized: boolean;
  /** serio: serio->manual_bind (the port's bind_mode). False elsewhere. */
  manual_bind: boolean;
  /** amba: pcdev->periphid has been read (non-zero); until then amba_match defers (6.0+). */
  periphid_read: boolean;
  /** Ids of driver_override strings already kfree'd (the unlocked era's double free and use after free); replaced, never mutated. */
  override_freed: readonly number[];
}

/** What `->probe` does for an inline driver. */
export type ProbeSpec =
  | { readonly kind: 'ok' }
  | { readonly kind: 'errno'; readonly errno: number }
  | { readonly kind: 'fail_after'; readonly n: number; readonly errno: number };

/** Built-in probe models for real drivers whose probe rejects devices (see catalogue). */
export type ProbeModel = 'generic' | 'e1000' | 'vfio-pci' | '8139too' | '8139cp' | 'pci-stub';

/** Static description of a driver slot (module). */
export interface DriverSpec {
  /** drv->bus. */
  readonly bus: BusName;
  readonly name: string;
  /** Module name for modprobe/rmmod ('-' and '_' are alike, as modprobe treats them). */
  readonly module: string;
  /** null = id_table NULL (pci-stub, vfio-pci <=5.14). */
  readonly id_table: readonly PciDeviceId[] | null;
  readonly probe: ProbeSpec;
  readonly probe_model: ProbeModel;
  /** Has ->sriov_configure (PF drivers). */
  readonly sriov_configure: boolean;
  /** pci_sriov_set_totalvfs in its probe (igb: 7); absent = driver_max_VFs stays TotalVFs. */
  readonly sriov_totalvfs?: number;
  /** The module exists in this profile's era (e.g. mlx5_vfio_pci 5.15+). */
  readonly exists: boolean;
  /** Catalogue note shown by `run` (source of the table). */
  readonly source: string;
  /** Platform drivers: their OF/ACPI/id tables (null on PCI). */
  readonly platform: PlatformDriverIds | null;
  /** USB interface drivers: the id table and no_dynamic_id (null elsewhere). */
  readonly usb: UsbDriverIds | null;
  /** serio drivers: the id table and manual_bind (null elsewhere). */
  readonly serio: SerioDriverIds | null;
  /** Per-bus driver tables (null on other buses). */
  readonly amba: AmbaDriverIds | null;
  readonly spi: SpiDriverIds | null;
  readonly css: CssDriverIds | null;
  readonly ap: ApDriverIds | null;
  /** vmbus drivers: their class GUID table and hv_sock flag (null elsewhere). */
  readonly vmbus: VmbusDriverIds | null;
  /** CDX drivers: their cdx_device_id table (null elsewhere). */
  readonly cdx: CdxDriverIds | null;
  /** fsl-mc drivers: their fsl_mc_device_id table (null elsewhere). */
  readonly fslmc: FslMcDriverIds | null;
}

/** Driver runtime state. */
export interface DriverState {
  /** Module loaded and driver registered on the bus. */
  registered: boolean;
  /** Registration sequence number: klist_drivers order (bus_add_driver: klist_add_tail). */
  seq: number;
  /** drv->dynids.list in insertion order (pci_add_dynid: list_add_tail). */
  dynids: PciDeviceId[];
  /** Count of ->probe calls, for `fail_after`. */
  probes: number;
  /** Module parameters given at load (e.g. ids=, enable_sriov=). */
  params: string;
  /** drv->probe is platform_probe_fail: a platform_driver_probe() driver after its registration (-ENXIO). */
  probe_fail: boolean;
  /** USB: usb_driver.dynids.list in insertion order (usb_store_new_id: list_add_tail); replaced, never mutated. */
  usb_dynids: readonly UsbDeviceId[];
  /** serio: serio_driver.manual_bind now (__serio_register_driver sets it while registering; bind_mode). */
  manual_bind: boolean;
  /**
   * vmbus drv->dynids.list (GUIDs, insertion order; vmbus_add_dynid: list_add_tail). Replaced, never mutated in
   * place, so cloneWorld's spread shares it.
   */
  guid_dynids: readonly string[];
}

export interface BusState {
  /** Per bus: bus->p->drivers_autoprobe (drivers/base/bus.c bus_register sets it to 1). */
  drivers_autoprobe: Record<BusName, boolean>;
  /** Next klist sequence numbers. */
  next_dev_seq: number;
  next_drv_seq: number;
  next_bind_seq: number;
  /** deferred_probe_work queued and not yet run (driver_deferred_probe_trigger). */
  deferred_work_queued: boolean;
  /** The AP bus's masks and counters; replaced, never changed in place (cloneWorld copies `bus` shallowly). */
  ap: ApPerms;
}

/** drivers/s390/crypto/ap_bus.c: ap_perms.apm/aqm, ap_apmask_aqmask_in_use, ap_driver_override_ctr. */
export interface ApPerms {
  /** ap_perms.apm: card bits (AP_DEVICES = 256), bit 0 the leftmost of the hex string. */
  readonly apm: readonly boolean[];
  /** ap_perms.aqm: domain bits (AP_DOMAINS = 256). */
  readonly aqm: readonly boolean[];
  /** ap_apmask_aqmask_in_use: not both masks full (apmask_commit/aqmask_commit, 46030379f13c). */
  readonly in_use: boolean;
  /** ap_driver_override_ctr: queues with a driver_override set (driver_override_store, d38a87d7c064). */
  readonly override_ctr: number;
}

/** The whole kernel state of a scenario. */
export interface World {
  readonly devSpecs: readonly DeviceSpec[];
  readonly drvSpecs: readonly DriverSpec[];
  devices: DeviceState[];
  drivers: DriverState[];
  bus: BusState;
  /** Lock id -> holding thread id, or -1. */
  locks: number[];
}

export function cloneWorld(w: World): World {
  return {
    devSpecs: w.devSpecs,
    drvSpecs: w.drvSpecs,
    devices: w.devices.map((d) => ({ ...d })),
    drivers: w.drivers.map((d) => ({ ...d, dynids: d.dynids.slice() })),
    bus: { ...w.bus, drivers_autoprobe: { ...w.bus.drivers_autoprobe } },
    locks: w.locks.slice(),
  };
}
