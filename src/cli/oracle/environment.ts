// Where the oracle's real kernel comes from: the installed Debian kernel, or `--kernel` (a Debian release fetched
// with apt, a .deb, a vmlinuz with its modules), its modules, QEMU and a static busybox.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../util/errors.js';
import { debianRelease, seriesOf } from '../../oracle/releases.js';
import { debianKernel, debKernel, imageKernel, type KernelTree } from './kernels.js';

export interface OracleEnv extends KernelTree {
  readonly qemu: string;
  readonly busybox: string;
  /** A root QEMU runs in through chroot (the SR-IOV QEMU, src/cli/oracle/sriov-env.ts); `qemu` is inside it. */
  readonly chroot?: string;
}

const SETUP =
  'install it with scripts/oracle-setup.sh (Debian packages qemu-system-x86, linux-image-amd64, busybox-static)';

/** The newest /boot/vmlinuz-* with its /lib/modules tree, or null. */
function installedKernel(): KernelTree | null {
  const kernels = existsSync('/boot')
    ? readdirSync('/boot')
        .filter((f) => f.startsWith('vmlinuz-'))
        .sort()
    : [];
  const release = kernels
    .map((k) => k.slice('vmlinuz-'.length))
    .reverse()
    .find((r) => existsSync(join('/lib/modules', r, 'kernel')));
  return release
    ? { kernel: join('/boot', `vmlinuz-${release}`), release, modules: join('/lib/modules', release) }
    : null;
}

/** The kernel `--kernel` names: a Debian series (the installed one if it is that series), a .deb, or a vmlinuz. */
function kernelFor(arg: string | undefined): KernelTree {
  if (arg === undefined) {
    const k = installedKernel();
    if (!k)
      throw new UserError(
        'oracle',
        '',
        `no /boot/vmlinuz-* with its /lib/modules: ${SETUP}, or name one with --kernel`,
      );
    return k;
  }
  if (/^\d+\.\d+$/.test(arg)) {
    const installed = installedKernel();
    if (installed && debianRelease(arg) && seriesOf(installed.release) === arg) return installed;
    return debianKernel(arg);
  }
  if (arg.endsWith('.deb')) return debKernel(arg);
  if (!existsSync(arg))
    throw new UserError(arg, '', 'no such file (--kernel takes 5.10, 6.1, 6.12, a .deb or a vmlinuz)');
  return imageKernel(arg);
}

/** QEMU, busybox and the kernel; a clear one-line error when anything is missing. */
export function findOracleEnv(kernelArg?: string): OracleEnv {
  const which = (names: string[]): string | null => names.find((p) => existsSync(p)) ?? null;
  const qemu = which(['/usr/bin/qemu-system-x86_64', '/usr/local/bin/qemu-system-x86_64']);
  if (!qemu) throw new UserError('oracle', '', `qemu-system-x86_64 not found: ${SETUP}`);
  const busybox = which(['/bin/busybox', '/usr/bin/busybox']);
  if (!busybox) throw new UserError('oracle', '', `busybox not found: ${SETUP}`);
  const tree = kernelFor(kernelArg);
  try {
    readFileSync(tree.kernel, { flag: 'r' }).subarray(0, 1);
  } catch {
    throw new UserError(tree.kernel, '', 'cannot read the kernel image (run as root, or make it readable)');
  }
  return { qemu, busybox, ...tree };
}
