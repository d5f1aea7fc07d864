// The property registry: every invariant by name.
import type { ExecutionProperty } from './types.js';
import { intent } from './intent.js';
import { noDeadlock } from './no-deadlock.js';

export const EXECUTION_PROPERTIES: readonly ExecutionProperty[] = [intent, noDeadlock];

export function checkExecution(...args: Parameters<ExecutionProperty['check']>) {
  return EXECUTION_PROPERTIES.flatMap((p) => p.check(...args));
}
