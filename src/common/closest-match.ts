/**
 * Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring):
 * insertions, deletions, substitutions and swaps of two neighbours each cost 1. The measure
 * commander uses for its "(Did you mean …?)" (commander/lib/suggestSimilar.js).
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidates `given` was most likely meant to be, for a "did you mean …?": a case-insensitive
 * match first, then a unique candidate that `given` (3 characters or more) begins, else the nearest
 * candidates within a third of their length in edits (at least one); empty when nothing is that close.
 */
export function closestMatches(given: string, candidates: readonly string[]): string[] {
  const lower = given.toLowerCase();
  const sameCase = candidates.filter((c) => c.toLowerCase() === lower);
  if (sameCase.length === 1) return sameCase;
  // A unique abbreviation (`warn` for WARNING, `auto` for autoscaled).
  const extended = lower.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  if (extended.length === 1) return extended;
  let best: string[] = [];
  let bestDistance = Infinity;
  for (const c of candidates) {
    const distance = editDistance(lower, c.toLowerCase());
    if (distance > Math.max(1, Math.floor(c.length / 3))) continue;
    if (distance < bestDistance) {
      best = [c];
      bestDistance = distance;
    } else if (distance === bestDistance) best.push(c);
  }
  return best;
}

/** The one candidate `given` was most likely meant to be (see `closestMatches`); undefined when none or a tie. */
export function closestMatch(given: string, candidates: readonly string[]): string | undefined {
  const matches = closestMatches(given, candidates);
  return matches.length === 1 ? matches[0] : undefined;
}

/** ` (did you mean "x"?)` or ` (did you mean "x" or "y"?)`, or nothing when no candidate is close. */
export function didYouMean(given: string, candidates: readonly string[]): string {
  const matches = closestMatches(given, candidates);
  return matches.length === 0 ? '' : ` (did you mean ${matches.map((m) => JSON.stringify(m)).join(' or ')}?)`;
}
