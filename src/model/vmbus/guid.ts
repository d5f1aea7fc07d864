// lib/uuid.c guid_parse (uuid_le_to_bin before 4.13's guid_t) and the class GUIDs of include/linux/hyperv.h.

/** UUID_STRING_LEN: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". */
const UUID_STRING_LEN = 36;
const isxdigit = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);

/**
 * uuid_is_valid + guid_parse: the first 36 bytes must be hex digits with '-' at 8, 13, 18 and 23; whatever follows
 * (echo's "\n", anything) is never looked at. Braces, a short string or a NUL inside fail: null (-EINVAL).
 * The GUID is kept as its canonical lower-case text (guid_equal compares the 16 bytes, so case does not matter).
 */
export function guid_parse(buf: string): string | null {
  for (let i = 0; i < UUID_STRING_LEN; i++) {
    const c = buf[i] ?? '\0';
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== '-') return null;
    } else if (!isxdigit(c)) return null;
  }
  return buf.slice(0, UUID_STRING_LEN).toLowerCase();
}

/** HV_NIC_GUID {f8615163-df3e-46c5-913f-f2d2f965ed0e}: hv_netvsc's id_table, the GUID DPDK writes to new_id. */
export const HV_NIC_GUID = 'f8615163-df3e-46c5-913f-f2d2f965ed0e';
/** HV_SCSI_GUID {ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}: storvsc. */
export const HV_SCSI_GUID = 'ba6163d9-04a1-4d29-b605-72e2ffb1dc7f';
/** HV_FCOPY_GUID {34d14be3-dee4-41c8-9ae7-6b174977c192}: the fcopy daemon's channel (uio_hv_generic via new_id). */
export const HV_FCOPY_GUID = '34d14be3-dee4-41c8-9ae7-6b174977c192';
