// hotplug-fuzz command line: commands and exit codes. The cli layer is the only one that touches process, console, files and the clock.
import { Command, CommanderError } from 'commander';
import { UserError } from '../util/errors.js';
import { ScheduleDivergence } from '../exec/engine.js';
import { registerRun } from './commands/run.js';
import { registerCampaign } from './commands/campaign.js';
import { registerExplore } from './commands/explore.js';
import { registerLists } from './commands/lists.js';
import { registerMatrix } from './commands/matrix.js';
import { registerFuzz } from './commands/fuzz.js';
import { registerCorpus } from './commands/corpus.js';
import { registerExport } from './commands/export.js';
import { registerOracle } from './commands/oracle.js';
import { registerSnapshot } from './commands/snapshot.js';
import { err } from './io.js';

function program(): Command {
  const p = new Command('hotplug-fuzz')
    .description(
      'Race fuzzer and model checker for how Linux binds devices to drivers (PCI, platform, vmbus, USB and more buses)',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerCampaign(p);
  registerRun(p);
  registerExplore(p);
  registerMatrix(p);
  registerFuzz(p);
  registerCorpus(p);
  registerExport(p);
  registerOracle(p);
  registerSnapshot(p);
  registerLists(p);
  return p;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    process.exitCode = undefined;
    const p = program();
    const first = argv[0];
    if (
      first !== undefined &&
      !first.startsWith('-') &&
      first !== 'help' &&
      !p.commands.some((c) => c.name() === first)
    ) {
      throw new UserError(
        'hotplug-fuzz',
        '',
        `unknown command '${first}' (commands: ${p.commands.map((c) => c.name()).join(', ')}; see --help)`,
      );
    }
    await p.parseAsync(argv as string[], { from: 'user' });
    const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
    process.exitCode = undefined; // the caller (bin or test) decides what to do with it
    return code;
  } catch (e) {
    if (e instanceof UserError) {
      err(e.message);
      return 2;
    }
    if (e instanceof ScheduleDivergence) {
      err(`hotplug-fuzz: replay diverged: ${e.message}`);
      return 3;
    }
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0 ? 0 : 2;
    }
    err(`hotplug-fuzz: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 3;
  }
}
