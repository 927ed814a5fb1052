import { stratifiedKFold, stratifiedTrainTestSplit } from '../../../src/training/stratified-split';

const col = (bits: string) => Uint8Array.from(bits.split('').map(Number));

describe('stratifiedTrainTestSplit', () => {
  const toxic = col('00000000001111100000000000111110'); // 10 positives out of 32
  const insult = col('00000000000011100000000000001110'); // 6 of them also insults

  it('puts the requested share of each label combination in test', () => {
    const { train, test } = stratifiedTrainTestSplit([toxic, insult], 0.5, 42);
    expect(test.length).toBe(16);
    expect(train.length).toBe(16);
    const count = (rows: Int32Array, c: Uint8Array) => Array.from(rows).filter((i) => c[i] === 1).length;
    expect(count(test, toxic)).toBe(5);
    expect(count(test, insult)).toBe(3);
  });

  it('splits a label group of more than 200,000 rows (no argument-list limit on group size)', () => {
    const rows = 250_000;
    const toxic = new Uint8Array(rows);
    for (let i = 0; i < rows; i += 10) toxic[i] = 1;
    const { train, test } = stratifiedTrainTestSplit([toxic], 0.2, 3);
    expect(test.length).toBe(50_000);
    expect(train.length).toBe(200_000);
    expect(Array.from(test).filter((i) => toxic[i] === 1)).toHaveLength(5_000);
    const seen = new Uint8Array(rows);
    for (const i of [...train, ...test]) seen[i]++;
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  it('uses every row exactly once', () => {
    const { train, test } = stratifiedTrainTestSplit([toxic], 0.25, 1);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 32 }, (_, i) => i));
  });

  it('gives the same split for the same seed and another for another seed', () => {
    const a = stratifiedTrainTestSplit([toxic], 0.25, 7);
    const b = stratifiedTrainTestSplit([toxic], 0.25, 7);
    const c = stratifiedTrainTestSplit([toxic], 0.25, 8);
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
  });

  it('keeps a combination seen once in train', () => {
    const { train, test } = stratifiedTrainTestSplit([col('0000000001')], 0.3, 3);
    expect(Array.from(train)).toContain(9);
    expect(test.length).toBe(3);
  });

  it('throws when the fraction is not strictly between 0 and 1', () => {
    expect(() => stratifiedTrainTestSplit([toxic], 1, 0)).toThrow(
      'testFraction must be between 0 and 1 (exclusive), got 1',
    );
  });

  it('throws when target columns differ in length', () => {
    expect(() => stratifiedTrainTestSplit([col('01'), col('011')], 0.5, 0)).toThrow('same length');
  });
});

describe('stratifiedKFold', () => {
  const toxic = col('000000000011111');

  it('makes k folds whose test parts partition the rows and balance the positives', () => {
    const folds = stratifiedKFold([toxic], 5, 0);
    expect(folds).toHaveLength(5);
    const all = folds.flatMap((f) => Array.from(f.test)).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 15 }, (_, i) => i));
    for (const f of folds) {
      expect(f.test.length).toBe(3);
      expect(Array.from(f.test).filter((i) => toxic[i] === 1)).toHaveLength(1);
      expect(f.train.length + f.test.length).toBe(15);
    }
  });

  it('throws when k is below 2 or above the row count', () => {
    expect(() => stratifiedKFold([toxic], 1, 0)).toThrow('k must be an integer >= 2, got 1');
    expect(() => stratifiedKFold([col('01')], 3, 0)).toThrow('cannot make 3 folds from 2 rows');
  });
});
