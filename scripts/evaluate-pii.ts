/**
 * Prints precision / recall / F1 per entity type of the PII masker on the labelled evaluation set,
 * for the tuned part, the held-out part and both (see src/ml/pii/pii-evaluation.ts for the rules).
 *
 *   npx tsx scripts/evaluate-pii.ts [--set eval|comments|presidio|fresh|fresh2|…|fresh54 (PII_SETS below)] [--split tune|heldout|all] [--lang en|fr] [--tagger] [--errors] [--json] [--file PATH]
 *
 * `--set eval` (default) is test/fixtures/pii/eval.jsonl; `--set comments` is the independent set of
 * marked comments (test/fixtures/pii/comments-{en,fr}.txt); `--set presidio` is the second check built
 * from Presidio's templates and Faker's values (test/fixtures/pii/presidio/); `--set fresh` is the set
 * written after the fifth pass of issue 17 was frozen (test/fixtures/pii/fresh/), `--set fresh2` the
 * one written after the seventh (fresh2/), `--set fresh3` after the eighth (fresh3/), `--set fresh4`
 * after the tenth (fresh4/), `--set fresh5` after the eleventh (fresh5/), `--set fresh6` after the twelfth
 * (fresh6/), `--set fresh7` after the fourteenth (fresh7/), `--set fresh8` after the
 * fifteenth (fresh8/), `--set fresh9` after the seventeenth (fresh9/),
 * `--set fresh10` after the eighteenth (fresh10/), `--set fresh11` after the nineteenth's rules were chosen
 * (fresh11/), `--set fresh12` while the twentieth was written, before it was scored (fresh12/), `--set
 * fresh13` while the twenty-first was written (fresh13/), `--set fresh14` while the twenty-second was
 * written (fresh14/), `--set fresh15` while the twenty-third was written (fresh15/), `--set
 * fresh16` while the twenty-fourth was written (fresh16/), `--set fresh17` while the twenty-fifth
 * was written (fresh17/), `--set fresh18` while the twenty-sixth was written (fresh18/), `--set fresh19` and
 * `--set fresh20` while the twenty-eighth was written (fresh19/, fresh20/), `--set fresh21` while the
 * twenty-ninth was written (fresh21/), `--set fresh22` while the thirtieth was written (fresh22/), `--set
 * fresh23` and `--set fresh24` while the thirty-first was written (fresh23/, fresh24/), `--set fresh25` and
 * `--set fresh26` while the thirty-second was written (fresh25/, fresh26/), `--set fresh27` and `--set
 * fresh28` while the thirty-third was written (fresh27/, fresh28/), `--set fresh29` and `--set fresh30` while
 * the thirty-fourth was written (fresh29/, fresh30/), `--set fresh31` and `--set fresh32` while the
 * thirty-fifth was written (fresh31/, fresh32/), `--set fresh33` and `--set fresh34` while the
 * thirty-seventh was written (fresh33/, fresh34/), `--set fresh35` and `--set fresh36` while the
 * thirty-eighth was written (fresh35/, fresh36/), `--set fresh37` and `--set fresh38` while the fortieth
 * was written (fresh37/, fresh38/), `--set fresh39` and `--set fresh40` while the forty-first was written
 * (fresh39/, fresh40/), `--set fresh41` and `--set fresh42` while the forty-second was written (fresh41/,
 * fresh42/), `--set fresh43` and `--set fresh44` while the forty-third was written (fresh43/, fresh44/),
 * `--set fresh45` while the forty-fourth was written (fresh45/), `--set fresh46` and `--set fresh47` while
 * the forty-fifth was written (fresh46/, fresh47/), `--set fresh48` and `--set fresh49` while the
 * forty-seventh was written (fresh48/, fresh49/), `--set fresh50` and `--set fresh51` while the
 * forty-eighth was written (fresh50/, fresh51/), `--set fresh52` to `--set fresh54` while the fiftieth was
 * written (fresh52/ to fresh54/);
 * every line of each is held
 * out until scored: read
 * their figures with `--split all`. A `--file` ending in
 * `.txt` is read as marks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectPii, PII_TYPES } from '../src/ml/pii-masking';
import {
  evaluatePii,
  parseLabelledSentences,
  parseMarkedComments,
  type LabelledSentence,
  type PiiEvaluation,
} from '../src/ml/pii/pii-evaluation';

interface Args {
  split?: 'tune' | 'heldout' | 'all';
  lang?: 'en' | 'fr';
  errors: boolean;
  json: boolean;
  compromise: boolean;
  file: string | null;
  set: PiiSet;
}

/** The labelled sets (see the module comment). */
export const PII_SETS = [
  'eval',
  'comments',
  'presidio',
  'fresh',
  'fresh2',
  'fresh3',
  'fresh4',
  'fresh5',
  'fresh6',
  'fresh7',
  'fresh8',
  'fresh9',
  'fresh10',
  'fresh11',
  'fresh12',
  'fresh13',
  'fresh14',
  'fresh15',
  'fresh16',
  'fresh17',
  'fresh18',
  'fresh19',
  'fresh20',
  'fresh21',
  'fresh22',
  'fresh23',
  'fresh24',
  'fresh25',
  'fresh26',
  'fresh27',
  'fresh28',
  'fresh29',
  'fresh30',
  'fresh31',
  'fresh32',
  'fresh33',
  'fresh34',
  'fresh35',
  'fresh36',
  'fresh37',
  'fresh38',
  'fresh39',
  'fresh40',
  'fresh41',
  'fresh42',
  'fresh43',
  'fresh44',
  'fresh45',
  'fresh46',
  'fresh47',
  'fresh48',
  'fresh49',
  'fresh50',
  'fresh51',
  'fresh52',
  'fresh53',
  'fresh54',
] as const;
export type PiiSet = (typeof PII_SETS)[number];

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'pii');

/** The sentences of a set or file (see the module comment). */
export function loadSentences(set: PiiSet, file: string | null = null): LabelledSentence[] {
  if (file !== null) {
    const content = readFileSync(file, 'utf8');
    return file.endsWith('.txt') ? parseMarkedComments(content, 'x') : parseLabelledSentences(content);
  }
  if (set === 'eval') return parseLabelledSentences(readFileSync(join(FIXTURES, 'eval.jsonl'), 'utf8'));
  if (set === 'presidio')
    return parseMarkedComments(readFileSync(join(FIXTURES, 'presidio', 'sentences-en.txt'), 'utf8'), 'presidio');
  const fresh = set.startsWith('fresh');
  const folder = fresh ? join(FIXTURES, set) : FIXTURES;
  return ['en', 'fr'].flatMap((lang) =>
    parseMarkedComments(readFileSync(join(folder, `comments-${lang}.txt`), 'utf8'), fresh ? `${set}-${lang}` : lang),
  );
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    errors: false,
    json: false,
    compromise: false,
    file: null,
    set: 'eval',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--split') {
      const v = value();
      if (v !== 'tune' && v !== 'heldout' && v !== 'all')
        throw new Error(`--split must be tune, heldout or all, got '${v}'`);
      args.split = v;
    } else if (a === '--lang') {
      const v = value();
      if (v !== 'en' && v !== 'fr') throw new Error(`--lang must be en or fr, got '${v}'`);
      args.lang = v;
    } else if (a === '--errors') args.errors = true;
    else if (a === '--json') args.json = true;
    else if (a === '--tagger') args.compromise = true;
    else if (a === '--no-compromise') args.compromise = false;
    else if (a === '--file') args.file = value();
    else if (a === '--set') {
      const v = value();
      const set = PII_SETS.find((s) => s === v);
      if (set === undefined) throw new Error(`--set must be one of ${PII_SETS.join(', ')}, got '${v}'`);
      args.set = set;
    } else throw new Error(`unknown argument '${a}' (try --set, --split, --lang, --tagger, --errors, --json, --file)`);
  }
  return args;
}

const pct = (x: number): string => x.toFixed(3);

function table(title: string, ev: PiiEvaluation): string {
  const lines = [
    `${title}: ${ev.sentences} sentences`,
    '| type | gold | tp | fp | fn | precision | recall | F1 | exact P | exact R |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const t of PII_TYPES) {
    const o = ev.overlap[t];
    const x = ev.exact[t];
    lines.push(
      `| ${t} | ${o.tp + o.fn} | ${o.tp} | ${o.fp} | ${o.fn} | ${pct(o.precision)} | ${pct(o.recall)} | ${pct(o.f1)} | ${pct(x.precision)} | ${pct(x.recall)} |`,
    );
  }
  const m = ev.microOverlap;
  lines.push(
    `| all (micro) | ${m.tp + m.fn} | ${m.tp} | ${m.fp} | ${m.fn} | ${pct(m.precision)} | ${pct(m.recall)} | ${pct(m.f1)} | | |`,
  );
  lines.push(`masked (any type): ${pct(ev.maskedShare)} of gold entities`);
  const leaks = PII_TYPES.filter((t) => ev.leaks[t].gold > 0)
    .map((t) => `${t} ${ev.leaks[t].leaked}/${ev.leaks[t].gold}`)
    .join(', ');
  lines.push(`left in clear: ${leaks}`);
  lines.push(`clean lines with a mask: ${ev.cleanLines.masked}/${ev.cleanLines.total} (${pct(ev.cleanLines.rate)})`);
  return lines.join('\n');
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  let sentences: LabelledSentence[] = loadSentences(args.set, args.file);
  if (args.lang) sentences = sentences.filter((s) => s.lang === args.lang);
  const parts: [string, LabelledSentence[]][] =
    args.split === undefined
      ? [
          ['tune', sentences.filter((s) => s.split === 'tune')],
          ['heldout', sentences.filter((s) => s.split === 'heldout')],
          ['all', sentences],
        ]
      : [[args.split, args.split === 'all' ? sentences : sentences.filter((s) => s.split === args.split)]];
  const results = parts.map(
    ([name, set]) => [name, evaluatePii(set, (t) => detectPii(t, { compromise: args.compromise }))] as const,
  );
  if (args.json) {
    process.stdout.write(`${JSON.stringify(Object.fromEntries(results), null, 2)}\n`);
    return;
  }
  for (const [name, ev] of results) {
    process.stdout.write(`${table(name, ev)}\n`);
    if (args.errors)
      for (const e of ev.errors) process.stdout.write(`  ${e.kind} ${e.type} ${e.id}: ${JSON.stringify(e.text)}\n`);
    process.stdout.write('\n');
  }
}

if (require.main === module)
  try {
    main();
  } catch (err) {
    process.stderr.write(`evaluate-pii: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
