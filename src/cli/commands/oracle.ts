// `hotplug-fuzz oracle [scenario…]`: the model against the real kernel in QEMU, scenario by scenario.
import type { Command } from 'commander';
import { findOracleEnv, profileForRelease } from '../oracle/environment.js';
import { buildInitramfs } from '../oracle/initramfs.js';
import { differential, SnapshotOracle, type Verdict } from '../oracle/differential.js';
import { oracleTraces } from '../../campaign/oracle-traces.js';
import { parseScenario } from '../../scenario/load.js';
import { findDriver } from '../../model/catalogue/index.js';
import { writeFileAtomic } from '../write.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

function ensureDir(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
import { loadScenario, out, err, scenarioFiles } from '../io.js';
import { UserError } from '../../util/errors.js';

export function registerOracle(program: Command): void {
  program
    .command('oracle [scenarios...]')
    .description('run scenarios sequentially on a real Debian kernel in QEMU and compare each write\'s result and the final bindings with the model')
    .option('--scenarios <dir>', 'directory used when no scenario is named', 'corpus/scenarios')
    .option('--generate <n>', 'a differential campaign: n generated sequential traces on one guest (snapshot per trace)')
    .option('--seed <seed>', 'seed of the generated traces', '1')
    .option('--out <dir>', 'where disagreements are saved (one JSON file each)', 'corpus/oracle')
    .option('--json', 'machine-readable output on stdout')
    .addHelpText('after', [
      '',
      'Needs qemu-system-x86_64, a Debian kernel with its modules and busybox: scripts/oracle-setup.sh installs them',
      '(as root, from Debian\'s packages). Each scenario boots a fresh guest (≈6 s under TCG). Scenarios the guest',
      'cannot reproduce (recipes, udev rules, inline drivers, SR-IOV, devices off root ports) are skipped with the reason.',
      'Exit codes: 0 all agree, 1 a disagreement, 2 bad input or no QEMU/kernel.',
    ].join('\n'))
    .action(async (names: string[], flags: { scenarios: string; generate?: string; seed: string; out: string; json?: boolean }) => {
      const n = flags.generate === undefined ? null : Number(flags.generate);
      if (n !== null && !(Number.isInteger(n) && n > 0)) throw new UserError('--generate', '', `must be a positive integer, not "${flags.generate}"`);
      const env = findOracleEnv();
      const profile = profileForRelease(env.release);
      if (profile === null) throw new UserError(env.kernel, '', `kernel ${env.release} matches no profile (the oracle knows Debian 12's 6.1)`);
      const scenarios = n !== null
        ? oracleTraces(flags.seed, n).map((t) => parseScenario(JSON.stringify(t), `${t.name as string}.json`, (x) => findDriver(x) !== undefined))
        : (names.length ? names : scenarioFiles(flags.scenarios)).map((f) => loadScenario(f));
      const initrd = buildInitramfs(env);
      const snap = n !== null ? await SnapshotOracle.start(env, initrd) : null;
      const verdicts: Verdict[] = [];
      for (const s of scenarios) {
        const v = snap ? await snap.run(s, profile) : await differential(env, initrd, s, profile);
        if (snap && v.supported && !v.agree) writeFileAtomic(ensureDir(flags.out, `${s.name}.json`), JSON.stringify({ trace: JSON.parse(s.source), kernel: env.release, profile, model: v.model, observed: v.kernel }, null, 2) + '\n');
        verdicts.push(v);
        if (!flags.json) out(v.supported ? `${v.agree ? 'agree   ' : 'DISAGREE'} ${s.name} (${(v.ms / 1000).toFixed(1)} s)${v.agree ? '' : `\n  model:  ${JSON.stringify(v.model)}\n  kernel: ${JSON.stringify(v.kernel)}`}` : `skip     ${s.name}: ${v.reason}`);
      }
      snap?.close();
      const run = verdicts.filter((v) => v.supported);
      const disagreements = run.filter((v) => !v.agree).map((v) => ({ trace: v.scenario, model: v.model, kernel: v.kernel }));
      if (flags.json) out(JSON.stringify({ kernel: env.release, profile, traces: run.length, agree: run.length - disagreements.length, disagreements, skipped: verdicts.filter((v) => !v.supported) }, null, 2));
      else err(`${env.release} vs profile ${profile}: ${run.length - disagreements.length}/${run.length} agree, ${verdicts.length - run.length} skipped`);
      process.exitCode = disagreements.length ? 1 : 0;
    });
}
