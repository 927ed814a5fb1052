import { ModelArtifactError, modelArtifactSchema, parseModelArtifact } from '../../../src/ml/model-artifact';
import { tinyArtifact, twoLabelArtifact } from '../../support/fixtures';

function problemsOf(json: unknown): string[] {
  try {
    parseModelArtifact(json);
  } catch (err) {
    expect(err).toBeInstanceOf(ModelArtifactError);
    return [...(err as ModelArtifactError).problems];
  }
  throw new Error('expected parseModelArtifact to throw');
}

describe('parseModelArtifact', () => {
  it('accepts a valid TF-IDF artifact and returns it typed', () => {
    const a = tinyArtifact();
    expect(parseModelArtifact(a)).toBe(a);
  });

  it('accepts a valid artifact after a JSON round trip', () => {
    const a = twoLabelArtifact();
    expect(parseModelArtifact(JSON.parse(JSON.stringify(a)))).toEqual(a);
  });

  it('accepts a hashing artifact whose heads have nFeatures weights', () => {
    const a = tinyArtifact();
    a.vectorizer = { type: 'hashing', nFeatures: 8, alternateSign: true, norm: 'l2', binary: false } as never;
    a.heads[0].coef = [0, 1, 2, 3, 4, 5, 6, 7];
    expect(parseModelArtifact(a).vectorizer.type).toBe('hashing');
  });

  it('exports a JSON schema with the top-level properties', () => {
    expect(Object.keys(modelArtifactSchema.properties)).toEqual(
      expect.arrayContaining(['schemaVersion', 'preprocessing', 'vectorizer', 'heads', 'provenance']),
    );
  });

  it('rejects a head whose coef length differs from the vocabulary size', () => {
    const a = tinyArtifact();
    a.heads[0].coef = [1, 2, 3];
    expect(problemsOf(a)).toEqual(['heads[0].coef: expected 4 numbers (vocabulary size), got 3']);
  });

  it('rejects a head whose coef length differs from nFeatures for hashing', () => {
    const a = tinyArtifact();
    a.vectorizer = { type: 'hashing', nFeatures: 16, alternateSign: true, norm: 'l2', binary: false } as never;
    expect(problemsOf(a)).toEqual(['heads[0].coef: expected 16 numbers (vectorizer.nFeatures), got 4']);
  });

  it('rejects idf of the wrong length', () => {
    const a = tinyArtifact();
    (a.vectorizer as unknown as { idf: number[] }).idf = [1, 1];
    expect(problemsOf(a)).toEqual(['vectorizer.idf: expected 4 numbers (vocabulary size), got 2']);
  });

  it('rejects an unknown vectorizer type, naming it', () => {
    const a = tinyArtifact();
    (a.vectorizer as { type: string }).type = 'word2vec';
    expect(problemsOf(a)).toContain(
      'vectorizer.type: unknown vectorizer type "word2vec" (expected "tfidf" or "hashing")',
    );
  });

  it('rejects NaN in coef, naming the index', () => {
    const a = tinyArtifact();
    a.heads[0].coef = [1, Number.NaN, 3, 4];
    expect(problemsOf(a).join('\n')).toMatch(/heads\[0\]\.coef\[1\]: .*NaN/);
  });

  it('rejects an infinite intercept', () => {
    const a = tinyArtifact();
    a.heads[0].intercept = Number.POSITIVE_INFINITY;
    expect(problemsOf(a).join('\n')).toMatch(/heads\[0\]\.intercept: .*Infinity/);
  });

  it('rejects NaN nested in metrics', () => {
    const a = tinyArtifact();
    a.metrics = { perLabel: { toxic: { f1: Number.NaN } } };
    expect(problemsOf(a)).toEqual(['metrics.perLabel.toxic.f1: must be a finite number, got NaN']);
  });

  it('rejects a label without a head, naming the label', () => {
    const a = twoLabelArtifact();
    a.heads = [a.heads[0]];
    expect(problemsOf(a)).toEqual(['heads: expected one head per label (2), got 1; no head for label "insult"']);
  });

  it('rejects a head that is not in label order', () => {
    const a = twoLabelArtifact();
    a.heads = [a.heads[1], a.heads[0]];
    expect(problemsOf(a)).toEqual([
      'heads[0].label: expected "toxic" (labels[0]), got "insult"',
      'heads[1].label: expected "insult" (labels[1]), got "toxic"',
    ]);
  });

  it('rejects duplicate labels and duplicate terms', () => {
    const a = twoLabelArtifact();
    a.labels = ['toxic', 'toxic'];
    (a.vectorizer as { vocabulary: string[] }).vocabulary = ['bad', 'good', 'bad', 'idea'];
    const problems = problemsOf(a);
    expect(problems).toContain('labels[1]: duplicate label "toxic" (also labels[0])');
    expect(problems).toContain('vectorizer.vocabulary[2]: duplicate term "bad" (also vocabulary[0])');
  });

  it('rejects a newer schemaVersion, saying so', () => {
    const a = tinyArtifact();
    (a as { schemaVersion: number }).schemaVersion = 2;
    expect(problemsOf(a)).toEqual([
      'schemaVersion: this code reads version 1, got 2 (artifact written by a newer trainer)',
    ]);
  });

  it('rejects a missing schemaVersion', () => {
    const a = tinyArtifact();
    delete (a as Record<string, unknown>).schemaVersion;
    expect(problemsOf(a)).toEqual(['schemaVersion: is required']);
  });

  it('rejects an unknown cleaning step, listing the known ones', () => {
    const a = tinyArtifact();
    (a.preprocessing as { cleaning: string[] }).cleaning = ['collapse-whitespace', 'remove-swearing'];
    const problems = problemsOf(a);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^preprocessing\.cleaning\[1\]: unknown cleaning step "remove-swearing" \(known: .*collapse-whitespace/,
    );
  });

  it('rejects an unknown property (a misspelled key)', () => {
    const a = tinyArtifact();
    (a.preprocessing as Record<string, unknown>).lowerCase = true;
    expect(problemsOf(a)).toEqual(['preprocessing.lowerCase: unknown property']);
  });

  it('rejects a missing required section', () => {
    const a = tinyArtifact();
    delete (a as Record<string, unknown>).provenance;
    expect(problemsOf(a)).toEqual(['provenance: is required']);
  });

  it('rejects a reversed n-gram range', () => {
    const a = tinyArtifact();
    (a.preprocessing as { ngramRange: number[] }).ngramRange = [2, 1];
    expect(problemsOf(a)).toEqual([
      'preprocessing.ngramRange must be [min, max] with integers 1 <= min <= max, got [2,1]',
    ]);
  });

  it('rejects a token pattern with two capturing groups', () => {
    const a = tinyArtifact();
    (a.preprocessing as { tokenPattern: string }).tokenPattern = '(\\w)(\\w+)';
    expect(problemsOf(a)[0]).toMatch(/^preprocessing\.tokenPattern: .*2 capturing groups/);
  });

  it('rejects a trainedAt that is not a date-time', () => {
    const a = tinyArtifact();
    (a.provenance as { trainedAt: string }).trainedAt = 'yesterday';
    expect(problemsOf(a)[0]).toMatch(/^provenance\.trainedAt: must match pattern/);
  });

  it('rejects a wrong type with the path and the value', () => {
    const a = tinyArtifact();
    (a.heads[0] as { intercept: unknown }).intercept = '0.5';
    expect(problemsOf(a)).toEqual(['heads[0].intercept: must be number, got "0.5"']);
  });

  it('rejects something that is not an object', () => {
    expect(problemsOf([1, 2])).toEqual(['(root): expected a JSON object, got an array of 2']);
    expect(problemsOf(null)).toEqual(['(root): expected a JSON object, got null']);
  });

  it('reports several problems at once', () => {
    const a = twoLabelArtifact();
    a.heads[0].coef = [1];
    a.heads[1].coef = [1, 2, 3, 4, 5];
    expect(problemsOf(a)).toEqual([
      'heads[0].coef: expected 4 numbers (vocabulary size), got 1',
      'heads[1].coef: expected 4 numbers (vocabulary size), got 5',
    ]);
  });
});

describe('parseModelArtifact with imported-model fields', () => {
  const ensemble = () => {
    const a = tinyArtifact();
    a.heads = [
      {
        label: 'toxic',
        coef: [1, 2, -1, 0.5],
        intercept: -0.5,
        calibration: null,
        members: [
          { coef: [1, 2, -1, 0.5], intercept: -0.5, calibration: { a: -2, b: 0.25 } },
          { coef: [1, 2, -1, 0.5], intercept: -0.5, calibration: { kind: 'isotonic', x: [0, 1], y: [0, 1] } },
        ],
      },
    ] as never;
    return a;
  };

  it('accepts an ensemble head, an isotonic calibration, a char analyzer and import provenance', () => {
    const a = ensemble();
    a.preprocessing = { ...a.preprocessing, analyzer: 'char_wb' } as never;
    a.provenance = {
      ...a.provenance,
      importedFrom: {
        library: 'scikit-learn',
        libraryVersion: '1.7.2',
        estimator: 'TfidfVectorizer + LinearSVC',
        files: [{ name: 'm.skops', hash: 'sha256:00', format: 'skops' }],
        parity: { texts: 3, maxDecisionDifference: 0, maxProbabilityDifference: null, tolerance: 1e-6 },
      },
    };
    expect(parseModelArtifact(JSON.parse(JSON.stringify(a))).heads[0].members).toHaveLength(2);
  });

  it('still accepts an artifact without any of them (the trainer writes none)', () => {
    expect(() => parseModelArtifact(tinyArtifact())).not.toThrow();
  });

  it('rejects a member whose coef length differs from the vocabulary size', () => {
    const a = ensemble();
    (a.heads[0] as unknown as { members: { coef: number[] }[] }).members[1].coef = [1];
    expect(problemsOf(a)).toEqual(['heads[0].members[1].coef: expected 4 numbers (vocabulary size), got 1']);
  });

  it('rejects an ensemble head that also has a calibration', () => {
    const a = ensemble();
    (a.heads[0] as unknown as { calibration: unknown }).calibration = { a: -1, b: 0 };
    expect(problemsOf(a)).toEqual(['heads[0].calibration: must be null when members is set']);
  });

  it('rejects isotonic thresholds out of order', () => {
    const a = tinyArtifact();
    a.heads = [
      { label: 'toxic', coef: [1, 2, -1, 0.5], intercept: 0, calibration: { kind: 'isotonic', x: [1, 0], y: [0, 1] } },
    ] as never;
    expect(problemsOf(a)).toEqual(['heads[0].calibration.x[1]: thresholds must be strictly increasing, got 1 then 0']);
  });

  it('rejects an unknown analyzer', () => {
    const a = tinyArtifact();
    a.preprocessing = { ...a.preprocessing, analyzer: 'sentence' } as never;
    expect(problemsOf(a)).toEqual(['preprocessing.analyzer: must be one of ["word","char","char_wb"], got "sentence"']);
  });
});
