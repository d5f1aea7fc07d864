// `hotplug-fuzz run <scenario>`: one execution per profile, each op's result and the final bindings.
import type { Command } from 'commander';
import { bootScenario, runBooted } from '../../exec/run.js';
import { fifo, ScheduleDivergence, type Scheduler } from '../../exec/engine.js';
import { checkExecution, contextFor } from '../../../properties/index.js';
import { formatBindingMatrix, formatRun } from '../../report/run-text.js';
import { runJson } from '../../report/run-json.js';
import { child } from '../../prng/index.js';
import { randomScheduler, replayScheduler } from '../../scheduler/basic.js';
import { pctScheduler } from '../../scheduler/pct.js';
import { UserError } from '../../util/errors.js';
import { loadScenario, out, terminalWidth, useColour } from '../io.js';
import { kernelProfiles, seedOf, withOptions } from '../options.js';
import { tokenFor, tokenForScenario } from '../tokens.js';
import { trimChoices } from '../../scheduler/token.js';
import { loadPolicy } from '../policy.js';
import { loadProperties } from '../property.js';
import type { Profile } from '../../profiles/types.js';

interface RunFlags {
  kernel?: string;
  json?: boolean;
  trace?: boolean;
  boot?: boolean;
  schedule?: string;
  scheduler: string;
  seed?: string;
  depth: string;
  policy?: string;
  property?: string[];
}

function makeScheduler(flags: RunFlags, seed: string): Scheduler {
  const g = child(seed, 'scheduler');
  switch (flags.scheduler) {
    case 'fifo':
      return fifo;
    case 'random':
      return randomScheduler(g);
    case 'pct': {
      const depth = Number(flags.depth);
      if (!Number.isInteger(depth) || depth < 1 || depth > 10)
        throw new UserError('--depth', '', 'must be an integer from 1 to 10');
      return pctScheduler(g, { depth, maxSteps: 200 });
    }
    default:
      throw new UserError('--scheduler', '', `unknown scheduler "${flags.scheduler}" (fifo, random, pct)`);
  }
}

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .description("execute a scenario once and print each op's result, the final bindings and the replay token")
    .argument(
      '<scenario>',
      'scenario file (format v1, see `hotplug-fuzz schema`; PCI unless a device names its "bus")',
    );
  withOptions(cmd, 'kernel')
    .option('--schedule <token>', 'replay the interleaving of a replay token (hf1.…) exactly')
    .option('--scheduler <kind>', 'fifo (actors one after another), random or pct', 'fifo');
  withOptions(cmd, 'seed')
    .option('--depth <d>', 'PCT bug depth', '2')
    .option('--trace', 'print every step: thread, kernel function, object, what happened')
    .option('--boot', 'also print the boot trace (enumeration and driver registration)');
  withOptions(cmd, 'policy', 'property', 'json')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  hotplug-fuzz run corpus/scenarios/h02-new-id-captures-unbound-twins.json --kernel all',
        '  hotplug-fuzz run my.json --kernel 5.19 --trace',
        '  hotplug-fuzz run my.json --scheduler random --seed 7',
        '  hotplug-fuzz run my.json --schedule hf1.…',
        '  hotplug-fuzz run examples/vmbus-dpdk-netvsc.json --trace   (other buses: README "Bus families")',
        '',
        'Exit codes: 0 clean, 1 a property was violated, 2 bad input, 3 internal error or replay divergence.',
      ].join('\n'),
    )
    .action(async (file: string, flags: RunFlags) => {
      const s = loadScenario(file);
      const policy = flags.policy !== undefined ? await loadPolicy(flags.policy) : null;
      const extra = await loadProperties(flags.property);
      let profiles: Profile[];
      let sched: () => Scheduler;
      let replayed: readonly number[] | null = null;
      if (flags.schedule !== undefined) {
        const { data, profile } = tokenForScenario(flags.schedule, s, file, policy?.name);
        replayed = data.choices;
        if (flags.kernel !== undefined && flags.kernel !== profile.name)
          throw new UserError('--kernel', '', `the token is for profile ${profile.name}`);
        profiles = [profile];
        sched = () => replayScheduler(data.choices);
      } else {
        const seed = seedOf(flags.seed, Date.now());
        if (flags.scheduler !== 'fifo' && !flags.json) out(`seed ${seed} (scheduler ${flags.scheduler})`);
        profiles = kernelProfiles(flags.kernel, s);
        sched = () => makeScheduler(flags, seed);
      }
      const results = profiles.map((profile) => {
        const b = bootScenario(s, profile, policy?.match);
        const r = runBooted(b, { scheduler: sched() });
        return {
          profile: profile.name,
          p: profile,
          r,
          violations: checkExecution(s, r, contextFor(b, extra)),
          token: tokenFor(s, profile, r.choices, policy?.name),
        };
      });
      if (replayed !== null && trimChoices(results[0].r.choices).join() !== trimChoices(replayed).join()) {
        throw new ScheduleDivergence(results[0].r.choices.length, replayed[results[0].r.choices.length] ?? -1, 0);
      }
      if (flags.json) {
        const docs = results.map(({ r, violations, token }) => ({ ...runJson(r, violations, !!flags.trace), token }));
        out(JSON.stringify(docs.length === 1 ? docs[0] : { scenario: s.name, results: docs }, null, 2));
      } else {
        out(`scenario ${s.name}${s.description ? ` — ${s.description}` : ''}`);
        for (const { p, r, violations, token } of results)
          out(
            '\n' +
              formatRun(r, p, violations, {
                trace: !!flags.trace,
                boot: !!flags.boot,
                colour: useColour(),
                width: terminalWidth(),
              }) +
              `\ntoken: ${token}`,
          );
        if (results.length > 1) out('\nfinal bindings by profile (- = unbound):\n' + formatBindingMatrix(results));
      }
      if (results.some((x) => x.violations.length > 0)) process.exitCode = 1;
    });
}
