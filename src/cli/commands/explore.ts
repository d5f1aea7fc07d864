// `hotplug-fuzz explore <scenario>`: every distinct outcome of every interleaving (source-DPOR).
import type { Command } from 'commander';
import { bootScenario, type Booted } from '../../exec/run.js';
import { checkSteps, type CheckedExploration } from '../../explore/check.js';
import { drive } from '../../util/steps.js';
import { session } from '../run-hooks.js';
import { contextFor } from '../../../properties/index.js';
import { loadScenario, out } from '../io.js';
import { checkExecution } from '../../../properties/index.js';
import { htmlReport, type HtmlRun } from '../../report/html.js';
import { writeFileAtomic } from '../write.js';
import { loadPolicy } from '../policy.js';
import { loadProperties } from '../property.js';
import { deadlineOf, kernelProfiles, positiveInt, withOptions } from '../options.js';
import { checkPath } from '../paths.js';
import { tokenFor } from '../tokens.js';
import type { Profile } from '../../profiles/types.js';
import type { Scenario } from '../../scenario/types.js';

interface ExploreFlags {
  kernel?: string;
  policy?: string;
  property?: string[];
  json?: boolean;
  html?: string;
  time?: string;
  maxExecutions: string;
}

export interface ExploreDoc {
  profile: string;
  complete: boolean;
  executions: number;
  outcomes: { bindings: Readonly<Record<string, string | null>>; count: number; witness: string; status?: string }[];
  /** `outcome`: the index in `outcomes` of the outcome the witness (`token`) ends in; `versus`: deterministic's other one. */
  violations: {
    property: string;
    message: string;
    token: string;
    outcome: number;
    versus?: { outcome: number; token: string };
  }[];
}

/** design §5's `explore --json` object, plus the profile and each violation's outcome. */
export function exploreJson(s: Scenario, p: Profile, x: CheckedExploration, policy: string = s.policy): ExploreDoc {
  const index = (key: string): number => x.outcomes.findIndex((o) => o.key === key);
  return {
    profile: p.name,
    complete: x.complete,
    executions: x.executions,
    outcomes: x.outcomes.map((o) => ({
      bindings: o.result.bindings,
      count: o.count,
      witness: tokenFor(s, p, o.result.choices, policy),
      ...(o.result.status !== 'done' ? { status: o.result.status } : {}),
    })),
    violations: x.violations.map((v) => ({
      property: v.property,
      message: v.message,
      token: tokenFor(s, p, v.choices, policy),
      outcome: index(v.outcome),
      ...(v.versus
        ? { versus: { outcome: index(v.versus.outcome), token: tokenFor(s, p, v.versus.choices, policy) } }
        : {}),
    })),
  };
}

function formatExplore(d: ExploreDoc, interrupted: boolean): string {
  const cut = d.complete ? '' : ` (INCOMPLETE: ${interrupted ? 'interrupted' : '--max-executions reached'})`;
  const n = d.outcomes.length;
  const lines = [`profile ${d.profile}: ${d.executions} executions, ${n} outcome${n === 1 ? '' : 's'}${cut}`];
  d.outcomes.forEach((o, i) => {
    lines.push(
      `  outcome ${i + 1} (${o.count} execution${o.count === 1 ? '' : 's'})${o.status ? ` ${o.status.toUpperCase()}` : ''}`,
    );
    for (const [bdf, drv] of Object.entries(o.bindings)) lines.push(`    ${bdf}  ${drv ?? '(unbound)'}`);
    lines.push(`    witness: ${o.witness}`);
    for (const v of d.violations.filter((x) => x.outcome === i && x.versus === undefined))
      lines.push(`    VIOLATION ${v.property}: ${v.message}`, `      token: ${v.token}`);
  });
  for (const v of d.violations.filter((x) => x.versus !== undefined))
    lines.push(
      `  VIOLATION ${v.property}: ${v.message}`,
      `    outcome ${v.versus!.outcome + 1}: ${v.versus!.token}`,
      `    outcome ${v.outcome + 1}: ${v.token}`,
    );
  return lines.join('\n');
}

export function registerExplore(program: Command): void {
  const cmd = program
    .command('explore')
    .description(
      'explore every interleaving of the actors (source-DPOR with sleep sets): the distinct outcomes, and every property checked on every execution',
    )
    .argument('<scenario>', 'scenario file (format v1, any bus; e.g. examples/platform-vfio-handover.json)');
  withOptions(cmd, 'kernel', 'policy', 'property', 'maxExecutions', 'time', 'html', 'json')
    .addHelpText(
      'after',
      [
        '',
        'Every property is checked on every explored execution; each violated property is shown under the outcome it',
        'belongs to, with the token of a schedule that shows it (`hotplug-fuzz run <scenario> --schedule <token> --trace`).',
        'Exit codes: 0 no violation, 1 a violation, 2 bad input,',
        '4 budget exhausted (--max-executions or --time), 130 interrupted (the outcomes and violations so far are printed).',
      ].join('\n'),
    )
    .action(async (file: string, flags: ExploreFlags) => {
      const s = loadScenario(file);
      const max = positiveInt('--max-executions', flags.maxExecutions);
      const deadline = deadlineOf(flags.time, Date.now());
      if (flags.html) checkPath('--html', flags.html, 'file');
      const policy = flags.policy !== undefined ? await loadPolicy(flags.policy) : null;
      const extra = await loadProperties(flags.property);
      const run = session({ name: 'explore', deadline, bar: !flags.json });
      const docs: { x: CheckedExploration; b: Booted; p: Profile; doc: ExploreDoc }[] = [];
      try {
        for (const p of kernelProfiles(flags.kernel, s)) {
          if (run.interrupted()) break; // Ctrl-C: the profiles not reached are not run
          const b = bootScenario(s, p, policy?.match);
          // Driven with pauses between rounds of executions, so Ctrl-C lands within a round.
          const steps = checkSteps(b, contextFor(b, extra), {
            maxExecutions: max,
            onExecution: (n, o) => run.onJob?.(n, max, `${p.name}: ${o} outcome${o === 1 ? '' : 's'}`),
            shouldStop: run.shouldStop,
          });
          const x = await drive(steps, run.pause);
          docs.push({ x, b, p, doc: exploreJson(s, p, x, policy?.name) });
        }
      } finally {
        run.close();
      }
      const interrupted = run.interrupted();
      if (flags.html) {
        const runs: HtmlRun[] = docs.flatMap((d) =>
          d.x.outcomes.map((o, i) => ({
            title: `outcome ${i + 1} of ${s.name} under ${d.p.name} (${o.count} executions)`,
            profile: d.p.name,
            token: d.doc.outcomes[i].witness,
            replay: `hotplug-fuzz run ${file} --schedule ${d.doc.outcomes[i].witness} --trace`,
            result: o.result,
            violations: checkExecution(s, o.result, contextFor(d.b, extra)),
          })),
        );
        writeFileAtomic(flags.html, htmlReport(`hotplug-fuzz explore: ${s.name}`, runs));
      }
      if (flags.json)
        out(
          JSON.stringify(
            docs.length === 1 ? docs[0].doc : { scenario: s.name, results: docs.map((d) => d.doc) },
            null,
            2,
          ),
        );
      else {
        out(`scenario ${s.name}`);
        for (const d of docs) out(formatExplore(d.doc, interrupted));
        if (interrupted) out('interrupted: stopped early; the outcomes and violations so far are above');
      }
      if (interrupted) process.exitCode = 130;
      else if (docs.some((d) => !d.x.complete)) process.exitCode = 4;
      else if (docs.some((d) => d.doc.violations.length > 0)) process.exitCode = 1;
    });
}
