// vfio-platform's probe (drivers/vfio/platform/vfio_platform_common.c, vfio_platform_probe_common / _init_common):
// a device needs a reset handler for its first OF compatible (or an ACPI _RST) unless reset_required=0; buses.md §3.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/scenario/load.js';
import { findProfile } from '../../../src/profiles/index.js';
import { runScenario } from '../../../src/exec/run.js';
import { resetRequired } from '../../../src/model/platform/vfio-platform.js';

const PD = '/sys/bus/platform';
/** One device moved to vfio-platform by override + bind; `params` are vfio-platform's module options. */
function bindToVfio(device: object, params: string, profile: string) {
  const name = (device as { name: string }).name;
  const s = parseScenario(
    JSON.stringify({
      scenario: 1,
      name: 'vfio-platform-reset',
      drivers: [{ name: 'vfio-platform', bus: 'platform', loaded: false }],
      devices: [{ bus: 'platform', ...device }],
      actors: [
        {
          name: 'admin',
          ops: [
            { modprobe: 'vfio-platform', params },
            { write: `${PD}/devices/${name}/driver_override`, value: 'vfio-platform' },
            { write: `${PD}/drivers/vfio-platform/bind`, value: name },
          ],
        },
      ],
    }),
    's.json',
  );
  const r = runScenario(s, findProfile(profile)!);
  return { bind: r.ops[2].result, bound: r.bindings[name], notes: r.trace.flatMap((t) => t.notes) };
}

describe('vfio-platform refuses a device without a reset handler unless reset_required=0', () => {
  const pl330 = { name: 'fe000000.dma', of_compatible: ['arm,pl330', 'arm,primecell'] };

  it('a compatible without a registered reset handler: -ENOENT from bind (6.1, probe errors returned since 5.14)', () => {
    const r = bindToVfio(pl330, '', '6.1');
    expect(r.bind).toBe('-ENOENT');
    expect(r.bound).toBeNull();
    expect(r.notes).toContain('No reset function found for device fe000000.dma');
  });

  it('reset_required=0 (modprobe vfio-platform reset_required=0) lets it bind', () => {
    for (const v of ['0', 'n', 'N', 'off'])
      expect(bindToVfio(pl330, `reset_required=${v}`, '6.1').bound, v).toBe('vfio-platform');
    expect(bindToVfio(pl330, 'reset_required=1', '6.1').bound).toBeNull();
  });

  it('the compatibles of drivers/vfio/platform/reset/ bind; only the first compatible string is looked up', () => {
    for (const c of ['calxeda,hb-xgmac', 'amd,xgbe-seattle-v1a', 'brcm,iproc-flexrm-mbox'])
      expect(bindToVfio({ name: 'd', of_compatible: [c] }, '', '6.1').bound, c).toBe('vfio-platform');
    expect(
      bindToVfio({ name: 'd', of_compatible: ['vendor,other', 'amd,xgbe-seattle-v1a'] }, '', '6.1').bound,
    ).toBeNull();
  });

  it('an ACPI device passes (its _RST method is not in the format); neither ACPI nor "compatible" is -EINVAL', () => {
    expect(bindToVfio({ name: 'AMDI8001:00', acpi_ids: ['AMDI8001'] }, '', '6.1').bound).toBe('vfio-platform');
    expect(bindToVfio({ name: 'serial8250' }, 'reset_required=0', '6.1').bind).toBe('-EINVAL');
  });

  it('before 5.14 really_probe swallowed the error: the bind write reports success and nothing binds (5.10)', () => {
    const r = bindToVfio(pl330, '', '5.10');
    expect(r.bound).toBeNull();
    expect(r.notes).toContain('No reset function found for device fe000000.dma');
  });

  it('reset_required is a bool module parameter (param_set_bool: kstrtobool), default 1', () => {
    expect(resetRequired('')).toBe(true);
    expect(resetRequired('foo=1 reset_required=0')).toBe(false);
    expect(resetRequired('reset_required=Y')).toBe(true);
  });
});
