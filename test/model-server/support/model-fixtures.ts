import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ModelArtifact, parseModelArtifact } from '../../../src/ml/model-artifact';

/** Vocabulary of the test model (column order). */
export const TEST_VOCABULARY = ['great', 'idiot', 'stupid', 'thanks', 'you', 'you idiot'] as const;

export interface TestArtifactOptions {
  readonly version?: string;
  /** Labels and heads to include, in order. @default ['toxic', 'insult'] */
  readonly labels?: readonly ('toxic' | 'insult' | 'obscene')[];
}

const HEADS = {
  // Calibrated: probability = 1 / (1 + exp(-3·decision)).
  toxic: { coef: [-1, 2, 1.5, -1, 0.1, 1], intercept: -0.3, calibration: { a: -3, b: 0 } },
  // Uncalibrated: probability null, predicted = decision > 0.
  insult: { coef: [-0.5, 1.5, 0.5, -0.5, 0, 2], intercept: -0.5, calibration: null },
  obscene: { coef: [0, 0.5, 0.2, 0, 0, 0.5], intercept: -1, calibration: { a: -2, b: 1 } },
} as const;

/**
 * A valid model artifact written by hand (the trainer is not needed): a six-term TF-IDF vocabulary
 * with unigrams and bigrams, one calibrated `toxic` head and one uncalibrated `insult` head. It goes
 * through `parseModelArtifact`, so the server sees exactly what it would load.
 */
export function testArtifact(options: TestArtifactOptions = {}): ModelArtifact {
  const labels = options.labels ?? ['toxic', 'insult'];
  return parseModelArtifact({
    schemaVersion: 1,
    name: 'toxicity',
    version: options.version ?? '1.0.0',
    labels: [...labels],
    preprocessing: {
      cleaning: [],
      lowercase: true,
      stripAccents: 'ascii',
      tokenPattern: '(?u)\\b\\w\\w+\\b',
      stopWords: null,
      ngramRange: [1, 2],
    },
    vectorizer: {
      type: 'tfidf',
      vocabulary: [...TEST_VOCABULARY],
      idf: [1.5, 2, 2, 1.5, 1, 2.5],
      norm: 'l2',
      sublinearTf: false,
      binary: false,
    },
    heads: labels.map((label) => ({ label, ...HEADS[label], coef: [...HEADS[label].coef] })),
    metrics: { f1: 0.9 },
    provenance: {
      dataHash: 'sha256:test',
      dataUri: 'file:///data/train.csv',
      commit: null,
      trainedAt: '2025-01-31T12:00:00Z',
    },
  });
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'model-server-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes an artifact (or raw text) as `<dir>/<name>` and returns its absolute file:// URI. */
export function writeModelFile(dir: string, content: ModelArtifact | string, name = 'model.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return pathToFileURL(path).href;
}

/** The file:// URI of `<dir>/<name>` (whether or not it exists). */
export function modelFileUri(dir: string, name = 'model.json'): string {
  return pathToFileURL(join(dir, name)).href;
}
