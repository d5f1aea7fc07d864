import type { Violation } from './types.js';
import type { Scenario } from '../src/scenario/types.js';
import type { World } from '../src/model/types.js';
import { observed } from './observe.js';
import { describeBinding } from './timeline.js';

/**
 * `error-visible`: when an actor's last op returns, every device in its intent is bound as intended, or
 * the actor saw a failure (a negative errno, a tool's non-zero exit or error message). Catches silent
 * success at the moment the tool reports it: `drivers_probe` returning success with the device unbound
 * (H7, H10), driverctl's check passing on the wrong driver (H6), even if something fixes it later.
 * Class-invariant only because explore makes it so: the step where an actor's last op returns need not touch
 * its intent devices, so a bind elsewhere could fall before or after it in two equivalent interleavings.
 * explore's dependency relation (src/explore/hb.ts ObservedReads) therefore counts that step as reading the
 * binding and presence of the actor's intent devices, which orders it against every bind, unbind and hotplug
 * of them; run and fuzz see the engine's own footprints.
 */
export const errorVisible = observed({
  name: 'error-visible',
  doc: "when an actor's last op returns, its intent holds or one of its ops failed visibly (no silent success)",
  observe: (s, w) => {
    // Bindings as the events go (a driver index; -1 unbound, -2 absent), and what each actor's last op saw.
    const bound = w.devices.map((d) => (d.present ? d.driver : -2));
    const actors = watchedActors(s, w);
    const seen: (Seen | null)[] = actors.map(() => null);
    const failed: boolean[] = actors.map(() => false);
    const got = (dev: number): string | null | undefined =>
      dev < 0 || bound[dev] === -2 ? undefined : bound[dev] === -1 ? null : w.drvSpecs[bound[dev]].name;
    return {
      onStep(_seq, events) {
        for (const e of events) {
          if (e.kind === 'bound') bound[e.dev] = e.drv;
          else if (e.kind === 'unbound') bound[e.dev] = -1;
          else if (e.kind === 'uevent' && e.action === 'add') bound[e.dev] = -1;
          else if (e.kind === 'uevent' && e.action === 'remove') bound[e.dev] = -2;
        }
      },
      onOpReturn(op) {
        const i = actors.findIndex((a) => a.name === op.actor);
        if (i < 0) return;
        if (op.failed) failed[i] = true;
        if (op.index === actors[i].last) seen[i] = { step: op.step, got: actors[i].devs.map(got) };
      },
      finish(r) {
        const out: Violation[] = [];
        if (r.status !== 'done') return out;
        actors.forEach((a, i) => {
          const then = seen[i];
          if (failed[i] || then === null) return;
          a.want.forEach(([bdf, want], j) => {
            if (then.got[j] === want) return;
            out.push({
              property: 'error-visible',
              message:
                `${a.name} finished with every op reporting success, ` +
                `yet ${bdf} was ${describeBinding(then.got[j])}, not ${want === null ? 'unbound' : `on ${want}`}`,
              step: then.step,
            });
          });
        });
        return out;
      },
    };
  },
});

interface Seen {
  readonly step: number;
  readonly got: readonly (string | null | undefined)[];
}

/** An actor with an intent: its name, the index of its last op, its intent and the devices it names (-1: none). */
interface Watched {
  readonly name: string;
  readonly last: number;
  readonly want: readonly (readonly [string, string | null])[];
  readonly devs: readonly number[];
}

/** Worked out once per scenario and booted world, not per run. */
const watched = new WeakMap<Scenario, WeakMap<World, readonly Watched[]>>();
function watchedActors(s: Scenario, w: World): readonly Watched[] {
  const byWorld = watched.get(s) ?? watched.set(s, new WeakMap()).get(s)!;
  let out = byWorld.get(w);
  if (out === undefined)
    byWorld.set(
      w,
      (out = s.actors.flatMap((a) => {
        if (a.intent === null) return [];
        const want = Object.entries(a.intent);
        const devs = want.map(([bdf]) => w.devSpecs.findIndex((d) => d.bdf === bdf));
        return [{ name: a.name, last: a.ops.length - 1, want, devs }];
      })),
    );
  return out;
}
