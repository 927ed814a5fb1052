/**
 * Person names and places in English and French comment text, found with name lists and a few
 * context rules (capitalisation, sentence starts, greetings, honorifics, determiners, place cues).
 * Pure and deterministic; see docs/pii-masking.md for what it finds and misses.
 */
import { AMBIGUOUS_NAMES, DETERMINERS, GREETINGS, HONORIFICS, NOT_NAMES, PARTICLES } from './name-lists/common-words';
import { FIRST_NAMES_COMPROMISE } from './name-lists/first-names-compromise';
import { FIRST_NAMES_EN } from './name-lists/first-names-en';
import { FIRST_NAMES_EXTRA } from './name-lists/first-names-extra';
import { FIRST_NAMES_FR } from './name-lists/first-names-fr';
import { AMBIGUOUS_PLACES, PLACE_CUES, PLACES } from './name-lists/places';
import { findNamesWithCompromise, type NerSpan } from './compromise-ner';
import { NAME_WORDS } from './name-lists/name-words';
import { SURNAMES } from './name-lists/surnames';
import { HAS_LOWER, HAS_UPPER, LIST_BITS, WordIndex } from './word-index';
import { scanWords } from './word-scanner';

export type NameType = 'PERSON' | 'LOCATION';

export interface NameSpan {
  readonly type: NameType;
  readonly start: number;
  readonly end: number;
}

export interface FindNamesOptions {
  /**
   * Also ask compromise (English lexicon and tagger) about capitalised words the rules left
   * unexplained. Costs ~150 ms once and ~1 ms per such text.
   * @default false
   */
  readonly compromise?: boolean;
  /**
   * Tokenize with the regular expression the word scanner replaces: the slow reference path the
   * fast one is checked against (tests, bench/masking-speed.ts). Same output.
   * @default false
   */
  readonly reference?: boolean;
}

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter((w) => w.length > 0));

const NOT_NAME_SET = words(NOT_NAMES);
const DETERMINER_SET = words(DETERMINERS);
const GREETING_SET = words(GREETINGS);
const HONORIFIC_SET = words(HONORIFICS);
const PARTICLE_SET = words(PARTICLES);
const PLACE_CUE_SET = words(PLACE_CUES);
/** Capitalised words that never continue a name ("Tom I think…"). */
const NAME_BREAKERS = words('i im je j and or but et ou mais ok okay the le la les');

const AMBIGUOUS_PLACE_SET = new Set(AMBIGUOUS_PLACES.split('|'));

interface Lists {
  readonly first: ReadonlySet<string>;
  /** The IN_* lists of each ASCII word, read from the text (see word-index.ts). */
  readonly index: WordIndex;
  readonly ambiguous: ReadonlySet<string>;
  /** French first names without their accents ("benoit" for a typed "benoît" whose list form differs). */
  readonly frenchBare: ReadonlySet<string>;
  /** First names that are also ordinary lower-case words (a name in lower case or capitals needs more). */
  readonly nameWords: ReadonlySet<string>;
  readonly surnames: ReadonlySet<string>;
  /** First words of the two-word surnames ("le" of "le_pen"). */
  readonly surnameHeads: ReadonlySet<string>;
  /** Place names indexed by their first word, longest first. */
  readonly places: ReadonlyMap<string, readonly string[]>;
}

let built: Lists | undefined;

/** The large lists, built on first use so that importing the module (the model server does) costs nothing. */
function lists(): Lists {
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
    const bare = w.normalize('NFD').replace(/\p{M}/gu, '');
    if (bare !== w && !NOT_NAME_SET.has(bare)) first.add(bare);
  }

  const index = new Map<string, string[]>();
  const all = PLACES.split('|');
  // Typed apostrophes vary: index "Côte d'Ivoire" under both ' and ’.
  for (const place of [...all, ...all.filter((p) => p.includes("'")).map((p) => p.replace(/'/g, '’'))]) {
    const key = place.split(' ')[0].replace(/\.$/u, '');
    const list = index.get(key) ?? [];
    list.push(place);
    index.set(key, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.length - a.length);
  const frenchBare = new Set([...words(FIRST_NAMES_FR)].map((w) => w.normalize('NFD').replace(/\p{M}/gu, '')));
  const surnames = words(SURNAMES);
  const surnameHeads = new Set([...surnames].filter((w) => w.includes('_')).map((w) => w.split('_')[0]));
  built = {
    first,
    frenchBare,
    ambiguous: words(AMBIGUOUS_NAMES),
    nameWords: words(NAME_WORDS),
    surnames,
    surnameHeads,
    places: index,
    index: new WordIndex([
      [IN_FIRST, first],
      [IN_HONORIFIC, HONORIFIC_SET],
      [IN_SURNAME, surnames],
      [IN_SURNAME_HEAD, surnameHeads],
      [IN_PLACE, [...index.keys()].map((k) => k.toLowerCase())],
    ]),
  };
  return built;
}

interface Token {
  /** As written, without an elided French article ("l'", "d'") or a possessive "'s". */
  readonly text: string;
  readonly lower: string;
  readonly start: number;
  readonly end: number;
  /** Starts with an upper-case letter and is not all capitals. */
  readonly cap: boolean;
  /** Written without Title Case: all capitals (two letters or more) or all lower case. */
  readonly caseless: boolean;
  /** First word of a sentence (or of the text). */
  readonly sentenceStart: boolean;
  /** The elided word before it, lower case ("d", "l", "qu"), or ''. */
  readonly elided: string;
  /** For a word of ASCII letters only: the IN_* lists holding it lower-cased (see word-index.ts); else -1. */
  readonly lists: number;
}

/** Bits of the word index built in lists(). */
const IN_FIRST = 1;
const IN_HONORIFIC = 2;
const IN_SURNAME = 4;
const IN_SURNAME_HEAD = 8;
/** The first word of a place name, in any case (placeAt matches the exact case). */
const IN_PLACE = 32;

/**
 * A token of ASCII letters only (no apostrophe, hyphen or elision), with its strings made on first
 * use: most tokens are only looked at through their index bits and case flags.
 */
class AsciiToken implements Token {
  readonly elided = '';
  private textCache: string | undefined;
  private lowerCache: string | undefined;
  constructor(
    private readonly source: string,
    readonly start: number,
    readonly end: number,
    readonly cap: boolean,
    readonly caseless: boolean,
    readonly sentenceStart: boolean,
    readonly lists: number,
  ) {}
  get text(): string {
    return (this.textCache ??= this.source.slice(this.start, this.end));
  }
  get lower(): string {
    return (this.lowerCache ??= this.text.toLowerCase());
  }
}

const TOKEN_RE = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;
const ELISION_RE = /^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]/iu;
const SENTENCE_END_RE = /[.!?…:;\n]/u;

/**
 * True when text[from, to) holds a sentence end (SENTENCE_END_RE's characters) or opens a quotation
 * or a bracket, after which a capital starts a title or a quoted phrase ("the "Early life" section"),
 * without a copy.
 */
function hasSentenceEnd(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // . ! ? : ; \n …
    if (c === 46 || c === 33 || c === 63 || c === 58 || c === 59 || c === 10 || c === 0x2026) return true;
    // " ( [ “ « ‘ opening (a straight quote opens when a word follows it directly)
    if (c === 40 || c === 91 || c === 0x201c || c === 0xab || c === 0x2018) return true;
    if (c === 34 && i === to - 1) return true;
  }
  return false;
}

/** English contractions ("I'm", "We're", "Don't"): never a name, even after a greeting. */
const CONTRACTION_RE = /['’](?:m|re|ve|ll|d|t|s)$/iu;

function tokenize(text: string, reference = false): Token[] {
  const tokens: Token[] = [];
  let prevEnd = -1;
  const index = reference ? undefined : lists().index;
  const visit = (matchStart: number, matchEnd: number): void => {
    const found = index === undefined ? -1 : index.lookup(text, matchStart, matchEnd);
    if (found >= 0) {
      // ASCII letters only: the same flags as below, from the letters' cases.
      const allCaps = (found & HAS_UPPER) !== 0 && (found & HAS_LOWER) === 0 && matchEnd - matchStart > 1;
      const c = text.charCodeAt(matchStart);
      tokens.push(
        new AsciiToken(
          text,
          matchStart,
          matchEnd,
          c >= 65 && c <= 90 && !allCaps,
          allCaps || (found & HAS_UPPER) === 0,
          prevEnd < 0 || hasSentenceEnd(text, prevEnd, matchStart),
          found & LIST_BITS,
        ),
      );
      prevEnd = matchEnd;
      return;
    }
    let start = matchStart;
    let raw = text.slice(matchStart, matchEnd);
    let elided = '';
    // Elisions and possessives need an apostrophe: most tokens skip both tests.
    if (raw.includes("'") || raw.includes('’')) {
      const el = ELISION_RE.exec(raw);
      if (el !== null && raw.length > el[0].length) {
        elided = el[0].slice(0, -1).toLowerCase();
        start += el[0].length;
        raw = raw.slice(el[0].length);
      }
      if (/['’]s$/u.test(raw) && raw.length > 2) raw = raw.slice(0, -2);
    }
    const lower = raw.toLowerCase();
    const first = raw[0] ?? '';
    // Only a token with some upper-case letter can be all capitals (toUpperCase skipped otherwise).
    const allCaps = raw !== lower && raw.length > 1 && raw === raw.toUpperCase();
    tokens.push({
      text: raw,
      lower,
      start,
      end: start + raw.length,
      cap: first !== first.toLowerCase() && first === first.toUpperCase() && !allCaps,
      caseless: allCaps || raw === lower,
      sentenceStart: prevEnd < 0 || hasSentenceEnd(text, prevEnd, matchStart),
      elided,
      lists: -1,
    });
    prevEnd = matchEnd;
  };
  // The reference path (FindNamesOptions.reference) keeps the regular expression the scanner replaces.
  if (reference) for (const m of text.matchAll(TOKEN_RE)) visit(m.index, m.index + m[0].length);
  else scanWords(text, visit);
  return tokens;
}

/** True when only spaces (no punctuation) separate tokens a and b. */
function adjacent(text: string, a: Token, b: Token | undefined): b is Token {
  return b !== undefined && b.elided === '' && /^[ \t\u00a0]+$/u.test(text.slice(a.end, b.start));
}

/** The place name starting at token i, if any (exact case, whole words). */
function placeAt(text: string, tokens: readonly Token[], i: number): string | undefined {
  const t = tokens[i];
  if (!t.cap) return undefined;
  const candidates = lists().places.get(t.text);
  if (candidates === undefined) return undefined;
  for (const place of candidates) {
    if (!text.startsWith(place, t.start)) continue;
    const after = text[t.start + place.length] ?? '';
    if (after === '' || !/[\p{L}\p{N}_-]/u.test(after)) return place;
  }
  return undefined;
}

function prevWord(text: string, tokens: readonly Token[], i: number): Token | undefined {
  const p = tokens[i - 1];
  const t = tokens[i];
  if (p === undefined) return undefined;
  // The elided article belongs to the token itself ("d'Antoine"): expose it as the previous word.
  if (t.elided !== '') return { ...p, text: t.elided, lower: t.elided };
  return /^[\s,]*$/u.test(text.slice(p.end, t.start)) ? p : undefined;
}

function hasPlaceCue(text: string, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t.elided === 'd') return true;
  const p = tokens[i - 1];
  return p !== undefined && PLACE_CUE_SET.has(p.lower) && /^\s+$/u.test(text.slice(p.end, t.start));
}

/**
 * Words that may follow a place name used as a place (verbs, conjunctions, prepositions, adverbs);
 * any other lower-case word right after a place with no cue before it makes the place a modifier of
 * a common noun ("Brussels sprouts", "Stockholm syndrome", "Denver omelette").
 */
const AFTER_PLACE_WORDS = words(
  'is are was were be been has have had will would can could should may might must does did do ' +
    'and or but nor not to in at on of for with from by as than then so yet too also again now ' +
    'next last this that these those all every some since until till before after during near ' +
    'today tomorrow yesterday tonight ever never always already still just only even really ' +
    'says said wants won lost beat beats got gets went goes came comes used uses ' +
    'est sont était étaient sera serait a ont avait fut et ou mais ni ne n pas plus en au aux ' +
    'à de du des dans sur sous pour par avec sans chez vers depuis pendant avant après ' +
    'cette ce ces demain hier aujourd maintenant toujours jamais déjà encore aussi trop très ' +
    'c qui que qu y il elle on l d s',
);

/**
 * Nouns that take a place as a complement without being about where someone is: treaties and
 * accords, schools of art, battles, and products named after a place ("traité de Versailles",
 * "Treaty of Versailles", "moutarde de Dijon", "saucisse de Toulouse", "calissons d'Aix").
 */
const PLACE_COMPLEMENT_NOUNS = words(
  'treaty treaties accord accords agreement agreements convention conventions declaration pact ' +
    'protocol protocols peace battle siege congress council conference school edict ' +
    'traité traités accord accords déclaration pacte protocole paix bataille siège congrès concile ' +
    'conférence conférences école édit sommet ' +
    'moutarde saucisse saucisses camembert fromage pain vin vins jambon calisson calissons salade ' +
    'haricots eau crème gâteau nougat rillettes andouille andouillette berlingot bêtise bêtises ' +
    'tour grand prix marathon ' +
    // Pronouns that stand for such a noun: "la saucisse de Toulouse et celle de Strasbourg".
    'celle celles celui ceux',
);

/**
 * True when the place at token `i` names something else: it runs into another capitalised word
 * ("Berlin Wall", "Monaco Grand Prix", "Paris Agreement", "Dublin Core"); it modifies a common noun
 * ("Brussels sprouts", with no place cue before it); or it is the complement of a treaty, a school
 * or a product ("traité de Versailles", "moutarde de Dijon"), or of a capitalised proper noun of
 * another kind ("Crédit Agricole de Normandie", "Tour de France").
 */
function isPlaceInOtherNoun(text: string, tokens: readonly Token[], i: number, place: string, cue: boolean): boolean {
  return isInOtherNoun(text, tokens, i, tokens[i].start + place.length, cue);
}

function isInOtherNoun(text: string, tokens: readonly Token[], i: number, end: number, cue: boolean): boolean {
  let k = i;
  while (k + 1 < tokens.length && tokens[k + 1].start < end) k++;
  const next = tokens[k + 1];
  if (next !== undefined && next.elided === '' && /^[ \t]+$/u.test(text.slice(end, next.start))) {
    if (
      next.cap &&
      !NAME_BREAKERS.has(next.lower) &&
      !PLACE_CUE_SET.has(next.lower) &&
      placeAt(text, tokens, k + 1) === undefined
    ) {
      return true;
    }
    if (!cue && !next.cap && next.text === next.lower && !AFTER_PLACE_WORDS.has(next.lower)) return true;
  }
  const t = tokens[i];
  const prev = prevWord(text, tokens, i);
  if (prev !== undefined && (prev.lower === 'de' || prev.lower === 'd' || prev.lower === 'of')) {
    const ofIndex = t.elided !== '' ? i : i - 1;
    const owner = tokens[ofIndex - 1];
    // With an elided "d'", the gap to check ends before the article ("calissons d'Aix").
    const gapEnd = t.elided !== '' ? t.start - t.elided.length - 1 : tokens[ofIndex].start;
    if (owner !== undefined && /^[\s,]*$/u.test(text.slice(owner.end, gapEnd))) {
      // Plurals too ("les nougats d'Aix").
      const singular = owner.lower.endsWith('s') ? owner.lower.slice(0, -1) : owner.lower;
      if (PLACE_COMPLEMENT_NOUNS.has(owner.lower) || PLACE_COMPLEMENT_NOUNS.has(singular)) return true;
      if (owner.cap && !owner.sentenceStart && !lists().first.has(owner.lower) && !isFunctionalWord(owner)) return true;
    }
  }
  return false;
}

/** Extends a name starting at token `i` with surnames and particles; returns the last token index. */
function extendName(text: string, tokens: readonly Token[], i: number): number {
  let j = i;
  for (let n = 0; n < 3; n++) {
    const next = tokens[j + 1];
    if (!adjacent(text, tokens[j], next)) break;
    if (PARTICLE_SET.has(next.lower)) {
      const after = tokens[j + 2];
      if (adjacent(text, next, after) && after.cap && placeAt(text, tokens, j + 2) === undefined) {
        j += 2;
        continue;
      }
      if (!next.cap) break;
    }
    if (!next.cap || NAME_BREAKERS.has(next.lower) || NOT_NAME_SET.has(next.lower)) break;
    j++;
  }
  return j;
}

/**
 * Capitalised common nouns that, after a name, make the whole a thing named after someone rather
 * than a person: a plan, a prize, a medal, a law, a building, a street, a company ("Marshall Plan",
 * "Victoria Cross", "Nobel Prize", "Grace Hospital", "Ford Motor Company").
 */
const EPONYM_HEADS = words(
  'plan plans prize prizes award awards medal doctrine act laws effect syndrome disease principle ' +
    'theorem equation paradox street avenue road boulevard station cup trophy falls river island ' +
    'cathedral chapel college university school hospital clinic foundation institute center centre ' +
    'square building airport stadium theatre theater museum library gallery hotel company corporation ' +
    'inc ltd airlines records studios festival prix memorial monument democrats republicans party ' +
    'llc plc gmbh sarl corp holdings group',
);
/** Company suffixes after "and" or "&" ("Carter and Sons", "Dupont & Fils", "Smith & Co"). */
const COMPANY_PARTNERS = words('sons son daughters fils frères co cie company partners associates brothers bros');

/** True when the name ending at token `last` is followed by "and Sons", "& Co", "et Fils"…: a firm. */
function isFirmName(text: string, tokens: readonly Token[], last: number): boolean {
  const end = tokens[last].end;
  const m = /^\s+(?:and|&|et)\s+(\p{L}+)/u.exec(text.slice(end, end + 20));
  return m !== null && /^\p{Lu}/u.test(m[1]) && COMPANY_PARTNERS.has(m[1].toLowerCase());
}
/**
 * Heads that are also common surnames ("John Hall", "Jude Law", "Doris Day"): they make a thing only
 * after a first name that is itself a place or a common word ("Victoria Cross", "Grace Church").
 */
const SURNAME_LIKE_HEADS = words('hall park lake bay church cross day law bridge tower lane');

/** The index of the first head noun (see EPONYM_HEADS) among the tokens after the first of a name span, or -1. */
function eponymHeadAt(tokens: readonly Token[], i: number, last: number, dual: boolean): number {
  for (let k = i + 1; k <= last; k++) {
    if (EPONYM_HEADS.has(tokens[k].lower) || (dual && SURNAME_LIKE_HEADS.has(tokens[k].lower))) return k;
  }
  return -1;
}

/** Abbreviated titles that are no ordinary word: one before a lower-case known name still marks it. */
const SHORT_TITLES = words('mr mrs ms dr mme mlle');

/** Verbs that, after a known surname opening a sentence, make it the subject ("Dubois est encore…"). */
const SUBJECT_VERBS = words('est était sera a avait ont is was has had will');

/** Month names that are also first names, in English and French. */
const MONTH_NAMES = words('april may june july august avril juin juillet août aout');
/** Words before a date: after one, a month name is the month ("in June", "until May", "depuis avril"). */
const TIME_WORDS = words(
  'in on since until till by for from before after during early late mid last next this every of ' +
    'en depuis jusqu avant après pendant début fin mi dès courant',
);

/** "in June", "May 5", "le 3 Avril": a month-name at `i` used as the month. */
function isMonthUse(text: string, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!MONTH_NAMES.has(t.lower)) return false;
  const prev = prevWord(text, tokens, i);
  if (prev !== undefined && TIME_WORDS.has(prev.lower)) return true;
  // A day number or a year right before or after it.
  return (
    /\d[\s,]*$/u.test(text.slice(Math.max(0, t.start - 6), t.start)) || /^[\s,]*\d/u.test(text.slice(t.end, t.end + 6))
  );
}

/** Christmas, not a person, after these words ("Joyeux Noël", "à Noël", "le Père Noël"). */
const NOEL_CUES = words('joyeux joyeuses père pere à a de pour avant après depuis jusqu la veille sapin merry');

/** Articles: after one, a first name alone is a thing or a type ("le Jean est un tissu", "a Karen"). */
const ARTICLES = words('the a an le la les l un une');

/**
 * French second-person pronouns that, right after a sentence-initial word, make it someone: addressed
 * ("lea tu m'énerves") or the subject before an object pronoun ("Rose vous ment"). English "you" is
 * left out: after a verb that is also a name it is the object ("Hope you choke", "Bill you later").
 */
const SECOND_PERSON = words('tu vous te toi');
/** Modal and auxiliary verbs that are also first names: "Will you…", "May you…" ask, they address no one. */
const MODALS = words('will may might can shall must should would could do did does are is');

/**
 * Words that introduce the name that follows them: a self-introduction ("my name is Will", "call me
 * rob", "je m'appelle Rose", "moi c'est Pierre") or a sign-off before a signature ("Regards, Grace",
 * "Cordialement, Pierre"). Each entry is the token sequence before the name, lower case, with a French
 * elided word written with its apostrophe ("m'appelle").
 */
const NAME_INTRODUCERS: readonly (readonly string[])[] = [
  ['my', 'name', 'is'],
  ['name', 'is'],
  ['name:'],
  ['nom:'],
  ['prénom:'],
  ['i', 'am', 'called'],
  ["i'm", 'called'],
  ['call', 'me'],
  ['calls', 'me'],
  ['signed'],
  ['regards'],
  ['sincerely'],
  ["m'appelle"],
  ['appelle-moi'],
  ['appelez-moi'],
  ['moi', "c'est"],
  ['signé'],
  ['cordialement'],
  ['bisous'],
  ['amitiés'],
];

/** The lower-case form of a token with its elided word ("m'appelle"), as NAME_INTRODUCERS writes it. */
function withElision(t: Token): string {
  return t.elided === '' ? t.lower : `${t.elided}'${t.lower}`;
}

/** True when the tokens right before token i (spaces and commas between them) spell one of `phrases`. */
const lastWordSets = new WeakMap<readonly (readonly string[])[], ReadonlySet<string>>();

/** The last words of `phrases` (without a trailing ':'), computed once per list. */
function lastWords(phrases: readonly (readonly string[])[]): ReadonlySet<string> {
  let set = lastWordSets.get(phrases);
  if (set === undefined) {
    set = new Set(phrases.map((p) => p[p.length - 1].replace(/:$/u, '')));
    lastWordSets.set(phrases, set);
  }
  return set;
}

function followsPhrase(
  text: string,
  tokens: readonly Token[],
  i: number,
  phrases: readonly (readonly string[])[],
): boolean {
  const before = tokens[i - 1];
  if (before === undefined) return false;
  // One set lookup settles almost every word: the word before is the last word of no phrase.
  if (!lastWords(phrases).has(withElision(before).replace('’', "'"))) return false;
  for (const phrase of phrases) {
    let k = i - 1;
    const gap = k >= 0 ? text.slice(tokens[k].end, tokens[i].start) : '';
    // An entry ending in ':' ("name:") needs the colon before the name.
    const colon = phrase[phrase.length - 1].endsWith(':');
    let ok = k >= 0 && /^[\s,:]*$/u.test(gap) && (!colon || gap.includes(':'));
    for (let w = phrase.length - 1; ok && w >= 0; w--, k--) {
      const t = tokens[k];
      ok = t !== undefined && withElision(t).replace('’', "'") === phrase[w].replace(/:$/u, '');
      if (ok && w > 0)
        ok =
          k > 0 && /^\s+$/u.test(text.slice(tokens[k - 1].end, t.start - (t.elided === '' ? 0 : t.elided.length + 1)));
    }
    if (ok) return true;
  }
  return false;
}

/**
 * A greeting word before token i ("Hi Tom"), "thank you" ("THANK YOU LAURA"), or a phrase that
 * introduces a name (NAME_INTRODUCERS: "my name is Will", "Regards, Grace").
 */
function isGreeted(text: string, tokens: readonly Token[], i: number): boolean {
  if (tokens[i].elided === '' && (followsPhrase(text, tokens, i, NAME_INTRODUCERS) || isAttribution(text, tokens, i)))
    return true;
  const prev = prevWord(text, tokens, i);
  if (prev === undefined) return false;
  if (GREETING_SET.has(prev.lower)) return true;
  const before = tokens[i - 2];
  return prev.lower === 'you' && before?.lower === 'thank' && /^\s+$/u.test(text.slice(before.end, prev.start));
}

/** Verbs of saying that, before a name closing a clause, attribute a quote (`"…," says Courtois`). */
const ATTRIBUTION_VERBS = words(
  'said says asked asks replied replies added adds wrote dit demande répond répondit ajoute écrit',
);

/**
 * `"…," says Courtois.`, `said guy to bernadette`: a verb of saying right before the word at `i`,
 * and the clause ending after it (or after the next word of the same case, a surname), or "to".
 */
function isAttribution(text: string, tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1];
  if (prev === undefined || !ATTRIBUTION_VERBS.has(prev.lower) || !/^ +$/u.test(text.slice(prev.end, tokens[i].start)))
    return false;
  let last = i;
  const next = tokens[i + 1];
  const t = tokens[i];
  if (
    adjacent(text, t, next) &&
    ((t.cap && next.cap) ||
      (t.caseless && next.caseless && (isFirstName(next.lower) || lists().surnames.has(next.lower))))
  )
    last = i + 1;
  const after = tokens[last + 1];
  if (after === undefined || /^\s*[.,;:!?…]/u.test(text.slice(tokens[last].end, after.start))) return true;
  return adjacent(text, tokens[last], after) && (after.lower === 'to' || after.lower === 'à');
}

/**
 * Verbs of saying and of editing a page that, right after a word, make it someone ("Victoria said",
 * "Grace wrote", "Florence répond"); with the French "m'a"/"t'a" ("Nancy m'a répondu").
 */
const PERSON_VERBS = words(
  'said says told tells asked asks wrote writes replied replies answered answers thinks thought knows knew ' +
    'reverted reverts deleted deletes removed removes blocked blocks posted posts edited edits agreed voted ' +
    'dit dis répond répondu pense pensait sait écrit écrivait raconte racontes supprime supprimé annule annulé ' +
    'bloque bloqué vote voté',
);

const AUXILIARIES = words('a avait has had have');

/** A first name of the lists, accents optional ("benoit", "BENOÎT"). */
function isFirstName(lower: string): boolean {
  const l = lists();
  if (l.first.has(lower)) return true;
  return hasNonAscii(lower) && l.frenchBare.has(lower.normalize('NFD').replace(/\p{M}/gu, ''));
}

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return true;
  return false;
}

/**
 * Evidence that the word at `i` (ending at token `last`) names a person: addressed at the start of
 * a sentence before a comma ("Grace, don't listen"), or at the end after one ("nobody asked you,
 * karen"), or followed by a verb of saying or editing (PERSON_VERBS, "m'a", "t'a").
 */
function isAddressedOrActing(
  text: string,
  tokens: readonly Token[],
  i: number,
  last: number,
  openingVocative = true,
): boolean {
  const end = tokens[last].end;
  // A lower-case word before a comma opens many sentences ("wait, no"): only a capitalised one is addressed.
  if (openingVocative && tokens[i].sentenceStart && /^\s*,/u.test(text.slice(end, end + 3))) return true;
  const next = tokens[last + 1];
  if (
    tokens[i].sentenceStart &&
    next !== undefined &&
    !MODALS.has(tokens[last].lower) &&
    ((adjacent(text, tokens[last], next) && SECOND_PERSON.has(next.lower)) ||
      (next.elided === 't' && /^\s+t['’]$/u.test(text.slice(end, next.start))))
  ) {
    return true;
  }
  if (tokens[i].sentenceStart && next !== undefined && isEnglishYouClause(text, tokens, last)) return true;
  // A speaker before a colon, as in a chat log or a dialogue ("Karen: what a day").
  if (tokens[i].sentenceStart && tokens[i].elided === '' && /^: /u.test(text.slice(end, end + 2))) return true;
  if (isTold(text, tokens, i, last)) return true;
  const gapBefore = i > 0 ? text.slice(tokens[i - 1].end, tokens[i].start) : '';
  if (
    /,\s*$/u.test(gapBefore) &&
    tokens[i].elided === '' &&
    (next === undefined || SENTENCE_END_RE.test(text.slice(end, next.start)))
  ) {
    return true;
  }
  if (next === undefined) return false;
  if ((next.elided === 'm' || next.elided === 't') && (next.lower === 'a' || next.lower === 'as')) return true;
  if (!adjacent(text, tokens[last], next)) return false;
  if (PERSON_VERBS.has(next.lower)) return true;
  if (tokens[i].sentenceStart && hasHumanPredicate(text, tokens, last)) return true;
  // "Capucine a supprimé", "Grace has reverted": an auxiliary, then one of those verbs.
  const after = tokens[last + 2];
  return AUXILIARIES.has(next.lower) && adjacent(text, next, after) && PERSON_VERBS.has(after.lower);
}

/** Copulas after which HUMAN_PREDICATES say something only a person is. */
const COPULAS = words('is was est était');
/**
 * What is said of a person after a copula ("Ben is right", "Florence est admin", "Grace is a liar"),
 * an article allowed between.
 */
const HUMAN_PREDICATES = words(
  'right wrong lying liar idiot troll admin administrator moderator mod vandal moron clown hypocrite ' +
    'racist sexist jerk biased rude raison tort menteur menteuse idiote modo modérateur modératrice ' +
    'abruti abrutie con conne nul nulle',
);
/** Adverbs that may stand between a subject and its verb of saying or editing ("gemma never answers"). */
const SUBJECT_ADVERBS = words('never always still just also already keeps jamais toujours encore déjà');

/**
 * A name opening a sentence as the subject of what only a person does or is: a copula and a
 * HUMAN_PREDICATE ("Ben is right", "Florence est admin"), or an adverb and a verb of saying or editing.
 */
function hasHumanPredicate(text: string, tokens: readonly Token[], last: number): boolean {
  const verb = tokens[last + 1];
  let k = last + 2;
  if (COPULAS.has(verb.lower)) {
    if (adjacent(text, verb, tokens[k]) && ARTICLES.has(tokens[k].lower)) k++;
    const what = tokens[k];
    return adjacent(text, tokens[k - 1], what) && HUMAN_PREDICATES.has(what.lower);
  }
  const then = tokens[k];
  return SUBJECT_ADVERBS.has(verb.lower) && adjacent(text, verb, then) && PERSON_VERBS.has(then.lower);
}

/** Verbs that follow "you" in a sentence addressed to someone ("JOHN YOU ARE A DISGRACE", "Kim you're wrong"). */
const YOU_VERBS = words("are were have had should need must can cannot can't never always don't really just know");
/**
 * Names that are also verbs taking "you" as their object: "Hope you are well", "Bless you", "Mark
 * you have" are no address.
 */
const VERB_NAMES = words('hope bless trust love miss mark sue rob bill pat warn thank wish guy');

/** "you are", "you're", "u r" right after the name ending at `last`, the name not being a verb. */
function isEnglishYouClause(text: string, tokens: readonly Token[], last: number): boolean {
  if (MODALS.has(tokens[last].lower) || VERB_NAMES.has(tokens[last].lower)) return false;
  const you = tokens[last + 1];
  if (!adjacent(text, tokens[last], you)) return false;
  if (you.lower === "you're" || you.lower === 'you’re' || you.lower === 'youre') return true;
  if (you.lower !== 'you' && you.lower !== 'u') return false;
  const verb = tokens[last + 2];
  return adjacent(text, you, verb) && (YOU_VERBS.has(verb.lower) || (you.lower === 'u' && verb.lower === 'r'));
}

/**
 * Phrases that tell someone off, before a name that ends a sentence ("go away rob", "shut up
 * karen", "dégage Florence") or right after a name that opens one ("benoît tg", "Kevin stfu").
 */
const TELLING_OFF: readonly (readonly string[])[] = [
  ['go', 'away'],
  ['shut', 'up'],
  ['fuck', 'off'],
  ['piss', 'off'],
  ['get', 'lost'],
  ['back', 'off'],
  ['stfu'],
  ['gtfo'],
  ['tg'],
  ['ta', 'gueule'],
  ['dégage'],
  ['casse-toi'],
  ['tais-toi'],
  ['ferme-la'],
  ['la', 'ferme'],
];

function isTold(text: string, tokens: readonly Token[], i: number, last: number): boolean {
  const next = tokens[last + 1];
  const endsSentence = next === undefined || SENTENCE_END_RE.test(text.slice(tokens[last].end, next.start));
  if (endsSentence && tokens[i].elided === '' && followsPhrase(text, tokens, i, TELLING_OFF)) return true;
  if (!tokens[i].sentenceStart || !adjacent(text, tokens[last], next)) return false;
  return TELLING_OFF.some((phrase) =>
    phrase.every((w, k) => {
      const t = tokens[last + 1 + k];
      return t !== undefined && t.lower === w && (k === 0 || adjacent(text, tokens[last + k], t));
    }),
  );
}

/** "Jean-Pierre", "marie-thérèse", "FRANÇOIS-XAVIER": every part of a hyphenated word is a first name. */
function isCompoundFirstName(lower: string): boolean {
  if (!lower.includes('-')) return false;
  const parts = lower.split('-');
  if (parts[0] === 'saint' || parts[0] === 'sainte') return false;
  return parts.length <= 3 && parts.every((p) => p.length >= 2 && isFirstName(p));
}

/** "saint Jean-Baptiste", "la Saint-Jean": a saint's name or feast, not a person in the thread. */
function afterSaint(text: string, tokens: readonly Token[], i: number): boolean {
  const prev = prevWord(text, tokens, i);
  return prev !== undefined && (/^(?:saint|sainte|st|ste)$/u.test(prev.lower) || NAMED_AFTER_WORDS.has(prev.lower));
}

/**
 * Words after which a name names a street, a building or a group rather than a person in the
 * thread ("place Stanislas", "lycée Victor Hugo", "les Lucas"): plural determiners, street types
 * and institutions.
 */
const NAMED_AFTER_WORDS = words(
  'les des ces these those rue avenue boulevard bd place allée quai impasse chemin square pont gare ' +
    'lycée collège école stade hôpital université musée street avenue road square bridge school ' +
    'college university hospital stadium museum station',
);

/**
 * A first name written in all capitals or all lower case ("I HATE SARAH", "tyler is a liar"):
 * taken when it is no ordinary word in English or French (NAME_WORDS) nor an ambiguous name, or,
 * when it is, after a greeting ("hey jess"); compound given names count in any case. Returns the
 * last token of the name (a following caseless surname or first name in the same case joins it),
 * or -1.
 */
function caselessNameAt(text: string, tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  if (t.lower.length < 3) return -1;
  // Most lower-case words are no first name: that one lookup settles them.
  const first = isFirstName(t.lower);
  if (!first && !t.lower.includes('-')) return -1;
  if (NOT_NAME_SET.has(t.lower)) return -1;
  const compound = isCompoundFirstName(t.lower) && !afterSaint(text, tokens, i);
  if (!compound && !first) return -1;
  const plain = !lists().nameWords.has(t.lower) && !lists().ambiguous.has(t.lower);
  if (!compound && !plain && !isGreeted(text, tokens, i) && !isAddressedOrActing(text, tokens, i, i, false)) return -1;
  // "un margaux 2010": a lower-case name after a determiner is the thing named after someone.
  const prev = prevWord(text, tokens, i);
  if (prev !== undefined && DETERMINER_SET.has(prev.lower) && !compound) return -1;
  const next = tokens[i + 1];
  if (
    adjacent(text, t, next) &&
    next.caseless &&
    (next.text === next.lower) === (t.text === t.lower) &&
    lists().surnames.has(next.lower)
  ) {
    return i + 1;
  }
  return i;
}

function isSurnameAt(tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  const next = tokens[i + 1];
  const l = lists();
  if (next !== undefined && l.surnameHeads.has(t.lower) && l.surnames.has(`${t.lower}_${next.lower}`)) return i + 1;
  return lists().surnames.has(t.lower) ? i : -1;
}

/**
 * False when no rule of findNames' loop can take the capitalised token `i`: it is no honorific,
 * place, first name or surname (nor the head of a two-word one), has no hyphen or apostrophe (the
 * compound, toponym and O' rules), and isGreeted (greeting, introducing phrase, attribution) is false. A necessary condition, checked first
 * because most capitalised words ("The", "We", "Please") are none of these; keep it in step with
 * the loop (the differential test in test/src/ml/pii-masking.test.ts compares both paths).
 */
function mayStartName(text: string, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t.lists >= 0) {
    // ASCII letters only: no hyphen, apostrophe or elision; the index answers for the lists.
    if ((t.lists & (IN_FIRST | IN_HONORIFIC | IN_SURNAME | IN_SURNAME_HEAD | IN_PLACE)) !== 0) return true;
  } else {
    const l = lists();
    if (HONORIFIC_SET.has(t.lower) || l.places.has(t.text) || isFirstName(t.lower)) return true;
    if (l.surnames.has(t.lower) || l.surnameHeads.has(t.lower)) return true;
    if (t.text.includes('-') || t.text.includes("'") || t.text.includes('’')) return true;
  }
  // The last rule takes an unknown word after a greeting, an introducing phrase or an attribution.
  return isGreeted(text, tokens, i);
}

/** Finds PERSON and LOCATION spans in `text` (may overlap each other; the caller resolves). */
export function findNames(text: string, options: FindNamesOptions = {}): NameSpan[] {
  const out: NameSpan[] = [];
  const tokens = tokenize(text, options.reference ?? false);
  const person = (from: number, to: number): void => {
    out.push({ type: 'PERSON', start: tokens[from].start, end: tokens[to].end });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.cap) {
      // An ASCII word that is no first name (so no hyphen either): caselessNameAt would return -1.
      if (t.lists >= 0 && (t.lists & IN_FIRST) === 0) continue;
      const last = t.caseless ? caselessNameAt(text, tokens, i) : -1;
      if (last >= 0) {
        person(i, last);
        i = last;
      }
      continue;
    }
    // A capitalised word none of the rules below can take is skipped (the reference path tries them all).
    if (!(options.reference ?? false) && !mayStartName(text, tokens, i)) continue;
    const prev = prevWord(text, tokens, i);
    const greeted = isGreeted(text, tokens, i);
    const afterDeterminer = prev !== undefined && DETERMINER_SET.has(prev.lower);

    // Christmas ("Joyeux Noël", "le Père Noël", "à Noël"), not someone called Noël.
    if ((t.lower === 'noël' || t.lower === 'noel') && prev !== undefined && NOEL_CUES.has(prev.lower)) continue;
    const nextIsNoel = tokens[i + 1]?.lower === 'noël' || tokens[i + 1]?.lower === 'noel';

    // Honorific + capitalised name: "Mr. Thompson", "Maître Nathalie Roux".
    if (HONORIFIC_SET.has(t.lower) && !nextIsNoel) {
      const next = tokens[i + 1];
      if (next?.cap && /^\.?[ \t\u00a0]+$/u.test(text.slice(t.end, next.start)) && !NAME_BREAKERS.has(next.lower)) {
        if (t.lower !== 'm' || text[t.end] === '.') {
          const last = extendName(text, tokens, i + 1);
          person(i + 1, last);
          i = last;
          continue;
        }
      }
      // An abbreviated title before a known name typed in lower case: "Mr smith", "Mme dupont".
      if (
        SHORT_TITLES.has(t.lower) &&
        next !== undefined &&
        next.text === next.lower &&
        /^\.?[ \t\u00a0]+$/u.test(text.slice(t.end, next.start)) &&
        !NOT_NAME_SET.has(next.lower) &&
        (isFirstName(next.lower) || lists().surnames.has(next.lower))
      ) {
        person(i + 1, i + 1);
        i += 1;
        continue;
      }
    }

    // Places (longest phrase first).
    const place = placeAt(text, tokens, i);
    if (place !== undefined) {
      const cue = hasPlaceCue(text, tokens, i);
      if ((!AMBIGUOUS_PLACE_SET.has(place) || cue) && !isPlaceInOtherNoun(text, tokens, i, place, cue)) {
        out.push({ type: 'LOCATION', start: t.start, end: t.start + place.length });
        // A multi-word place is not also read as a name ("New York Dolls" is not "York Dolls").
        if (place.includes(' ')) {
          const end = t.start + place.length;
          while (i + 1 < tokens.length && tokens[i + 1].start < end) i++;
          continue;
        }
      }
    }

    // First names, with context for the ambiguous ones; compound given names ("François-Xavier").
    const looksFirst = isFirstName(t.lower) || isCompoundFirstName(t.lower);
    if (looksFirst && place === undefined && afterSaint(text, tokens, i)) {
      // "rue Victor Hugo", "lycée Jean Moulin", "saint Jean Baptiste": the whole name names the street.
      i = extendName(text, tokens, i);
      continue;
    }
    if (looksFirst && !afterSaint(text, tokens, i) && !isMonthUse(text, tokens, i)) {
      const last = extendName(text, tokens, i);
      const hasSurname = last > i;
      const dual = place !== undefined || lists().ambiguous.has(t.lower);
      // A place after its cue stays a place whatever follows ("Antoine de Lyon a écrit").
      const placeWithCue = place !== undefined && hasPlaceCue(text, tokens, i);
      const head = hasSurname ? eponymHeadAt(tokens, i, last, dual) : -1;
      if (head >= 0) {
        // "Marshall Plan", "Grace Baptist Church": a thing. "Daniel Higgins Netcommunications Inc":
        // a person (first name and surname) before the name of a company or a school.
        if (head > i + 2 && !dual) person(i, i + 1);
        i = last;
        continue;
      }
      // "Smith LLC", "Bell GROUP": a company suffix the name's extension did not take (all capitals).
      const suffix = tokens[last + 1];
      if (isFirmName(text, tokens, last) || (adjacent(text, tokens[last], suffix) && EPONYM_HEADS.has(suffix.lower))) {
        i = last;
        continue;
      }
      const afterArticle = prev !== undefined && ARTICLES.has(prev.lower) && !hasSurname && !greeted;
      let accept =
        !afterArticle &&
        (!dual || hasSurname || greeted || (!placeWithCue && isAddressedOrActing(text, tokens, i, last)));
      // Mid-sentence, an ambiguous word is a name unless a determiner or a Title Case run precedes it.
      const inTitle = prev !== undefined && prev.cap && !t.sentenceStart;
      if (!accept && place === undefined && !t.sentenceStart && !afterDeterminer && !inTitle) accept = true;
      if (accept) {
        person(i, last);
        i = last;
        continue;
      }
    }

    // Known surnames alone, mid-sentence: "N'écoute pas Dupont".
    const sEnd = isSurnameAt(tokens, i);
    const afterSurname = tokens[sEnd + 1];
    const startsActing =
      sEnd >= 0 &&
      t.sentenceStart &&
      (isAddressedOrActing(text, tokens, i, sEnd, false) ||
        (adjacent(text, tokens[sEnd], afterSurname) && SUBJECT_VERBS.has(afterSurname.lower)));
    if (
      sEnd >= 0 &&
      (!t.sentenceStart || greeted || startsActing) &&
      !afterDeterminer &&
      place === undefined &&
      !isFirmName(text, tokens, sEnd) &&
      !EPONYM_HEADS.has(tokens[sEnd + 1]?.lower ?? '')
    ) {
      person(i, sEnd);
      i = sEnd;
      continue;
    }

    // French compound toponyms: "Saint-Germain-en-Laye", "Boulogne-sur-Mer", "Sainte-Foy-lès-Lyon".
    if (
      /^(?:Sainte?-\p{Lu}|\p{Lu}[\p{L}'’]*(?:-[\p{L}'’]+)*-(?:sur|sous|en|lès|lez|les|aux|le|la|de|du|d['’]\p{L}+)-\p{Lu})/u.test(
        t.text,
      ) &&
      place === undefined
    ) {
      if (hasPlaceCue(text, tokens, i) || !t.text.startsWith('Saint')) {
        out.push({ type: 'LOCATION', start: t.start, end: t.end });
        continue;
      }
    }

    // Irish patronymic surnames: "O'Brien", "O’Neill".
    if (/^O['’]\p{Lu}\p{Ll}{2,}$/u.test(t.text)) {
      const last = extendName(text, tokens, i);
      person(i, last);
      i = last;
      continue;
    }

    // A greeting before an unknown capitalised word: "Merci Kylian", "Hi Zeynep".
    if (greeted && place === undefined && !NOT_NAME_SET.has(t.lower) && !CONTRACTION_RE.test(t.text)) {
      const last = extendName(text, tokens, i);
      person(i, last);
      i = last;
    }
  }
  out.push(...findAddresses(text));
  if (options.compromise ?? false) {
    for (const [from, to] of sentencesToAsk(text, tokens, out)) {
      for (const span of findNamesWithCompromise(text.slice(from, to))) {
        const shifted: NerSpan = {
          type: span.type,
          terms: span.terms.map((t) => ({ start: t.start + from, end: t.end + from, honorific: t.honorific })),
        };
        const accepted = acceptNer(text, tokens, shifted);
        if (accepted !== undefined) out.push(accepted);
      }
    }
  }
  return out;
}

/** Longest stretch of text handed to compromise at once, around an unexplained capital. */
const MAX_SENTENCE = 400;

/**
 * The sentences (as [from, to) ranges, merged and capped at MAX_SENTENCE chars) that hold a
 * capitalised word neither covered by a rule nor trivially explained: a mid-sentence capital, or a
 * sentence-initial one followed by another capital ("Kowalski Smith said").
 */
function sentencesToAsk(text: string, tokens: readonly Token[], found: readonly NameSpan[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.cap || isFunctionalWord(t)) continue;
    if (found.some((f) => t.start < f.end && f.start < t.end)) continue;
    const next = tokens[i + 1];
    if (t.sentenceStart && !(adjacent(text, t, next) && next.cap && !isFunctionalWord(next))) continue;
    let from = t.start;
    while (from > 0 && t.start - from < MAX_SENTENCE / 2 && !SENTENCE_END_RE.test(text[from - 1])) from--;
    let to = t.end;
    while (to < text.length && to - t.end < MAX_SENTENCE / 2 && !SENTENCE_END_RE.test(text[to])) to++;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }
  return ranges;
}

/** Words that never trigger or pass the compromise check on their own. */
function isFunctionalWord(t: Token): boolean {
  return (
    NOT_NAME_SET.has(t.lower) ||
    HONORIFIC_SET.has(t.lower) ||
    GREETING_SET.has(t.lower) ||
    DETERMINER_SET.has(t.lower) ||
    NAME_BREAKERS.has(t.lower)
  );
}

/** The token containing position `pos` (binary search), if any. */
function tokenAt(tokens: readonly Token[], pos: number): Token | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid];
    if (pos < t.start) hi = mid - 1;
    else if (pos >= t.end) lo = mid + 1;
    else return t;
  }
  return undefined;
}

/** Filters and trims one compromise span with the same context rules as the list-based ones. */
function acceptNer(text: string, tokens: readonly Token[], span: NerSpan): NameSpan | undefined {
  const terms = span.terms.filter((term, k) => !(term.honorific && k === 0));
  // Keep the leading run of capitalised terms ("Camille Bernard de Toulouse" -> "Camille Bernard").
  const kept: { start: number; end: number }[] = [];
  for (const term of terms) {
    const tok = tokenAt(tokens, term.start);
    if (tok === undefined || !tok.cap) break;
    if (kept.length > 0 && !/^[ \t\u00a0]+$/u.test(text.slice(kept[kept.length - 1].end, tok.start))) break;
    kept.push({ start: tok.start, end: tok.end });
  }
  if (kept.length === 0) return undefined;
  const first = tokens.findIndex((t) => t.start === kept[0].start);
  const t = tokens[first];
  if (kept.length === 1) {
    const prev = prevWord(text, tokens, first);
    const place = placeAt(text, tokens, first);
    if (t.sentenceStart || isFunctionalWord(t) || lists().ambiguous.has(t.lower)) return undefined;
    if (prev !== undefined && DETERMINER_SET.has(prev.lower)) return undefined;
    if (span.type === 'PERSON' && place !== undefined) return undefined;
    if (
      span.type === 'LOCATION' &&
      place !== undefined &&
      AMBIGUOUS_PLACE_SET.has(place) &&
      !hasPlaceCue(text, tokens, first)
    ) {
      return undefined;
    }
  }
  const end = kept[kept.length - 1].end;
  if (span.type === 'LOCATION' && isInOtherNoun(text, tokens, first, end, hasPlaceCue(text, tokens, first))) {
    return undefined;
  }
  return { type: span.type, start: kept[0].start, end };
}

/**
 * Street addresses: a house number, an optional "bis"/"ter", a French street type and its name
 * ("12 rue de la Paix"), or an English name and street type ("221B Baker Street").
 */
const ADDRESS_FR_RE =
  /(?<![\p{L}\p{N}])\d{1,4}(?:\s?(?:bis|ter|[A-Da-d]))?,?\s(?:rue|avenue|av\.|boulevard|bd|bld|place|pl\.|chemin|allée|impasse|quai|cours|route|square|passage|faubourg|rond-point|voie|sentier)\s(?:(?:de\s(?:la|l['’])|du|des|de|d['’]|l['’]|la|le)\s?)?[\p{Lu}][\p{L}'’-]*(?:\s[\p{Lu}][\p{L}'’-]*){0,3}/gu;
/** Street types: the common ones and more of the USPS street suffixes (Publication 28, Appendix C1). */
const ADDRESS_EN_RE =
  /(?<![\p{L}\p{N}])\d{1,5}[A-Za-z]?\s(?:[\p{Lu}][\p{L}'’-]*\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Close|Crescent|Square|Highway|Hwy|Alley|Bend|Bypass|Causeway|Circle|Cir|Crossing|Crossroads?|Estates?|Expressway|Expy|Freeway|Gardens|Grove|Heights|Hills?|Junction|Knolls?|Landing|Loop|Manor|Meadows?|Mews|Parkway|Pkwy|Pike|Plaza|Ridge|Row|Shores?|Springs|Summit|Trail|Trl|Turnpike|Valley|Viaduct|Villages?|Vista|Walk|Parade|Rise)\b\.?/gu;

/**
 * What may follow a street address and still be part of it: a US compass suffix ("NW"), then any
 * of a unit ("Suite 907", "Apt. 4"), a postcode (French or US five digits, US ZIP+4, UK "BS1 4DJ"), a US state code, or a city (one
 * or two capitalised words), each after an optional comma ("…Avenue NW, Washington, DC 20500",
 * "…des Lilas, 69003 Lyon", "…Road, Bristol BS1 4DJ").
 */
const ADDRESS_TAIL_RE =
  /^(?:\s(?:NW|NE|SW|SE|N|S|E|W)\b)?(?:,?\s(?:(?:Suite|Ste\.?|Apt\.?|Apartment|Unit|Flat)\s#?\d+[A-Za-z]?(?![\p{L}\p{N}])|\d{5}(?:-\d{4})?(?![\p{L}\p{N}])|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|[A-Z]{2}\s\d{5}\b|(?:\p{Lu}[\p{Ll}'’]+(?:[\s-]\p{Lu}[\p{Ll}'’]+)?)(?![\p{L}\p{N}])))*/u;

function findAddresses(text: string): NameSpan[] {
  const out: NameSpan[] = [];
  if (!/\d/.test(text)) return out;
  for (const re of [ADDRESS_FR_RE, ADDRESS_EN_RE]) {
    for (const m of text.matchAll(re)) {
      let end = m.index + m[0].length;
      if (text[end - 1] === '.' && re === ADDRESS_EN_RE && !/(?:St|Ave|Rd|Ln|Blvd|Dr|Ct|Pl|Hwy)\.$/.test(m[0])) end--;
      end += addressTail(text.slice(end));
      out.push({ type: 'LOCATION', start: m.index, end });
    }
  }
  return out;
}

/** Length of the postcode / city / state part after a street address (ADDRESS_TAIL_RE), minus words that are not places. */
function addressTail(rest: string): number {
  const m = ADDRESS_TAIL_RE.exec(rest);
  if (m === null) return 0;
  let tail = m[0];
  // Stop before a capitalised word that is a greeting, a determiner or a common opener ("…Lane, Thanks").
  const parts = tail.split(/(?=,?\s)/u);
  let len = 0;
  for (const part of parts) {
    const w = part.replace(/^,?\s/u, '').toLowerCase();
    if (isFunctionalWord({ lower: w } as Token) || NAME_BREAKERS.has(w)) break;
    len += part.length;
  }
  tail = tail.slice(0, len);
  return tail.length;
}
