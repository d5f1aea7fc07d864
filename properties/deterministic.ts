import type { OutcomeProperty } from './types.js';

/**
 * `deterministic`: every schedule of the scenario reaches the same final bindings — the outcome set has
 * exactly one element. The seed's "non-deterministic behavior of new_id": a dynid racing a hot-add makes
 * which driver gets the twin depend on the interleaving. The witness is the second outcome found, versus the
 * first. Sound under explore's reduction: every execution of a Mazurkiewicz class ends in the same state, so
 * the outcome set (and with it the verdict) is the brute-force one.
 */
export const deterministic: OutcomeProperty = {
  name: 'deterministic',
  kind: 'outcomes',
  doc: 'all schedules of the scenario reach the same final bindings (one outcome)',
  check(_s, x) {
    const done = x.outcomes.filter((o) => o.result.status === 'done');
    if (done.length < 2) return [];
    // Every device some outcome has: one that is gone in another (hot-removed, never added) differs too.
    const all = [...new Set(done.flatMap((o) => Object.keys(o.result.bindings)))];
    const diff = all.filter((b) => done.some((o) => o.result.bindings[b] !== done[0].result.bindings[b]));
    const end = (o: (typeof done)[number], b: string): string =>
      b in o.result.bindings ? (o.result.bindings[b] ?? 'unbound') : 'not present';
    const what = diff.map((b) => `${b} ends ${[...new Set(done.map((o) => end(o, b)))].join(' or ')}`).join('; ');
    return [
      {
        property: 'deterministic',
        message: `${done.length} outcomes: ${what}`,
        step: null,
        choices: done[1].result.choices,
        outcome: done[1].key,
        versus: { outcome: done[0].key, choices: done[0].result.choices },
      },
    ];
  },
};
