// Enumerating every interleaving as an odometer over the decision points of the last execution.

/**
 * The choice prefix of the next execution after one that made `taken` choices among `options`
 * threads at each decision, or null when every interleaving has been run.
 */
export function nextPrefix(taken: readonly number[], options: readonly number[]): number[] | null {
  let i = options.length - 1;
  while (i >= 0 && taken[i] + 1 >= options[i]) i--;
  return i < 0 ? null : [...taken.slice(0, i), taken[i] + 1];
}
