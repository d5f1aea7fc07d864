// The snapshot of a QEMU guest running the real kernel: its /sys, /proc and /etc attributes are dumped over
// the command channel (busybox sh) and read back as a HostView; /lib/modules comes from the host's copy the
// initramfs was built from (the same files, too large for the serial line).
import { mapView, type HostView } from '../snapshot/index.js';
import { fsHostView } from './host-view.js';

const ATTRS = [
  'vendor',
  'device',
  'subsystem_vendor',
  'subsystem_device',
  'class',
  'revision',
  'driver_override',
  'sriov_totalvfs',
  'sriov_numvfs',
  'sriov_vf_device',
  'sriov_offset',
  'sriov_stride',
  'sriov_drivers_autoprobe',
];

/** One shell line: "@@F path" + the file, "@@L path target" for symlinks, "@@H dir xx" for the header-type byte. */
export const DUMP_SCRIPT = [
  'for f in /proc/sys/kernel/osrelease /proc/sys/kernel/hostname /proc/cmdline /proc/modules /sys/bus/pci/drivers_autoprobe' +
    ' /etc/driverctl.d/* /etc/modprobe.d/*; do [ -f "$f" ] && { echo "@@F $f"; cat "$f"; }; done',
  `for d in /sys/bus/pci/devices/*; do for f in ${ATTRS.join(' ')}; do [ -f $d/$f ] && { echo "@@F $d/$f"; cat $d/$f; }; done;` +
    ' for l in driver iommu_group physfn; do [ -L $d/$l ] && echo "@@L $d/$l $(readlink $d/$l)"; done;' +
    ' echo "@@H $d $(dd if=$d/config bs=1 skip=14 count=1 2>/dev/null | od -An -tx1)"; done',
  'for d in /sys/bus/pci/drivers/*; do echo "@@F $d/bind"; [ -L $d/module ] && echo "@@L $d/module $(readlink $d/module)"; done',
  'for s in /sys/bus/pci/slots/*; do [ -f $s/address ] && { echo "@@F $s/address"; cat $s/address; };' +
    ' [ -f $s/power ] && echo "@@F $s/power"; done',
  'echo @@END',
].join('; ');

/** The dump as files: a header's content is every following line up to the next "@@" line. */
export function parseDump(text: string): Record<string, string | { link: string }> {
  const files: Record<string, string | { link: string }> = {};
  let cur: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const m = /^@@([FLH]) (\S+)(?: (.*))?$/.exec(line);
    if (m === null) {
      if (line.startsWith('@@')) cur = null;
      else if (cur !== null) files[cur] += `${line}\n`;
      continue;
    }
    cur = null;
    if (m[1] === 'F') files[(cur = m[2])] = '';
    else if (m[1] === 'L') files[m[2]] = { link: (m[3] ?? '').trim() };
    else if (/^[0-9a-f]{2}$/.test((m[3] ?? '').trim()))
      // Only byte 0x0e (PCI_HEADER_TYPE) is read from config: pad the bytes before it.
      files[`${m[2]}/config`] = '\0'.repeat(14) + String.fromCharCode(parseInt(m[3]!.trim(), 16));
  }
  // Kernel messages can interleave with /proc/modules on the console: keep only its own lines.
  if (typeof files['/proc/modules'] === 'string')
    files['/proc/modules'] = files['/proc/modules']
      .split('\n')
      .filter((l) => /^\S+ \d+ \d+ /.test(l))
      .join('\n');
  return files;
}

/** The dumped guest, with /lib/modules/<release> read from the host tree the initramfs copied. */
export function guestView(dump: string, modulesRoot = '/'): HostView {
  const guest = mapView(parseDump(dump));
  const host = fsHostView(modulesRoot);
  const lib = (p: string): boolean => p.startsWith('/lib/modules/');
  return {
    read: (p) => (lib(p) ? host.read(p) : guest.read(p)),
    list: (p) => (lib(p) ? host.list(p) : guest.list(p)),
    link: (p) => (lib(p) ? host.link(p) : guest.link(p)),
  };
}
