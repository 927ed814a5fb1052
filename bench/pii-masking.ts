/**
 * PII masking and text cleaning throughput, in comments per second, against baselines measured in
 * the same run: a plain regex email mask (what the cheapest masker does) and a bare toLowerCase.
 *
 *   npx tsx bench/pii-masking.ts [--seconds N]
 *
 * Corpus: the sentences of test/fixtures/pii/eval.jsonl (comment-style, EN and FR, ~60% with PII).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskPii } from '../src/ml/pii-masking';
import { parseLabelledSentences } from '../src/ml/pii/pii-evaluation';
import { DEFAULT_CLEANING, createTextCleaner } from '../src/ml/text-cleaning';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1] ?? '') || 2;
const texts = parseLabelledSentences(
  readFileSync(join(__dirname, '..', 'test', 'fixtures', 'pii', 'eval.jsonl'), 'utf8'),
).map((s) => s.text);
const lowercaseOnly = texts.map((t) => t.toLowerCase());

let sink = 0;
/** Runs `fn` over the corpus repeatedly for about `seconds` and returns comments per second. */
function measure(fn: (text: string) => string, corpus: readonly string[] = texts): number {
  for (const t of corpus) sink += fn(t).length; // warm-up (and compromise's first load)
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (const t of corpus) sink += fn(t).length;
    n += corpus.length;
    elapsed = process.hrtime.bigint() - start;
  }
  return n / (Number(elapsed) / 1e9);
}

const EMAIL_RE = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const cleaner = createTextCleaner(DEFAULT_CLEANING);
const maskAndClean = createTextCleaner(['mask-pii', ...DEFAULT_CLEANING]);

const rows: [string, number][] = [
  ['baseline: regex email mask', measure((t) => t.replace(EMAIL_RE, '<EMAIL>'))],
  [
    'maskPii, patterns only (no PERSON/LOCATION)',
    measure((t) => maskPii(t, { types: ['EMAIL', 'URL', 'IP', 'PHONE', 'IBAN', 'CARD', 'HANDLE'] }).text),
  ],
  ['maskPii, lists and rules (compromise off)', measure((t) => maskPii(t, { compromise: false }).text)],
  ['maskPii, default (compromise on demand)', measure((t) => maskPii(t).text)],
  ['maskPii, default, lower-case comments', measure((t) => maskPii(t).text, lowercaseOnly)],
  ['baseline: toLowerCase', measure((t) => t.toLowerCase())],
  ['clean, DEFAULT_CLEANING', measure((t) => cleaner.clean(t))],
  ['clean, mask-pii + DEFAULT_CLEANING', measure((t) => maskAndClean.clean(t))],
];

const base = rows[0][1];
const lower = rows[5][1];
process.stdout.write(
  `corpus: ${texts.length} comments, mean ${Math.round(texts.join('').length / texts.length)} chars\n`,
);
process.stdout.write('| what | comments/s | vs regex email mask | vs toLowerCase |\n| --- | ---: | ---: | ---: |\n');
for (const [name, rate] of rows) {
  process.stdout.write(
    `| ${name} | ${Math.round(rate).toLocaleString('en-US')} | ${(rate / base).toFixed(3)}x | ${(rate / lower).toFixed(3)}x |\n`,
  );
}
if (sink < 0) process.stdout.write('unreachable\n');
