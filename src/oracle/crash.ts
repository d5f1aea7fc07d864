// A guest that crashed mid-trace (an oops or a panic on the console, QEMU gone, no answer): the trace is a
// disagreement whose kernel side ends at the op that crashed, and the oracle restarts the guest for the next one.

/** The console lines that say the kernel crashed (a WARN does not): the first one found names the crash. */
const OOPS =
  /^(?:BUG: .*|Oops: .*|general protection fault.*|kernel BUG at .*|Unable to handle kernel .*|Kernel panic - not syncing: .*)$/;

/** The first oops or panic line of a console log, without its printk timestamp; null when there is none. */
export function firstOopsLine(log: string): string | null {
  for (const raw of log.split(/\r?\n/)) {
    const line = raw
      .replace(/^<\d>/, '')
      .replace(/^\[\s*\d+\.\d+\]\s*/, '')
      .trim();
    if (OOPS.test(line)) return line;
  }
  return null;
}

/** "guest crashed at op N: <first oops line>" (N counted from 1; 0 = while setting the trace's world up). */
export function crashMessage(op: number, why: string): string {
  return `guest crashed ${op > 0 ? `at op ${op}` : 'before op 1 (setting up the world)'}: ${why}`;
}
