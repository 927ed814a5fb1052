/**
 * Per-comment cost of the serve-time cleaning (the model's cleaning steps, PII masking included) on
 * ~200-character comments, against references measured in the same run: a bare `toLowerCase`, the
 * default cleaning steps without masking, and the masker's reference path (`reference: true`: the
 * name detector's regular-expression tokenizer, every rule tried on every word, every pattern regex:
 * the masking path before the speed work, same output). One core, batches of 1,000 as the server
 * gets them.
 *
 *   npx tsx bench/masking-speed.ts [--seconds N] [--rounds N]
 *
 * Corpora: ~200-character snippets of SpamAssassin message bodies (real text, whole words, flat
 * strings as JSON.parse gives them), and the sentences of the two labelled PII sets (dense in
 * personal data). Rounds alternate the rows so that all see the same load; medians are printed.
 */
import { cpus, loadavg } from 'node:os';
import { createTextCleaner, DEFAULT_CLEANING, maskPii } from '../src/ml';
import { loadSentences } from '../scripts/evaluate-pii';
import { commentSnippets } from './masking-speed-corpus';
import { loadSpamAssassin } from './spam-assassin';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const seconds = option('seconds', 1);
const rounds = option('rounds', 3);
const out = (s: string): void => void process.stdout.write(`${s}\n`);

const cleaners = {
  lower: (t: string): string => t.toLowerCase(),
  defaultSteps: createTextCleaner(DEFAULT_CLEANING),
  contacts: createTextCleaner(['mask-contacts', ...DEFAULT_CLEANING]),
  pii: createTextCleaner(['mask-pii', ...DEFAULT_CLEANING]),
};
const rows: [string, (t: string) => string][] = [
  ['reference: toLowerCase', cleaners.lower],
  ['reference: DEFAULT_CLEANING (no masking)', (t) => cleaners.defaultSteps.clean(t)],
  ['mask-contacts + DEFAULT_CLEANING', (t) => cleaners.contacts.clean(t)],
  ['mask-pii + DEFAULT_CLEANING (the model default)', (t) => cleaners.pii.clean(t)],
  ['reference: maskPii, reference path', (t) => maskPii(t, { reference: true }).text],
  ['maskPii alone (lists and rules)', (t) => maskPii(t).text],
];
const REFERENCE_ROW = rows.findIndex(([label]) => label.startsWith('reference: maskPii'));

let sink = 0;
/** Comments per second of `fn` over `corpus` in batches of 1,000 for about `seconds`. */
function rate(fn: (t: string) => string, corpus: readonly string[]): number {
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < corpus.length; i += 1000) {
      const end = Math.min(corpus.length, i + 1000);
      for (let k = i; k < end; k++) sink += fn(corpus[k]).length;
      n += end - i;
    }
    elapsed = process.hrtime.bigint() - start;
  }
  return n / (Number(elapsed) / 1e9);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function table(name: string, corpus: readonly string[]): void {
  for (const [, fn] of rows) for (const t of corpus) sink += fn(t).length; // warm-up
  const rates: number[][] = rows.map(() => []);
  for (let r = 0; r < rounds; r++) rows.forEach(([, fn], k) => rates[k].push(rate(fn, corpus)));
  const med = rates.map(median);
  // On a shared machine the best round is the least disturbed one: printed beside the medians.
  const best = rates.map((r) => Math.max(...r));
  const meanChars = Math.round(corpus.reduce((s, t) => s + t.length, 0) / corpus.length);
  out(`\n${name}: ${corpus.length} comments, mean ${meanChars} chars; median of ${rounds} rounds of ${seconds} s`);
  out(
    '| what | comments/s | µs per comment | vs toLowerCase | vs DEFAULT_CLEANING | vs maskPii reference path | best round: µs per comment, vs reference path |',
  );
  out('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  rows.forEach(([label], k) => {
    out(
      `| ${label} | ${Math.round(med[k]).toLocaleString('en-US')} | ${(1e6 / med[k]).toFixed(2)} | ${(med[k] / med[0]).toFixed(4)}x | ${(med[k] / med[1]).toFixed(3)}x | ${(med[k] / med[REFERENCE_ROW]).toFixed(2)}x | ${(1e6 / best[k]).toFixed(2)}, ${(best[k] / best[REFERENCE_ROW]).toFixed(2)}x |`,
    );
  });
}

out(
  `cpus: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; node ${process.version}; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
table('SpamAssassin body snippets', commentSnippets(loadSpamAssassin().texts, 10000));
table(
  'labelled PII sentences (both sets)',
  [...loadSentences('comments'), ...loadSentences('eval')].map((s) => s.text),
);
if (sink < 0) out('unreachable');
