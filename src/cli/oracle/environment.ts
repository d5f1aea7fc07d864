// Where the oracle's real kernel comes from: a Debian kernel, its modules, QEMU and a static busybox.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../util/errors.js';

export interface OracleEnv {
  readonly qemu: string;
  readonly kernel: string;
  readonly release: string;
  readonly modules: string;
  readonly busybox: string;
  /** A root QEMU runs in through chroot (the SR-IOV QEMU, src/cli/oracle/sriov-env.ts); `qemu` is inside it. */
  readonly chroot?: string;
}

const SETUP =
  'install it with scripts/oracle-setup.sh (Debian packages qemu-system-x86, linux-image-amd64, busybox-static)';

/** The newest /boot/vmlinuz-* with its /lib/modules tree; a clear one-line error when anything is missing. */
export function findOracleEnv(): OracleEnv {
  const which = (names: string[]): string | null => names.find((p) => existsSync(p)) ?? null;
  const qemu = which(['/usr/bin/qemu-system-x86_64', '/usr/local/bin/qemu-system-x86_64']);
  if (!qemu) throw new UserError('oracle', '', `qemu-system-x86_64 not found: ${SETUP}`);
  const busybox = which(['/bin/busybox', '/usr/bin/busybox']);
  if (!busybox) throw new UserError('oracle', '', `busybox not found: ${SETUP}`);
  const kernels = existsSync('/boot')
    ? readdirSync('/boot')
        .filter((f) => f.startsWith('vmlinuz-'))
        .sort()
    : [];
  const release = kernels
    .map((k) => k.slice('vmlinuz-'.length))
    .reverse()
    .find((r) => existsSync(join('/lib/modules', r, 'modules.dep')));
  if (!release) throw new UserError('oracle', '', `no /boot/vmlinuz-* with its /lib/modules: ${SETUP}`);
  const kernel = join('/boot', `vmlinuz-${release}`);
  try {
    readFileSync(kernel, { flag: 'r' }).subarray(0, 1);
  } catch {
    throw new UserError(kernel, '', 'cannot read the kernel image (run as root, or make it readable)');
  }
  return { qemu, kernel, release, modules: join('/lib/modules', release), busybox };
}

/** The profile a Debian kernel release matches (6.1.x = Debian 12 = our 6.1). */
export function profileForRelease(release: string): string | null {
  const m = /^(\d+)\.(\d+)/.exec(release);
  if (!m) return null;
  return `${m[1]}.${m[2]}` === '6.1' ? '6.1' : null;
}
