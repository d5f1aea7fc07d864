// `hotplug-fuzz profiles`, `properties`, `recipes` and `schema`: what exists.
import type { Command } from 'commander';
import { PROFILES } from '../../profiles/index.js';
import { scenarioSchema } from '../../scenario/schema.js';
import { PROPERTIES } from '../../../properties/index.js';
import { RECIPES } from '../../recipes/index.js';
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
          for (const [q, v] of Object.entries(p.quirks))
            out(`${' '.repeat(w)}${q} = ${v}  (${p.citations[q as keyof typeof p.quirks]})`);
        }
      }
    });
  program
    .command('properties')
    .description('list the invariants every execution, outcome set or policy pair is checked against')
    .option('--json', 'machine-readable output')
    .action((flags: { json?: boolean }) => {
      const rows = PROPERTIES.map((p) => ({ name: p.name, kind: p.kind, doc: p.doc }));
      if (flags.json) return out(JSON.stringify(rows, null, 2));
      const w = Math.max(...rows.map((r) => r.name.length)) + 2;
      for (const r of rows) out(`${r.name.padEnd(w)}${r.kind.padEnd(11)}${r.doc}`);
    });
  program
    .command('recipes')
    .description('list the real tools\' commands a scenario op can run ({"recipe": "<name>", ...arguments})')
    .option('--json', 'machine-readable output')
    .action((flags: { json?: boolean }) => {
      const rows = RECIPES.map((r) => ({ name: r.name, versions: r.versions, args: r.args, source: r.source }));
      if (flags.json) return out(JSON.stringify(rows, null, 2));
      for (const r of rows) {
        const args = r.args.map((a) => (a.default === undefined ? `${a.name}` : `[${a.name}=${a.default}]`)).join(' ');
        out(`${r.name}  ${args}  [version=${r.versions.join('|')}]\n    ${r.source}`);
        for (const a of r.args) out(`    ${a.name}: ${a.doc}`);
      }
    });
  program
    .command('schema')
    .description('print the JSON Schema of scenario format v1')
    .action(() => out(JSON.stringify(scenarioSchema(), null, 2)));
}
