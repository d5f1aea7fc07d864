// The one shell escaper (export's printf formats, the oracle's echo -e arguments) and the one QEMU rendering.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { shellBytes, shq } from '../../src/report/shell.js';
import { qemuDeviceArg, qemuModel, qmpDeviceAdd, qmpDeviceDel } from '../../src/report/qemu.js';

const NASTY = "vfio-pci\n it's 100% \\ odd\u0000é";

describe('shell words', () => {
  it('printf -- with the printf style writes exactly the bytes; shq quotes any word', () => {
    const out = execFileSync('sh', [
      '-c',
      `printf -- '${shellBytes(NASTY, 'printf')}'; printf '%s' ${shq(NASTY.replace('\u0000', ''))}`,
    ]);
    expect(out).toEqual(Buffer.concat([Buffer.from(NASTY), Buffer.from(NASTY.replace('\u0000', ''))]));
  });

  it('the echo style differs only where busybox echo -e needs it (\\0NNN octal, % kept)', () => {
    expect(shellBytes('a%\n\\', 'echo')).toBe('a%\\0012\\\\');
    expect(shellBytes('a%\n\\', 'printf')).toBe('a%%\\012\\\\');
  });
});

describe('QEMU devices', () => {
  it('one model table, root port and id scheme for export and the oracle', () => {
    expect(qemuModel({ vendor: 0x8086, device: 0x10d3, revision: 0 })).toBe('e1000e');
    expect(qemuModel({ vendor: 0x10ec, device: 0x8139, revision: 0x20 })).toBe('rtl8139');
    expect(qemuModel({ vendor: 0x10ec, device: 0x8139, revision: 0x10 })).toBeNull();
    expect(qemuDeviceArg('e1000e', 2)).toBe('e1000e,bus=rp2,id=dev2,romfile=');
    expect(qmpDeviceAdd('e1000e', 2)).toEqual({
      execute: 'device_add',
      arguments: { driver: 'e1000e', id: 'dev2', bus: 'rp2', romfile: '' },
    });
    expect(qmpDeviceDel(2)).toEqual({ execute: 'device_del', arguments: { id: 'dev2' } });
  });
});
