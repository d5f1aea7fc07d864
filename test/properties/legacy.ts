// The properties as they were before they became observers (issue 16.2): each walks the finished run on its
// own. Kept as the test oracle the observers are compared with (test/properties/observers.spec.ts).
import type { Scenario } from '../../src/scenario/types.js';
import type { RunResult } from '../../src/exec/run.js';
import type { CheckContext, Violation } from '../../properties/types.js';
import { describeBinding } from '../../properties/timeline.js';
import { describeLock } from '../../src/model/objects.js';

type Check = (s: Scenario, r: RunResult, ctx: CheckContext) => Violation[];

function bindingsAt(r: RunResult, upTo: number): Record<string, string | null> {
  const w = r.initial;
  const bound = w.devices.map((d) => (d.present ? d.driver : -2));
  for (const t of r.trace) {
    if (t.seq > upTo) break;
    for (const e of t.events) {
      if (e.kind === 'bound') bound[e.dev] = e.drv;
      else if (e.kind === 'unbound') bound[e.dev] = -1;
      else if (e.kind === 'uevent' && e.action === 'add') bound[e.dev] = -1;
      else if (e.kind === 'uevent' && e.action === 'remove') bound[e.dev] = -2;
    }
  }
  const out: Record<string, string | null> = {};
  bound.forEach((b, i) => {
    if (b !== -2) out[w.devSpecs[i].bdf] = b < 0 ? null : w.drvSpecs[b].name;
  });
  return out;
}

const intent: Check = (s, r) => {
  const out: Violation[] = [];
  if (r.status !== 'done') return out;
  for (const a of s.actors) {
    if (a.intent === null) continue;
    if (r.ops.some((o) => o.actor === a.name && o.failed)) continue;
    for (const [bdf, want] of Object.entries(a.intent)) {
      const got = bdf in r.bindings ? r.bindings[bdf] : undefined;
      if (got === want) continue;
      out.push({
        property: 'intent',
        message: `${a.name} wanted ${bdf} ${want === null ? 'unbound' : `on ${want}`}; it ended ${describeBinding(got)}, and every op of ${a.name} succeeded`,
        step: null,
      });
    }
  }
  return out;
};

const noCollateral: Check = (s, r, ctx) => {
  const out: Violation[] = [];
  if (r.status !== 'done') return out;
  const intended = new Set(s.actors.flatMap((a) => Object.keys(a.intent ?? {})));
  const ref = ctx.reference().bindings;
  for (const bdf of new Set([...Object.keys(ref), ...Object.keys(r.bindings)])) {
    if (intended.has(bdf)) continue;
    const want = bdf in ref ? ref[bdf] : undefined;
    const got = bdf in r.bindings ? r.bindings[bdf] : undefined;
    if (want === got) continue;
    out.push({
      property: 'no-collateral',
      message: `${bdf}, in no actor's intent, ended ${describeBinding(got)}; with the environment alone it is ${describeBinding(want)}`,
      step: null,
    });
  }
  return out;
};

const overrideExclusive: Check = (_s, r) => {
  const out: Violation[] = [];
  const w = r.initial;
  const override = w.devices.map((d) => (d.present ? d.override : null));
  for (const t of r.trace)
    for (const e of t.events) {
      if (e.kind === 'override') override[e.dev] = e.value;
      if (e.kind === 'uevent' && (e.action === 'add' || e.action === 'remove')) override[e.dev] = null;
      if (e.kind !== 'match') continue;
      const name = w.drvSpecs[e.drv].name;
      const o = override[e.dev];
      if (o !== null && o !== name)
        out.push({
          property: 'override-exclusive',
          message: `${name} probed ${w.devSpecs[e.dev].bdf} while its driver_override was ${JSON.stringify(o)}`,
          step: t.seq,
        });
    }
  return out;
};

const errorVisible: Check = (s, r) => {
  const out: Violation[] = [];
  if (r.status !== 'done') return out;
  for (const a of s.actors) {
    if (a.intent === null) continue;
    const mine = r.ops.filter((o) => o.actor === a.name);
    if (mine.length === 0 || mine.some((o) => o.failed)) continue;
    const end = mine[mine.length - 1].step;
    const then = bindingsAt(r, end);
    for (const [bdf, want] of Object.entries(a.intent)) {
      const got = bdf in then ? then[bdf] : undefined;
      if (got === want) continue;
      out.push({
        property: 'error-visible',
        message:
          `${a.name} finished with every op reporting success, ` +
          `yet ${bdf} was ${describeBinding(got)}, not ${want === null ? 'unbound' : `on ${want}`}`,
        step: end,
      });
    }
  }
  return out;
};

const noDeadlock: Check = (_s, r) => {
  if (r.status !== 'deadlock' || r.deadlock === null) return [];
  const waits = r.deadlock.waits.map(
    (w) =>
      `${r.threads[w.tid]} waits for ${describeLock(r.world, w.lock)} held by ${r.threads[w.holder] ?? `#${w.holder}`}`,
  );
  return [{ property: 'no-deadlock', message: waits.join('; '), step: r.trace.length }];
};

const overrideInTable: Check = (_s, r) => {
  const out: Violation[] = [];
  const w = r.initial;
  for (const t of r.trace) {
    for (const e of t.events) {
      if (e.kind !== 'bound') continue;
      const m = t.events.find((x) => x.kind === 'match' && x.dev === e.dev && x.drv === e.drv);
      if (m?.kind !== 'match' || m.override === null || m.inTable) continue;
      out.push({
        property: 'override-in-table',
        message: `${w.drvSpecs[e.drv].name} bound ${w.devSpecs[e.dev].bdf} through driver_override with no id entry for it`,
        step: t.seq,
      });
    }
  }
  return out;
};

const matchSound: Check = (_s, r) => {
  const out: Violation[] = [];
  const w = r.initial;
  const pair = (dev: number, drv: number): string => `${w.drvSpecs[drv].name} and ${w.devSpecs[dev].bdf}`;
  for (const t of r.trace) {
    for (const e of t.events) {
      if (e.kind === 'match' && !e.sound)
        out.push({
          property: 'match-sound',
          message: `the policy matched ${pair(e.dev, e.drv)} with an id that matches neither a table entry, a dynid nor the override`,
          step: t.seq,
        });
      if (e.kind === 'bound' && !t.events.some((x) => x.kind === 'match' && x.dev === e.dev && x.drv === e.drv)) {
        out.push({
          property: 'match-sound',
          message: `${pair(e.dev, e.drv)} were bound without a match under device_lock`,
          step: t.seq,
        });
      }
    }
  }
  for (const n of r.policyErrors) out.push({ property: 'match-sound', message: n, step: null });
  return out;
};

/** kernel-bug (added as an observer; its walk here keeps the comparison whole): every `bug` event, in order. */
const kernelBug: Check = (_s, r) =>
  r.trace.flatMap((t) =>
    t.events.flatMap((e) =>
      e.kind === 'bug'
        ? [
            {
              property: 'kernel-bug',
              message: `${e.fn}: ${e.what} of ${r.initial.devSpecs[e.dev].bdf}'s driver_override string`,
              step: t.seq,
            },
          ]
        : [],
    ),
  );

/** The built-in execution properties as they were checked before, in the same order. */
export function legacyCheck(s: Scenario, r: RunResult, ctx: CheckContext): Violation[] {
  return [
    intent,
    noCollateral,
    overrideExclusive,
    errorVisible,
    noDeadlock,
    overrideInTable,
    matchSound,
    kernelBug,
  ].flatMap((c) => c(s, r, ctx));
}
