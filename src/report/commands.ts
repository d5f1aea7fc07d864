// The command a report suggests for a finding: the one that shows the finding's own property. A saved finding
// replays from its corpus file (replay judges every property as the finding was judged: an outcome-set one by
// exploring again); an unsaved one by its schedule, except `deterministic`, which only explore can show (explore
// takes no user policy: with one, the schedule it is).

export interface FindingRef {
  /** The scenario file. */
  readonly file: string;
  readonly profile: string;
  readonly property: string;
  readonly token: string;
  /** The corpus file holding the finding, when there is one. */
  readonly entry: string | null;
  /** A user policy module (--policy) the finding was made with. */
  readonly policyModule?: string;
  /** User property modules (--property) the run checked. */
  readonly propertyModules?: readonly string[];
}

const modules = (flag: string, ms: readonly string[] | undefined): string =>
  (ms ?? []).map((m) => ` ${flag} ${m}`).join('');

export function suggestedCommand(f: FindingRef): string {
  const policy = modules('--policy', f.policyModule === undefined ? [] : [f.policyModule]);
  const props = modules('--property', f.propertyModules);
  if (f.entry !== null) return `hotplug-fuzz replay ${f.entry}${policy}${props}`;
  if (f.property === 'deterministic' && f.policyModule === undefined)
    return `hotplug-fuzz explore ${f.file} -k ${f.profile}`;
  return `hotplug-fuzz run ${f.file}${policy}${props} --schedule ${f.token} --trace`;
}
