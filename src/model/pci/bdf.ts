// BDF strings and routing IDs (drivers/pci/iov.c: pci_iov_virtfn_bus / pci_iov_virtfn_devfn).
import type { SriovCap } from '../types.js';

export const BDF_RE = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-1][0-9a-f])\.([0-7])$/;

export function isBdf(s: string): boolean {
  const m = BDF_RE.exec(s);
  return m !== null && parseInt(m[3], 16) < 32;
}

function rid(bdf: string): { domain: string; rid: number } {
  const m = BDF_RE.exec(bdf);
  if (!m) throw new Error(`not a BDF: ${bdf}`);
  return { domain: m[1], rid: (parseInt(m[2], 16) << 8) | (parseInt(m[3], 16) << 3) | parseInt(m[4], 16) };
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** BDF of VF `i` (0-based): RID = PF RID + First VF Offset + i * VF Stride (PCIe SR-IOV spec 3.3.9/3.3.10). */
export function vfBdf(pfBdf: string, cap: SriovCap, i: number): string {
  const { domain, rid: pfRid } = rid(pfBdf);
  const r = pfRid + cap.vf_offset + i * cap.vf_stride;
  return `${domain}:${hex((r >> 8) & 0xff, 2)}:${hex((r >> 3) & 0x1f, 2)}.${r & 7}`;
}

/** Sort key for rescan order (pci_scan_child_bus walks devfn in ascending order per bus). */
export function bdfKey(bdf: string): number {
  const { domain, rid: r } = rid(bdf);
  return parseInt(domain, 16) * 65536 + r;
}
