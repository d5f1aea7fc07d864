// `hotplug-fuzz run <scenario>`: one execution per profile, each op's result and the final bindings.
import type { Command } from 'commander';
import { runScenario, type RunResult } from '../../exec/run.js';
import { checkExecution } from '../../../properties/index.js';
import { formatBindingMatrix, formatRun } from '../../report/run-text.js';
import { runJson } from '../../report/run-json.js';
import { loadScenario, out, selectProfiles } from '../io.js';

interface RunFlags {
  kernel?: string;
  json?: boolean;
  trace?: boolean;
  boot?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('execute a scenario once (FIFO: actors one after another) and print each op\'s result and the final bindings')
    .argument('<scenario>', 'scenario file (format v1, see `hotplug-fuzz schema`)')
    .option('-k, --kernel <profile>', 'kernel profile, or "all" (default: the scenario\'s "kernel", else 6.1)')
    .option('--trace', 'print every step: thread, kernel function, object, what happened')
    .option('--boot', 'also print the boot trace (enumeration and driver registration)')
    .option('--json', 'machine-readable output on stdout')
    .addHelpText('after', '\nExamples:\n  hotplug-fuzz run corpus/scenarios/h2-new-id-captures-unbound-twins.json --kernel all\n  hotplug-fuzz run my.json --kernel 5.19 --trace\n\nExit codes: 0 clean, 1 a property was violated, 2 bad input, 3 internal error.')
    .action((file: string, flags: RunFlags) => {
      const s = loadScenario(file);
      const results = selectProfiles(flags.kernel, s).map((profile) => {
        const r: RunResult = runScenario(s, profile);
        return { profile: profile.name, p: profile, r, violations: checkExecution(s, r) };
      });
      if (flags.json) {
        const docs = results.map(({ r, violations }) => runJson(r, violations, !!flags.trace));
        out(JSON.stringify(docs.length === 1 ? docs[0] : { scenario: s.name, results: docs }, null, 2));
      } else {
        out(`scenario ${s.name}${s.description ? ` — ${s.description}` : ''}`);
        for (const { p, r, violations } of results) out('\n' + formatRun(r, p, violations, { trace: !!flags.trace, boot: !!flags.boot }));
        if (results.length > 1) out('\nfinal bindings by profile (- = unbound):\n' + formatBindingMatrix(results));
      }
      if (results.some((x) => x.violations.length > 0)) process.exitCode = 1;
    });
}
