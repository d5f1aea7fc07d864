// The options several commands share, declared once: one flag spelling, one default, and a help line that
// states it. Commands pick the ones they take; their values are read and validated here too.
import { Option, type Command } from 'commander';
import { DEFAULT_KERNEL, profilesNamed } from '../campaign/kernel.js';
import type { Profile } from '../profiles/types.js';
import type { Scenario } from '../scenario/types.js';
import { isValidSeed } from '../prng/index.js';
import { UserError } from '../util/errors.js';
import { collect } from './property.js';

interface Spec {
  readonly flags: string;
  readonly help: string;
  /** The default value commander fills in, and how help shows it. */
  readonly value?: string;
  readonly shown?: string;
  readonly repeatable?: boolean;
}

export const MAX_EXECUTIONS = '100000';

const SPECS = {
  kernel: {
    flags: '-k, --kernel <profiles>',
    help: 'comma-separated kernel profiles, or "all"',
    shown: `the scenario's "kernel", else ${DEFAULT_KERNEL}`,
  },
  policy: {
    flags: '--policy <module>',
    help: "a user matching policy (./my-policy.js) instead of each profile's own pci_match_device",
    shown: "each profile's own",
  },
  property: {
    flags: '--property <module>',
    help: 'also check your own property (./my-property.js); repeatable',
    shown: 'none',
    repeatable: true,
  },
  seed: { flags: '--seed <seed>', help: 'seed (1-64 letters, digits or ._:-)', shown: 'from the clock, printed' },
  json: { flags: '--json', help: 'machine-readable output on stdout (progress and logs on stderr)' },
  html: { flags: '--html <file>', help: 'also write a self-contained HTML report', shown: 'none' },
  time: {
    flags: '--time <seconds>',
    help: 'stop starting new work after this long (what was found so far is kept; exit 4 if work was left)',
    shown: 'no limit',
  },
  maxExecutions: {
    flags: '--max-executions <n>',
    help: 'exploration budget per scenario and profile (exit 4 when reached: the outcome set is partial)',
    value: MAX_EXECUTIONS,
  },
  corpus: {
    flags: '--corpus <dir>',
    help: 'where findings are written (one JSON file each, de-duplicated by fingerprint)',
    value: 'corpus/findings',
  },
  baseline: { flags: '--baseline <profile>', help: 'the baseline of no-regression', value: '5.14' },
  scenarios: {
    flags: '--scenarios <dir>',
    help: 'directory of scenarios used when none is named',
    value: 'corpus/scenarios',
  },
  junit: { flags: '--junit <file>', help: 'also write a JUnit XML report', shown: 'none' },
} as const satisfies Record<string, Spec>;

export type CommonOption = keyof typeof SPECS;

/** Adds the named shared options to a command, each with its one default. */
export function withOptions(cmd: Command, ...names: CommonOption[]): Command {
  for (const n of names) {
    const s: Spec = SPECS[n];
    // The help line states the default; commander fills in only a value (an absent one means "see the help").
    const o = new Option(s.flags, s.shown !== undefined ? `${s.help} (default: ${s.shown})` : s.help);
    if (s.repeatable) o.argParser(collect);
    if (s.value !== undefined) o.default(s.value, s.value);
    cmd.addOption(o);
  }
  return cmd;
}

export function positiveInt(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError(flag, '', `must be a positive integer, not "${v}"`);
  return n;
}

/** --time as a deadline on the CLI's clock (Infinity: no limit). */
export function deadlineOf(time: string | undefined, now: number): number {
  if (time === undefined) return Number.POSITIVE_INFINITY;
  const seconds = Number(time);
  if (!(seconds > 0)) throw new UserError('--time', '', `must be a positive number of seconds, not "${time}"`);
  return now + seconds * 1000;
}

export function seedOf(flag: string | undefined, now: number): string {
  const seed = flag ?? String(now % 1_000_000_007);
  if (!isValidSeed(seed)) throw new UserError('--seed', '', 'a seed is 1-64 letters, digits or ._:-');
  return seed;
}

/** The profiles a command runs: --kernel, else the scenario's own "kernel", else the default. */
export function kernelProfiles(flag: string | undefined, s: Scenario | null = null): Profile[] {
  return profilesNamed(flag ?? s?.kernel ?? DEFAULT_KERNEL, '--kernel');
}

/**
 * The rows of a campaign or matrix over many scenarios: --kernel's profiles, else those the scenarios name (each
 * scenario runs under its own, as `kernelProfiles` says), in table order; `applies` says which rows a scenario runs.
 */
export function kernelRows(
  flag: string | undefined,
  scenarios: readonly { readonly s: Scenario }[],
): { profiles: Profile[]; applies?: (s: Scenario, c: { readonly profile: Profile }) => boolean } {
  if (flag !== undefined) return { profiles: kernelProfiles(flag) };
  const named = new Set(scenarios.flatMap(({ s }) => kernelProfiles(undefined, s).map((p) => p.name)));
  return {
    profiles: profilesNamed('all', '--kernel').filter((p) => named.has(p.name)),
    applies: (s, c) => kernelProfiles(undefined, s).some((p) => p.name === c.profile.name),
  };
}
