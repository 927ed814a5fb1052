import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ModelArtifact, parseModelArtifact } from '../../src/ml/model-artifact';

/**
 * The test fixtures shared by the unit, integration and benchmark suites: hand-written model artifacts,
 * temporary folders and model files, free ports.
 */

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** The parts of a hand-written artifact no test varies: schema version, name, provenance. */
function artifactSkeleton(): Pick<ModelArtifact, 'schemaVersion' | 'name' | 'provenance'> {
  return {
    schemaVersion: 1,
    name: 'toxicity',
    provenance: {
      dataHash: 'sha256:test',
      dataUri: 'file:///data/train.csv',
      commit: null,
      trainedAt: '2025-01-31T12:00:00Z',
    },
  };
}

/** The analyzer settings of both hand-written vocabularies (TF-IDF, unigrams and bigrams, no cleaning). */
function analyzer(stopWords: string[] | null): ModelArtifact['preprocessing'] {
  return {
    cleaning: [],
    lowercase: true,
    stripAccents: 'ascii',
    tokenPattern: '(?u)\\b\\w\\w+\\b',
    stopWords,
    ngramRange: [1, 2],
  } as unknown as ModelArtifact['preprocessing'];
}

/**
 * A small, valid artifact (4-term TF-IDF vocabulary, bigrams, one calibrated head) whose scores are
 * computed by hand in the ML core's tests. Returns a fresh mutable copy each time so tests can break it.
 */
export function tinyArtifact(): Mutable<ModelArtifact> & Record<string, unknown> {
  return {
    ...artifactSkeleton(),
    version: '1.0.0',
    labels: ['toxic'],
    preprocessing: analyzer(['the', 'is']),
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
  } as unknown as Mutable<ModelArtifact> & Record<string, unknown>;
}

/** Two labels over the same vocabulary as `tinyArtifact`. */
export function twoLabelArtifact(): ReturnType<typeof tinyArtifact> {
  const a = tinyArtifact();
  a.labels = ['toxic', 'insult'];
  a.heads = [
    { label: 'toxic', coef: [1, 2, -1, 0.5], intercept: -0.5, calibration: { a: -2, b: 0.25 } },
    { label: 'insult', coef: [0, -1, 3, 0], intercept: 0.1, calibration: null },
  ];
  return a;
}

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
    ...artifactSkeleton(),
    version: options.version ?? '1.0.0',
    labels: [...labels],
    preprocessing: analyzer(null),
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

/** A port nobody listens on right now (the server under test binds it next). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}
