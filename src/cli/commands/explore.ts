// `hotplug-fuzz explore <scenario>`: every distinct outcome of every interleaving (source-DPOR).
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { bootScenario } from '../../exec/run.js';
import { explore, type ExploreResult } from '../../explore/dpor.js';
import { outcomeViolations } from '../../../properties/outcomes.js';
import { contextFor } from '../../../properties/index.js';
import type { CheckContext } from '../../../properties/types.js';
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

interface ExploreDoc {
  profile: string;
  complete: boolean;
  executions: number;
  outcomes: { bindings: Readonly<Record<string, string | null>>; count: number; witness: string; status?: string }[];
  violations: { property: string; message: string; token: string }[];
}

/** design §5's `explore --json` object, plus the profile. */
export function exploreJson(
  s: Scenario,
  p: Profile,
  x: ExploreResult,
  ctx: CheckContext,
  policy: string = s.policy,
): ExploreDoc {
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
    violations: outcomeViolations(s, x, ctx).map((v) => ({
      property: v.property,
      message: v.message,
      token: tokenFor(s, p, v.choices, policy),
    })),
  };
}

function formatExplore(d: ExploreDoc): string {
  const lines = [
    `profile ${d.profile}: ${d.executions} executions, ${d.outcomes.length} outcome${d.outcomes.length === 1 ? '' : 's'}${d.complete ? '' : ' (INCOMPLETE: --max-executions reached)'}`,
  ];
  d.outcomes.forEach((o, i) => {
    lines.push(
      `  outcome ${i + 1} (${o.count} execution${o.count === 1 ? '' : 's'})${o.status ? ` ${o.status.toUpperCase()}` : ''}`,
    );
    for (const [bdf, drv] of Object.entries(o.bindings)) lines.push(`    ${bdf}  ${drv ?? '(unbound)'}`);
    lines.push(`    witness: ${o.witness}`);
  });
  for (const v of d.violations) lines.push(`  VIOLATION ${v.property}: ${v.message}\n    token: ${v.token}`);
  return lines.join('\n');
}

export function registerExplore(program: Command): void {
  const cmd = program
    .command('explore')
    .description(
      'explore every interleaving of the actors (source-DPOR with sleep sets) and print the set of distinct outcomes',
    )
    .argument('<scenario>', 'scenario file');
  withOptions(cmd, 'kernel', 'policy', 'property', 'maxExecutions', 'time', 'html', 'json')
    .addHelpText(
      'after',
      [
        '',
        'Each outcome comes with a witness token: `hotplug-fuzz run <scenario> --schedule <token> --trace` shows it.',
        'Exit codes: 0 one outcome, 1 a violation (deterministic / no-deadlock), 2 bad input,',
        '4 budget exhausted (--max-executions or --time).',
      ].join('\n'),
    )
    .action(async (file: string, flags: ExploreFlags) => {
      const s = loadScenario(file);
      const max = positiveInt('--max-executions', flags.maxExecutions);
      const deadline = deadlineOf(flags.time, Date.now());
      if (flags.html) checkPath('--html', flags.html, 'file');
      const policy = flags.policy !== undefined ? await loadPolicy(flags.policy) : null;
      const extra = await loadProperties(flags.property);
      const docs = kernelProfiles(flags.kernel, s).map((p) => {
        const bar =
          !flags.json && process.stderr.isTTY
            ? new SingleBar({
                format: `${p.name} {bar} {value} executions, {outcomes} outcomes`,
                hideCursor: true,
                stream: process.stderr,
              })
            : null;
        bar?.start(max, 0, { outcomes: 0 });
        const b = bootScenario(s, p, policy?.match);
        const x = explore(b, {
          maxExecutions: max,
          onExecution: (n, o) => bar?.update(n, { outcomes: o }),
          shouldStop: () => Date.now() > deadline,
        });
        bar?.stop();
        return { x, b, p, doc: exploreJson(s, p, x, contextFor(b, extra), policy?.name) };
      });
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
        for (const d of docs) out(formatExplore(d.doc));
      }
      if (docs.some((d) => !d.x.complete)) process.exitCode = 4;
      else if (docs.some((d) => d.doc.violations.length > 0)) process.exitCode = 1;
    });
}
