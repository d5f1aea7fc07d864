// The deterministic hazards of shared/kernel/hazards.md, asserted per profile on the shipped scenarios.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../src/scenario/load.js';
import { findDriver } from '../../src/model/catalogue/index.js';
import { findProfile, PROFILES } from '../../src/profiles/index.js';
import { runScenario, type RunResult } from '../../src/exec/run.js';
import { checkExecution, contextFor } from '../../properties/index.js';
import { bootScenario } from '../../src/exec/run.js';
import { explore } from '../../src/explore/dpor.js';
import { fuzz } from '../../src/index.js';
import { fuzzScenario } from '../../src/campaign/fuzz.js';
import { runCampaign } from '../../src/campaign/campaign.js';
import { loadScenario } from '../../src/cli/io.js';

const DIR = join(__dirname, '../../corpus/scenarios');
const load = (name: string) => parseScenario(readFileSync(join(DIR, `${name}.json`), 'utf8'), name, (n) => findDriver(n) !== undefined);
const runOn = (name: string, profile: string): RunResult => runScenario(load(name), findProfile(profile)!);
const A = '0000:01:00.0';
const B = '0000:02:00.0';
const C = '0000:03:00.0';
const ALL = PROFILES.map((p) => p.name);
const violated = (name: string, profile: string): string[] => {
  const b = bootScenario(load(name), findProfile(profile)!);
  return checkExecution(b.scenario, runOn(name, profile), contextFor(b)).map((v) => v.property);
};

describe('corpus/scenarios', () => {
  it('every shipped scenario loads and runs to completion on every profile', () => {
    for (const f of readdirSync(DIR).filter((n) => n.endsWith('.json'))) {
      for (const p of ALL) expect(runOn(f.replace(/\.json$/, ''), p).status, `${f} ${p}`).toBe('done');
    }
  });

  it.each(ALL)('H2 (%s): new_id captures the twin left unbound: no-collateral', (p) => {
    expect(runOn('h02-new-id-captures-unbound-twins', p).bindings).toEqual({ [A]: 'pci-stub', [B]: 'pci-stub', [C]: 'e1000' });
    expect(violated('h02-new-id-captures-unbound-twins', p)).toEqual(['no-collateral']);
  });

  it.each(ALL)('H3 (%s): after remove_id the captured twin is still on pci-stub', (p) => {
    const r = runOn('h03-remove-id-does-not-undo-capture', p);
    expect(r.ops.map((o) => o.result)).toEqual(['ok', 'ok', 'ok', 'ok', 'pci-stub']);
    expect(r.bindings[B]).toBe('pci-stub');
  });

  it.each(ALL)('H5 (%s): the hot-added twin follows registration order, and reloading e1000e flips it', (p) => {
    expect(runOn('h05-registration-order-decides', p).bindings).toEqual({ [A]: 'e1000e', [B]: 'e1000e', [C]: 'pci-stub' });
  });

  it('H7: override to an unloaded driver: every write succeeds, the device ends unbound (3.16+); 3.15 has no override file', () => {
    for (const p of ALL.filter((x) => x !== '3.15')) {
      const r = runOn('h07-override-to-unloaded-driver', p);
      expect(r.ops.map((o) => o.result), p).toEqual(['ok', 'ok', 'ok']);
      expect(r.bindings[A], p).toBeNull();
      expect(violated('h07-override-to-unloaded-driver', p), p).toEqual(['intent', 'error-visible']);
    }
    const old = runOn('h07-override-to-unloaded-driver', '3.15');
    expect(old.ops[0].result).toBe('-EACCES'); // no driver_override file: `echo >` creates, kernfs refuses
    expect(old.bindings[A]).toBe('e1000e');
  });

  it('H9: only 5.19 stores "" for the NUL byte and leaves the device unbindable', () => {
    const bad = runOn('h09-nul-byte-override-519', '5.19');
    expect(bad.bindings[A]).toBeNull();
    expect(bad.ops[6].result).toBe('\n');
    for (const p of ['5.15', '6.1', '7.1', '3.16']) {
      const r = runOn('h09-nul-byte-override-519', p);
      expect(r.bindings[A], p).toBe('e1000e');
      expect(r.ops[6].result, p).toBe('(null)\n');
    }
  });

  it.each(ALL.filter((p) => p !== '3.15'))('H10 (%s): override while bound changes nothing and every write succeeds', (p) => {
    const r = runOn('h10-override-while-bound', p);
    expect(r.ops.map((o) => o.result)).toEqual(['ok', 'ok']);
    expect(r.bindings[A]).toBe('e1000e');
  });

  it('H11: the RFC leaves the device unbound where mainline binds pci-stub via the dummy id', () => {
    for (const p of ['3.16', '5.14', '5.15', '6.1', 'rfc-09of11-rev']) expect(runOn('h11-rfc-breaks-pci-stub-override', p).bindings[A], p).toBe('pci-stub');
    expect(runOn('h11-rfc-breaks-pci-stub-override', 'rfc-09of11').bindings[A]).toBeNull();
    expect(violated('h11-rfc-breaks-pci-stub-override', 'rfc-09of11')).toEqual(['intent', 'error-visible']);
    expect(violated('h11-rfc-breaks-pci-stub-override', '5.14')).toEqual(['override-in-table']);
  });

  it('H12: the RFC breaks driverctl to a driver without flagged entries but keeps vfio-pci (flagged) working', () => {
    expect(runOn('h12-rfc-breaks-driverctl-arbitrary-override', '5.14').bindings).toEqual({ [A]: 'e1000e-oot', [B]: 'vfio-pci' });
    expect(runOn('h12-rfc-breaks-driverctl-arbitrary-override', 'rfc-09of11').bindings).toEqual({ [A]: null, [B]: 'vfio-pci' });
    // The second proposal's residual anti-match: an unflagged static hit with an override set is still refused.
    expect(runOn('h12-rfc-breaks-driverctl-arbitrary-override', 'rfc-09of11-rev').bindings).toEqual({ [A]: null, [B]: 'vfio-pci' });
  });

  it('H13a: new_id on vfio-pci is -EEXIST only where the RFC meets the static dup check', () => {
    const eexist = runOn('h13a-rfc-new-id-eexist-for-vfio-pci', 'rfc-09of11-on-5.10');
    expect(eexist.ops.map((o) => o.result)).toEqual(['ok', '-EEXIST']);
    expect(eexist.bindings[A]).toBeNull();
    for (const p of ['5.10', '5.14', '6.1', 'rfc-09of11']) expect(runOn('h13a-rfc-new-id-eexist-for-vfio-pci', p).bindings[A], p).toBe('vfio-pci');
  });

  it('H13b: an unflagged dynid plus driver_override=vfio-pci cannot bind under the RFC', () => {
    expect(runOn('h13b-rfc-dynid-plus-override', '5.14').bindings[A]).toBe('vfio-pci');
    expect(runOn('h13b-rfc-dynid-plus-override', '6.1').bindings[A]).toBe('vfio-pci');
    expect(runOn('h13b-rfc-dynid-plus-override', 'rfc-09of11').bindings[A]).toBeNull();
  });

  it('H14: under the RFC new_id still reaches what override no longer can', () => {
    expect(runOn('h14-rfc-new-id-still-a-hole', 'rfc-09of11').bindings).toEqual({ [A]: 'pci-stub', [B]: null });
    expect(runOn('h14-rfc-new-id-still-a-hole', '5.14').bindings).toEqual({ [A]: 'pci-stub', [B]: 'pci-stub' });
  });

  it('H15: the override_only variant driver binds only with driver_override, 5.18+ (5.19 profile); before it does not exist', () => {
    for (const p of ['5.19', '6.1', '7.1']) expect(runOn('h15-override-only-variant-driver', p).bindings, p).toEqual(
        { '0000:05:00.0': 'mlx5_core', '0000:06:00.0': 'mlx5_vfio_pci' });
    for (const p of ['5.14', '5.15']) expect(runOn('h15-override-only-variant-driver', p).bindings['0000:06:00.0'], p).toBeNull();
  });

  it('H19: driver_override=vfio_pci (the module\'s spelling) matches no driver: strcmp with "vfio-pci" (3.16+); 3.15 has no override file', () => {
    const h19 = 'h19-override-module-spelling-matches-nothing';
    for (const p of ALL.filter((x) => x !== '3.15')) {
      const r = runOn(h19, p);
      // A: drivers_probe reports success and leaves it unbound; B: bind through drivers/vfio-pci is refused.
      expect(r.ops.map((o) => o.result), p).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', '-ENODEV']);
      expect(r.bindings, p).toEqual({ [A]: null, [B]: null });
      expect(violated(h19, p), p).toEqual(['intent', 'error-visible']); // only A's admin was told nothing
    }
    const old = runOn(h19, '3.15');
    expect(old.ops.map((o) => o.result)).toEqual(['-EACCES', 'ok', 'ok', '-EACCES', 'ok', '-ENODEV']);
    expect(old.bindings).toEqual({ [A]: 'e1000e', [B]: null });
    expect(violated(h19, '3.15')).toEqual([]);
  });

  it('H1: the new_id window against a hot-added twin has two outcomes on every profile', () => {
    for (const p of ALL) {
      const x = explore(bootScenario(load('h01-new-id-captures-hot-added-twin'), findProfile(p)!));
      expect(x.complete, p).toBe(true);
      expect(x.outcomes.map((o) => o.result.bindings[B]).sort(), p).toEqual(['e1000e', 'pci-stub']);
    }
  });

  it.each([
    ['h06-driverctl-unbind-window', A, ['e1000e', 'vfio-pci']],
    ['h08-dpdk-devbind-bind-after-override', A, ['e1000e', 'vfio-pci']],
    ['h16-hot-add-window-before-override', B, ['e1000e', 'vfio-pci']],
    ['h17-host-module-load-in-tool-window', A, ['e1000e', 'vfio-pci']],
    ['h18-two-tools-two-twins', B, ['pci-stub', 'vfio-pci']],
  ])('%s: explore shows the window (both outcomes for %s) on 3.16, 6.1 and 7.1', (name, bdf, drivers) => {
    for (const p of ['3.16', '6.1', '7.1']) {
      const x = explore(bootScenario(load(name), findProfile(p)!));
      expect(x.complete, p).toBe(true);
      expect([...new Set(x.outcomes.map((o) => o.result.bindings[bdf]))].sort(), p).toEqual(drivers);
    }
  });
  const UART = '9000000.pl011';
  it('H28: an amba override written while the clock is not up races the deferred probe (6.0+); before 6.0 the device is not there', () => {
    const h28 = 'h28-amba-override-while-deferred';
    for (const p of ['6.1', '7.1']) {
      const b = bootScenario(load(h28), findProfile(p)!);
      const x = explore(b);
      expect(x.complete, p).toBe(true);
      expect([...new Set(x.outcomes.map((o) => o.result.bindings[UART]))].sort(), p).toEqual(['uart-pl011', 'vfio-amba']);
      const found = fuzzScenario(b, { scheduler: 'fc', seed: '1', runs: 300, depth: 2 }).findings.map((f) => f.property);
      expect(found, p).toEqual(expect.arrayContaining(['intent', 'error-visible', 'deterministic']));
    }
    // FIFO: the admin writes first, drivers_probe fails (-EINVAL: the match deferred), the clock's probe binds vfio-amba.
    expect(runOn(h28, '6.1').ops.map((o) => o.result)).toEqual(['ok', '-EINVAL', 'ok']);
    expect(runOn(h28, '6.1').bindings[UART]).toBe('vfio-amba');
    for (const p of ['5.10', '5.15']) {
      const r = runOn(h28, p); // amba_device_try_add deferred it: no directory, no device for drivers_probe
      expect(r.ops.map((o) => o.result), p).toEqual(['-ENOENT', '-ENODEV', 'ok']);
      expect(violated(h28, p), p).toEqual([]);
    }
  });

  it('H29: while the ID registers do not read, bind takes -EPROBE_DEFER as a match and ignores driver_override (6.0+)', () => {
    const h29 = 'h29-amba-bind-ignores-override-while-deferred';
    for (const p of ['6.1', '7.1']) {
      const r = runOn(h29, p);
      expect(r.ops.map((o) => o.result), p).toEqual(['ok', 'ok', 'vfio-amba\n']);
      expect(r.bindings[UART], p).toBe('uart-pl011');
      expect(violated(h29, p), p).toEqual(expect.arrayContaining(['override-exclusive', 'match-sound']));
      const b = bootScenario(load(h29), findProfile(p)!);
      const found = fuzzScenario(b, { scheduler: 'fc', seed: '1', runs: 20, depth: 2 }).findings.map((f) => f.property);
      expect(found, p).toContain('override-exclusive');
    }
    expect(runOn(h29, '5.10').ops.map((o) => o.result)).toEqual(['-ENOENT', '-ENODEV', '-ENOENT']);
  });

  it('H30: a NUL write keeps "" as spi\'s override from 4.20 to 5.19 and reads back "\\n" like an unset one', () => {
    const h30 = 'h30-spi-nul-override-reads-unset';
    for (const p of ['5.10', '5.15', '5.19']) {
      const r = runOn(h30, p);
      expect(r.bindings['spi0.0'], p).toBeNull();
      expect(r.ops[6].result, p).toBe('\n');
      expect(violated(h30, p), p).toEqual(expect.arrayContaining(['intent', 'error-visible']));
    }
    for (const p of ['6.1', '7.1']) {
      const r = runOn(h30, p);
      expect([r.bindings['spi0.0'], r.ops[6].result], p).toEqual(['mcp320x', '\n']);
    }
    expect(runOn(h30, '3.16').ops[0].result).toBe('-EACCES'); // no spi driver_override before 4.20
  });

  it('H31: the css override filters: vfio_ccw named on a CHSC subchannel binds nothing, every write succeeds (5.3+)', () => {
    const h31 = 'h31-css-override-filter-refuses';
    for (const p of ['5.10', '6.1', '7.1']) {
      const r = runOn(h31, p);
      expect(r.ops.every((o) => o.result === 'ok'), p).toBe(true);
      expect(r.bindings, p).toEqual({ '0.0.ff00': null, '0.0.0100': 'vfio_ccw' });
      expect(violated(h31, p), p).toEqual(['intent', 'error-visible']);
    }
    expect(runOn(h31, '3.16').bindings).toEqual({ '0.0.ff00': 'chsc_subchannel', '0.0.0100': 'io_subchannel' });
  });

  const H32 = 'h32-ap-driverctl-override-vs-apmask';
  const withApOverride = ALL.filter((x) => findProfile(x)!.quirks.apOverride !== 'absent');
  it('H32 (ap, 6.19+): driverctl -b ap and an apmask write exclude each other; whichever takes ap_attr_mutex first wins', () => {
    expect(withApOverride).toEqual(['7.1']); // d38a87d7c064 is 6.19: not in Debian's 6.12
    // FIFO: driverctl's override first, so the apmask write is refused and card 06 stays with zcrypt.
    const fifo = runOn(H32, '7.1');
    expect(fifo.ops.map((o) => o.result)).toEqual(['ok', '-EINVAL']);
    expect(fifo.bindings).toEqual({ '05.0032': 'vfio_ap', '06.0032': 'cex4queue' });
    expect(violated(H32, '7.1')).toEqual([]); // the refusal is visible
    const x = explore(bootScenario(load(H32), findProfile('7.1')!));
    expect(x.complete).toBe(true);
    const ends = x.outcomes.map((o) => o.result);
    expect(ends.map((r) => r.bindings['05.0032']).sort()).toEqual(['cex4queue', 'vfio_ap']);
    // The mask write first: driverctl's driver_override write is -EINVAL, which it only prints; drivers_probe gives
    // the queue back to cex4queue and driverctl exits 0.
    const lost = ends.find((r) => r.bindings['05.0032'] === 'cex4queue')!;
    expect(lost.bindings['06.0032']).toBe('vfio_ap');
    expect(lost.ops.map((o) => o.result)).toEqual([
      'exit 0: echo: write error: /sys/bus/ap/devices/05.0032/driver_override',
      'ok',
    ]);
    const found = fuzzScenario(bootScenario(load(H32), findProfile('7.1')!), { scheduler: 'fc', seed: '1', runs: 300, depth: 2 });
    expect([...new Set(found.findings.map((f) => f.property))]).toEqual(['deterministic']);
  }, 60_000);

  it('H32: without ap driver_override (before 6.19) driverctl stops at once; the apmask write works where masks exist', () => {
    for (const p of ALL.filter((x) => !withApOverride.includes(x))) {
      const masks = findProfile(p)!.quirks.apMasks; // 7e0bdbe5c21c (2018): not on 3.15, 3.16, 4.4
      const r = runOn(H32, p);
      expect(r.ops.map((o) => o.result), p).toEqual([
        'exit 1: driverctl: device does not support driver override: 05.0032',
        masks ? 'ok' : '-EACCES', // shell `>` on a file the directory lacks
      ]);
      expect(r.bindings, p).toEqual({ '05.0032': 'cex4queue', '06.0032': masks ? 'vfio_ap' : 'cex4queue' });
      expect(violated(H32, p), p).toEqual([]);
    }
  });

  const H24 = 'h24-cdx-rescan-drops-override-mid-bind';
  const CDX = 'cdx-00:00';
  it('H24 (cdx, 7.1): a rescan inside the DPDK bind gives the device back to cdx-cdma-1.0; fuzz finds it, explore shows both ends', () => {
    const fifo = runOn(H24, '7.1'); // the bind, then the rescan: the new device has no override
    expect(fifo.ops.map((o) => o.result)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(fifo.bindings).toEqual({ [CDX]: 'cdx-cdma-1.0' });
    expect(violated(H24, '7.1')).toEqual(['intent']);
    const x = explore(bootScenario(load(H24), findProfile('7.1')!));
    expect(x.complete).toBe(true);
    expect(x.outcomes.map((o) => o.result.bindings[CDX]).sort()).toEqual(['cdx-cdma-1.0', 'vfio-cdx']);
    const found = fuzzScenario(bootScenario(load(H24), findProfile('7.1')!), { scheduler: 'fc', seed: '1', runs: 300, depth: 2 });
    expect([...new Set(found.findings.map((f) => f.property))].sort()).toEqual(['deterministic', 'error-visible', 'intent']);
    // vfio-cdx binds only through its override_only entry: never an override-in-table violation, unlike vfio-fsl-mc (H25).
    expect(found.findings.some((f) => f.property === 'override-in-table')).toBe(false);
  }, 60_000);

  it('H24: no CDX bus before 6.4: every write fails with -ENOENT and nothing is reported', () => {
    for (const p of ALL.filter((x) => findProfile(x)!.quirks.cdxBus === 'absent')) {
      const r = runOn(H24, p);
      expect(r.ops.map((o) => o.result), p).toEqual(['-ENOENT', '-ENOENT', '-ENOENT', '-ENOENT']);
      expect(violated(H24, p), p).toEqual([]);
    }
  });

  const H25 = 'h25-fslmc-object-assigned-during-container-setup';
  it('H25 (fsl-mc, 5.10+): dpni.1 is vfio-fsl-mc\'s if restool assigns it before the bind, else Linux never sees it', () => {
    for (const p of ALL.filter((x) => findProfile(x)!.quirks.fslmcOverride !== 'absent')) {
      const x = explore(bootScenario(load(H25), findProfile(p)!));
      expect(x.complete, p).toBe(true);
      const ends = x.outcomes.map((o) => o.result.bindings).sort((a, b) => Object.keys(a).length - Object.keys(b).length);
      expect(ends, p).toEqual([
        { 'dprc.1': 'fsl_mc_dprc', 'dprc.2': 'vfio-fsl-mc' },
        { 'dprc.1': 'fsl_mc_dprc', 'dprc.2': 'vfio-fsl-mc', 'dpni.1': 'vfio-fsl-mc' },
      ]);
      // FIFO (the setup, then restool): the object is assigned too late.
      expect(violated(H25, p), p).toEqual(['intent', 'error-visible', 'override-in-table']);
    }
    const found = fuzzScenario(bootScenario(load(H25), findProfile('6.1')!), { scheduler: 'fc', seed: '1', runs: 100, depth: 2 });
    expect([...new Set(found.findings.map((f) => f.property))].sort()).toEqual([
      'deterministic',
      'error-visible',
      'intent',
      'override-in-table',
    ]);
  }, 60_000);

  it('H25: no fsl-mc driver_override before 5.10 (the bus is not modelled): the writes fail, nothing binds', () => {
    for (const p of ['3.15', '3.16', '4.4']) {
      expect(runOn(H25, p).ops.map((o) => o.result), p).toEqual(['-ENOENT', '-ENOENT', 'ok']); // restool: the MC, not Linux
      expect(violated(H25, p), p).toEqual([]);
    }
  });
});

describe('H26, H27: USB interfaces and serio ports', () => {
  const h26 = 'h26-usb-new-id-captures-hot-plugged-twin';
  const h27 = 'h27-serio-drvctl-overwrites-core-bind';
  const TWIN = '1-2:1.4';
  const fuzzed = (name: string): string[] =>
    [...new Set(fuzz(load(name), { kernel: '6.1', seed: '1', runs: 300 }).findings.map((f) => f.property))].sort();

  it('H26: one after another the twin goes to option; inside the new_id window qmi_wwan captures it (every profile)', () => {
    for (const p of ALL) {
      const r = runOn(h26, p);
      expect(r.ops.map((o) => o.result), p).toEqual(['ok', 'ok', 'ok', 'ok']); // remove_id never fails
      expect(r.bindings, p).toEqual({ '1-1:1.4': 'qmi_wwan', [TWIN]: 'option' });
      const x = explore(bootScenario(load(h26), findProfile(p)!));
      expect(x.complete, p).toBe(true);
      expect([...new Set(x.outcomes.map((o) => o.result.bindings[TWIN]))].sort(), p).toEqual(['option', 'qmi_wwan']);
    }
    expect(fuzzed(h26)).toEqual(['deterministic', 'no-collateral']);
  });

  it('H27: a bind inside drvctl\'s window is overwritten: the bind reported success and the port ends with no driver', () => {
    for (const p of ALL) {
      const r = runOn(h27, p);
      expect(r.bindings, p).toEqual({ serio1: 'serio_raw' });
      expect(violated(h27, p), p).toEqual([]);
      const x = explore(bootScenario(load(h27), findProfile(p)!));
      expect(x.complete, p).toBe(true);
      expect(x.outcomes.map((o) => o.result.bindings.serio1).sort(), p).toEqual([null, 'serio_raw']);
      const lost = x.outcomes.find((o) => o.result.bindings.serio1 === null)!;
      expect(Object.fromEntries(lost.result.ops.map((o) => [o.actor, o.result])), p).toEqual({
        'raw-admin': '-EEXIST',
        'mouse-tool': 'ok',
      });
    }
    expect(fuzzed(h27)).toEqual(['deterministic', 'intent']);
  });
});

/** Every execution explore runs, with the properties it violates (explore checks the same on each). */
function exploreChecked(name: string, profile: string): { bindings: (string | null)[]; violations: string[][] } {
  const b = bootScenario(load(name), findProfile(profile)!);
  const bindings: (string | null)[] = [];
  const violations: string[][] = [];
  const x = explore(b, {
    onRun: (r) => {
      bindings.push(r.bindings[PLAT]);
      violations.push(checkExecution(b.scenario, r, contextFor(b)).map((v) => `${v.property}: ${v.message}`));
    },
  });
  expect(x.complete, `${name} ${profile}`).toBe(true);
  return { bindings, violations };
}
const PLAT = 'fff51000.ethernet';

describe('platform hazards (issue 14)', () => {
  const H20 = 'h20-platform-match-before-override';
  const OVEX = `override-exclusive: amd-xgbe probed ${PLAT} while its driver_override was "vfio-platform"`;

  it.each(['4.4', '5.10', '6.1', '7.1', 'rfc-09of11'])('H20 (%s): amd-xgbe binds only when its unlocked match came before the override', (p) => {
    const { bindings, violations } = exploreChecked(H20, p);
    expect([...new Set(bindings)].sort()).toEqual(['amd-xgbe', 'vfio-platform']);
    bindings.forEach((got, i) => {
      // The tool's sequence (override, unbind, drivers_probe) wins whenever amd-xgbe's match saw the override or
      // its probe ran before the override was stored; every amd-xgbe ending is the window.
      if (got === 'amd-xgbe') expect(violations[i]).toContain(OVEX);
    });
  });

  it('H20: 3.15 and 3.16 have no platform driver_override (3d713e0e382e is 3.17): amd-xgbe, every order', () => {
    for (const p of ['3.15', '3.16']) {
      const r = runOn(H20, p);
      expect(r.ops.map((o) => o.result), p).toEqual(['-EACCES', '-ENOENT', 'ok', 'ok']);
      expect(r.bindings[PLAT], p).toBe('amd-xgbe');
    }
  });

  it('H20 on PCI: the same race cannot bind e1000e, because pci_device_probe matches again under device_lock', () => {
    const pci = {
      scenario: 1,
      name: 'h20-on-pci',
      drivers: ['vfio-pci', { name: 'e1000e', loaded: false }],
      devices: [{ bdf: A, vendor: '8086', device: '10d3', class: '020000' }],
      actors: [
        {
          name: 'admin',
          intent: { [A]: 'vfio-pci' },
          ops: [
            { write: `/sys/bus/pci/devices/${A}/driver_override`, value: 'vfio-pci' },
            { write: `/sys/bus/pci/devices/${A}/driver/unbind`, value: A },
            { write: '/sys/bus/pci/drivers_probe', value: A },
          ],
        },
        { name: 'autoload', role: 'environment', ops: [{ modprobe: 'e1000e' }] },
      ],
    };
    const s = parseScenario(JSON.stringify(pci), 'h20-on-pci.json', (n) => findDriver(n) !== undefined);
    for (const p of ['4.4', '6.1', '7.1']) {
      const x = explore(bootScenario(s, findProfile(p)!));
      expect(x.outcomes.map((o) => o.result.bindings[A]), p).toEqual(['vfio-pci']);
    }
  });

  const H21 = 'h21-platform-unlocked-override-double-free';
  it('H21 (4.4): two unlocked stores free one string twice; a show copies a string a store freed', () => {
    const { bindings, violations } = exploreChecked(H21, '4.4');
    expect(new Set(bindings)).toEqual(new Set(['amd-xgbe']));
    const bugs = new Set(violations.flat().filter((v) => v.startsWith('kernel-bug')));
    expect(bugs).toEqual(
      new Set([
        `kernel-bug: driver_override_store: double free of ${PLAT}'s driver_override string`,
        `kernel-bug: driver_override_show: use after free of ${PLAT}'s driver_override string`,
      ]),
    );
    // Run one after another (FIFO), nothing is freed twice: it is the interleaving.
    expect(violated(H21, '4.4')).toEqual([]);
  });

  it.each(['5.10', '6.1', '7.1'])('H21 (%s): device_lock (6265539776a0), later the spinlock, makes every order safe', (p) => {
    const { bindings, violations } = exploreChecked(H21, p);
    expect(new Set(bindings)).toEqual(new Set(['amd-xgbe']));
    expect(violations.flat()).toEqual([]);
  });
});

// vmbus (drivers/hv/vmbus_drv.c): the `vmbus` feature is 'static' on 3.15/3.16/4.4, 'override' (4.20+), 'generic' on 6.12.
describe('corpus/scenarios on vmbus', () => {
  const H22 = 'h22-vmbus-new-id-captures-offered-nic';
  const H23 = 'h23-vmbus-driverctl-hv-sock-channel';
  const NIC = 'ed963694-e847-4b2a-85af-bc9cfc11d6f3';
  const NIC2 = '3b2e1c90-6c4f-4d0b-a7a4-1b2f5e7c9d10';
  const SOCK = '9f6e1d2a-2c49-4d43-9c39-3ff8e1a0c7a5';
  const withDynids = ALL.filter((p) => findProfile(p)!.quirks.vmbus !== 'static');

  it('H22: the netvsc guide moves its NIC; a NIC offered in the new_id window ends on uio_hv_generic or hv_netvsc', () => {
    expect(withDynids.length).toBeGreaterThan(5);
    for (const p of withDynids) {
      const x = explore(bootScenario(load(H22), findProfile(p)!));
      expect(x.complete, p).toBe(true);
      expect(new Set(x.outcomes.map((o) => o.result.bindings[NIC])), p).toEqual(new Set(['uio_hv_generic']));
      expect(x.outcomes.map((o) => o.result.bindings[NIC2]).sort(), p).toEqual(['hv_netvsc', 'uio_hv_generic']);
    }
  });

  it('H22: before 4.10 there is no new_id: the guide fails at bind, visibly, and the offered NIC goes to hv_netvsc', () => {
    for (const p of ALL.filter((x) => !withDynids.includes(x))) {
      const x = explore(bootScenario(load(H22), findProfile(p)!));
      expect(x.outcomes.map((o) => o.result.bindings), p).toEqual([{ [NIC]: null, [NIC2]: 'hv_netvsc' }]);
      expect(runOn(H22, p).ops[0].result, p).toMatch(/^exit 1/);
    }
  });

  it('H22 is found by fuzz (no-collateral on the offered NIC) and by the default campaign (npm start)', async () => {
    const r = fuzzScenario(bootScenario(load(H22), findProfile('6.1')!), { scheduler: 'fc', seed: 'h22', runs: 2000, depth: 2 });
    expect(r.findings.map((f) => f.property)).toContain('no-collateral');
    const files = readdirSync(DIR).filter((n) => n.endsWith('.json'));
    const scenarios = files.map((n) => ({ file: join(DIR, n), s: loadScenario(join(DIR, n)) }));
    const rows = PROFILES.map((p) => ({ label: p.name, profile: p }));
    const c = await runCampaign(
      { scenarios, candidates: rows, baseline: rows.find((x) => x.label === '5.14')!, maxExecutions: 100_000, properties: [] },
      {},
    );
    const h22 = c.findings.filter((f) => f.scenario === H22).map((f) => `${f.profile} ${f.property}`);
    expect(h22).toEqual(expect.arrayContaining(['6.1 no-collateral', '6.1 deterministic', '7.1 deterministic']));
  });

  it('H23: driverctl -b vmbus cannot move an hv_sock channel yet reports success (4.20+); before, the override file is missing', () => {
    for (const p of ALL) {
      const r = runOn(H23, p);
      expect(r.bindings[SOCK], p).toBe('hv_sock');
      if (withDynids.includes(p)) {
        expect(r.ops[0].result, p).toBe('ok');
        expect(violated(H23, p), p).toEqual(['intent', 'override-exclusive', 'error-visible']);
      } else {
        expect(r.ops[0].result, p).toBe(`exit 1: driverctl: device does not support driver override: ${SOCK}`);
        expect(violated(H23, p), p).toEqual([]);
      }
    }
  });
});
