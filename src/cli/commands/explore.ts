// `hotplug-fuzz explore <scenario>`: every distinct outcome of every interleaving (source-DPOR).
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { bootScenario } from '../../exec/run.js';
import { explore, type ExploreResult } from '../../explore/dpor.js';
import { outcomeViolations } from '../../../properties/outcomes.js';
import { contextFor } from '../../../properties/index.js';
import type { CheckContext } from '../../../properties/types.js';
import { UserError } from '../../util/errors.js';
import { loadScenario, out, selectProfiles } from '../io.js';
import { tokenFor } from '../tokens.js';
import type { Profile } from '../../profiles/types.js';
import type { Scenario } from '../../scenario/types.js';

interface ExploreFlags {
  kernel?: string;
  json?: boolean;
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
export function exploreJson(s: Scenario, p: Profile, x: ExploreResult, ctx: CheckContext): ExploreDoc {
  return {
    profile: p.name,
    complete: x.complete,
    executions: x.executions,
    outcomes: x.outcomes.map((o) => ({
      bindings: o.result.bindings,
      count: o.count,
      witness: tokenFor(s, p, o.result.choices),
      ...(o.result.status !== 'done' ? { status: o.result.status } : {}),
    })),
    violations: outcomeViolations(s, x, ctx).map((v) => ({
      property: v.property,
      message: v.message,
      token: tokenFor(s, p, v.choices),
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
  program
    .command('explore')
    .description(
      'explore every interleaving of the actors (source-DPOR with sleep sets) and print the set of distinct outcomes',
    )
    .argument('<scenario>', 'scenario file')
    .option('-k, --kernel <profile>', 'kernel profile, or "all"')
    .option('--max-executions <n>', 'stop after this many executions (exit 4, complete: false)', '100000')
    .option('--json', 'machine-readable output on stdout')
    .addHelpText(
      'after',
      '\nEach outcome comes with a witness token: `hotplug-fuzz run <scenario> --schedule <token> --trace` shows it.\nExit codes: 0 one outcome, 1 a violation (deterministic / no-deadlock), 2 bad input, 4 budget exhausted.',
    )
    .action((file: string, flags: ExploreFlags) => {
      const s = loadScenario(file);
      const max = Number(flags.maxExecutions);
      if (!Number.isInteger(max) || max < 1) throw new UserError('--max-executions', '', 'must be a positive integer');
      const docs = selectProfiles(flags.kernel, s).map((p) => {
        const bar =
          !flags.json && process.stderr.isTTY
            ? new SingleBar({
                format: `${p.name} {bar} {value} executions, {outcomes} outcomes`,
                hideCursor: true,
                stream: process.stderr,
              })
            : null;
        bar?.start(max, 0, { outcomes: 0 });
        const b = bootScenario(s, p);
        const x = explore(b, { maxExecutions: max, onExecution: (n, o) => bar?.update(n, { outcomes: o }) });
        bar?.stop();
        return { x, doc: exploreJson(s, p, x, contextFor(b)) };
      });
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
