// `hotplug-fuzz oracle [scenario…]`: the model against the real kernel in QEMU: design §8's facts, scenarios
// one guest each, or a generated differential campaign on one snapshotted guest.
import type { Command } from 'commander';
import { join } from 'node:path';
import { checkPath } from '../paths.js';
import { writeFileAtomic } from '../write.js';
import { findOracleEnv, type OracleEnv } from '../oracle/environment.js';
import { differential, SnapshotOracle, SRIOV_DEVICES } from '../oracle/differential.js';
import { findSriovEnv, requireSriovEnv } from '../oracle/sriov-env.js';
import { oracleSriovTraces } from '../../campaign/oracle-sriov-traces.js';
import { chooseProfile, debianRelease, DEBIAN_RELEASES } from '../../oracle/releases.js';
import { findProfile } from '../../profiles/index.js';
import { buildInitramfs, oracleModules } from '../oracle/initramfs.js';
import type { Verdict } from '../../oracle/compare.js';
import { FACTS, broken, promise } from '../../oracle/facts.js';
import { oracleTraces } from '../../campaign/oracle-traces.js';
import { parseScenario } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/types.js';
import { findDriver } from '../../model/catalogue/index.js';
import { loadScenario, out, err, scenarioFiles } from '../io.js';
import { UserError } from '../../util/errors.js';
import { kernelPair } from '../oracle/kernel-pair.js';
import { runTraces } from '../oracle/run-traces.js';

interface Flags {
  scenarios: string;
  facts?: boolean;
  generate?: string;
  seed: string;
  out: string;
  json?: boolean;
  sriov?: boolean;
  kernel?: string;
  profile?: string;
  baseline?: string;
  candidate?: string;
  writeTraces?: string;
}

interface FactVerdict {
  readonly id: string;
  readonly text: string;
  /** The era's variant of the fact, when the profile's quirks change what it promises. */
  readonly era: string | null;
  readonly holds: boolean;
  readonly kernel: string | null;
  readonly model: string | null;
  readonly ms: number;
}

const parse = (t: Record<string, unknown>): Scenario =>
  parseScenario(JSON.stringify(t), `${t.name as string}.json`, (x) => findDriver(x) !== undefined);

/** Each fact on a fresh guest (real QMP hot-add): the kernel and the model must both keep it (its era's variant). */
async function checkFacts(env: OracleEnv, initrd: Buffer, profile: string, json: boolean): Promise<FactVerdict[]> {
  const verdicts: FactVerdict[] = [];
  const quirks = findProfile(profile)!.quirks;
  for (const f of FACTS) {
    const v = await differential(env, initrd, parse(f.scenario), profile);
    if (!v.supported) throw new Error(`fact ${f.id} cannot run in the guest: ${v.reason}`);
    const kernel = broken(f, v.kernel, quirks);
    const model = broken(f, v.model, quirks);
    const era = promise(f, quirks).why;
    const holds = kernel === null && model === null;
    verdicts.push({ id: f.id, text: f.text, era, holds, kernel, model, ms: v.ms });
    if (!json)
      out(
        `${holds ? 'fact ok ' : 'FACT BROKEN'} ${f.id}: ${f.text} (${(v.ms / 1000).toFixed(1)} s)` +
          `${era ? `\n  on ${profile}: ${era}` : ''}${kernel ? `\n  kernel: ${kernel}` : ''}${model ? `\n  model:  ${model}` : ''}`,
      );
  }
  return verdicts;
}

/** A bare series (`5.9`) must be one Debian ships; anything else is a path, checked when it is looked up. */
function checkSeries(flag: string, k: string | undefined): void {
  if (k !== undefined && /^\d+\.\d+$/.test(k) && !debianRelease(k))
    throw new UserError(
      flag,
      '',
      `no Debian release ships ${k} (${DEBIAN_RELEASES.map((r) => r.series).join(', ')}); give a .deb or a vmlinuz`,
    );
}

/** --baseline and --candidate go together, with --generate, and with nothing that names one kernel or scenarios. */
function checkPair(flags: Flags, n: number | null, scenarios: number): void {
  const [flag, other] = flags.baseline === undefined ? ['--candidate', '--baseline'] : ['--baseline', '--candidate'];
  if (flags.baseline === undefined || flags.candidate === undefined)
    throw new UserError(flag, '', `compares two kernels: give ${other} too`);
  if (n === null) throw new UserError('--baseline', '', 'compares generated traces: give --generate N');
  if (scenarios || flags.facts)
    throw new UserError('--baseline', '', 'runs generated traces only: give no scenarios and no --facts');
  if (flags.sriov)
    throw new UserError('--sriov', '', 'is not run with --baseline/--candidate (generated PCI traces only)');
  if (flags.kernel !== undefined || flags.profile !== undefined)
    throw new UserError(
      flags.kernel !== undefined ? '--kernel' : '--profile',
      '',
      "names one kernel's run: with --baseline/--candidate each kernel is compared under its release's profile",
    );
}

export function registerOracle(program: Command): void {
  program
    .command('oracle [scenarios...]')
    .description(
      "check the model against a real Debian kernel in QEMU: design §8's facts, scenarios, or generated traces",
    )
    .option('--scenarios <dir>', 'directory used when no scenario is named', 'corpus/scenarios')
    .option('--facts', 'only the facts design §8 reports from a real 6.1 kernel, each on a fresh guest')
    .option(
      '--generate <n>',
      'a differential campaign: n generated sequential traces on one guest (snapshot per trace)',
    )
    .option('--seed <seed>', 'seed of the generated traces', '1')
    .option('--out <dir>', 'where disagreements are saved, as corpus entries with both results', 'corpus/oracle')
    .option('--json', 'machine-readable output on stdout')
    .option(
      '--sriov',
      "with --generate: SR-IOV traces on QEMU's igb (Debian 13's QEMU, made by scripts/oracle-sriov-setup.sh)",
    )
    .option(
      '--kernel <k>',
      "the real kernel: 5.10, 6.1 or 6.12 (Debian 11/12/13's, fetched with apt into ~/.cache/hotplug-fuzz), " +
        'a .deb, or a vmlinuz with its modules tree beside it',
    )
    .option('--profile <name>', "the profile to compare against (default: the kernel release's own)")
    .option(
      '--baseline <k>',
      'with --candidate and --generate: two real kernels (anything --kernel takes) on the same traces',
    )
    .option('--candidate <k>', 'the kernel compared with --baseline')
    .option(
      '--write-traces <dir>',
      'with --generate: write the traces as scenario files (oracle-<seed>-<i>.json) and run nothing (no QEMU needed)',
    )
    .addHelpText(
      'after',
      [
        '',
        'With no scenario named: the facts, then every scenario in --scenarios the guest can reproduce.',
        'Needs qemu-system-x86_64, a Debian kernel with its modules and busybox: scripts/oracle-setup.sh installs them',
        "(as root, from Debian's packages). Each fact and scenario boots a fresh guest (≈6 s under TCG); --generate boots",
        "once and restores a snapshot per trace (≈1 s a trace). A recipe runs as the model's sequence of its system calls.",
        'Scenarios the guest cannot reproduce (inline drivers, devices off root ports) are skipped with the reason; SR-IOV',
        "ones run on QEMU's igb where scripts/oracle-sriov-setup.sh has made its Debian 13 QEMU (skipped otherwise).",
        'A trace that crashes the guest (an oops or panic, QEMU gone, no answer) is a disagreement "guest crashed at op N: …";',
        'the guest is booted again for the next trace.',
        'A disagreement is saved as a corpus entry (property kernel-agreement): `hotplug-fuzz replay <file>` or',
        '`hotplug-fuzz corpus check corpus/oracle` re-runs the model and says whether it now agrees with the kernel.',
        "--kernel 5.10|6.1|6.12 runs Debian 11/12/13's kernel: apt fetches its package with a source list of the oracle's own",
        '(mirror read from /etc/apt/sources.list{,.d}) and dpkg -x unpacks it into ~/.cache/hotplug-fuzz/kernels; nothing is installed.',
        '--kernel also takes a .deb or a vmlinuz with lib/modules/<release> beside it; --profile names the profile when its release maps to none.',
        '--baseline A --candidate B --generate N runs the same traces on both kernels (each replays the units of the model',
        "under its release's profile) and reports where the kernels differ, each difference saved as a corpus entry",
        '(property kernel-difference; `replay <file>` shows both kernels and the model side by side), and whether the model',
        'under the two profiles predicts it: predicted, differently (another difference), missed; spurious = the model',
        'predicts a difference the kernels do not show.',
        'Exit codes: 0 all agree and every fact holds (--baseline: the kernels and the model show no difference), 1 a',
        'disagreement or a broken fact (--baseline: a difference, or a spurious prediction), 2 bad input or no QEMU/kernel,',
        '130 interrupted (--baseline: the traces run so far are reported).',
      ].join('\n'),
    )
    .action(async (names: string[], flags: Flags) => {
      checkPath('--out', flags.out, 'dir');
      const n = flags.generate === undefined ? null : Number(flags.generate);
      if (n !== null && !(Number.isInteger(n) && n > 0))
        throw new UserError('--generate', '', `must be a positive integer, not "${flags.generate}"`);
      if (n !== null && (flags.facts || names.length))
        throw new UserError('--generate', '', 'runs generated traces only: give no scenarios and no --facts with it');
      if (flags.facts && names.length)
        throw new UserError('--facts', '', 'runs the facts only: give no scenarios with it');
      if (flags.sriov && n === null)
        throw new UserError('--sriov', '', 'generates SR-IOV traces: give --generate with it');
      if (flags.writeTraces !== undefined) {
        if (n === null) throw new UserError('--write-traces', '', 'writes generated traces: give --generate N');
        checkPath('--write-traces', flags.writeTraces, 'dir');
        const traces = (flags.sriov ? oracleSriovTraces : oracleTraces)(flags.seed, n).map((t) => ({ t, s: parse(t) }));
        for (const { t, s } of traces)
          writeFileAtomic(join(flags.writeTraces, `${s.name}.json`), JSON.stringify(t, null, 2) + '\n');
        if (!flags.json) err(`${traces.length} traces (seed ${flags.seed}) written to ${flags.writeTraces}/`);
        return;
      }
      for (const [flag, k] of [
        ['--kernel', flags.kernel],
        ['--baseline', flags.baseline],
        ['--candidate', flags.candidate],
      ] as const)
        checkSeries(flag, k);
      if (flags.baseline !== undefined || flags.candidate !== undefined) {
        checkPair(flags, n, names.length);
        process.exitCode = await kernelPair(oracleTraces(flags.seed, n!).map(parse), {
          baseline: flags.baseline!,
          candidate: flags.candidate!,
          seed: flags.seed,
          out: flags.out,
          json: flags.json === true,
        });
        return;
      }
      const named = flags.profile === undefined ? null : chooseProfile('', flags.profile);
      if (named !== null && 'error' in named) throw new UserError('--profile', '', named.error);
      const scenarios =
        n !== null
          ? (flags.sriov ? oracleSriovTraces : oracleTraces)(flags.seed, n).map(parse)
          : flags.facts
            ? []
            : (names.length ? names : scenarioFiles(flags.scenarios)).map((f) => loadScenario(f));
      const env = findOracleEnv(flags.kernel);
      const chosen = chooseProfile(env.release, flags.profile);
      if ('error' in chosen) throw new UserError(env.kernel, '', chosen.error);
      const profile = chosen.profile;
      // SR-IOV needs Debian 13's QEMU (igb), run chrooted with the same kernel; the host's QEMU for the rest.
      const sriovEnv = flags.sriov ? requireSriovEnv(env) : findSriovEnv(env);
      const envFor = (s: Scenario): OracleEnv => (sriovEnv && s.devices.some((d) => d.sriov) ? sriovEnv : env);
      const json = flags.json === true;
      const modules = oracleModules(env.modules);
      if (modules.missing.length && !json)
        err(`note: ${env.release} has no module ${modules.missing.join(', ')}: scenarios loading it will disagree`);
      const initrd = buildInitramfs(env, modules);
      const facts = n === null && names.length === 0 ? await checkFacts(env, initrd, profile, json) : [];
      const snap =
        n === null
          ? null
          : flags.sriov
            ? await SnapshotOracle.start(sriovEnv!, initrd, SRIOV_DEVICES)
            : await SnapshotOracle.start(env, initrd);
      let verdicts: Verdict[];
      let saved: number;
      try {
        ({ verdicts, saved } = await runTraces(
          scenarios,
          (s) => (snap ? snap.run(s, profile) : differential(envFor(s), initrd, s, profile)),
          { release: env.release, profile, out: flags.out, seed: n !== null ? flags.seed : '', json },
        ));
      } finally {
        snap?.close();
      }
      const run = verdicts.filter((v) => v.supported);
      const disagreements = run
        .filter((v) => !v.agree)
        .map((v) => ({ trace: v.scenario, model: v.model, kernel: v.kernel }));
      const brokenFacts = facts.filter((f) => !f.holds).length;
      if (json)
        out(
          JSON.stringify(
            {
              kernel: env.release,
              profile,
              traces: run.length,
              agree: run.length - disagreements.length,
              disagreements,
              skipped: verdicts.filter((v) => !v.supported),
              ...(facts.length ? { facts } : {}),
            },
            null,
            2,
          ),
        );
      else {
        if (facts.length)
          err(`facts: ${facts.length - brokenFacts}/${facts.length} hold on ${env.release} and in the model`);
        if (scenarios.length)
          err(
            `${env.release} vs profile ${profile}: ${run.length - disagreements.length}/${run.length} agree, ` +
              `${verdicts.length - run.length} skipped${saved ? `; ${saved} disagreement(s) saved to ${flags.out}/` : ''}`,
          );
      }
      process.exitCode = disagreements.length || brokenFacts ? 1 : 0;
    });
}
