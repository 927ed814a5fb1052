import { SeededRandom } from '../ml';

/**
 * Seeded stratified splits for multi-label data. Rows are grouped by their full label combination
 * (e.g. toxic+insult), so each part keeps the share of every combination, not only of the first
 * label. Pure and deterministic: the same targets and seed give the same split.
 */
export interface TrainTestSplit {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

function groupsByCombination(targets: readonly Uint8Array[], rows: number): number[][] {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < rows; i++) {
    let key = '';
    for (const column of targets) key += column[i] === 1 ? '1' : '0';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(i);
  }
  // Sorted keys so the result does not depend on the order combinations first appear in.
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

function rowCount(targets: readonly Uint8Array[]): number {
  const n = targets[0]?.length ?? 0;
  if (targets.some((t) => t.length !== n)) throw new Error('every target column must have the same length');
  return n;
}

/**
 * Splits rows into train and test with `testFraction` of each label combination in test (rounded so
 * the total matches `round(n · testFraction)`; a combination seen once stays in train).
 */
export function stratifiedTrainTestSplit(
  targets: readonly Uint8Array[],
  testFraction: number,
  seed: number,
): TrainTestSplit {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new Error(`testFraction must be between 0 and 1 (exclusive), got ${testFraction}`);
  }
  const n = rowCount(targets);
  const random = new SeededRandom(seed);
  const groups = groupsByCombination(targets, n).map((g) => random.shuffle(g));
  // Largest-remainder rounding of each group's share, so the test size is exact.
  const wanted = Math.round(n * testFraction);
  const shares = groups.map((g) => (g.length >= 2 ? g.length * testFraction : 0));
  const counts = shares.map((s, k) => Math.min(Math.floor(s), groups[k].length - 1));
  let missing = wanted - counts.reduce((a, b) => a + b, 0);
  const order = shares.map((s, k) => ({ k, rem: s - Math.floor(s) })).sort((a, b) => b.rem - a.rem || a.k - b.k);
  for (const { k } of order) {
    if (missing <= 0) break;
    if (groups[k].length >= 2 && counts[k] < groups[k].length - 1) {
      counts[k]++;
      missing--;
    }
  }
  // Filled element by element: spreading a group into push() passes every row as an argument and
  // overflows the call stack once a group has ~125k rows (a Jigsaw-sized label group).
  const testSize = counts.reduce((a, b) => a + b, 0);
  const test = new Int32Array(testSize);
  const train = new Int32Array(n - testSize);
  let t = 0;
  let r = 0;
  groups.forEach((g, k) => {
    for (let j = 0; j < g.length; j++) {
      if (j < counts[k]) test[t++] = g[j];
      else train[r++] = g[j];
    }
  });
  return { train: train.sort(), test: test.sort() };
}

/**
 * Assigns every row to one of `k` folds, dealing each label combination round-robin after a seeded
 * shuffle (continuing where the previous combination stopped, so fold sizes differ by at most one).
 */
export function stratifiedKFold(targets: readonly Uint8Array[], k: number, seed: number): TrainTestSplit[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`k must be an integer >= 2, got ${k}`);
  const n = rowCount(targets);
  if (n < k) throw new Error(`cannot make ${k} folds from ${n} rows`);
  const random = new SeededRandom(seed);
  const fold = new Int32Array(n);
  let next = 0;
  for (const group of groupsByCombination(targets, n)) {
    for (const row of random.shuffle(group)) {
      fold[row] = next;
      next = (next + 1) % k;
    }
  }
  return Array.from({ length: k }, (_, f) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    return { train: Int32Array.from(train), test: Int32Array.from(test) };
  });
}
