// What the oracle compares, one unit at a time: a scenario's raw op, or one system call a recipe made in the
// model's sequential run (the guest replays the model's own call sequence; the first differing result is
// where model and kernel part). Each unit's result as the model spells it, and a guest's error text as an errno.
import type { OpDecl } from '../scenario/types.js';
import type { RunResult } from '../exec/run.js';
import type { Call } from '../ops/proc.js';

export type Unit =
  | { readonly label: string; readonly model: string; readonly op: OpDecl }
  | { readonly label: string; readonly model: string; readonly call: Call };

/** Not compared: reads of raw ops, and tool calls the guest has no program for (lspci, setpci, group listings). */
export const NOT_COMPARED = '-';

/** A recipe call's result as the guest can show it: text read (trimmed), driver name, exists/missing, ok/errno. */
function callModel(c: Call): string {
  if (c.call === 'readdir' || (c.call === 'read' && !c.path.startsWith('/'))) return NOT_COMPARED; // lspci, setpci, group listings
  if (c.call === 'read' && c.result.startsWith('"')) return (JSON.parse(c.result) as string).trimEnd();
  return c.result;
}

/** The units of a FIFO run, in the order they completed. */
export function unitsOf(r: RunResult): Unit[] {
  return r.ops.flatMap((o): Unit[] =>
    o.calls
      ? o.calls.map((call) => ({
          label: `${o.actor}: ${o.op}: ${call.call} ${call.path}`,
          model: callModel(call),
          call,
        }))
      : [{ label: `${o.actor}: ${o.op}`, model: o.decl.kind === 'read' ? NOT_COMPARED : o.result, op: o.decl }],
  );
}

const STRERROR: Record<string, string> = {
  'No such device': '-ENODEV',
  'File exists': '-EEXIST',
  'Device or resource busy': '-EBUSY',
  'Invalid argument': '-EINVAL',
  'No such file or directory': '-ENOENT',
  'nonexistent directory': '-ENOENT',
  'Permission denied': '-EACCES',
  'Numerical result out of range': '-ERANGE',
  'Resource temporarily unavailable': '-EAGAIN',
  'Input/output error': '-EIO',
  'Operation not permitted': '-EPERM',
  'No space left on device': '-ENOSPC',
};

/** The errno a guest command's error text names (busybox prints strerror). */
export function errnoOf(out: string): string {
  for (const [text, name] of Object.entries(STRERROR)) if (out.includes(text)) return name;
  return `error (${out.split('\n').pop() ?? ''})`;
}
