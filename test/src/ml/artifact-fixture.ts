import type { ModelArtifact } from '../../../src/ml/model-artifact';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/**
 * A small, valid artifact (4-term TF-IDF vocabulary, bigrams, one calibrated head) whose scores are
 * computed by hand in the tests. Returns a fresh mutable copy each time so tests can break it.
 */
export function tinyArtifact(): Mutable<ModelArtifact> & Record<string, unknown> {
  return {
    schemaVersion: 1,
    name: 'toxicity',
    version: '1.0.0',
    labels: ['toxic'],
    preprocessing: {
      cleaning: [],
      lowercase: true,
      stripAccents: 'ascii',
      tokenPattern: '(?u)\\b\\w\\w+\\b',
      stopWords: ['the', 'is'],
      ngramRange: [1, 2],
    },
    vectorizer: {
      type: 'tfidf',
      vocabulary: ['bad', 'bad idea', 'good', 'idea'],
      idf: [1, 2, 1.5, 1],
      norm: 'l2',
      sublinearTf: false,
      binary: false,
    },
    heads: [{ label: 'toxic', coef: [1, 2, -1, 0.5], intercept: -0.5, calibration: { a: -2, b: 0.25 } }],
    metrics: { accuracy: 0.9 },
    provenance: {
      dataHash: 'sha256:00',
      dataUri: 'file:///data/train.csv',
      commit: null,
      trainedAt: '2025-01-31T12:00:00Z',
    },
  } as unknown as Mutable<ModelArtifact> & Record<string, unknown>;
}

/** Two labels over the same vocabulary. */
export function twoLabelArtifact(): ReturnType<typeof tinyArtifact> {
  const a = tinyArtifact();
  a.labels = ['toxic', 'insult'];
  a.heads = [
    { label: 'toxic', coef: [1, 2, -1, 0.5], intercept: -0.5, calibration: { a: -2, b: 0.25 } },
    { label: 'insult', coef: [0, -1, 3, 0], intercept: 0.1, calibration: null },
  ];
  return a;
}
