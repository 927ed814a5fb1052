/**
 * The cleaning a model is trained with, on SpamAssassin's 6,046 full messages (headers included, the
 * longest texts we have): structured types only ('mask-contacts'), the default ('mask-pii', names and
 * places with lists and rules) and with compromise's tagger ('mask-pii-tagger'), each followed by the
 * default cleaning steps, in one run. Prints seconds and the ratios between them.
 *
 * Each row is timed on its first pass over the texts (as training runs it, JIT warm-up included) and
 * on a second pass in the same process (warm): the gap between them is what compiling and recompiling
 * the masker costs.
 *
 *   npx tsx bench/training-masking.ts [--no-tagger] [--sample N]
 */
import { createTextCleaner, type CleaningStep } from '../src/ml';
import { defaultCleaning } from '../src/training/train-model';
import { loadSpamAssassin } from './spam-assassin';

const args = process.argv.slice(2);
const sampleAt = args.indexOf('--sample');
const all = loadSpamAssassin().texts;
const texts = sampleAt >= 0 ? all.slice(0, Number(args[sampleAt + 1])) : all;

function seconds(steps: readonly CleaningStep[]): number {
  const cleaner = createTextCleaner(steps);
  const start = performance.now();
  let chars = 0;
  for (const t of texts) chars += cleaner.clean(t).length;
  if (chars < 0) process.stdout.write('unreachable\n');
  return (performance.now() - start) / 1000;
}

const rows: [string, readonly CleaningStep[]][] = [
  ['structured types only (--no-mask-pii)', defaultCleaning({ maskPii: false })],
  ['default: lists and rules', defaultCleaning({})],
];
if (!args.includes('--no-tagger')) rows.push(['with the tagger (--pii-tagger)', defaultCleaning({ piiTagger: true })]);
const results = rows.map(([name, steps]) => [name, steps, seconds(steps), seconds(steps)] as const);
const base = results[0][2];
process.stdout.write(`${texts.length} messages, mean ${Math.round(texts.join('').length / texts.length)} chars\n`);
process.stdout.write(
  '| cleaning | steps | seconds, first pass | texts/s | vs structured only | seconds, second pass (warm) | first / second |\n' +
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |\n',
);
for (const [name, steps, s, warm] of results) {
  process.stdout.write(
    `| ${name} | ${steps.join(', ')} | ${s.toFixed(2)} | ${Math.round(texts.length / s)} | ${(s / base).toFixed(2)}x | ` +
      `${warm.toFixed(2)} | ${(s / warm).toFixed(2)}x |\n`,
  );
}
