// `hotplug-fuzz profiles` and `hotplug-fuzz schema`: what exists.
import type { Command } from 'commander';
import { PROFILES } from '../../profiles/index.js';
import { scenarioSchema } from '../../scenario/schema.js';
import { out } from '../io.js';

export function registerLists(program: Command): void {
  program
    .command('profiles')
    .description('list the kernel profiles (matching policy + era quirks), one line each')
    .option('-v, --verbose', 'also print every quirk with the kernel function and commit it comes from')
    .option('--json', 'machine-readable output')
    .action((flags: { verbose?: boolean; json?: boolean }) => {
      if (flags.json) return out(JSON.stringify(PROFILES, null, 2));
      const w = Math.max(...PROFILES.map((p) => p.name.length)) + 2;
      for (const p of PROFILES) {
        out(`${p.name.padEnd(w)}${p.summary}`);
        if (flags.verbose) {
          out(`${' '.repeat(w)}base: ${p.base}`);
          for (const [q, v] of Object.entries(p.quirks)) out(`${' '.repeat(w)}${q} = ${v}  (${p.citations[q as keyof typeof p.quirks]})`);
        }
      }
    });
  program
    .command('schema')
    .description('print the JSON Schema of scenario format v1')
    .action(() => out(JSON.stringify(scenarioSchema(), null, 2)));
}
