// The oracle's SR-IOV QEMU: Debian 13's qemu-system-x86 (QEMU 8.0+ has `igb`, an 82576 PF with real VFs) in the
// Debian 13 root scripts/oracle-sriov-setup.sh makes, run through chroot with the host's Debian kernel.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { OracleEnv } from './environment.js';
import { UserError } from '../../util/errors.js';

/** Where the setup script keeps the root ($HOTPLUG_FUZZ_CACHE, else ~/.cache/hotplug-fuzz). */
export function sriovRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.HOTPLUG_FUZZ_CACHE || join(homedir(), '.cache', 'hotplug-fuzz'), 'sriov', 'trixie-root');
}

/** `base` with the chrooted Debian 13 QEMU, or null when the root is not set up. */
export function findSriovEnv(base: OracleEnv, root = sriovRoot()): OracleEnv | null {
  const qemu = '/usr/bin/qemu-system-x86_64';
  if (!existsSync(join(root, qemu)) || !existsSync(join(root, '/usr/bin/qemu-img'))) return null;
  return { ...base, qemu, chroot: root };
}

/** The SR-IOV environment, or a one-line error saying how to make it. */
export function requireSriovEnv(base: OracleEnv): OracleEnv {
  const env = findSriovEnv(base);
  if (env === null)
    throw new UserError(
      '--sriov',
      '',
      `no Debian 13 QEMU at ${sriovRoot()}: run scripts/oracle-sriov-setup.sh (as root) to make it`,
    );
  return env;
}
