// The vmbus recipes on a world built directly (the scenario format has no vmbus fields yet): DPDK's netvsc guide
// (doc/guides/nics/netvsc.rst @20bbce05a8fd) and driverctl -b vmbus (driverctl script: devlink
// "/sys/bus/$bus/devices/$dev", probe_driver "/sys/bus/$bus/drivers_probe").
import { describe, expect, it } from 'vitest';
import { Proc, type Call } from '../../src/ops/proc.js';
import { findRecipe } from '../../src/recipes/index.js';
import { recipeArgs } from '../../src/recipes/run.js';
import { driver_register } from '../../src/model/core/bus.js';
import { vmbus_device_register } from '../../src/model/vmbus/vmbus_drv.js';
import { HV_NIC_GUID } from '../../src/model/vmbus/guid.js';
import type { Kernel } from '../../src/model/kernel.js';
import type { Scheduler } from '../../src/exec/engine.js';
import { boundTo, runThreads, vmbusKernel } from '../model/vmbus/helpers.js';

const NIC = { dev: 'ed963694-e847-4b2a-85af-bc9cfc11d6f3', class: HV_NIC_GUID };
const NIC2 = { dev: '3b2e1c90-6c4f-4d0b-a7a4-1b2f5e7c9d10', class: HV_NIC_GUID };
const SOCK = {
  dev: '9f6e1d2a-2c49-4d43-9c39-3ff8e1a0c7a5',
  class: 'a42e7cda-d03f-480c-9cc2-a4de20abb878',
  hvsock: true,
};
const line = (c: Call): string =>
  `${c.call} ${c.path}${c.value !== undefined ? ` ${JSON.stringify(c.value)}` : ''} = ${c.result}`;

/** hv_netvsc and hv_sock loaded, uio_hv_generic not; the first `offered` of `devs` offered at boot. */
function guest(devs: readonly { dev: string; class: string; hvsock?: boolean }[], offered = devs.length): Kernel {
  const k = vmbusKernel(devs, ['hv_netvsc', 'hv_sock', 'uio_hv_generic']);
  runThreads(k, [
    ['boot', (kk) => driver_register(kk, 0)],
    ['boot', (kk) => driver_register(kk, 1)],
    ...devs.slice(0, offered).map((_, i) => ['offer', (kk: Kernel) => vmbus_device_register(kk, i)] as const),
  ]);
  return k;
}

/** The recipe as a thread: its exit, what it printed and its calls. */
function tool(name: string, args: Record<string, string>) {
  const out = { exit: -1, errors: [] as readonly string[], calls: [] as string[] };
  const body = function* (k: Kernel) {
    const p = new Proc(k);
    out.exit = yield* findRecipe(name)!.run(p, recipeArgs(name, args), new Map());
    out.errors = p.errors;
    out.calls = p.calls.map(line);
  };
  return { out, body };
}

describe('dpdk netvsc-guide', () => {
  it('modprobe, new_id of the netvsc class, unbind from hv_netvsc, bind to uio_hv_generic: the NIC moves', () => {
    const k = guest([NIC]);
    const t = tool('dpdk netvsc-guide', { bdf: NIC.dev });
    runThreads(k, [['admin', t.body]]);
    expect(t.out.calls).toEqual([
      'modprobe uio_hv_generic = ok',
      `write /sys/bus/vmbus/drivers/uio_hv_generic/new_id "${HV_NIC_GUID}\\n" = ok`,
      `write /sys/bus/vmbus/drivers/hv_netvsc/unbind "${NIC.dev}\\n" = ok`,
      `write /sys/bus/vmbus/drivers/uio_hv_generic/bind "${NIC.dev}\\n" = ok`,
    ]);
    expect([t.out.exit, boundTo(k, NIC.dev)]).toEqual([0, 'uio_hv_generic']);
  });

  it('run twice, new_id fails with EEXIST (the dynid stays) and the script goes on', () => {
    const k = guest([NIC]);
    const [a, b] = [tool('dpdk netvsc-guide', { bdf: NIC.dev }), tool('dpdk netvsc-guide', { bdf: NIC.dev })];
    runThreads(k, [
      ['admin', a.body],
      ['admin', b.body],
    ]);
    expect(b.out.calls[1]).toMatch(/new_id .* = -EEXIST$/);
    expect(b.out.errors).toContain('echo: write error: /sys/bus/vmbus/drivers/uio_hv_generic/new_id');
  });

  it('the window (H22): a NIC offered while new_id walks the bus is captured by uio_hv_generic, else hv_netvsc', () => {
    const outcome = (sched: Scheduler): string | null => {
      const k = guest([NIC, NIC2], 1);
      const t = tool('dpdk netvsc-guide', { bdf: NIC.dev });
      runThreads(
        k,
        [
          ['admin', t.body],
          ['host', (kk) => vmbus_device_register(kk, 1)],
        ],
        sched,
      );
      expect(boundTo(k, NIC.dev)).toBe('uio_hv_generic');
      return boundTo(k, NIC2.dev);
    };
    // The offer puts the NIC on the bus (device_add) just before new_id's driver_attach walks it.
    const offerFirstStep: Scheduler = {
      pick: (runnable, threads) => {
        const [admin, host] = threads;
        const addNow = admin.pending?.fn === 'vmbus_add_dynid' && host.pending?.fn === 'vmbus_device_register';
        const hostToLock = host.pending?.fn === 'device_lock' && !admin.done;
        return Math.max(
          0,
          runnable.indexOf(addNow ? host.id : hostToLock ? admin.id : admin.done ? host.id : admin.id),
        );
      },
    };
    expect(outcome({ pick: () => 0 })).toBe('hv_netvsc');
    expect(outcome(offerFirstStep)).toBe('uio_hv_generic');
  });
});

describe('driverctl -b vmbus set-override', () => {
  it("uses /sys/bus/vmbus/devices/<guid> and vmbus's drivers_probe: the NIC moves to uio_hv_generic", () => {
    const k = guest([NIC]);
    const t = tool('driverctl set-override', { bdf: NIC.dev, driver: 'uio_hv_generic', bus: 'vmbus' });
    runThreads(k, [['admin', t.body]]);
    const D = `/sys/bus/vmbus/devices/${NIC.dev}`;
    expect(t.out.calls).toEqual([
      `stat ${D} = exists`,
      `stat ${D}/driver_override = exists`,
      'stat /sys/module/uio_hv_generic = missing',
      'modprobe uio_hv_generic = ok',
      `stat ${D}/driver = exists`,
      `write ${D}/driver/unbind "${NIC.dev}\\n" = ok`,
      `write ${D}/driver_override "uio_hv_generic\\n" = ok`,
      `write /sys/bus/vmbus/drivers_probe "${NIC.dev}\\n" = ok`,
      `stat ${D}/driver = exists`,
    ]);
    expect([t.out.exit, boundTo(k, NIC.dev)]).toEqual([0, 'uio_hv_generic']);
  });

  it('without -b it looks under /sys/bus/pci and stops: "no such device"', () => {
    const k = guest([NIC]);
    const t = tool('driverctl set-override', { bdf: NIC.dev, driver: 'uio_hv_generic' });
    runThreads(k, [['admin', t.body]]);
    expect([t.out.exit, t.out.errors, boundTo(k, NIC.dev)]).toEqual([
      1,
      [`driverctl: no such device: ${NIC.dev}`],
      'hv_netvsc',
    ]);
  });

  it('H23: on an hv_sock channel the override is ignored, hv_sock binds it again, and driverctl reports success', () => {
    const k = guest([SOCK]);
    expect(boundTo(k, SOCK.dev)).toBe('hv_sock');
    const t = tool('driverctl set-override', { bdf: SOCK.dev, driver: 'uio_hv_generic', bus: 'vmbus' });
    runThreads(k, [['admin', t.body]]);
    expect([t.out.exit, k.world.devices[0].override, boundTo(k, SOCK.dev)]).toEqual([0, 'uio_hv_generic', 'hv_sock']);
  });
});
