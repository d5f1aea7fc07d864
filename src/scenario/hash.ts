// The identity of a scenario: a hash of its canonical JSON (keys sorted), so formatting does not matter.
import { createHash } from 'node:crypto';
import type { Scenario } from './types.js';

/** 16 hex digits (64 bits) of SHA-256 over the canonical source. */
export function scenarioHash(s: Scenario): string {
  return createHash('sha256').update(s.source).digest('hex').slice(0, 16);
}
