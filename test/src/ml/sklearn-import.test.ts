import {
  artifactFromSklearn,
  BUILT_IN_CHECK_TEXTS,
  checkSklearnVersion,
  importSklearnModel,
  ParityError,
  type SklearnDescription,
  SklearnImportError,
} from '../../../src/ml/sklearn-import';

const WHEN = '2026-01-02T03:04:05.000Z';

/**
 * A CountVectorizer-style description (no idf, no norm) scored by hand: "bad bad good" has counts [2, 1],
 * so the decision is 2·1.5 + 1·(-0.5) + 0.25 = 2.75 and, under expit, the probability 1 / (1 + e^-2.75).
 */
function description(over: Partial<SklearnDescription> = {}): SklearnDescription {
  return {
    source: {
      files: [{ name: 'model.skops', hash: 'sha256:abcdef0123456789', format: 'skops' }],
      sklearnVersion: '1.7.2',
      estimator: 'CountVectorizer + LogisticRegression',
    },
    labels: ['toxic'],
    multilabel: false,
    preprocessing: {
      analyzer: 'word',
      lowercase: true,
      stripAccents: null,
      tokenPattern: '(?u)\\b\\w\\w+\\b',
      stopWords: null,
      ngramRange: [1, 1],
    },
    vectorizer: {
      type: 'tfidf',
      vocabulary: ['bad', 'good'],
      idf: null,
      norm: null,
      sublinearTf: false,
      binary: false,
    },
    heads: [{ coef: [1.5, -0.5], intercept: 0.25, calibration: { a: -1, b: 0 } }],
    check: {
      texts: ['bad bad good', 'nothing known'],
      decisions: [[2.75, 0.25]],
      probabilities: [[1 / (1 + Math.exp(-2.75)), 1 / (1 + Math.exp(-0.25))]],
    },
    ...over,
  };
}

describe('importSklearnModel', () => {
  it('builds an artifact without project cleaning and records the parity and the source in its provenance', () => {
    const { artifact, parity } = importSklearnModel(description(), { version: 'v1', importedAt: WHEN });
    expect(artifact.preprocessing.cleaning).toEqual([]);
    expect(artifact.provenance).toMatchObject({
      dataHash: 'sha256:abcdef0123456789',
      trainedAt: WHEN,
      importedFrom: {
        library: 'scikit-learn',
        libraryVersion: '1.7.2',
        estimator: 'CountVectorizer + LogisticRegression',
        parity: { texts: 2, tolerance: 1e-6 },
      },
    });
    expect(parity.maxDecisionDifference).toBeLessThan(1e-15);
    expect(parity.maxProbabilityDifference).toBeLessThan(1e-15);
  });

  it('throws a ParityError naming the largest difference when scikit-learn scored otherwise', () => {
    const d = description();
    const check = { ...d.check, decisions: [[2.75, 0.2501]] };
    expect(() => importSklearnModel({ ...d, check }, { version: 'v1', importedAt: WHEN })).toThrow(ParityError);
    try {
      importSklearnModel({ ...d, check }, { version: 'v1', importedAt: WHEN });
    } catch (err) {
      expect((err as Error).message).toMatch(
        /largest difference 0\.0000999\d* > tolerance 0\.000001 at label "toxic", text 1 \("nothing known"\), decision 0\.25 vs 0\.2501/,
      );
    }
  });

  it('accepts that difference when the tolerance allows it', () => {
    const d = description();
    const check = { ...d.check, decisions: [[2.75, 0.2501]] };
    expect(
      importSklearnModel({ ...d, check }, { version: 'v1', importedAt: WHEN, tolerance: 1e-3 }).parity
        .maxDecisionDifference,
    ).toBeCloseTo(1e-4, 10);
  });

  it('fails when scikit-learn gives probabilities but the converted head has no calibration', () => {
    const d = description({ heads: [{ coef: [1.5, -0.5], intercept: 0.25, calibration: null }] });
    expect(() => importSklearnModel(d, { version: 'v1', importedAt: WHEN })).toThrow(
      'label "toxic": scikit-learn gives probabilities but the converted head does not',
    );
  });

  it('averages an ensemble head into its coef and intercept, keeping the members for probabilities', () => {
    const d = description({
      heads: [
        {
          members: [
            { coef: [1, 0], intercept: 0, calibration: { a: -1, b: 0 } },
            { coef: [2, -1], intercept: 0.5, calibration: { a: -2, b: 0 } },
          ],
        },
      ],
      check: {
        texts: ['bad'],
        decisions: [null],
        probabilities: [[(1 / (1 + Math.exp(-1)) + 1 / (1 + Math.exp(-5))) / 2]],
      },
    });
    const { artifact } = importSklearnModel(d, { version: 'v1', importedAt: WHEN });
    expect(artifact.heads[0]).toMatchObject({ coef: [1.5, -0.5], intercept: 0.25, calibration: null });
    expect(artifact.heads[0].members).toHaveLength(2);
  });

  it('renames labels with the labels option, and fails when their number differs', () => {
    const d = description();
    expect(importSklearnModel(d, { version: 'v1', importedAt: WHEN, labels: ['insult'] }).artifact.labels).toEqual([
      'insult',
    ]);
    expect(() => artifactFromSklearn(d, { version: 'v1', importedAt: WHEN, labels: ['a', 'b'] })).toThrow(
      '--labels: the model has 1 label(s) (toxic), got 2 (a, b)',
    );
  });

  it('fails with the artifact problems when the description is not a valid model', () => {
    const d = description({ heads: [{ coef: [1], intercept: 0, calibration: null }] });
    expect(() => artifactFromSklearn(d, { version: 'v1', importedAt: WHEN })).toThrow(SklearnImportError);
    expect(() => artifactFromSklearn(d, { version: 'v1', importedAt: WHEN })).toThrow(
      'heads[0].coef: expected 2 numbers (vocabulary size), got 1',
    );
  });

  it('fails when the tolerance is negative', () => {
    expect(() => importSklearnModel(description(), { version: 'v1', importedAt: WHEN, tolerance: -1 })).toThrow(
      'tolerance must be a finite number >= 0, got -1',
    );
  });
});

describe('BUILT_IN_CHECK_TEXTS', () => {
  it('includes the empty text, accents, other scripts, emoji and whitespace runs', () => {
    expect(BUILT_IN_CHECK_TEXTS).toContain('');
    expect(BUILT_IN_CHECK_TEXTS.some((t) => /[éèç]/.test(t))).toBe(true);
    expect(BUILT_IN_CHECK_TEXTS.some((t) => /\p{Script=Cyrillic}/u.test(t))).toBe(true);
    expect(BUILT_IN_CHECK_TEXTS.some((t) => /\p{Extended_Pictographic}/u.test(t))).toBe(true);
    expect(BUILT_IN_CHECK_TEXTS.some((t) => /\s{2,}/.test(t))).toBe(true);
  });
});

describe('checkSklearnVersion', () => {
  it('accepts the supported minors, patch and pre-release suffixes included', () => {
    for (const v of ['1.5.0', '1.5.2', '1.7.2', '1.8.dev0', '1.9.1', '1.9.10.post1']) {
      expect(() => checkSklearnVersion(v)).not.toThrow();
    }
  });

  it('throws for older and newer versions, naming the range and what to install', () => {
    expect(() => checkSklearnVersion('1.4.2')).toThrow(
      'scikit-learn 1.4.2 is not supported: the converter supports 1.5 to 1.9; fit or load the model with one of ' +
        'those (e.g. `python -m pip install "scikit-learn>=1.5,<1.10"`)',
    );
    for (const v of ['1.10.0', '2.0.0', '0.24.2', 'unknown']) {
      expect(() => checkSklearnVersion(v)).toThrow(SklearnImportError);
    }
  });

  it('refuses a description made with an unsupported scikit-learn', () => {
    const old = description();
    expect(() =>
      artifactFromSklearn(
        { ...old, source: { ...old.source, sklearnVersion: '1.3.2' } },
        { version: '1', importedAt: WHEN },
      ),
    ).toThrow('scikit-learn 1.3.2 is not supported');
  });
});
