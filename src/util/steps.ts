// Step generators: long searches yield between rounds of work so whoever drives them can let the world in (the
// CLI awaits its event loop there, so Ctrl-C lands). The yields change nothing in the result.

/** Runs a step generator to its end without pausing. */
export function drain<T>(g: Generator<unknown, T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

/** Drives a step generator, awaiting `pause` at every yield. */
export async function drive<T>(g: Generator<unknown, T>, pause?: () => Promise<void>): Promise<T> {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
    await pause?.();
  }
}
