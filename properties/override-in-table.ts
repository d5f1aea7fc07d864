import type { ExecutionProperty, Violation } from './types.js';

/**
 * `override-in-table` (a policy goal, not a kernel promise): a driver bound while driver_override names it
 * has a static or dynamic id entry matching the device. What the 2021 RFC patch wanted; mainline fails it
 * by design (override binds any driver), and the matrix shows what the RFC pays for it in `no-regression`.
 */
export const overrideInTable: ExecutionProperty = {
  name: 'override-in-table',
  kind: 'execution',
  doc: 'a driver bound through driver_override has a static or dynamic id entry matching the device',
  check(s, r) {
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
  },
};
