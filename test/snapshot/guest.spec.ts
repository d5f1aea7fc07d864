// The real-kernel check: a snapshot of the oracle's QEMU guest (Debian's 6.1) boots in the model to the
// guest's own bindings, device by device, after boot and after a driverctl-style override.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { findOracleEnv } from '../../src/cli/oracle/environment.js';
import { buildInitramfs } from '../../src/cli/oracle/initramfs.js';
import { Guest } from '../../src/cli/oracle/guest.js';
import { DUMP_SCRIPT, guestView, parseDump } from '../../src/cli/snapshot-guest.js';
import { checkSnapshot, snapshotHost } from '../../src/snapshot/index.js';

const hasQemu =
  existsSync('/usr/bin/qemu-system-x86_64') &&
  existsSync('/boot') &&
  readdirSync('/boot').some((f) => f.startsWith('vmlinuz-'));

describe('the guest dump', () => {
  it('reads files, links and the header-type byte back, dropping console noise from /proc/modules', () => {
    const files = parseDump(
      [
        '@@F /proc/modules',
        'e1000e 323584 0 - Live 0x0',
        '[   12.3] e1000e 0000:01:00.0 eth0: registered',
        '@@F /sys/bus/pci/devices/0000:01:00.0/vendor',
        '0x8086',
        '@@L /sys/bus/pci/devices/0000:01:00.0/driver ../../../bus/pci/drivers/e1000e',
        '@@H /sys/bus/pci/devices/0000:00:02.0  01',
        '@@END',
      ].join('\r\n'),
    );
    expect(files['/proc/modules']).toBe('e1000e 323584 0 - Live 0x0');
    expect(files['/sys/bus/pci/devices/0000:01:00.0/vendor']).toBe('0x8086\n');
    expect(files['/sys/bus/pci/devices/0000:01:00.0/driver']).toEqual({ link: '../../../bus/pci/drivers/e1000e' });
    expect((files['/sys/bus/pci/devices/0000:00:02.0/config'] as string).charCodeAt(14)).toBe(1);
  });
});

describe.skipIf(!hasQemu)(
  `a snapshot of the real kernel's guest${hasQemu ? '' : ' (skipped: scripts/oracle-setup.sh installs QEMU and a Debian kernel)'}`,
  () => {
    it('boots in the model to the guest bindings, after boot and after a driverctl-style override', async () => {
      const env = findOracleEnv();
      const devices = [
        { port: 1, model: 'e1000e', present: true },
        { port: 2, model: 'e1000e', present: true },
        { port: 3, model: 'e1000', present: true },
      ];
      const { guest } = await Guest.boot(env, buildInitramfs(env), devices, true);
      try {
        const run = async (cmd: string): Promise<string> => {
          const r = await guest.sh(cmd, 60_000);
          expect(r.status).toBe(0);
          return r.out;
        };
        await run('modprobe e1000; modprobe e1000e; modprobe vfio-pci');
        const first = snapshotHost(guestView(await run(DUMP_SCRIPT)));
        // The release as the guest's own uname reports it.
        expect(first.release).toBe((await run('uname -r')).trim());
        expect(first.profile).toBe('6.1');
        expect(first.bindings).toMatchObject({
          '0000:01:00.0': 'e1000e',
          '0000:02:00.0': 'e1000e',
          '0000:03:00.0': 'e1000',
        });
        const c1 = checkSnapshot(first.scenario, first.bindings, '6.1');
        expect(c1.filter((c) => c.model !== c.host)).toEqual([]);
        expect(c1.length).toBeGreaterThan(6); // the root ports and q35's own functions are compared too

        // What `driverctl set-override 0000:02:00.0 vfio-pci` leaves: the saved file, the override, the binding.
        const D = '/sys/bus/pci/devices/0000:02:00.0';
        await run(
          'mkdir -p /etc/driverctl.d && echo vfio-pci > /etc/driverctl.d/pci-0000:02:00.0 && ' +
            `echo 0000:02:00.0 > ${D}/driver/unbind && echo vfio-pci > ${D}/driver_override && ` +
            'echo 0000:02:00.0 > /sys/bus/pci/drivers_probe',
        );
        const second = snapshotHost(guestView(await run(DUMP_SCRIPT)));
        expect(second.bindings['0000:02:00.0']).toBe('vfio-pci');
        expect(checkSnapshot(second.scenario, second.bindings, '6.1').filter((c) => c.model !== c.host)).toEqual([]);
        expect(second.scenario.udev).toEqual([
          expect.objectContaining({ name: 'driverctl-pci-0000:02:00.0', match: { bdf: '0000:02:00.0' } }),
        ]);

        // The vfio.rst recipe on the twin: new_id leaves no trace in sysfs; the snapshot infers it and the order.
        await run(
          'echo 0000:01:00.0 > /sys/bus/pci/drivers/e1000e/unbind && echo 8086 10d3 > /sys/bus/pci/drivers/vfio-pci/new_id',
        );
        const third = snapshotHost(guestView(await run(DUMP_SCRIPT)));
        expect(third.bindings['0000:01:00.0']).toBe('vfio-pci');
        expect(checkSnapshot(third.scenario, third.bindings, '6.1').filter((c) => c.model !== c.host)).toEqual([]);
        const notes = third.inferred.join('\n');
        expect(notes).toMatch(/vfio-pci holds 8086:10d3 without driver_override or ids=: a new_id write put it there/);
        expect(notes).toMatch(/inferred from the bindings: .*vfio-pci, e1000e/);
      } finally {
        guest.close();
      }
    }, 240_000);
  },
);
