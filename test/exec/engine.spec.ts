import { describe, expect, it } from 'vitest';
import { Engine, fifo, type Scheduler } from '../../src/exec/engine.js';
import { Kernel } from '../../src/model/kernel.js';
import { BUSES } from '../../src/model/buses.js';
import { initialBus } from '../../src/model/world.js';
import { step, type KGen } from '../../src/runtime/step.js';
import type { World } from '../../src/model/types.js';
import { matchOverrideOnly } from '../../src/profiles/policies/mainline.js';
import { findProfile } from '../../src/profiles/index.js';

function kernel(locks: number): Kernel {
  const world: World = {
    devSpecs: [],
    drvSpecs: [],
    devices: [],
    drivers: [],
    bus: initialBus(),
    locks: new Array<number>(locks).fill(-1),
  };
  return new Kernel(world, findProfile('6.1')!.quirks, matchOverrideOnly, BUSES);
}

/** Takes lock a, then lock b, then releases both. */
function* twoLocks(k: Kernel, name: string, a: number, b: number, log: string[]): KGen {
  yield step('lock', `${name}:${a}`, [], [], a);
  log.push(`${name} has ${a}`);
  yield step('lock', `${name}:${b}`, [], [], b);
  log.push(`${name} has ${b}`);
  k.unlock(b);
  k.unlock(a);
}

/** Round-robin over whatever is runnable, by the last thread that ran. */
const alternate = (): Scheduler => {
  let n = 0;
  return { pick: (runnable) => n++ % runnable.length };
};

describe('Engine', () => {
  it('fifo runs the lowest-numbered thread to completion first', () => {
    const k = kernel(2);
    const e = new Engine(k);
    const log: string[] = [];
    e.spawn('A', twoLocks(k, 'A', 0, 1, log));
    e.spawn('B', twoLocks(k, 'B', 1, 0, log));
    const ex = e.run(fifo);
    expect(ex.status).toBe('done');
    expect(log).toEqual(['A has 0', 'A has 1', 'B has 1', 'B has 0']);
    expect(k.world.locks).toEqual([-1, -1]);
  });

  it('AB-BA lock order under an interleaving schedule is reported as a deadlock with the wait-for cycle', () => {
    const k = kernel(2);
    const e = new Engine(k);
    e.spawn('A', twoLocks(k, 'A', 0, 1, []));
    e.spawn('B', twoLocks(k, 'B', 1, 0, []));
    const ex = e.run(alternate());
    expect(ex.status).toBe('deadlock');
    expect(ex.deadlock!.waits).toEqual([
      { tid: 0, lock: 1, holder: 1 },
      { tid: 1, lock: 0, holder: 0 },
    ]);
  });

  it('a thread waiting for a held lock is not runnable, so no choice is recorded for it', () => {
    const k = kernel(1);
    const e = new Engine(k);
    const log: string[] = [];
    function* holder(): KGen {
      yield step('lock', 'h', [], [], 0);
      log.push('h locked');
      yield step('work', 'h');
      log.push('h work');
      k.unlock(0);
    }
    function* waiter(): KGen {
      yield step('lock', 'w', [], [], 0);
      log.push('w locked');
      k.unlock(0);
    }
    e.spawn('h', holder());
    e.spawn('w', waiter());
    // Pick the last runnable thread every time: after h holds the lock, w cannot run.
    const ex = e.run({ pick: (r) => r.length - 1 });
    expect(log).toEqual(['w locked', 'h locked', 'h work']);
    expect(ex.choices).toEqual([1]);
  });

  it('spawned kernel work runs as a thread of its own, after the step that queued it', () => {
    const k = kernel(0);
    const e = new Engine(k);
    const log: string[] = [];
    function* work(): KGen {
      yield step('work', 'w');
      log.push('work ran');
    }
    function* main(): KGen {
      yield step('queue', 'm');
      k.spawn('worker', work());
      log.push('queued');
    }
    e.spawn('main', main());
    const ex = e.run(fifo);
    expect(log).toEqual(['queued', 'work ran']);
    expect(ex.trace.map((t) => t.tid)).toEqual([0, 1]);
    expect(e.threads.map((t) => t.name)).toEqual(['main', 'worker']);
  });
});
