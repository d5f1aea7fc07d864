// Positive errno constants for kernel code (kernel style: functions return -ENODEV etc.).
import { ERRNO } from '../util/errno.js';

export const { ENOENT, EIO, ENXIO, EAGAIN, ENOMEM, EACCES, EBUSY, EEXIST, ENODEV, EINVAL, ERANGE, EPROBE_DEFER } =
  ERRNO;
