import type { ExecutionProperty, Violation } from './types.js';
import { bindingsAt, describeBinding } from './timeline.js';

/**
 * `error-visible`: when an actor's last op returns, every device in its intent is bound as intended, or
 * the actor saw a failure (a negative errno, a tool's non-zero exit or error message). Catches silent
 * success at the moment the tool reports it: `drivers_probe` returning success with the device unbound
 * (H7, H10), driverctl's check passing on the wrong driver (H6), even if something fixes it later.
 */
export const errorVisible: ExecutionProperty = {
  name: 'error-visible',
  kind: 'execution',
  doc: "when an actor's last op returns, its intent holds or one of its ops failed visibly (no silent success)",
  check(s, r) {
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
  },
};
