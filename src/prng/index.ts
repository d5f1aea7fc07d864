// Seeded generators: seedrandom's alea, and child seeds derived by name so one subsystem's
// randomness never shifts another's (the VOPR / FoundationDB discipline).
import seedrandom from 'seedrandom';

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function prng(seed: string): Prng {
  const g = seedrandom.alea(seed);
  return {
    next: () => g(),
    int: (n) => Math.floor(g() * n),
  };
}

/** FNV-1a 32-bit, as hex: a stable, dependency-free hash for deriving child seeds. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The seed of a named child of `seed` (e.g. "scheduler", "actor:admin", "run:17"). */
export function childSeed(seed: string, name: string): string {
  return `${seed}/${name}#${fnv1a(`${seed}\u0000${name}`)}`;
}

export function child(seed: string, name: string): Prng {
  return prng(childSeed(seed, name));
}

/** Seeds on the command line: a decimal integer or a word. */
export function isValidSeed(s: string): boolean {
  return /^[A-Za-z0-9._:-]{1,64}$/.test(s);
}
