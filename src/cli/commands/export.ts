// `hotplug-fuzz export <token|file> --format sh|qmp|vitest|html`: carry a finding to a machine, a VM, a test
// suite or a browser.
import type { Command } from 'commander';
import { checkPath } from '../paths.js';
import { dirname, relative, resolve } from 'node:path';
import { bootScenario, runBooted } from '../../exec/run.js';
import { replayScheduler } from '../../scheduler/basic.js';
import { checkExecution, contextFor } from '../../../properties/index.js';
import { exportQmp, exportSh, exportVitest } from '../../report/export.js';
import { htmlReport } from '../../report/html.js';
import { UserError } from '../../util/errors.js';
import { out } from '../io.js';
import { loadPolicy, isModulePath } from '../policy.js';
import { collect, loadProperties } from '../property.js';
import { resolveTarget } from './corpus.js';
import { writeFileAtomic } from '../write.js';

interface ExportFlags {
  format: string;
  scenario?: string;
  policy?: string;
  property?: string[];
  out?: string;
  from: string;
}

const FORMATS = ['sh', 'qmp', 'vitest', 'html'];

/** How the exported test imports a user module: relative to the test file when it is written to one. */
function specifier(module: string, outFile: string | undefined): string {
  if (!isModulePath(module)) return module;
  if (outFile === undefined) return resolve(module);
  const rel = relative(dirname(resolve(outFile)), resolve(module))
    .split('\\')
    .join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

export function registerExport(program: Command): void {
  program
    .command('export <tokenOrFile>')
    .description(
      'write a finding as a shell script (sh), QMP + guest commands (qmp), a vitest regression test (vitest) or an HTML report (html)',
    )
    .requiredOption('--format <kind>', FORMATS.join(' | '))
    .option('--scenario <file>', 'the scenario a bare token belongs to (default: looked up by hash in corpus/)')
    .option('--policy <module>', 'the user policy module the finding was made with')
    .option('--property <module>', 'a user property module the finding was made with; repeatable', collect)
    .option('--out <file>', 'write here (atomically; missing folders are made) instead of stdout')
    .option('--from <specifier>', 'vitest: where the test imports the library from', 'hotplug-fuzz')
    .addHelpText(
      'after',
      [
        '',
        'sh: a dry run unless started with --apply; with --apply it first checks every device present at the start',
        'exists with the expected vendor:device. Hot-add/remove steps are marked as manual.',
        "vitest: asserts the finding's property (a corpus entry's own, else every property the schedule violates)",
        'under the same policy and properties, so it fails while the bug is there; user modules are imported',
        'relative to --out.',
        'Examples:',
        '  hotplug-fuzz export corpus/findings/intent-6.1-….json --format sh --out repro.sh && sh repro.sh',
        '  hotplug-fuzz export hf1.… --scenario my.json --format vitest --out test/regression.spec.ts',
        'Exit codes: 0 written, 2 bad input or nothing to export in that format.',
      ].join('\n'),
    )
    .action(async (arg: string, flags: ExportFlags) => {
      if (!FORMATS.includes(flags.format))
        throw new UserError('--format', '', `unknown format "${flags.format}" (${FORMATS.join(', ')})`);
      if (flags.out !== undefined) checkPath('--out', flags.out, 'file');
      const pol = flags.policy ? await loadPolicy(flags.policy) : undefined;
      const extra = await loadProperties(flags.property);
      const t = resolveTarget(arg, flags.scenario, pol?.name);
      const b = bootScenario(t.s, t.profile, pol?.match);
      const r = runBooted(b, { scheduler: replayScheduler(t.choices) });
      const x = {
        s: t.s,
        r,
        profile: t.profile.name,
        token: t.token,
        violations: checkExecution(t.s, r, contextFor(b, extra)),
      };
      let text: string;
      if (flags.format === 'sh') text = exportSh(x, t.finding);
      else if (flags.format === 'qmp') text = exportQmp(x);
      else if (flags.format === 'html') {
        const title = t.finding ? `${t.finding.property}: ${t.finding.message}` : t.s.name;
        text = htmlReport(`hotplug-fuzz export: ${t.s.name}`, [
          {
            title,
            profile: t.profile.name,
            token: t.token,
            replay: `hotplug-fuzz replay ${arg}`,
            result: r,
            violations: x.violations,
          },
        ]);
      } else {
        const v = exportVitest(x, {
          from: flags.from,
          policy: flags.policy && specifier(flags.policy, flags.out),
          properties: (flags.property ?? []).map((m) => specifier(m, flags.out)),
          property: t.finding?.property,
        });
        if ('reason' in v) throw new UserError('--format vitest', '', v.reason);
        text = v.text;
      }
      if (flags.out === undefined) return out(text);
      writeFileAtomic(flags.out, text, flags.format === 'sh' ? 0o755 : 0o644);
    });
}
