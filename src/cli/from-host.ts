// `fuzz --generate --from host.json`: the host scenario's events as the generator's scenarios.
import type fc from 'fast-check';
import { hostScenarios } from '../campaign/from-host.js';
import { UserError } from '../util/errors.js';
import { err, loadScenario } from './io.js';

export interface FromHost {
  /** Scenarios to draw from instead of the built-in generator's (none without --from). */
  readonly scenarios?: fc.Arbitrary<Record<string, unknown>>;
  /** The host scenario's profile, the default --kernel. */
  readonly kernel?: string;
}

export function fromHost(flags: { from?: string; generate?: boolean; quiet?: boolean }): FromHost {
  if (flags.from === undefined) return {};
  if (!flags.generate) throw new UserError('--from', '', 'goes with --generate (fuzz --generate --from host.json)');
  const s = loadScenario(flags.from);
  const h = hostScenarios(s);
  if (!flags.quiet) {
    err(
      `--from ${flags.from}: ${s.devices.length} devices, ${s.drivers.length} drivers; ${h.events.length} events to combine: ${h.events.join(', ') || 'none'}`,
    );
    for (const n of h.notes) err(`  ${n}`);
  }
  return { scenarios: h.arbitrary, kernel: s.kernel ?? undefined };
}
