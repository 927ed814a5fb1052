/**
 * The word lists the name rules read: small sets built at import, the large lists (first names,
 * surnames, places, the ASCII word index) built on first use by lists(), and the first-name tests.
 */
import { AMBIGUOUS_NAMES, DETERMINERS, GREETINGS, HONORIFICS, NOT_NAMES, PARTICLES } from './name-lists/common-words';
import { ENGLISH_WORDS } from './name-lists/english-words';
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
import { HAS_UPPER, isLowerAscii, LIST_BITS, SeparatedWords, WordIndex } from './word-index';

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

  // After the accent-free forms of the other lists: a name they hold is never "wide only". The wide
  // list (~45k names, generated sorted, without repeats or never-a-name words: a test checks it) is
  // read in place: its ASCII names go straight into the index, and only the accented ones (a few
  // thousand) become strings. A server that masks names builds this before it is ready, and every
  // transient object of the build shows in its RSS high-water mark.
  const wide = new SeparatedWords(FIRST_NAMES_WIDE, ' ');
  const accented: string[] = [];
  wide.forEach((start, end) => {
    for (let k = start; k < end; k++) {
      if (FIRST_NAMES_WIDE.charCodeAt(k) > 127) {
        accented.push(FIRST_NAMES_WIDE.slice(start, end));
        return;
      }
    }
  });
  // "hélène" is also typed "helene": that form is a first name too, in the index.
  const accentedBare = accented.map(bareForm);
  const firstOthers = new Set([...first].filter((w) => !isLowerAscii(w)));
  const wideOnlyOthers = new Set<string>();

  // One-word places in a capital and lower-case ASCII letters, most of the lists, go to the index;
  // the others by their first word, with an apostrophe typed either way ("Côte d'Ivoire", "Côte d’Ivoire").
  const places = new Map<string, string[]>();
  const placeWords: string[] = [];
  const ambiguousPlaces = new Set(AMBIGUOUS_PLACES_WIDE.split('|'));
  const addPlace = (place: string): void => {
    if (isCapitalisedAsciiWord(place)) {
      placeWords.push(place.toLowerCase());
      return;
    }
    // The first word, without a final dot ("St. Louis"); no split or regex: 31k places at first use.
    const space = place.indexOf(' ');
    let key = space < 0 ? place : place.slice(0, space);
    if (key.endsWith('.')) key = key.slice(0, -1);
    const list = places.get(key) ?? [];
    list.push(place);
    places.set(key, list);
  };
  for (const list of [PLACES.split('|'), PLACES_WIDE.split('|'), ambiguousPlaces]) {
    for (const place of list) {
      addPlace(place);
      if (place.includes("'")) addPlace(place.replace(/'/g, '’'));
    }
  }
  for (const list of places.values()) list.sort((a, b) => b.length - a.length);
  const surnames = words(SURNAMES);
  const surnameHeads = new Set([...surnames].filter((w) => w.includes('_')).map((w) => w.split('_')[0]));
  // The index holds every list's ASCII lower-case words; what else a list holds (accents, hyphens,
  // apostrophes) stays in a small Set beside it.
  const index = new WordIndex([
    [IN_FIRST | IN_LISTED_FIRST, [...first].filter(isLowerAscii)],
    [IN_FIRST | IN_WIDE_ONLY | IN_WIDE_LISTED, wide],
    [IN_FIRST | IN_WIDE_ONLY, accentedBare],
    [IN_HONORIFIC, HONORIFIC_SET],
    [IN_SURNAME, surnames],
    [IN_SURNAME_HEAD, surnameHeads],
    // The wide list is ASCII lower case, one space apart (generated): the index alone holds it.
    [IN_WIDE_SURNAME, new SeparatedWords(SURNAMES_WIDE, ' ')],
    [IN_WIDE_SURNAME, feminineForms(SURNAMES_WIDE)],
    [IN_PLACE | IN_PLACE_WORD, placeWords],
    [IN_PLACE, [...places.keys()].map((k) => k.toLowerCase())],
    [IN_STREET_TYPE, FRENCH_STREET_TYPES],
    [IN_ENGLISH_STREET_TYPE, ENGLISH_STREET_TYPES],
    [IN_NAME_CUE, NAME_CUE_WORDS],
    [IN_AND, AND_WORDS],
    [IN_ENGLISH_WORD, new SeparatedWords(ENGLISH_WORDS, ' ')],
  ]);
  // The accented wide names, in the list's order: "raúl" beside a listed "raul" (or beside "raul"
  // of this list, or after another accented form of it) is that name with its accent, a first name
  // but not one known only from the wide list; otherwise it and its accent-free form are wide only.
  const seenBare = new Set<string>();
  for (let k = 0; k < accented.length; k++) {
    const w = accented[k];
    const bare = accentedBare[k];
    const known =
      first.has(bare) ||
      firstOthers.has(bare) ||
      seenBare.has(bare) ||
      (bare !== w && isLowerAscii(bare) && index.has(bare, IN_WIDE_LISTED));
    if (!first.has(w) && !firstOthers.has(w)) {
      firstOthers.add(w);
      if (!known) wideOnlyOthers.add(w);
    }
    if (bare !== w && !known) {
      seenBare.add(bare);
      if (!isLowerAscii(bare)) {
        firstOthers.add(bare);
        wideOnlyOthers.add(bare);
      }
    }
  }
  // Accents optional, as for first names ("Gonçalves", "Nguyễn", "Wiśniewska"); the list is ASCII.
  const wideSurnames = {
    has: (w: string): boolean =>
      index.has(w, IN_WIDE_SURNAME) || (hasNonAscii(w) && index.has(bareForm(w), IN_WIDE_SURNAME)),
  };
  built = {
    first: indexedSet(index, IN_FIRST, firstOthers),
    ambiguous: words(AMBIGUOUS_NAMES),
    nameWords: words(NAME_WORDS),
    // An ASCII name of the wide list (or the accent-free form of one) that no other list gives.
    wideOnly: {
      has: (w: string): boolean =>
        isLowerAscii(w)
          ? (lookupBits(index, w) & (IN_WIDE_ONLY | IN_LISTED_FIRST)) === IN_WIDE_ONLY
          : wideOnlyOthers.has(w),
    },
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
function indexedSet(index: WordIndex, bit: number, others: ReadonlySet<string>): WordSet {
  return { has: (w: string): boolean => (isLowerAscii(w) ? index.has(w, bit) : others.has(w)) };
}

/** The list bits of an ASCII lower-case word (0 when in no list). */
function lookupBits(index: WordIndex, w: string): number {
  const found = index.lookup(w, 0, w.length);
  return found < 0 || (found & HAS_UPPER) !== 0 ? 0 : found & LIST_BITS;
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
  'rue avenue boulevard chemin impasse allée quai faubourg place route square passage chaussée',
);
/** An English street type of findStreets ("Road", "Walk"), any case in the index. */
export const IN_ENGLISH_STREET_TYPE = 512;
/** Cue words of the name detector's cued names ("called", "ask", "demandez"; see addCuedNames). */
export const IN_NAME_CUE = 1024;
export const NAME_CUE_WORDS = words('called named nommé nommée appelé appelée ask asking demandez demander demande');
/** Words that join two people ("and", "et"; see addCoordinatedNames). */
export const IN_AND = 2048;
/** A first name of the hand-made and English/French lists or their accent-free forms (not the wide list). */
export const IN_LISTED_FIRST = 4096;
/** An ASCII name as written in the wide list (not an accent-free form of one of its names). */
export const IN_WIDE_LISTED = 8192;
/** An everyday English word (english-words.ts): no unknown town after "in" (thirty-fourth pass). */
export const IN_ENGLISH_WORD = 16384;
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
 * For each Polish family name in -ski, -cki or -dzki of a space-separated list, its feminine form in
 * -ska, -cka, -dzka ("kowalski" → "kowalska"; the census lists the masculine forms only), read in place.
 */
function feminineForms(list: string): string[] {
  const out: string[] = [];
  new SeparatedWords(list, ' ').forEach((start, end) => {
    // Only words ending in "ki" become strings ("kowalski" → "kowalska").
    if (end - start < 3 || list.charCodeAt(end - 1) !== 105 || list.charCodeAt(end - 2) !== 107) return;
    const name = list.slice(start, end);
    if (/(?:sk|ck|dzk)i$/u.test(name)) out.push(`${name.slice(0, -1)}a`);
  });
  return out;
}

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return true;
  return false;
}

/** "Jean-Pierre", "marie-thérèse", "FRANÇOIS-XAVIER": every part of a hyphenated word is a first name. */
export function isCompoundFirstName(lower: string): boolean {
  if (!lower.includes('-')) return false;
  let known = COMPOUND_ANSWERS.get(lower);
  if (known === undefined) {
    const parts = lower.split('-');
    known =
      parts[0] !== 'saint' &&
      parts[0] !== 'sainte' &&
      parts.length <= 3 &&
      parts.every((p) => p.length >= 2 && isFirstName(p));
    if (COMPOUND_ANSWERS.size >= 4096) COMPOUND_ANSWERS.clear();
    COMPOUND_ANSWERS.set(lower, known);
  }
  return known;
}

/**
 * isCompoundFirstName's answers by word (the lists never change once built). Hyphenated words recur
 * within a text and across texts ("Content-Type" in every mail header, "Jean-Pierre" in a thread), and
 * the rules ask about the same token several times; bounded, emptied when full.
 */
const COMPOUND_ANSWERS = new Map<string, boolean>();
