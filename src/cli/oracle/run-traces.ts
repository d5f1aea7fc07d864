// The oracle's loop over scenarios or generated traces on one kernel: each verdict printed, each disagreement (a
// guest that crashed included: "guest crashed at op N: …") saved as a corpus entry with both results.
import type { Scenario } from '../../scenario/types.js';
import type { Verdict } from '../../oracle/compare.js';
import { disagreementEntry } from '../../oracle/entry.js';
import { saveEntry } from '../corpus.js';
import { out } from '../io.js';

export interface TraceLoop {
  /** The kernel's release and the profile it is compared with. */
  readonly release: string;
  readonly profile: string;
  /** Where disagreements are saved (--out). */
  readonly out: string;
  /** The generated traces' seed ('' for scenario files). */
  readonly seed: string;
  readonly json: boolean;
}

/** Runs every scenario with `run`, in order; the verdicts and how many new disagreement entries were saved. */
export async function runTraces(
  scenarios: readonly Scenario[],
  run: (s: Scenario) => Promise<Verdict>,
  o: TraceLoop,
): Promise<{ verdicts: Verdict[]; saved: number }> {
  const verdicts: Verdict[] = [];
  let saved = 0;
  for (const [i, s] of scenarios.entries()) {
    const v = await run(s);
    if (v.supported && !v.agree) {
      const found = { scheduler: 'fifo', seed: o.seed, atRun: i };
      if (saveEntry(o.out, disagreementEntry(s, o.profile, v.model, { release: o.release, ...v.kernel }, found)))
        saved++;
    }
    verdicts.push(v);
    if (!o.json) out(verdictText(s, v));
  }
  return { verdicts, saved };
}

function verdictText(s: Scenario, v: Verdict): string {
  if (!v.supported) return `skip     ${s.name}: ${v.reason}`;
  const head = `${v.agree ? 'agree   ' : 'DISAGREE'} ${s.name} (${(v.ms / 1000).toFixed(1)} s)`;
  if (v.agree) return head;
  const crash = v.kernel.crash !== undefined ? `\n  ${v.kernel.crash}` : '';
  return `${head}${crash}\n  model:  ${JSON.stringify(v.model)}\n  kernel: ${JSON.stringify(v.kernel)}`;
}
