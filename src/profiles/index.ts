// The kernel profiles: one matching policy + a quirk table each, every quirk cited.
import type { Profile, Quirks } from './types.js';
import type { MatchPolicy } from './policy.js';
import { matchDynidStatic, matchOverrideDummy, matchOverrideOnly } from './policies/mainline.js';
import { matchRfc09of11, matchRfc09of11Rev } from './policies/rfc-09of11.js';

const C = {
  matchDynid: '<=3.15 pci_match_device: dynids then pci_match_id, no driver_override',
  matchDummy: '3.16 782a985d7af2 pci_match_device: override filter + pci_device_id_any dummy',
  matchOverrideOnly: '5.15 343b7258687e pci_match_device: override_only entries need driver_override',
  matchRfc: 'RFC 20210603160809.15845-10 pci_match_device: flag <=> override, dummy deleted',
  matchRfcRev:
    'RFC thread, 2nd proposal (M. Gurtovoy 2021-06-13): dynids + dummy back, first static hit still flag <=> override',
  storeAbsent: '<=3.15: no driver_override attribute (added 3.16, 782a985d7af2)',
  storeOpen: '3.16-5.18 driver_override_store: kstrndup, cut at newline, empty clears',
  store519: '5.19 driver_set_override (6c2f42117427, 23d99baf9d72): no strlen, "\\0" stores ""',
  storeFixed: '6.0 5666a274a6d5 driver_set_override: len = strlen(s) (Cc stable)',
  storeGeneric: '7.1 10a4206a2401 __device_set_driver_override: same parsing, spinlock',
  lockNone: '3.16-4.12 driver_override_store: no device_lock',
  lockDevice: '4.14 (inferred) 9561475db680 "PCI: Fix race condition with driver_override": device_lock in store/show',
  lockSpin: '7.1 10a4206a2401: dev->driver_override.lock spinlock',
  dupStatic: '3.13-5.10 new_id_store: pci_match_id on the static table (8895d3bcb8ba)',
  dupMatch: '5.11 3853f9123c18 new_id_store: pci_match_device (dynids + table)',
  bindV3: '<=5.3 bind_store: unlocked dev->driver == NULL pre-check, driver_probe_device; -ENODEV',
  bindV54: '5.4-5.13 bind_store: unlocked dev->driver == NULL pre-check kept, device_driver_attach; -ENODEV',
  bindV514: '5.14 ef6dcbdd8eb2/45ddcb42949f bind_store: -EBUSY, probe errno, -EAGAIN',
  probeSwallow: '<=5.13 really_probe: "Ignore errors returned by ->probe"',
  probeProp: '5.14 e1499647c69c really_probe: probe errors returned (positive)',
  sriovAttrNo: '<4.12: no sriov_drivers_autoprobe',
  sriovAttr: '4.12 0e7df22401a3 sriov_drivers_autoprobe + pci_device_can_probe',
  vfGateNo: '4.12-5.1 pci_device_can_probe: no driver_override exception',
  vfGate: '5.3 2d2f4273cbe9 pci_device_can_probe: || driver_override (5.2.y backport)',
  vfioNone: '3.6-5.14 vfio_pci_driver.id_table = NULL',
  vfioOO: '5.15 cc6711b0bf36 vfio_pci_table: PCI_DRIVER_OVERRIDE_DEVICE_VFIO(ANY, ANY)',
  vfioRfc: 'RFC 09/11: vfio-pci table { flagged ANY/ANY }',
  vfioSriovNo: '<5.7: vfio-pci has no sriov_configure',
  vfioSriov: '5.7 "vfio/pci: Add sriov_configure support": enable_sriov, VF notifier sets override',
  variantsNo: '<5.15: no vfio-pci variant drivers',
  variants:
    'vfio_pci_core 5.15 (7fa005caa35e); mlx5_vfio_pci merged for 5.18 ' +
    '("vfio/mlx5: Implement vfio_pci driver for mlx5 devices", lore 20220224142024.147653-14); the RFC series carries it',
  variantsNotYet:
    '5.15-5.17: vfio_pci_core and override_only exist, no variant driver in tree yet (mlx5_vfio_pci: 5.18)',
  hotadd: '<=6.18 pci_bus_add_device: device_attach ignores drivers_autoprobe',
  hotaddAutoprobe:
    '6.19 ea34511aaf75 "driver core: Check drivers_autoprobe for all added devices" (+91703041697c): pci_bus_add_device -> device_initial_probe',
  platformAbsent: '<3.17: platform has no driver_override (added by 3d713e0e382e, Kim Phillips, 2014)',
  platformUnlocked:
    '3.17 3d713e0e382e platform driver_override_store/show: `old` read before kstrndup, no lock (CVE-2017-12146, ' +
    'until 6265539776a0: 4.13-rc1, stable 4.12.1)',
  platformLocked:
    '6265539776a0 "driver core: platform: fix race condition with driver_override" (CVE-2017-12146): device_lock in store/show',
  platformGeneric:
    '7.0 2b38efc05bf7 "driver core: platform: use generic driver_override infrastructure" (backported to 6.6/6.18/6.19 stable)',
  usbNewId3:
    'usb_store_new_id "%x %x %x" (read: drivers/usb/core/driver.c of 3.7 (torvalds/linux 02582e9b) and 3.10 (AndreiLux/ref-3.10))',
  usbNewId5:
    'usb_store_new_id "%x %x %x %x %x": class 0 = none, >255 -EINVAL, refVendor:refProduct driver_info or -ENODEV (read: 4.4, 5.x, 2026 copies)',
  usbAuthNo: '<=3.10 usb_probe_interface: owned and udev->authorized gates only; usb_match_id before the dynids',
  usbAuth:
    '4.4 usb_probe_interface: intf->authorized gate (interface authorization, 310d2b4124c0 sysfs part); dynids before usb_match_id',
  usbLockSpin: 'usb_dynids.lock: a spinlock per driver (every copy read up to 6.12)',
  usbLockMutex:
    'USB: make single lock for all usb dynamic id lists (gregkh, v2 2024-11-13, mutex usb_dynids_lock; inferred v6.13; 6.12/6.1 stable 2026-09)',
  ambaAbsent: '<3.19: amba has no driver_override (3cf385713460 "ARM: 8256/1: driver coamba: add device binding path")',
  ambaLocked:
    '4.17 "ARM: amba: Fix race condition with driver_override" + "Make driver_override output consistent with other ' +
    'buses" (Geert Uytterhoeven 2018, in 4.4/4.9 stable): device_lock in store/show, show prints "(null)\\n"',
  ambaTable: '<=5.19 amba_match: override, then amba_lookup; amba_device_add adds a device only once periphid reads',
  ambaReads:
    '6.0 f2d3b9a46e0e "ARM: 9220/1: amba: Remove deferred device addition": amba_match reads periphid, -EPROBE_DEFER until it reads',
  deferProbe:
    '4.5 656b8035b0ee __driver_attach/__device_attach_driver: -EPROBE_DEFER from match queues a deferred probe and probes anyway',
  deferNoProbe:
    '6.0 "driver core: Don\'t probe devices after bus_type.match() probe deferral" (Isaac Manjarres, Cc stable: 4.14.293+)',
  spiAbsent: '<4.20: spi has no driver_override (5039563e7c25, Trent Piepho)',
  spiOpen:
    '4.20 5039563e7c25 spi driver_override_store: memchr cut at newline, len >= PAGE_SIZE-1 -EINVAL, NUL kept as ""',
  spiDso: '5.19 driver_set_override (Krzysztof Kozlowski series) under device_lock; show "%s\\n" of override ?: ""',
  spiGeneric:
    '7.0 cc34d77dd487 "spi: use generic driver_override infrastructure" (6.12 stable): spinlock, own attribute, show "\\n"',
  cssAbsent: '<5.3: css has no driver_override (ebc3d1791503, Cornelia Huck)',
  cssLocked: '5.3 ebc3d1791503 css driver_override: filter in css_bus_match, device_lock store/show',
  cssGeneric: '7.1 ac4d8bb6e2e1 "s390/cio: use generic driver_override infrastructure" (6.6.141 stable): bus flag',
  apMasksAbsent:
    'before 7e0bdbe5c21c "s390/zcrypt: AP bus support for alternate driver(s)" (2018, ahead of vfio_ap in 4.20): no apmask/aqmask',
  apMasks:
    '7e0bdbe5c21c apmask/aqmask (ap_perms), the default-driver check in ap_device_probe; ' +
    'parsing as "s390/zcrypt: hex string mask improvements for apmask and aqmask"',
  apAbsent: '<6.19: ap has no driver_override (d38a87d7c064 "s390/ap: Support driver_override for AP queue devices")',
  apLocked:
    '6.19 d38a87d7c064 + 46030379f13c "s390/ap: Restrict driver_override versus apmask and aqmask use": checked in ap_device_probe',
  apGeneric:
    '7.1 81d6f7c3a70b "s390/ap: use generic driver_override infrastructure" (7.0 stable): spinlock, own attribute, show "\\n"',
  vmbusStatic: '<4.10 vmbus_drv.c hv_vmbus_get_id: the static id_table only (no new_id, no driver_override)',
  vmbusDynids:
    '4.10 fc76936d3ea5 (vmbus dynamic ids, with uio_hv_generic): new_id/remove_id; new_id_store -EEXIST if ' +
    'hv_vmbus_get_id (dynids or static table) already matches the GUID',
  vmbusOverride:
    '4.20 d765edbb301c "vmbus: add driver_override support": override under device_lock, dummy vmbus_device_null ' +
    'id; new_id_store -EEXIST only if hv_vmbus_dynid_match',
  vmbusGeneric:
    '331d8900121a "Drivers: hv: vmbus: use generic driver_override infrastructure" (driver-core-testing 2026-05, ' +
    'for 7.2; 6.12.y stable-rc 2026-07): device_match_driver_override under the spinlock, dummy id kept',
  cdxAbsent: '<6.4: no CDX bus (2959ab247061 "cdx: add the cdx bus driver" arrived for 6.4)',
  cdxSubsys:
    'cdx_bus_match (drivers/cdx/cdx.c @66e72a01b60a): is_bus never matches; override filter; cdx_match_one_device with ' +
    'subsystem ids and class/class_mask ("cdx: add sysfs for subsystem, class and revision", lore 20230922101828.33456-6)',
  cdxShowLocked:
    '91d44c1afc61 "cdx: Fix possible UAF error in driver_override_show()" (Jan 2025): device_lock in show; store is driver_set_override',
  fslmcAbsent:
    '<5.10: no fsl-mc driver_override (1f86a00c1159, with vfio-fsl-mc); the bus itself is not modelled before it',
  fslmcUnlocked:
    '5.10 1f86a00c1159 driver_override_store: old read first, kstrndup, no lock in store or show; match override bypass',
  fslmcSetOverride:
    '5.19 1d540bcf86b2 "fsl-mc: Use driver_set_override() instead of open-coding": device_lock in store, show unlocked',
  fslmcShowLocked:
    '148891e95014 "bus: fsl-mc: fix use-after-free in driver_override_show()": device_lock in show; store as 5.19',
  fslmcGeneric:
    '6c8dfb036273 "bus: fsl-mc: use generic driver_override infrastructure" (6.12-stable 2026-05-20): device_match_driver_override',
} as const;

type Cite = Record<keyof Quirks, string>;

/** Generic in the name, so the table's names are a union type (ProfileName). */
function profile<N extends string>(
  name: N,
  summary: string,
  base: string,
  quirks: Quirks,
  citations: Cite,
): Profile & { readonly name: N } {
  return { name, summary, base, quirks, citations };
}

const Q315: Quirks = {
  match: 'dynid-static',
  overrideStore: 'absent',
  overrideLock: 'none',
  newIdDupCheck: 'pci_match_id',
  bindStore: 'v3',
  probeErrors: 'swallow',
  sriovAutoprobeAttr: false,
  vfGateHonoursOverride: false,
  vfioPciTable: 'none',
  vfioSriov: false,
  vfioVariants: false,
  hotaddHonoursAutoprobe: false,
  platformOverride: 'absent',
  usbNewId: 'three-field',
  usbIntfAuthorized: false,
  usbDynidsLock: 'spinlock',
  ambaOverride: 'absent',
  ambaMatch: 'table',
  matchDefer: 'probe-anyway',
  spiOverride: 'absent',
  cssOverride: 'absent',
  apMasks: false,
  apOverride: 'absent',
  vmbus: 'static',
  cdxBus: 'absent',
  cdxOverride: 'absent',
  fslmcOverride: 'absent',
};
const C315: Cite = {
  match: C.matchDynid,
  overrideStore: C.storeAbsent,
  overrideLock: C.lockNone,
  newIdDupCheck: C.dupStatic,
  bindStore: C.bindV3,
  probeErrors: C.probeSwallow,
  sriovAutoprobeAttr: C.sriovAttrNo,
  vfGateHonoursOverride: C.vfGateNo,
  vfioPciTable: C.vfioNone,
  vfioSriov: C.vfioSriovNo,
  vfioVariants: C.variantsNo,
  hotaddHonoursAutoprobe: C.hotadd,
  platformOverride: C.platformAbsent,
  usbNewId: C.usbNewId3,
  usbIntfAuthorized: C.usbAuthNo,
  usbDynidsLock: C.usbLockSpin,
  ambaOverride: C.ambaAbsent,
  ambaMatch: C.ambaTable,
  matchDefer: C.deferProbe,
  spiOverride: C.spiAbsent,
  cssOverride: C.cssAbsent,
  apMasks: C.apMasksAbsent,
  apOverride: C.apAbsent,
  vmbus: C.vmbusStatic,
  cdxBus: C.cdxAbsent,
  cdxOverride: C.cdxAbsent,
  fslmcOverride: C.fslmcAbsent,
};

const Q316: Quirks = { ...Q315, match: 'override-dummy', overrideStore: 'open-coded' };
const C316: Cite = { ...C315, match: C.matchDummy, overrideStore: C.storeOpen };

// 4.4 (v4.4, Jan 2016): PCI as 3.16 (unlocked PCI store until 9561475db680, no sriov_drivers_autoprobe before 4.12,
// pci_match_id dup check, v3 bind_store, probe errors swallowed); platform's store and show unlocked.
// USB: 4.4's five-field new_id and interface authorization; amba's override as added by 3cf385713460, unlocked.
const Q44: Quirks = {
  ...Q316,
  platformOverride: 'unlocked',
  usbNewId: 'five-field',
  usbIntfAuthorized: true,
  ambaOverride: 'unlocked',
  // 4.4 has neither: CDX arrived in 6.4, fsl-mc's driver_override in 5.10 (the bus, then in staging, is not modelled).
  cdxBus: 'absent',
  cdxOverride: 'absent',
  fslmcOverride: 'absent',
};
const C44: Cite = {
  ...C316,
  platformOverride: C.platformUnlocked,
  usbNewId: C.usbNewId5,
  usbIntfAuthorized: C.usbAuth,
  ambaOverride:
    '3cf385713460 (3.19) amba driver_override: store swaps and frees without a lock, show prints nothing when unset; locked in 4.17',
  cdxBus: C.cdxAbsent,
  cdxOverride: C.cdxAbsent,
  fslmcOverride: C.fslmcAbsent,
};

const Q510: Quirks = {
  ...Q316,
  overrideLock: 'device_lock',
  bindStore: 'v5_4',
  sriovAutoprobeAttr: true,
  vfGateHonoursOverride: true,
  vfioSriov: true,
  platformOverride: 'device_lock',
  usbNewId: 'five-field',
  usbIntfAuthorized: true,
  ambaOverride: 'device_lock',
  spiOverride: 'open-coded',
  cssOverride: 'device_lock',
  apMasks: true,
  vmbus: 'override',
  fslmcOverride: 'unlocked',
};
const C510: Cite = {
  ...C316,
  overrideLock: C.lockDevice,
  bindStore: C.bindV54,
  sriovAutoprobeAttr: C.sriovAttr,
  vfGateHonoursOverride: C.vfGate,
  vfioSriov: C.vfioSriov,
  platformOverride: C.platformLocked,
  usbNewId: C.usbNewId5,
  usbIntfAuthorized: C.usbAuth,
  ambaOverride: C.ambaLocked,
  spiOverride: C.spiOpen,
  cssOverride: C.cssLocked,
  apMasks: C.apMasks,
  vmbus: C.vmbusOverride,
  fslmcOverride: C.fslmcUnlocked,
};

// The 5.10 profile is Debian 11's 5.10.262 (linux-image-5.10.0-46-amd64, the oracle's `--kernel 5.10`): v5.10 plus
// the non-PCI stable backports its changelog lists (test/profiles/debian-eras.spec.ts pins every non-PCI era). Q510
// stays v5.10 for the profiles built on it.
const Q510DEB: Quirks = {
  ...Q510,
  matchDefer: 'no-probe', // 5.10.142 "driver core: Don't probe devices after bus_type.match() probe deferral"
};
const C510DEB: Cite = { ...C510, matchDefer: `${C.deferNoProbe}; Debian 11's 5.10.262 changelog: 5.10.142` };

const Q511: Quirks = { ...Q510, newIdDupCheck: 'pci_match_device' };
const C511: Cite = { ...C510, newIdDupCheck: C.dupMatch };

const Q514: Quirks = { ...Q511, bindStore: 'v5_14', probeErrors: 'propagate' };
const C514: Cite = { ...C511, bindStore: C.bindV514, probeErrors: C.probeProp };

const Q515: Quirks = { ...Q514, match: 'override-only', vfioPciTable: 'override-only-any' };
const C515: Cite = { ...C514, match: C.matchOverrideOnly, vfioPciTable: C.vfioOO, vfioVariants: C.variantsNotYet };

const Q519: Quirks = {
  ...Q515,
  overrideStore: 'set-override-nul-bug',
  vfioVariants: true,
  spiOverride: 'device_lock',
  fslmcOverride: 'set-override',
};
const C519: Cite = {
  ...C515,
  overrideStore: C.store519,
  vfioVariants: C.variants,
  spiOverride: C.spiDso,
  fslmcOverride: C.fslmcSetOverride,
};

// Debian 12's 6.1.192 (linux-image-6.1.0-56-amd64, the oracle's `--kernel 6.1`): v6.1 plus the non-PCI stable
// backports its changelog lists ("6.1.N" = the ChangeLog-6.1.N section); test/profiles/debian-eras.spec.ts pins them.
const Q61: Quirks = {
  ...Q515,
  overrideStore: 'set-override',
  vfioVariants: true,
  usbDynidsLock: 'mutex', // 6.1.188 "USB: make single lock for all usb dynamic id lists"
  spiOverride: 'device_lock',
  ambaMatch: 'reads-periphid',
  matchDefer: 'no-probe', // mainline 6.0; 5.19.8 "driver core: Don't probe devices after bus_type.match() probe deferral"
  fslmcOverride: 'show-locked', // 6.1.164 "bus: fsl-mc: fix use-after-free in driver_override_show()"
};
const DEB12 = "Debian 12's 6.1.192 changelog";
const C61: Cite = {
  ...C515,
  overrideStore: C.storeFixed,
  vfioVariants: C.variants,
  usbDynidsLock: `${C.usbLockMutex}; ${DEB12}: 6.1.188 (6.1.0-56's usbcore.ko imports usb_dynids_lock)`,
  spiOverride: C.spiDso,
  ambaMatch: C.ambaReads,
  matchDefer: `${C.deferNoProbe}; ${DEB12}: 5.19.8`,
  fslmcOverride: `${C.fslmcShowLocked}; ${DEB12}: 6.1.164 (CVE-2026-23221)`,
};

const Q71: Quirks = {
  ...Q61,
  overrideStore: 'generic',
  overrideLock: 'spinlock',
  hotaddHonoursAutoprobe: true,
  platformOverride: 'generic',
  usbDynidsLock: 'mutex',
  spiOverride: 'generic-storage',
  cssOverride: 'generic',
  apOverride: 'generic-storage',
  cdxBus: 'subsys-class',
  cdxOverride: 'show-locked', // the cdx conversion (d541aa1897f6) is based on 7.1-rc1: not in 7.1
  fslmcOverride: 'generic',
};
const C71: Cite = {
  ...C61,
  overrideStore: C.storeGeneric,
  overrideLock: C.lockSpin,
  hotaddHonoursAutoprobe: C.hotaddAutoprobe,
  platformOverride: C.platformGeneric,
  usbDynidsLock: C.usbLockMutex,
  spiOverride: C.spiGeneric,
  cssOverride: C.cssGeneric,
  apOverride: C.apGeneric,
  cdxBus: C.cdxSubsys,
  cdxOverride: C.cdxShowLocked,
  fslmcOverride: C.fslmcGeneric,
};

// Debian 13's 6.12.118 (the oracle's linux-image-6.12.118+deb13-amd64). PCI as 7.1 through stable ("PCI: use generic
// driver_override infrastructure", 6.12.91), except hot-add: "driver core: Check drivers_autoprobe for all added
// devices" is in 6.12.117 but PCI's switch of pci_bus_add_device to device_initial_probe is not (the oracle saw
// hot-add bind with drivers_autoprobe=0). Every non-PCI era below is spelled out, not inherited from 7.1: each was
// checked against the package's changelog (usr/share/doc/linux-image-6.12.118+deb13-amd64/changelog.gz, which lists
// every upstream stable commit by subject; "6.12.N" = the ChangeLog-6.12.N section it sits in) or, for mainline
// changes before 6.12, against the upstream commit. test/profiles/debian-eras.spec.ts pins them.
const Q612: Quirks = {
  ...Q71,
  hotaddHonoursAutoprobe: false,
  platformOverride: 'generic', // 6.12.80 "driver core: platform: use generic driver_override infrastructure"
  usbNewId: 'five-field',
  usbIntfAuthorized: true,
  usbDynidsLock: 'mutex', // 6.12.110 "USB: make single lock for all usb dynamic id lists"
  ambaOverride: 'generic', // 6.12.97 "amba: use generic driver_override infrastructure" (not in the 7.1 profile)
  ambaMatch: 'reads-periphid', // mainline 6.0 f2d3b9a46e0e
  matchDefer: 'no-probe', // mainline 6.0; 5.19.8 "driver core: Don't probe devices after bus_type.match() probe deferral"
  spiOverride: 'generic-storage', // 6.12.80 "spi: use generic driver_override infrastructure"
  cssOverride: 'generic', // 6.12.91 "[s390x] cio: use generic driver_override infrastructure"
  apMasks: true, // mainline 2018 7e0bdbe5c21c "s390/zcrypt: AP bus support for alternate driver(s)"
  apOverride: 'absent', // no "s390/ap: Support driver_override for AP queue devices" (6.19) in 6.12.y
  vmbus: 'generic', // 6.12.97 "Drivers: hv: vmbus: use generic driver_override infrastructure"
  cdxBus: 'subsys-class', // mainline 6.7 fa10f413091a "cdx: add sysfs for subsystem, class and revision"
  cdxOverride: 'generic', // 6.12.97 "cdx: use generic driver_override infrastructure" (not in the 7.1 profile)
  fslmcOverride: 'generic', // 6.12.91 "bus: fsl-mc: use generic driver_override infrastructure"
};
const DEB13 = "Debian 13's 6.12.118 changelog";
const C612: Cite = {
  ...C71,
  overrideStore: `${C.storeGeneric}; in 6.12.91 stable ("PCI: use generic driver_override infrastructure")`,
  overrideLock: `${C.lockSpin}; in 6.12.91 stable`,
  hotaddHonoursAutoprobe:
    '6.12.117 pci_bus_add_device: device_attach ignores drivers_autoprobe (ea34511aaf75 is backported, the PCI ' +
    'caller change is not; seen by the oracle on Debian 13)',
  platformOverride: `${C.platformGeneric}; ${DEB13}: 6.12.80, with "driver core: generalize driver_override in struct device"`,
  usbDynidsLock: `${C.usbLockMutex}; ${DEB13}: 6.12.110`,
  ambaOverride:
    '"amba: use generic driver_override infrastructure" (v2 on 7.1-rc1, lore 20260505133935.3772495-1-dakr): ' +
    `${DEB13}: 6.12.97; bus flag, show "(null)\\n" under the spinlock`,
  ambaMatch: `${C.ambaReads}; mainline before 6.12`,
  matchDefer: `${C.deferNoProbe}; ${DEB13}: 5.19.8`,
  spiOverride: `${C.spiGeneric}; ${DEB13}: 6.12.80`,
  cssOverride: `${C.cssGeneric}; ${DEB13}: 6.12.91 ("[s390x] cio: use generic driver_override infrastructure")`,
  apOverride: `${C.apAbsent}; ${DEB13}: no s390/ap driver_override commit (d38a87d7c064 and 81d6f7c3a70b not backported)`,
  vmbus: `${C.vmbusGeneric}; ${DEB13}: 6.12.97`,
  cdxBus: `${C.cdxSubsys}; fa10f413091a pushed to char-misc-next 2023-10-28 (v6.7)`,
  cdxOverride:
    '"cdx: use generic driver_override infrastructure" (d541aa1897f6, v2 on 7.1-rc1): the core attribute on every ' +
    `cdx device; ${DEB13}: 6.12.97 (after 91d44c1afc61's show lock, 6.12.19)`,
  fslmcOverride: `${C.fslmcGeneric}; ${DEB13}: 6.12.91 (after "fix use-after-free in driver_override_show()", 6.12.74)`,
};

// The RFC series sat on a 5.13-rc base: 5.11's new_id dup check, 5.4-5.13 bind, probe errors swallowed.
const QRFC: Quirks = { ...Q511, match: 'rfc-09of11', vfioPciTable: 'rfc-flagged-any', vfioVariants: true };
const CRFC: Cite = { ...C511, match: C.matchRfc, vfioPciTable: C.vfioRfc, vfioVariants: C.variants };

const QRFCREV: Quirks = { ...QRFC, match: 'rfc-09of11-rev' };
const CRFCREV: Cite = { ...CRFC, match: C.matchRfcRev };

// H13(a): the same RFC where new_id's duplicate check is the static pci_match_id (a <=5.10 base).
const QRFC510: Quirks = { ...QRFC, newIdDupCheck: 'pci_match_id' };
const CRFC510: Cite = { ...CRFC, newIdDupCheck: C.dupStatic };

export const PROFILES = [
  profile('3.15', 'before driver_override: dynids and static ids only', 'v3.15', Q315, C315),
  profile('3.16', 'driver_override arrives: override forces a match via pci_device_id_any', 'v3.16', Q316, C316),
  profile(
    '4.4',
    'platform driver_override store and show unlocked (3.17-4.12): two stores free one string twice (CVE-2017-12146)',
    'v4.4',
    Q44,
    C44,
  ),
  profile(
    '5.10',
    'override under device_lock, VF autoprobe gate, new_id EEXIST vs static table only',
    "v5.10 (non-PCI eras: Debian 11's 5.10.262)",
    Q510DEB,
    C510DEB,
  ),
  profile('5.11', 'new_id EEXIST also for existing dynids (pci_match_device dup check)', 'v5.11', Q511, C511),
  profile('5.14', 'bind returns -EBUSY / the probe errno; last era without override_only', 'v5.14', Q514, C514),
  profile('5.15', 'override_only entries; vfio-pci gets a match-all override_only table', 'v5.15', Q515, C515),
  profile('5.19', 'driver_set_override: a "\\0" write stores "" and the device binds to nothing', 'v5.19', Q519, C519),
  profile(
    '6.1',
    'the 5.19 NUL-byte bug fixed (5666a274a6d5); Debian 12',
    "v6.1 (non-PCI eras: Debian 12's 6.1.192)",
    Q61,
    C61,
  ),
  profile(
    '6.12',
    "Debian 13's 6.12.118: stable's generic driver_override on every bus it has (amba, cdx, vmbus too); hot-add ignores drivers_autoprobe",
    'v6.12.118 (Debian 13)',
    Q612,
    C612,
  ),
  profile(
    '7.1',
    'generic driver_override under a spinlock (10a4206a2401); hot-add honours drivers_autoprobe (6.19+)',
    'v7.1 (inferred)',
    Q71,
    C71,
  ),
  profile(
    'rfc-09of11',
    'the 2021 RFC: override binds only flagged entries, no dummy id',
    'v5.13-rc + RFC 09/11',
    QRFC,
    CRFC,
  ),
  profile(
    'rfc-09of11-rev',
    "the RFC thread's second proposal: dynids and the dummy id back, first static hit still flag <=> override",
    'v5.13-rc + RFC 09/11 (13 Jun 2021 proposal)',
    QRFCREV,
    CRFCREV,
  ),
  profile(
    'rfc-09of11-on-5.10',
    'the RFC on a base whose new_id dup check is the static table (H13a)',
    'v5.10 + RFC 09/11',
    QRFC510,
    CRFC510,
  ),
] as const satisfies readonly Profile[];

/** The profiles' names, as a type: '3.15' | '3.16' | … (derived from the table above). */
export type ProfileName = (typeof PROFILES)[number]['name'];

export function findProfile(name: string): Profile | undefined {
  return PROFILES.find((p) => p.name === name);
}

/** The era's pci_match_device. */
export function policyFor(q: Quirks): MatchPolicy {
  switch (q.match) {
    case 'dynid-static':
      return matchDynidStatic;
    case 'override-dummy':
      return matchOverrideDummy;
    case 'override-only':
      return matchOverrideOnly;
    case 'rfc-09of11':
      return matchRfc09of11;
    case 'rfc-09of11-rev':
      return matchRfc09of11Rev;
  }
}

/** Each vmbus era's citation, by the `vmbus` quirk's value (4.10-4.19 has no profile yet; generic: 6.12). */
export const VMBUS_CITATIONS: Readonly<Record<Quirks['vmbus'], string>> = {
  static: C.vmbusStatic,
  dynids: C.vmbusDynids,
  override: C.vmbusOverride,
  generic: C.vmbusGeneric,
};
