// `hotplug-fuzz export <token|file> --format sh|qmp|vitest`: carry a finding to a machine, a VM or a test suite.
import type { Command } from 'commander';
import { bootScenario, runBooted } from '../../exec/run.js';
import { replayScheduler } from '../../scheduler/basic.js';
import { checkExecution, contextFor } from '../../../properties/index.js';
import { exportQmp, exportSh, exportVitest } from '../../report/export.js';
import { UserError } from '../../util/errors.js';
import { out } from '../io.js';
import { loadPolicy } from '../policy.js';
import { resolveTarget } from './corpus.js';
import { writeFileAtomic } from '../write.js';

interface ExportFlags {
  format: string;
  scenario?: string;
  policy?: string;
  out?: string;
  from: string;
}

export function registerExport(program: Command): void {
  program
    .command('export <tokenOrFile>')
    .description('write a finding as a shell script of sysfs writes (sh), QMP + guest commands (qmp), or a vitest regression test (vitest)')
    .requiredOption('--format <kind>', 'sh | qmp | vitest')
    .option('--scenario <file>', 'the scenario a bare token belongs to (default: looked up by hash in corpus/)')
    .option('--policy <module>', 'the user policy module the finding was made with')
    .option('--out <file>', 'write here (atomically) instead of stdout')
    .option('--from <specifier>', 'vitest: where the test imports the library from', 'hotplug-fuzz')
    .addHelpText('after', [
      '',
      'sh: a dry run unless started with --apply; with --apply it first checks every device exists with the',
      'expected vendor:device. Hot-add/remove steps are marked as manual.',
      'Examples:',
      '  hotplug-fuzz export corpus/findings/intent-6.1-….json --format sh --out repro.sh && sh repro.sh',
      '  hotplug-fuzz export hf1.… --scenario my.json --format vitest --out test/regression.spec.ts',
    ].join('\n'))
    .action(async (arg: string, flags: ExportFlags) => {
      if (!['sh', 'qmp', 'vitest'].includes(flags.format)) throw new UserError('--format', '', `unknown format "${flags.format}" (sh, qmp, vitest)`);
      const pol = flags.policy ? await loadPolicy(flags.policy) : undefined;
      const t = resolveTarget(arg, flags.scenario, pol?.name);
      const b = bootScenario(t.s, t.profile, pol?.match);
      const r = runBooted(b, { scheduler: replayScheduler(t.choices) });
      const x = { s: t.s, r, profile: t.profile.name, token: t.token, violations: checkExecution(t.s, r, contextFor(b)) };
      const text = flags.format === 'sh' ? exportSh(x) : flags.format === 'qmp' ? exportQmp(x) : exportVitest(x, flags.from);
      if (flags.out === undefined) return out(text);
      writeFileAtomic(flags.out, text, flags.format === 'sh' ? 0o755 : 0o644);
    });
}
