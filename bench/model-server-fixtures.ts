/**
 * Synthetic inputs of the model-server benchmarks: a model artifact of any size shaped like the
 * trainer's (Jigsaw's six labels, TF-IDF unigrams and bigrams, English stop words, the default
 * cleaning steps, Platt calibration) and comments of about 100 characters drawn from its vocabulary.
 * Deterministic (seeded), so runs compare like with like.
 */
import { randomBytes } from 'node:crypto';
import { JwtKeyRing } from '../model-server/jwt-key-ring';
import { parseConfig } from '../src/config';
import { ENGLISH_STOP_WORDS } from '../src/ml/english-stop-words';
import type { ModelArtifact } from '../src/ml/model-artifact';
import { DEFAULT_CLEANING } from '../src/ml/text-cleaning';

/** The six labels of the Jigsaw toxic comment data. */
export const JIGSAW_LABELS = ['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate'] as const;

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'su',
  'ter',
  'ven',
  'dra',
  'pol',
  'shi',
  'nu',
  'rak',
  'bel',
  'zo',
  'qui',
  'fen',
  'tor',
];

/** How many syllables sequences of 2 to 5 syllables there are (an upper bound on distinct words). */
const MAX_WORDS = [2, 3, 4, 5].reduce((sum, n) => sum + SYLLABLES.length ** n, 0);

/** Distinct pseudo-words of 2 to 5 syllables, none of them a stop word. */
export function words(count: number, random: () => number): string[] {
  if (count > MAX_WORDS / 4) throw new Error(`at most ${Math.floor(MAX_WORDS / 4)} distinct words, asked for ${count}`);
  const stop = new Set(ENGLISH_STOP_WORDS);
  const out = new Set<string>();
  while (out.size < count) {
    const n = 2 + Math.floor(random() * 4);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!stop.has(w)) out.add(w);
  }
  return [...out];
}

export interface SyntheticModel {
  readonly artifact: ModelArtifact;
  /** The unigram terms, to build comments from. */
  readonly unigrams: readonly string[];
}

/** A model with `features` columns (70% unigrams, 30% bigrams of them) and one head per label. */
export function syntheticModel(features: number, labels: readonly string[] = JIGSAW_LABELS, seed = 42): SyntheticModel {
  const random = prng(seed);
  const unigramCount = Math.ceil(features * 0.7);
  const unigrams = words(unigramCount, random);
  const terms = new Set(unigrams);
  while (terms.size < features) {
    const a = unigrams[Math.floor(random() * unigrams.length)];
    const b = unigrams[Math.floor(random() * unigrams.length)];
    terms.add(`${a} ${b}`);
  }
  // scikit-learn orders the vocabulary by code point.
  const vocabulary = [...terms].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const idf = vocabulary.map(() => 1 + random() * 8);
  const heads = labels.map((label) => ({
    label,
    coef: vocabulary.map(() => (random() - 0.5) * 2),
    intercept: -0.5 - random(),
    calibration: { a: -1.5 - random(), b: 0.2 },
  }));
  const artifact: ModelArtifact = {
    schemaVersion: 1,
    name: 'toxicity',
    version: `bench-${features}`,
    labels: [...labels],
    preprocessing: {
      cleaning: [...DEFAULT_CLEANING],
      lowercase: true,
      stripAccents: 'ascii',
      tokenPattern: '(?u)\\b\\w\\w+\\b',
      stopWords: [...ENGLISH_STOP_WORDS],
      ngramRange: [1, 2],
    },
    vectorizer: { type: 'tfidf', vocabulary, idf, norm: 'l2', sublinearTf: false, binary: false },
    heads,
    metrics: { note: 'synthetic benchmark model' },
    provenance: {
      dataHash: 'sha256:synthetic',
      dataUri: 'synthetic://bench',
      commit: null,
      trainedAt: '2025-01-01T00:00:00Z',
    },
  };
  return { artifact, unigrams };
}

const FILLER = ['the', 'and', 'you', 'this', 'is', 'not', 'what', 'really', 'about', 'people', 'article', 'edit'];

/** `count` comments of about `length` characters mixing model terms, stop words and punctuation. */
export function syntheticComments(unigrams: readonly string[], count: number, length = 100, seed = 7): string[] {
  const random = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    while (text.length < length) {
      const word =
        random() < 0.6
          ? unigrams[Math.floor(random() * unigrams.length)]
          : FILLER[Math.floor(random() * FILLER.length)];
      text += text === '' ? word[0].toUpperCase() + word.slice(1) : random() < 0.1 ? `, ${word}` : ` ${word}`;
    }
    out.push(`${text}!`);
  }
  return out;
}

/**
 * A fresh JWT secret for a benchmark's server and a bearer token it accepts (HS256, the default
 * issuer and audience, one hour), so each script starts its server the same way.
 */
export function benchCredentials(subject = 'bench'): { secret: string; token: string } {
  const secret = randomBytes(48).toString('base64url');
  const { auth } = parseConfig({});
  const token = JwtKeyRing.fromEnv({ JWT_SECRET: secret }).sign({
    subject,
    issuer: auth.issuer,
    audience: auth.audience,
    ttlSeconds: 3600,
    nowMs: Date.now(),
  });
  return { secret, token };
}
