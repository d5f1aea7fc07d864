// Linux errno values (include/uapi/asm-generic/errno-base.h, errno.h; EPROBE_DEFER from include/linux/errno.h).
export const ERRNO: Readonly<Record<string, number>> = Object.freeze({
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  ENXIO: 6,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  EINVAL: 22,
  ENOSPC: 28,
  ERANGE: 34,
  EPROBE_DEFER: 517,
});

const NAMES = new Map(Object.entries(ERRNO).map(([k, v]) => [v, k]));

/** "-EEXIST" for -17; "-E<n>" for an errno without a name here. */
export function errnoName(n: number): string {
  const name = NAMES.get(Math.abs(n));
  return name ? `-${name}` : `-E${Math.abs(n)}`;
}
