/**
 * The word lists the name rules read: small sets built at import, the large lists (first names,
 * surnames, places, the ASCII word index) built on first use by lists(), and the first-name tests.
 */
import { AMBIGUOUS_NAMES, DETERMINERS, GREETINGS, HONORIFICS, NOT_NAMES, PARTICLES } from './name-lists/common-words';
import { FIRST_NAMES_COMPROMISE } from './name-lists/first-names-compromise';
import { FIRST_NAMES_EN } from './name-lists/first-names-en';
import { FIRST_NAMES_EXTRA } from './name-lists/first-names-extra';
import { FIRST_NAMES_FR } from './name-lists/first-names-fr';
import { FIRST_NAMES_WIDE } from './name-lists/first-names-wide';
import { AMBIGUOUS_PLACES, PLACE_CUES, PLACES } from './name-lists/places';
import { AMBIGUOUS_PLACES_WIDE, PLACES_WIDE } from './name-lists/places-wide';
import { NAME_WORDS } from './name-lists/name-words';
import { SURNAMES } from './name-lists/surnames';
import { SURNAMES_WIDE } from './name-lists/surnames-wide';
import { isLowerAscii, WordIndex } from './word-index';

export const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter((w) => w.length > 0));

export const NOT_NAME_SET = words(NOT_NAMES);
export const DETERMINER_SET = words(DETERMINERS);
export const GREETING_SET = words(GREETINGS);
export const HONORIFIC_SET = words(HONORIFICS);
export const PARTICLE_SET = words(PARTICLES);
export const PLACE_CUE_SET = words(PLACE_CUES);
/** Capitalised words that never continue a name ("Tom I think…"). */
export const NAME_BREAKERS = words('i im je j and or but et ou mais ok okay the le la les');

export const AMBIGUOUS_PLACE_SET = new Set(AMBIGUOUS_PLACES.split('|'));

/** Membership in one word list (a Set's `has`, however the list is stored). */
export interface WordSet {
  has(lower: string): boolean;
}

export interface Lists {
  /** First names, lower case, with and without their accents. */
  readonly first: WordSet;
  /** The IN_* lists of each ASCII word, read from the text (see word-index.ts). */
  readonly index: WordIndex;
  readonly ambiguous: ReadonlySet<string>;
  /** First names that are also ordinary lower-case words (a name in lower case or capitals needs more). */
  readonly nameWords: ReadonlySet<string>;
  /**
   * First names known only from the wide list (first-names-wide.ts), accents optional: a person in
   * Title Case like any first name, but in lower case or capitals only with evidence, as a name that is
   * also a word ("aba", "ECE" are as often abbreviations or code).
   */
  readonly wideOnly: WordSet;
  readonly surnames: ReadonlySet<string>;
  /** First words of the two-word surnames ("le" of "le_pen"). */
  readonly surnameHeads: ReadonlySet<string>;
  /**
   * Family names frequent in the US or France that are no ordinary word (surnames-wide.ts): weaker
   * than `surnames`, a person only with other evidence (a first name or title before, a verb after).
   */
  readonly wideSurnames: WordSet;
  /** Towns of the wide list that are also a word or a name (places-wide.ts): after a place cue only. */
  readonly ambiguousPlaces: ReadonlySet<string>;
  /**
   * Place names by their first word, longest first, except the one-word places written as a capital
   * and lower-case ASCII letters ("Lyon"): those are the index's IN_PLACE_WORD (see placesStartingWith).
   */
  readonly places: ReadonlyMap<string, readonly string[]>;
}

let built: Lists | undefined;

/** The large lists, built on first use so that importing the module (the model server does) costs nothing. */
export function lists(): Lists {
  if (built !== undefined) return built;
  const first = new Set(
    [
      ...words(FIRST_NAMES_EN),
      ...words(FIRST_NAMES_FR),
      ...words(FIRST_NAMES_EXTRA),
      ...words(FIRST_NAMES_COMPROMISE),
    ].filter((w) => !NOT_NAME_SET.has(w)),
  );
  // Accents are often dropped in capitals and in quick typing ("ELODIE", "helene").
  for (const w of [...first]) {
    if (!hasNonAscii(w)) continue;
    const bare = bareForm(w);
    if (bare !== w && !NOT_NAME_SET.has(bare)) first.add(bare);
  }

  // After the accent-free forms of the other lists: a name they hold is never "wide only".
  const wideOnly = new Set<string>();
  for (const w of words(FIRST_NAMES_WIDE)) {
    if (NOT_NAME_SET.has(w)) continue;
    // "raúl" beside a listed "raul" is that name with its accent, not a name known only here.
    const bare = hasNonAscii(w) ? bareForm(w) : w;
    const known = first.has(bare);
    for (const form of bare === w ? [w] : [w, bare]) {
      if (!first.has(form)) {
        first.add(form);
        if (!known) wideOnly.add(form);
      }
    }
  }

  // One-word places in a capital and lower-case ASCII letters, most of the lists, go to the index;
  // the others by their first word, with an apostrophe typed either way ("Côte d'Ivoire", "Côte d’Ivoire").
  const places = new Map<string, string[]>();
  const placeWords: string[] = [];
  const ambiguousPlaces = new Set(AMBIGUOUS_PLACES_WIDE.split('|'));
  const all = [...PLACES.split('|'), ...PLACES_WIDE.split('|'), ...ambiguousPlaces];
  for (const place of [...all, ...all.filter((p) => p.includes("'")).map((p) => p.replace(/'/g, '’'))]) {
    if (isCapitalisedAsciiWord(place)) {
      placeWords.push(place.toLowerCase());
      continue;
    }
    // The first word, without a final dot ("St. Louis"); no split or regex: 31k places at first use.
    const space = place.indexOf(' ');
    let key = space < 0 ? place : place.slice(0, space);
    if (key.endsWith('.')) key = key.slice(0, -1);
    const list = places.get(key) ?? [];
    list.push(place);
    places.set(key, list);
  }
  for (const list of places.values()) list.sort((a, b) => b.length - a.length);
  const surnames = words(SURNAMES);
  const surnameHeads = new Set([...surnames].filter((w) => w.includes('_')).map((w) => w.split('_')[0]));
  // The index holds every list's ASCII lower-case words; what else a list holds (accents, hyphens,
  // apostrophes) stays in a small Set beside it.
  const index = new WordIndex([
    [IN_FIRST, first],
    [IN_WIDE_ONLY, wideOnly],
    [IN_HONORIFIC, HONORIFIC_SET],
    [IN_SURNAME, surnames],
    [IN_SURNAME_HEAD, surnameHeads],
    // The wide list is ASCII lower case, one space apart (generated): the index alone holds it.
    [IN_WIDE_SURNAME, withFeminineForms(SURNAMES_WIDE.split(' '))],
    [IN_PLACE | IN_PLACE_WORD, placeWords],
    [IN_PLACE, [...places.keys()].map((k) => k.toLowerCase())],
    [IN_STREET_TYPE, FRENCH_STREET_TYPES],
    [IN_ENGLISH_STREET_TYPE, ENGLISH_STREET_TYPES],
    [IN_NAME_CUE, NAME_CUE_WORDS],
    [IN_AND, AND_WORDS],
  ]);
  // Accents optional, as for first names ("Gonçalves", "Nguyễn", "Wiśniewska"); the list is ASCII.
  const wideSurnames = {
    has: (w: string): boolean =>
      index.has(w, IN_WIDE_SURNAME) || (hasNonAscii(w) && index.has(bareForm(w), IN_WIDE_SURNAME)),
  };
  built = {
    first: indexedSet(index, IN_FIRST, first),
    ambiguous: words(AMBIGUOUS_NAMES),
    nameWords: words(NAME_WORDS),
    wideOnly: indexedSet(index, IN_WIDE_ONLY, wideOnly),
    surnames,
    surnameHeads,
    wideSurnames,
    ambiguousPlaces,
    places,
    index,
  };
  return built;
}

/** A list held by the index (its ASCII lower-case words) and a Set of its other words. */
function indexedSet(index: WordIndex, bit: number, list: ReadonlySet<string>): WordSet {
  const others = new Set([...list].filter((w) => !isLowerAscii(w)));
  return { has: (w: string): boolean => (isLowerAscii(w) ? index.has(w, bit) : others.has(w)) };
}

/** "Lyon": a capital and one or more lower-case ASCII letters. */
export function isCapitalisedAsciiWord(w: string): boolean {
  const c = w.charCodeAt(0);
  if (w.length < 2 || c < 65 || c > 90) return false;
  for (let k = 1; k < w.length; k++) {
    const d = w.charCodeAt(k);
    if (d < 97 || d > 122) return false;
  }
  return true;
}

/**
 * The place names starting with `word` (exact case, a whole first word; "St" for "St. Louis"),
 * longest first, or undefined.
 */
export function placesStartingWith(word: string): readonly string[] | undefined {
  const l = lists();
  const listed = l.places.get(word);
  if (!isCapitalisedAsciiWord(word) || !l.index.has(word.toLowerCase(), IN_PLACE_WORD)) return listed;
  // The one-word place is the shortest: after any longer one starting with it.
  return listed === undefined ? [word] : [...listed, word];
}

function bareForm(w: string): string {
  return w.normalize('NFD').replace(/\p{M}/gu, '');
}

/** A place name that counts only after a place cue ("in Nice", "from Reading"): also a word or a name. */
export function isAmbiguousPlace(place: string): boolean {
  return AMBIGUOUS_PLACE_SET.has(place) || lists().ambiguousPlaces.has(place);
}

/** Bits of the word index built in lists(). */
export const IN_FIRST = 1;
export const IN_HONORIFIC = 2;
export const IN_SURNAME = 4;
export const IN_SURNAME_HEAD = 8;
/** A family name of the wide list (surnames-wide.ts). */
export const IN_WIDE_SURNAME = 16;
/** The first word of a place name, in any case (placeAt matches the exact case). */
export const IN_PLACE = 32;
/** A first name known only from the wide list (Lists.wideOnly). */
export const IN_WIDE_ONLY = 64;
/** A one-word place written as a capital and lower-case ASCII letters ("Lyon"; see placesStartingWith). */
export const IN_PLACE_WORD = 128;
/** A French street type ("rue", "quai"; see findStreets): the street detector runs only after one. */
export const IN_STREET_TYPE = 256;
/** The French street types of findStreets, ASCII ones in the index. */
export const FRENCH_STREET_TYPES = words(
  'rue avenue boulevard chemin impasse allée quai faubourg place route square passage',
);
/** An English street type of findStreets ("Road", "Walk"), any case in the index. */
export const IN_ENGLISH_STREET_TYPE = 512;
/** Cue words of the name detector's cued names ("called", "ask", "demandez"; see addCuedNames). */
export const IN_NAME_CUE = 1024;
export const NAME_CUE_WORDS = words('called named nommé nommée appelé appelée ask asking demandez demander demande');
/** Words that join two people ("and", "et"; see addCoordinatedNames). */
export const IN_AND = 2048;
export const AND_WORDS = words('and et');
export const ENGLISH_STREET_TYPES = words(
  'street road lane avenue drive crescent terrace boulevard mews walk grove gardens',
);

/**
 * A first name of the lists, accents optional both ways ("benoit", "BENOÎT", "Seán", "raúl"). A word
 * whose accents make it another word is not one: when the form without accents is an ordinary word
 * or an ambiguous name, only the lists' own accented spelling counts ("rosé", "marié" are no names).
 */
export function isFirstName(lower: string): boolean {
  const l = lists();
  if (l.first.has(lower)) return true;
  // French spelling puts accents on ordinary words whose bare form is a name ("chère", "chrétien"):
  // with French accents only, the lists' own spellings count; other accents are the name's ("raúl").
  if (!hasNonAscii(lower) || FRENCH_ACCENTED_ONLY_RE.test(lower)) return false;
  const bare = bareForm(lower);
  return l.first.has(bare) && !l.nameWords.has(bare) && !l.ambiguous.has(bare);
}

/** Letters and French accented letters only (é è ê ë à â î ï ô û ù ü ÿ ç æ œ), with hyphens and apostrophes. */
const FRENCH_ACCENTED_ONLY_RE = /^[a-zéèêëàâîïôûùüÿçæœ'’-]+$/u;

/**
 * The list and, for each Polish family name in -ski, -cki or -dzki, its feminine form in -ska, -cka,
 * -dzka ("kowalski" → "kowalska"): the census lists the masculine forms only.
 */
export function withFeminineForms(names: readonly string[]): string[] {
  const out = [...names];
  for (const n of names) if (/(?:sk|ck|dzk)i$/u.test(n)) out.push(`${n.slice(0, -1)}a`);
  return out;
}

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return true;
  return false;
}

/** "Jean-Pierre", "marie-thérèse", "FRANÇOIS-XAVIER": every part of a hyphenated word is a first name. */
export function isCompoundFirstName(lower: string): boolean {
  if (!lower.includes('-')) return false;
  const parts = lower.split('-');
  if (parts[0] === 'saint' || parts[0] === 'sainte') return false;
  return parts.length <= 3 && parts.every((p) => p.length >= 2 && isFirstName(p));
}
