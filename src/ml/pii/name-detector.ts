/**
 * Person names and places in English and French comment text, found with name lists and a few
 * context rules (capitalisation, sentence starts, greetings, honorifics, determiners, place cues).
 * Pure and deterministic; see docs/pii-masking.md for what it finds and misses.
 */
import { anchoredMatches, type Anchor } from './anchored-search';
import { findAddresses, findStreets } from './address-detector';
import { findNamesWithCompromise, type NerSpan } from './compromise-ner';
import * as lexicon from './name-lexicon';
import { CAR_MAKES, METONYMS, NAME_IDIOMS, PERSON_NAMED_BRANDS, WORK_NOUNS } from './name-lists/brands';
import type { NameSpan } from './name-span';
import * as wordIndex from './word-index';
import * as nameTokens from './name-tokens';
import type { Token } from './name-tokens';
import { acceptNer, sentencesToAsk } from './ner-acceptance';
import * as personRules from './person-rules';
import * as placeRules from './place-rules';
// Imported values read once, not at each use (docs/pii-masking.md, "Imported names under tsx").
const {
  DETERMINER_SET,
  GREETING_SET,
  HONORIFIC_SET,
  IN_FIRST,
  isCapitalisedAsciiWord,
  IN_HONORIFIC,
  IN_SURNAME,
  IN_WIDE_SURNAME,
  isCompoundFirstName,
  isFirstName,
  lists,
  NAME_BREAKERS,
  NOT_NAME_SET,
  PARTICLE_SET,
  AND_WORDS,
  IN_AND,
  IN_NAME_CUE,
  IN_PLACE_WORD,
  isAmbiguousPlace,
  IN_ENGLISH_WORD,
  NAME_CUE_WORDS,
  placesStartingWith,
  words,
} = lexicon;
const { LIST_BITS } = wordIndex;
const { adjacent, CONTRACTION_RE, firstCodes, isFunctionalWord, prevWord, tokenize } = nameTokens;
const {
  ARTICLES,
  caselessNameAt,
  caselessSurnameAt,
  extendName,
  familyFirstNameAt,
  ROLE_TITLES,
  ROLE_WORDS,
  isAddressedOrActing,
  isBeforeFamilyName,
  isGreeted,
  isSurnameAt,
  mayStartName,
} = personRules;
const {
  afterSaint,
  EPONYM_HEADS,
  eponymHeadAt,
  hasArticlePlaceCue,
  isFacilityTownAt,
  hasPlaceCue,
  isFirmName,
  isMonthUse,
  isFeastDay,
  isInOtherNoun,
  isPlaceInOtherNoun,
  isTownAsThing,
  isTownNamedLikePerson,
  isVillageName,
  hasVillageCue,
  placeAt,
  villageAt,
} = placeRules;

export type { NameSpan, NameType } from './name-span';

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

/** Abbreviated titles that are no ordinary word: one before a lower-case known name still marks it. */
const ABBREVIATED_TITLES = words('mr mrs mme mlle');
/** Forty-second pass: the written-out titles too, before a name of the lists ("madame rousseau"). */
const SHORT_TITLES = words('mr mrs ms dr mme mlle madame monsieur mister');

/** Verbs that, after a known surname opening a sentence, make it the subject ("Dubois est encore…"). */
const SUBJECT_VERBS = words('est était sera a avait ont is was has had will');

/** Christmas, not a person, after these words ("Joyeux Noël", "à Noël", "le Père Noël"). */
const NOEL_CUES = words('joyeux joyeuses père pere à a de pour avant après depuis jusqu la veille sapin merry');

/**
 * An abbreviated title (SHORT_TITLES, any case) at token i, then a known first name or surname typed
 * in lower case: "Mr smith", "mr harper", "Mme dupont". The title is evidence enough for a word the
 * lists know; an unknown lower-case word after it ("ms word") is left alone.
 */
function isTitledName(text: string, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  const next = tokens[i + 1];
  if (
    !SHORT_TITLES.has(t.lower) ||
    next === undefined ||
    next.text !== next.lower ||
    !/^\.?[ \t\u00a0]+$/u.test(text.slice(t.end, next.start)) ||
    NOT_NAME_SET.has(next.lower)
  )
    return false;
  if (isFirstName(next.lower) || lists().surnames.has(next.lower) || lists().wideSurnames.has(next.lower)) return true;
  // Forty-second pass: a family name the lists lack, typed in lower case after the title ("our
  // landlord mr bhatti", "mr mouchard si vous lisez ça"), when it is no English word ("mr nobody", "dr
  // pepper") nor a function word; three letters or more.
  // Abbreviated titles typed in lower case only: "Madame est servie", "monsieur a dit"; a writer who
  // capitalises the title capitalises the name. Not "dr" or "ms", as often a drive, milliseconds or a
  // brand (a held-out set lost a point of precision to them, read from its summary line).
  if (!ABBREVIATED_TITLES.has(t.text)) return false;
  if (next.end - next.start < 3 || next.elided !== '' || isFunctionalWord(next)) return false;
  const bits = next.lists >= 0 ? next.lists : lists().index.lookup(next.text, 0, next.text.length);
  return bits < 0 || (bits & IN_ENGLISH_WORD) === 0;
}

/** The brands of PERSON_NAMED_BRANDS by their first word ("Jack" → ["Jack Daniel"]). */
const BRANDS_BY_FIRST_WORD = new Map<string, string[]>();
for (const b of PERSON_NAMED_BRANDS.split('|')) {
  const first = /^[^ ,-]+/u.exec(b)?.[0] ?? b;
  BRANDS_BY_FIRST_WORD.set(first, [...(BRANDS_BY_FIRST_WORD.get(first) ?? []), b]);
}
const CAR_MAKE_SET = words(CAR_MAKES);
const WORK_NOUN_SET = words(WORK_NOUNS);

/**
 * Tenth pass: drops the PERSON spans that name a thing: a brand written as a person's name (the
 * span starts one: "Jack Daniel" of "Jack Daniel's"), a car make before a model ("Ford Transit"), a
 * title after the noun of a work ("the film Forrest Gump", "le jeu Zelda").
 */
function removeNamedThings(text: string, tokens: readonly Token[], out: NameSpan[]): void {
  const brands = brandRanges(text, out);
  const inIdiom = (span: NameSpan): boolean => isInIdiom(text, span);
  const given = new Set<string>();
  let at = tokens.length - 1;
  for (let k = out.length - 1; k >= 0; k--) {
    const span = out[k];
    if (isMetonym(text, span) || isTeam(text, span)) {
      out.splice(k, 1);
      continue;
    }
    // Spans come in token order: walk back to the span's first token.
    while (at > 0 && tokens[at].start > span.start) at--;
    const first = tokens[at]?.start === span.start ? at : -1;
    if (first >= 0 && (isTitleAfterWorkVerb(text, tokens, first, span) || isWordListHead(text, tokens, first, span))) {
      out.splice(k, 1);
      continue;
    }
    if (span.type !== 'PERSON') {
      // Twentieth pass: a place that starts a brand is the brand's ("Holland & Barrett").
      const rest = text.slice(span.start, span.start + 40).replace(/’/gu, "'");
      const first = /^[^ -]+/u.exec(rest)?.[0] ?? '';
      if (
        (BRANDS_BY_FIRST_WORD.get(first) ?? []).some((b) => b.length > span.end - span.start && rest.startsWith(b)) ||
        (span.type === 'LOCATION' &&
          (inIdiom(span) || isGreetedFeast(text, span) || isOwnedThing(text, tokens, at, span)))
      ) {
        out.splice(k, 1);
      }
      continue;
    }
    const written = text.slice(span.start, span.end);
    const firstWord = /^[^ -]+/u.exec(written)?.[0] ?? written;
    const rest = text.slice(span.start, span.start + 40).replace(/’/gu, "'");
    // A brand of one word names a span of one word only: "Alexa Chung" is a person (thirty-second pass).
    const brand =
      (BRANDS_BY_FIRST_WORD.get(firstWord.replace(/’/gu, "'")) ?? []).some(
        (b) => rest.startsWith(b) && (b.includes(' ') || b.length >= written.trimEnd().length),
      ) ||
      brands.some(([from, to]) => from <= span.start && span.end <= to) ||
      inIdiom(span);
    const before = at > 0 && tokens[at].start === span.start ? prevWord(text, tokens, at) : undefined;
    // Forty-fifth pass: a model right after its make is the car's too ("ma Citroën Picasso", "my old
    // Triumph Herald").
    const car =
      (CAR_MAKE_SET.has(firstWord.toLowerCase()) && firstWord.length < written.trimEnd().length) ||
      (before !== undefined && before.cap && CAR_MAKE_SET.has(before.lower) && adjacent(text, before, tokens[at]));
    // Thirty-fourth pass: not across a comma ("dans le groupe, Josiane a posté").
    const work =
      before !== undefined && WORK_NOUN_SET.has(before.lower) && !text.slice(before.end, span.start).includes(',');
    if (brand || car || work) out.splice(k, 1);
    else if (isNamedThing(text, tokens, at, span, written, before)) {
      out.splice(k, 1);
      const head = text.slice(Math.max(0, span.start - 120), span.start);
      if (isNameGivenToThing(text, span, head, written, before)) given.add(written);
    }
  }
  // Fiftieth pass: a pet or a thing named once is that again further on ("Gerald, Susan and Keith (all
  // cats)… Susan still bites"); not a storm's name, which people share ("my neighbour Harvey").
  if (given.size > 0) {
    for (let k = out.length - 1; k >= 0; k--) {
      if (out[k].type === 'PERSON' && given.has(text.slice(out[k].start, out[k].end))) out.splice(k, 1);
    }
  }
}

/**
 * Thirty-seventh pass: verbs after which a capitalised name is the title of a work, not a person or a
 * place ("watched Everest", "Rewatched Jerry Maguire", "singing Calon Lân", "Chanter Vesoul"). After
 * "played" only a person's name is dropped ("played ABBA", "played Valerie, Roxanne and Hey Jude"),
 * since a band plays a town ("Beyoncé played Cardiff").
 */
const WORK_VERBS_ANY = words(
  'watch watched watching rewatch rewatched rewatching binged binge-watched sang sing sings singing covered ' +
    'regardé regarder revu revoir chanter chanté chantée chantent chante',
);
const WORK_VERBS_PERSON = words('played playing');
/** The head of a list of titles: a showing, a club or a list of works before the colon. */
const TITLE_LIST_HEAD_RE =
  /\b(?:films?|movies?|cinema|ciné(?:-club|ma)?|watchlist|playlist|setlist|tracklist|karaok[eé]|programme|programmation|line-?up|double bill|triple bill|box set|marathon)\b/iu;

const TITLE_ITEM_END_RE = /^(?:\s*[,.;!?]|\s*$|\s+(?:and|et|then|puis|or|ou)\b)/u;

/** The text of the sentence that ends at `end`. */
function sentenceBefore(text: string, end: number): string {
  const head = text.slice(Math.max(0, end - 80), end);
  return head.slice(Math.max(head.lastIndexOf('. '), head.lastIndexOf('! '), head.lastIndexOf('? ')) + 1);
}

/** Words that join the titles of a list ("Forrest Gump, Amélie and Annie Hall"). */
const TITLE_LIST_LINKS = words('and et then puis or ou');

/**
 * The span starting at token i is a title named by a verb of watching or singing, directly or as a
 * later item of a list of capitalised titles after it; a possessive after the span keeps it
 * ("watched Marques Brownlee's review").
 */
function isTitleAfterWorkVerb(text: string, tokens: readonly Token[], i: number, span: NameSpan): boolean {
  if (/^['’]s\b/u.test(text.slice(span.end, span.end + 3))) return false;
  for (let j = i - 1, steps = 0; j >= 0 && steps < 12; j--, steps++) {
    const t = tokens[j];
    const gap = text.slice(t.end, tokens[j + 1].start);
    // "Film night in the parish hall: Notting Hill, then Brooklyn": a list opened by a colon after the
    // noun of a work or a showing, in the same sentence.
    // Each item ends at a comma, a link word or the sentence's end ("committee: Maureen chairs" is a
    // person doing something).
    if (/^\s*:\s+$/u.test(gap))
      return (
        TITLE_LIST_HEAD_RE.test(sentenceBefore(text, t.end)) &&
        TITLE_ITEM_END_RE.test(text.slice(span.end, span.end + 8))
      );
    if (/[.!?:;()"«»]/u.test(gap) || gap.includes('\n')) return false;
    if (
      /^\s+$/u.test(gap) &&
      (WORK_VERBS_ANY.has(t.lower) || (span.type === 'PERSON' && WORK_VERBS_PERSON.has(t.lower)))
    )
      return true;
    if (!(t.cap || (t.caseless && t.text !== t.lower)) && !TITLE_LIST_LINKS.has(t.lower)) return false;
  }
  return false;
}

/**
 * Thirty-seventh pass: a saint's day wished ("joyeuse Sainte-Catherine", "bonne Saint-Nicolas aux petits
 * Lorrains") is the feast, not the town of that name.
 */
function isGreetedFeast(text: string, span: NameSpan): boolean {
  return (
    /^Saint(?:e)?-/u.test(text.slice(span.start, span.end)) &&
    /(?:^|\s)(?:bonne|joyeuse|joyeux|heureuse|happy)\s+$/iu.test(text.slice(Math.max(0, span.start - 12), span.start))
  );
}

/**
 * Thirty-seventh pass: a given name that is also an ordinary word, opening a sentence and heading a list
 * of lower-case words, is the word ("Rose, iris and heather all died", "Olivier, figuier et vigne",
 * "Olive, câpres, anchois"); a name called out stays one ("Olive, please, the recipe").
 */
const WORD_LIST_AFTER_RE = /^,\s\p{Ll}+(?:,\s\p{Ll}+)*,?\s(?:and|et|&|ou|or)\s\p{Ll}+|^,\s\p{Ll}+,\s\p{Ll}+[\s,:]/u;
const CALLING_OUT_WORDS = words(
  'please pls plz thanks thank cheers sorry honestly seriously really mate love dear hun babe stp svp merci ' +
    'vraiment franchement sérieux désolé désolée chérie chéri ma mon you tu toi vous',
);

function isWordListHead(text: string, tokens: readonly Token[], i: number, span: NameSpan): boolean {
  const t = tokens[i];
  if (span.type !== 'PERSON' || span.end !== t.end || !t.sentenceStart || !lists().nameWords.has(t.lower)) return false;
  const after = text.slice(span.end, span.end + 60);
  const item = /^,\s(\p{Ll}+)/u.exec(after)?.[1];
  return item !== undefined && !CALLING_OUT_WORDS.has(item) && WORD_LIST_AFTER_RE.test(after);
}

/**
 * Place cues that stand before a town in lower case (sixteenth pass): not "de", which as often
 * names a wine, a cheese or a dish ("un verre de bordeaux", "du champagne"), nor "a" (an article).
 */
// Twentieth pass: "pour" and "for" before a destination ("LES TRAINS POUR MARSEILLE").
const STRONG_PLACE_CUES = words('in from to near at à au en vers depuis pour for');

/** Countries written as their initials ("the UK", "the US"; see the cue rule in the scan). */
const COUNTRY_INITIALS = new Set(['UK', 'US', 'USA', 'UAE']);
const COUNTRY_INITIAL_FIRSTS = firstCodes(COUNTRY_INITIALS);

/**
 * French verbs of living and going after which "a" is "à" typed without its accent ("on habite a
 * besancon", "je vais a lyon"; twenty-eighth pass), where alone it is an article or "has".
 */
const FRENCH_A_VERBS = words(
  'habite habites habitons habitez habitent vis vit vivons vivez vivent vais va allons allez vont suis est sommes ' +
    'êtes sont né née nés nées arrive arrivé arrivée rentre rentré rentrée retourne déménage déménagé déménagée ' +
    'bosse travaille étudie passe ' +
    // Thirty-third pass: more verbs of going and settling ("est parti a marseille", "jsuis a marseille").
    'parti partie partis parties allé allée allés allées installé installée installés descendu descendue ' +
    'monté montée jsuis chui aller vivre habiter',
);

function afterStrongPlaceCue(text: string, tokens: readonly Token[], i: number): boolean {
  const p = tokens[i - 1];
  if (p === undefined || !/^\s+$/u.test(text.slice(p.end, tokens[i].start))) return false;
  if (STRONG_PLACE_CUES.has(p.lower)) return true;
  const verb = tokens[i - 2];
  return (
    p.lower === 'a' &&
    verb !== undefined &&
    FRENCH_A_VERBS.has(verb.lower) &&
    /^\s+$/u.test(text.slice(verb.end, p.start))
  );
}

/** People a name is given to: "a bloke called Rhodri", "un mec qui s'appelle Yanis". */
const PERSON_NOUNS = words(
  'bloke guy man woman girl boy lad lass lady fella chap dude kid someone somebody mec gars type fille nana meuf ' +
    'garçon gamin gamine monsieur dame quelqu',
);
const NAMING_WORDS = words('called named nommé nommée appelé appelée');
/** Asking for someone by name: "ask for Shenice", "demandez Karim". */
const ASK_FOR = words('ask asking demandez demander demande');

/**
 * Names that a cue before them gives away (seventeenth pass), where the name is unknown to the lists:
 * an initial and a family name ("R. Alvarez", "T. Yamamoto"), a capitalised word after a person noun
 * and "called" ("a bloke called Rhodri"), or after "ask for" / "demandez" ("ask for Shenice"). True
 * when some were added.
 */
function addCuedNames(text: string, tokens: readonly Token[], out: NameSpan[]): boolean {
  // One pass over the tokens, with the word index's bits (the reference path asks the word itself):
  // an initial is a one-letter capitalised token, a cue a word of NAME_CUE_WORDS.
  let initials = false;
  let cues = false;
  for (const t of tokens) {
    if (t.cap && t.end - t.start === 1) initials = true;
    else if (t.lists >= 0 ? (t.lists & IN_NAME_CUE) !== 0 : NAME_CUE_WORDS.has(t.lower)) cues = true;
  }
  if (!initials && !cues) return false;
  const count = out.length;
  const covered = (t: Token): boolean => out.some((sp) => sp.start < t.end && t.start < sp.end);
  const free = (t: Token | undefined): t is Token =>
    t !== undefined && t.cap && t.elided === '' && !isFunctionalWord(t) && !CONTRACTION_RE.test(t.text) && !covered(t);
  for (let k = 0; k + 1 < tokens.length; k++) {
    const t = tokens[k];
    const next = tokens[k + 1];
    // "R. Alvarez": one capital, a dot, a space, a family name of the lists.
    if (
      initials &&
      t.text.length === 1 &&
      t.cap &&
      /^\.[ \t\u00a0]$/u.test(text.slice(t.end, next.start)) &&
      next.cap
    ) {
      const family = lists().surnames.has(next.lower) || lists().wideSurnames.has(next.lower);
      if (family && !NOT_NAME_SET.has(next.lower)) {
        // One span for the whole name: a first name before the initial ("Stephen D. Williams") and a
        // span already on the family name join it.
        const joins = (sp: NameSpan): boolean =>
          sp.type === 'PERSON' &&
          sp.start <= next.end &&
          (sp.end > t.start || /^[ \t\u00a0]+$/u.test(text.slice(sp.end, t.start)));
        let start = t.start;
        let end = next.end;
        for (let j = out.length - 1; j >= 0; j--) {
          if (!joins(out[j])) continue;
          start = Math.min(start, out[j].start);
          end = Math.max(end, out[j].end);
          out.splice(j, 1);
        }
        if (!out.some((sp) => sp.start < end && start < sp.end)) out.push({ type: 'PERSON', start, end });
        continue;
      }
    }
    // "a bloke called Rhodri", "ask for Shenice".
    if (!cues) continue;
    const after = tokens[k + 2];
    // "ask for X" in English; "demandez X" in French, the name right after the verb.
    const named = PERSON_NOUNS.has(t.lower) && NAMING_WORDS.has(next.lower);
    const askedFor = ASK_FOR.has(t.lower) && next.lower === 'for';
    const asked = ASK_FOR.has(t.lower) && t.lower !== 'ask' && t.lower !== 'asking';
    const target = named || askedFor ? after : asked ? next : undefined;
    if (target === undefined || !free(target)) continue;
    const at = target === after ? k + 2 : k + 1;
    if (!adjacent(text, tokens[at - 1], target) || placeAt(text, tokens, at) !== undefined) continue;
    const last = extendName(text, tokens, at);
    out.push({ type: 'PERSON', start: target.start, end: tokens[last].end });
  }
  return out.length > count;
}

/**
 * Forty-fifth pass: a Title Case word that no list holds (no name, word, place or street type of the
 * index; for other words, no town) and three letters or more: a given name the lists lack, beside a
 * person found ("Tendai and Bienvenu", "Takeshi et Ji-woo").
 */
function unlistedName(t: Token): boolean {
  if (!/^\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)?$/u.test(t.text) || t.text.length < 3) return false;
  const bits = t.lists >= 0 ? t.lists : lists().index.lookup(t.text, 0, t.text.length);
  if (bits >= 0) return (bits & LIST_BITS) === 0;
  return !lists().ambiguousPlaces.has(t.lower) && placesStartingWith(t.lower) === undefined;
}

/**
 * Names coordinated with a person already found (fifteenth pass); true when some were added: "Clémence et Thibault", "run by Elif
 * Çelik and Burak". The other side is one or two capitalised words, not a function word, with list
 * evidence of its own: a first name (even one that is also a word: "Dawn", "Rose", "Jordan"), or a
 * family name, alone or after a capitalised word ("Elif Çelik"); or, alone, a word no list holds
 * (unlistedName). A place that is no first name stays a place. Brands and things named like people
 * are removed afterwards (removeNamedThings).
 */
function addCoordinatedNames(text: string, tokens: readonly Token[], out: NameSpan[]): boolean {
  if (!tokens.some((t) => (t.lists >= 0 ? (t.lists & IN_AND) !== 0 : AND_WORDS.has(t.lower))) && !text.includes('&')) {
    return false;
  }
  const spans = out.filter((sp) => sp.type === 'PERSON');
  if (spans.length === 0) return false;
  const count = out.length;
  const covered = (t: Token): boolean => out.some((sp) => sp.start < t.end && t.start < sp.end);
  // The token starting (ending) at an offset: binary search over the tokens, in text order.
  const tokenAt = (offset: number, edge: 'start' | 'end'): number | undefined => {
    let lo = 0;
    let hi = tokens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = tokens[mid][edge];
      if (v === offset) return mid;
      if (v < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  const ampersand = (a: Token, b: Token | undefined): b is Token =>
    b !== undefined && b.elided === '' && /^[ \t\u00a0]*&[ \t\u00a0]*$/u.test(text.slice(a.end, b.start));
  const candidate = (t: Token | undefined): boolean =>
    t !== undefined && t.cap && t.elided === '' && !isFunctionalWord(t) && !CONTRACTION_RE.test(t.text) && !covered(t);
  const evidence = (t: Token): boolean =>
    isFirstName(t.lower) ||
    isCompoundFirstName(t.lower) ||
    lists().surnames.has(t.lower) ||
    lists().wideSurnames.has(t.lower) ||
    unlistedName(t);
  const adj = (x: Token | undefined, y: Token | undefined): y is Token => x !== undefined && adjacent(text, x, y);
  const add = (from: number, to: number): void => {
    out.push({ type: 'PERSON', start: tokens[from].start, end: tokens[to].end });
  };
  for (const sp of spans) {
    const first = tokenAt(sp.start, 'start');
    const last = tokenAt(sp.end, 'end');
    if (first === undefined || last === undefined) continue;
    // Forward: "<person> and X [Y]".
    const and = tokens[last + 1];
    const x = tokens[last + 2];
    if (and !== undefined && AND_WORDS.has(and.text) && adj(tokens[last], and) && adj(and, x)) {
      if (candidate(x) && (placeAt(text, tokens, last + 2) === undefined || isFirstName(x.lower))) {
        const y = tokens[last + 3];
        const two = adj(x, y) && candidate(y) && (lists().surnames.has(y.lower) || lists().wideSurnames.has(y.lower));
        if (two && !(adj(y, tokens[last + 4]) && tokens[last + 4].cap)) add(last + 2, last + 3);
        else if (evidence(x) && !(adj(x, y) && y.cap)) add(last + 2, last + 2);
      }
    } else if (ampersand(tokens[last], and) && candidate(and) && isFirstName(and.lower)) {
      // "Sarah & Tom": a first name (two family names joined by "&" are a firm: "Dolce & Gabbana").
      add(last + 1, last + 1);
    }
    // Backward: "X [Y] and <person>".
    const before = tokens[first - 1];
    const b1 = tokens[first - 2];
    if (before !== undefined && AND_WORDS.has(before.text) && adj(before, tokens[first]) && adj(b1 ?? before, before)) {
      if (!candidate(b1) || (placeAt(text, tokens, first - 2) !== undefined && !isFirstName(b1.lower))) continue;
      const b0 = tokens[first - 3];
      const lastIsSurname = lists().surnames.has(b1.lower) || lists().wideSurnames.has(b1.lower);
      if (lastIsSurname && adj(b0, b1) && candidate(b0) && !(adj(tokens[first - 4], b0) && tokens[first - 4].cap)) {
        add(first - 3, first - 2);
      } else if (evidence(b1) && !(adj(b0, b1) && b0.cap)) {
        add(first - 2, first - 2);
      }
    }
  }
  return out.length > count;
}

/**
 * Where a brand of PERSON_NAMED_BRANDS starts one capitalised word before a PERSON span and covers it
 * (eighteenth pass): "Bloody Mary", "Madame Michu", "Mr Rochester", whose span starts at the name; and
 * every span of a brand that holds several names ("Tom, Dick and Harry").
 */
function brandRanges(text: string, out: readonly NameSpan[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const span of out) {
    if (span.type !== 'PERSON') continue;
    const before = /(\p{Lu}[\p{L}.]*)(?:[ \t]+&)?[ \t]+$/u.exec(text.slice(Math.max(0, span.start - 24), span.start));
    const starts = before === null ? [span.start] : [span.start, span.start - before[0].length];
    for (const from of starts) {
      const first = /^[^ ,-]+/u.exec(text.slice(from, from + 24))?.[0] ?? '';
      for (const b of BRANDS_BY_FIRST_WORD.get(first.replace(/’/gu, "'")) ?? []) {
        const written = text.slice(from, from + b.length).replace(/’/gu, "'");
        if (written === b && from + b.length >= span.end) ranges.push([from, from + b.length]);
      }
    }
  }
  return ranges;
}

/** Words of a match, in French. */
const MATCH_WORDS_RE =
  /(?<![\p{L}])(?:match\p{L}*|jou\p{L}*|perd\p{L}*|gagn\p{L}*|domicile|extérieur|but|buts|score|ligue|coupe|championnat|supporters?)(?![\p{L}])/iu;
/** A plural verb after a one-name subject: a team's ("Chelsea were dreadful", "Liverpool have signed"). */
const TEAM_VERB_RE = /^ (?:were|are|have)\b(?! (?:you|we|they|i|u|ya)\b)/u;
/** A score after the name, then another name and its score: "Liverpool 2, Chelsea 1", "Lyon 3-1 Nantes". */
const SCORE_AFTER_RE = /^ \d{1,2}(?:,? \p{Lu}[\p{L}' -]{1,30} \d{1,2}\b| ?[-–] ?\d{1,2} \p{Lu})/u;
const SCORE_BEFORE_RE = /(?:^|[\s(])\p{Lu}[\p{L}' -]{1,30} \d{1,2},? $/u;
const AT_HOME_TO_RE = /\p{Lu}\p{Ll}+ (?:at home to|away (?:to|at)) $/u;
/**
 * What comes before a team as the subject: the start of the text or of a clause, or a word that opens
 * one ("but Chelsea were", "reckon Leeds are"); not "and" ("Sarah and Tom were"), a preposition ("the
 * views over Edinburgh were") or an article.
 */
const TEAM_BEFORE_RE =
  /(?:^|[.!?:;(\n"“]\s*|\b(?:but|so|as|because|cos|when|if|reckon|think|thought|guess|honestly|tbh|lol|imo)\s+)$/iu;

/**
 * Thirty-fourth pass: a town or a name of one word standing for its team: the subject of a plural verb
 * in British English at the start of a clause ("Chelsea were dreadful", "Liverpool were robbed"), or
 * beside a score ("Liverpool 2, Chelsea 1"). Not one of several subjects ("Sarah and Tom were"), nor a
 * place after a word that takes it ("the people in Leeds are", "the views over Edinburgh were").
 */
function isTeam(text: string, span: NameSpan): boolean {
  const after = text.slice(span.end, span.end + 40);
  const before = text.slice(Math.max(0, span.start - 40), span.start);
  // Thirty-fifth pass: a town after "contre" in a text about a match ("L'OM qui perd à domicile contre
  // Brest"; a person after it stays one: "manif contre Macron"). Not "vs", said of rivals as often as
  // of teams ("Lewis Hamilton vs Max Verstappen", "the Ghana vs Nigeria jollof war").
  if (span.type === 'LOCATION' && /(?:^|\s)contre $/u.test(before) && MATCH_WORDS_RE.test(text)) return true;
  // Thirty-seventh pass: the opponent of a named side, "at home to" or "away to/at" ("Aston Villa at home
  // to Forest", "Arsenal away to Newcastle"); a capitalised name must come right before the phrase.
  if (AT_HOME_TO_RE.test(before)) return true;
  if (/[ ]/u.test(text.slice(span.start, span.end))) return false;
  if (SCORE_AFTER_RE.test(after) || SCORE_BEFORE_RE.test(before)) return /^ \d/u.test(after);
  return TEAM_VERB_RE.test(after) && TEAM_BEFORE_RE.test(before);
}

/** The institutions of METONYMS by their first word ("Quai" → ["Quai d'Orsay"]). */
const METONYMS_BY_FIRST_WORD = new Map<string, string[]>();
for (const m of METONYMS.split('|')) {
  const first = /^[^ ]+/u.exec(m)?.[0] ?? m;
  METONYMS_BY_FIRST_WORD.set(first, [...(METONYMS_BY_FIRST_WORD.get(first) ?? []), m]);
}
/** Place cues before a government building or street that keep it a place ("à Bercy", "near Whitehall"). */
const METONYM_CUE_RE =
  /(?:^|[\s(])(?:in|at|on|near|to|from|outside|around|past|à|a|au|en|de|du|sur|vers|près|quartier)\s+$/iu;

/**
 * Twenty-third pass: a government building or street of METONYMS standing for its institution ("Whitehall
 * says nothing", "Matignon a reculé", "l'Élysée a envoyé une gerbe"): the span starts one and lies
 * inside it, and no place cue comes before it ("le skatepark de Bercy", "a flat near Whitehall").
 */
function isMetonym(text: string, span: NameSpan): boolean {
  const first = /^[^ ]+/u.exec(text.slice(span.start, span.start + 16))?.[0] ?? '';
  const candidates = METONYMS_BY_FIRST_WORD.get(first.replace(/’/gu, "'"));
  if (candidates === undefined) return false;
  const rest = text.slice(span.start, span.start + 24).replace(/’/gu, "'");
  if (!candidates.some((m) => rest.startsWith(m) && span.end - span.start <= m.length)) return false;
  return !METONYM_CUE_RE.test(text.slice(Math.max(0, span.start - 12), span.start));
}

/** The sayings of NAME_IDIOMS by each of their words ("larry" → ["happy as larry"]). */
const IDIOMS_BY_WORD = new Map<string, string[]>();
for (const idiom of NAME_IDIOMS.split('|')) {
  for (const w of idiom.split(/[ '-]/u)) IDIOMS_BY_WORD.set(w, [...(IDIOMS_BY_WORD.get(w) ?? []), idiom]);
}

/**
 * True when a saying or stock name of NAME_IDIOMS, any case and between word boundaries, covers the
 * span (twenty-first pass). Only the sayings that hold one of the span's words are looked for, in a
 * window around it.
 */
function isInIdiom(text: string, span: NameSpan): boolean {
  const written = text.slice(span.start, span.end).toLowerCase();
  for (const w of written.split(/[\s'’-]+/u)) {
    for (const idiom of IDIOMS_BY_WORD.get(w) ?? []) {
      const from = Math.max(0, span.end - idiom.length);
      const original = text.slice(from, span.start + idiom.length);
      const window = original.toLowerCase().replace(/’/gu, "'");
      if (window.length !== original.length) continue; // lower case changed the length
      for (let at = window.indexOf(idiom); at >= 0; at = window.indexOf(idiom, at + 1)) {
        const start = from + at;
        const end = start + idiom.length;
        if (
          start <= span.start &&
          span.end <= end &&
          !/[\p{L}\p{N}]/u.test(text[start - 1] ?? ' ') &&
          !/[\p{L}\p{N}]/u.test(text[end] ?? ' ')
        ) {
          return true;
        }
      }
    }
  }
  return false;
}

/** Words before the name of a storm: "Storm Bert", "la tempête Ciarán", "Hurricane Katrina". */
const STORM_WORDS = words('storm hurricane typhoon cyclone tempête ouragan typhon');
/** Pets and their kinds: "my dog Rex", "Marley the beagle", "a tabby called Pickle". */
const PET_NOUNS = words(
  'dog dogs cat cats puppy pup kitten kitty beagle labrador lab spaniel terrier collie poodle pug husky ' +
    'retriever dachshund greyhound whippet hamster rabbit bunny budgie parrot goldfish tortoise pony horse ' +
    'ferret gerbil tabby moggy chien chienne chiot chat chatte chaton lapin perroquet cheval poney tortue ' +
    // Twenty-third pass: fish, reptiles, birds and horses kept as pets or raced ("My betta is called
    // Gordon Ramsay", "a filly called Lady Godiva", "un vieux matou Jean-Pierre").
    'betta fish guppy axolotl gecko lizard snake python iguana turtle canary budgerigar cockatiel chick ' +
    'duck goose alpaca llama mare filly stallion colt gelding foal racehorse greyhound ' +
    'matou minou combattant poisson guppy lézard serpent tortue perruche canari poussin canard oie ' +
    'jument pouliche étalon poulain hongre furet cobaye ' +
    // Twenty-fifth pass: more dogs, and the words of breeders ("Our cocker is called Churchill", "Mon
    // teckel s'appelle Gaston", "Ma meilleure femelle s'appelle Édith Piaf").
    'cocker cockapoo cavapoo labradoodle springer setter pointer schnauzer shih tzu chihuahua bulldog ' +
    'dalmatian rottweiler doberman alsatian lurcher staffie staffy westie corgi sheepdog ' +
    'teckel caniche carlin bouledogue épagneul braque lévrier dalmatien chiwawa ' +
    'femelle mâle doe buck ewe ram',
);
const PET_AFTER_RE = /,? (?:the|our|my|le|la|notre|mon|ma) (\p{Ll}+)(?: (\p{Ll}+))?/uy;
/** Names in a list after a storm's: "Storm Babet, Ciarán and Debi", "tempête Xynthia, Klaus". */
const STORM_LIST_RE =
  /(?:[Ss]torms?|[Hh]urricanes?|[Tt]yphoons?|[Cc]yclones?|[Tt]empêtes?|[Oo]uragans?|[Tt]yphons?|STORMS?|TEMPÊTES?)\s+\p{Lu}[\p{L}'’-]*(?:,\s*\p{Lu}[\p{L}'’-]*)*(?:,|,?\s+(?:and|et|&))\s*$/u;
const STORM_KEYS = ['storm', 'hurrican', 'typhoo', 'cyclon', 'tempête', 'ouragan', 'typhon'];
const NAMING_KEYS = ['appel', 'called', 'named', 'nommé', 'baptisé'];
/**
 * A verb of naming and what is named, right before a name: up to six words of subject, the verb,
 * and the names already given ("Le bateau de pêche s'appelle", "our cat is called", "Les salles
 * s'appellent Curie, Pasteur et").
 */
// Twenty-third pass: "our boat's called", and a title word before the name given ("a horse called
// Mister Maguire", "a filly called Lady Godiva").
// Fiftieth pass: names of several words in the list ("Cocotte, Poule Pot et"), and up to two capitalised
// words of the name before the span ("a horse called Dublin Dave", where the span is "Dave").
const NAMES_GIVEN =
  "(?:\\p{Lu}[\\p{L}'’-]*(?:\\s+(?:[IVX]+|\\p{Lu}[\\p{L}'’-]*))*(?:,\\s*|\\s+(?:and|et|&)\\s+))*(?:\\p{Lu}[\\p{L}'’.-]*\\s+){0,2}";
const NAMING_RE = new RegExp(
  "((?:[\\p{L}'’-]+\\s+){1,6})(?:s['’]appel(?:le|lent|ait|aient)|is called|was called|are called|were called|is named|was named|called|named|nommée?s?|baptisée?s?|appelée?s?)\\s+(?:(?:the|le|la|les|l['’])\\s*)?" +
    NAMES_GIVEN +
    '$',
  'u',
);
/**
 * Fiftieth pass: naming, then the animals or things named ("we named the hives Beyoncé, Dolly and",
 * "on a appelé les ruches Édith, Dalida et"); and an owner's animals with their names ("Our hens are
 * Henrietta, Chick Norris and", "our dog Sir", "ma chienne :").
 */
const NAMING_THEN_NOUN_RE = new RegExp(
  "(?:named|called|nommée?s?|baptisée?s?|appelée?s?)\\s+(?:the|our|my|their|les|nos|mes|leurs|la|le|l['’]|notre|ma|mon)\\s*(\\p{Ll}+)\\s+" +
    NAMES_GIVEN +
    '$',
  'u',
);
const OWNED_ANIMALS_RE = new RegExp(
  '(?<![\\p{L}])(?:[Oo]ur|[Mm]y|[Hh]is|[Hh]er|[Tt]heir|[Nn]otre|[Nn]os|[Mm]on|[Mm]a|[Mm]es|[Ss]on|[Ss]a|[Ss]es|[Ll]eurs?)\\s+(?:(?!(?:are|is|were|was|sont)\\s)\\p{Ll}+\\s+)?(?!(?:are|is|were|was|sont)\\s)(\\p{Ll}+)(?:\\s+(?:are|is|were|was|sont))?\\s*:?\\s+' +
    NAMES_GIVEN +
    '$',
  'u',
);
/**
 * Fiftieth pass: the rest of a list of names, then an aside or a predicate that makes them animals
 * ("Gerald, Susan and Keith (all cats)", "Olive, c'est le nom de la chienne", "Milo is our cat.").
 */
const ANIMALS_AFTER_RE = new RegExp(
  "(?:(?:,\\s*|\\s+(?:and|et|&)\\s+)\\p{Lu}[\\p{L}'’-]*(?:\\s+\\p{Lu}[\\p{L}'’-]*)*)*" +
    '(?:\\s*\\((?:all|both|tous|toutes|les deux)\\s+(?:(?:two|three|four|deux|trois|quatre|our|nos|des)\\s+)?(\\p{Ll}+)' +
    "|\\s*,?\\s*(?:c['’]est|is|was)\\s+(?:le nom|the name)\\s+(?:de|d['’]|du|of)\\s*(?:(?:la|le|the|my|our|mon|ma|notre)\\s+|l['’])?(\\p{Ll}+)" +
    '|\\s+(?:is|was|est|était)\\s+(?:our|my|their|notre|mon|ma|leur)\\s+(?:\\p{Ll}+\\s+)?(\\p{Ll}+)(?=\\s*(?:[,.!?;:)]|$)))',
  'uy',
);
/** Farm animals and hives, named like pets (with PET_NOUNS) by their owners. */
const FARM_ANIMALS = words(
  'hen hens chicken chickens cow cows goat goats sheep pig pigs donkey donkeys hive hives ' +
    'poule poules vache vaches chèvre chèvres mouton moutons cochon cochons âne ânes ruche ruches',
);
const isAnimalWord = (w: string | undefined): boolean => w !== undefined && (PET_NOUNS.has(w) || FARM_ANIMALS.has(w));
/** Animals, boats, rooms and things that are given names (with PET_NOUNS). */
const THING_NOUNS = words(
  'boat boats ship ships yacht barge narrowboat van car cars room rooms cow cows goat sheep pig hen hens ' +
    'chicken chickens donkey robot tractor plant plants doll teddy bike ' +
    'bateau bateaux voilier navire péniche salle salles vache vaches chèvre mouton cochon poule poules ' +
    'âne robot tracteur plante poupée doudou vélo voiture camion poisson rouge hamster ' +
    // Twenty-fifth pass: bells, kites, drones and other things people name ("Le bourdon de la
    // cathédrale s'appelle Emmanuel", "the church bell is called Big Tom").
    'bell bells cloche cloches bourdon kite drone guitar violin piano tent caravan motorbike scooter ' +
    'moto tente guitare violon caravane locomotive engine loco ' +
    // Thirtieth pass: a breed named by its second word ("a Jack Russell called Gordon"), here only, where
    // a naming phrase follows. Not "berger", a shepherd as often as a dog.
    'russell ' +
    // Thirty-seventh pass: hives, a sourdough starter and a team are named like people too ("My starter
    // is called Clint Yeastwood", "a team called Quizteama Aguilera").
    'hive hives bees starter sourdough team ruche ruches abeilles levain équipe ' +
    [...PET_NOUNS].join(' '),
);
/**
 * Thirtieth pass: a numbered season or episode within three words after a name makes it a show's title
 * ("Emily in Paris saison 4"), with no punctuation between; not "last season", and not a reboot or a
 * podcast ("Bogdan said he'd reboot it", "Dr Brennan from the podcast").
 */
const WORK_AFTER_RE =
  /^(?:[ \t]+[^\s.,;:!?()]+){0,3}?[ \t]+(?:season|saison|series|série|episode|épisode)[ \t]+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|un|deux|trois|quatre|cinq|sept|huit|neuf|dix)(?![\p{L}\p{N}])/iu;
/** Words before "Noël" that make it Christmas. */
const CHRISTMAS_BEFORE = words(
  'à a de d pour joyeux joyeuses bon officiellement avant après depuis le ce cette un jusqu est réveillon veille ' +
    'sapin marché repas vacances fêtes cadeau cadeaux vive',
);
/** Famous names said to mock someone, and the words that say it ("Bravo Einstein", "nice one Sherlock"). */
const MOCKED_NAMES = words('einstein sherlock');
const MOCKING_WORDS = words('bravo merci thanks thank cheers nice well okay ok congrats félicitations');
/** Thirtieth pass: airports known by a person's name, and the words of a sentence about flying. */
const AIRPORTS_NAMED_AFTER_PEOPLE = new Set([
  'charles de gaulle',
  'charles-de-gaulle',
  'john lennon',
  'george best',
  'john f. kennedy',
  'jfk',
  'pierre elliott trudeau',
  'jean lesage',
  'marco polo',
  'leonardo da vinci',
]);
const FLYING_RE =
  /(?<![\p{L}])(?:fl(?:y|ew|ying|ight|ights)|land(?:ed|ing)|airport|terminal|schiphol|heathrow|gatwick|orly|zaventem|vol|vols|aéroport|avion|atterri\p{L}*|escale|correspondance|connection)(?![\p{L}])/iu;
/**
 * Thirtieth pass: a ship's prefix or "on board" before a name makes it the ship's ("RRS Sir David
 * Attenborough", "à bord du Pascal Paoli", "aboard the Mary Rose").
 */
const SHIP_BEFORE_RE =
  /(?:(?<![\p{L}])(?:RRS|HMS|RMS|HMCS|USS|MV|SS|NGS)\s+(?:(?:Sir|Lady|Lord|Dame)\s+)?|(?<![\p{L}])(?:à bord d(?:u|e la|e l['’]|e)|aboard(?: the)?|on board(?: the)?)\s+)$/iu;
/** People in a naming phrase's subject (with PERSON_NOUNS): with one, the name given is a person's. */
const SUBJECT_PEOPLE = words(
  'guy guys man men woman women bloke lad lass girl boy kid kids son daughter friend mate neighbour neighbor ' +
    'driver teacher owner boss husband wife partner brother sister cousin uncle aunt dad mum mom father mother ' +
    'baby nurse doctor mec gars type fille fils garçon femme homme ami amie copain copine voisin voisine ' +
    'chauffeur prof patron patronne mari frère sœur oncle tante père mère bébé',
);
/** Demonyms that are also names ("Welsh", "English", "French"): an adjective before a lower-case word. */
const DEMONYMS = words('welsh english french irish scottish scots cornish british');
/** Verbs after which such a word is someone's name after all ("Welsh said no"). */
const SPEECH_VERBS = words('said says is was has had will would can could told asked wrote writes thinks thought');
/** Car models named like people, after a determiner: "ma Clio", "the club Zoe". */
const CAR_MODELS = words('clio zoe zoé megane mégane');
/** Chains of shops named like a family, French: after "chez" they are the shop ("chez Leclerc"). */
const CHAINS_AFTER_CHEZ = words('leclerc boulanger picard darty');
/** Words of a bakery's goods: "chez Paul" among them is the chain. */
const BAKERY_RE =
  /(?<![\p{L}])(?:sandwich\p{L}*|pain|pains|baguettes?|boulangerie|galettes?|croissants?|viennoiseries?|quiches?|flans?|éclairs?|macarons?|jambon-beurre|tartes?|brioches?)(?![\p{L}])/iu;
/** Names used as a stereotype, not a person: "typical Karen behaviour", "a total Chad". */
const STEREOTYPES = words('karen chad becky stacy tanguy kévin kevin jacky');
// Twentieth pass: "un vrai Tanguy" (a grown child who never leaves home). Twenty-first: "un vrai
// Jacky" (a driver of a tuned-up car), "comportement de Kévin".
// Thirty-fifth pass: "faire son Tanguy", "arrête de faire ton Tanguy".
const STEREOTYPE_BEFORE = words('a an typical such total proper classic full vrai vraie un une son ton');
// Forty-third pass: any one-word name after an indefinite article and one of these words stands for a
// kind of person, like the stereotypes ("a right Karen", "a real Romeo", "une vraie Cosette", "un
// véritable Tanguy", "a regular Joe").
const TYPE_WORDS = words('right real proper total complete typical absolute utter regular vrai vraie véritable');
const INDEFINITE_ARTICLES = words('a an un une');
// Thirty-second pass: "une vraie voiture de Jacky".
const STEREOTYPE_OWNERS = words('comportement comportements mentalité attitude voiture caisse');
const STEREOTYPE_AFTER = words('behaviour behavior energy moment vibes haircut move moves');
const POSSESSIVES = words('the my our his her their your a this ma mon ta ton sa son notre votre leur une la cette');
/** Foods, fruits and garments named after a place or a person, after the name (twenty-third pass). */
const PRODUCT_HEADS = words(
  'bun buns cake cakes plum plums boot boots cheesesteak cheesesteaks mint sponge pudding tart tarts pie ' +
    'pasty pasties fudge rock gateau jumper jumpers sweater sweaters yoke beret pippin apple apples pear ' +
    'pears potato potatoes cheese sausage sausages mustard sauce ' +
    // Thirtieth pass: things named after a person ("the Gantt chart", "a Caesar salad", "the Turing test").
    'salad salads chart charts diagram diagrams effect syndrome principle theorem equation curve paradox ' +
    'prize award medal trophy sandwich sandwiches cocktail test ' +
    // Thirty-second pass: a railway line named after a person ("the Elizabeth line", "la ligne Jean Jaurès"
    // is a street's).
    'line',
);
/** What a pet's name follows: "answers to Biscuit", "answers to Mister Pickles". */
const ANSWERS_TO_RE = /\banswers? to\s+(?:(?:mr|mrs|miss|mister|lady|lord|sir|captain|doctor|dr)\.?\s+)?$/iu;
/**
 * Thirtieth pass: French nouns of a thing named after a person, before the name with or without "de"
 * ("la loi Macron", "la réforme Borne", "ma madeleine de Proust", "le théorème de Pythagore", "l'effet
 * Streisand"): a one-word name after one is the thing's.
 */
const EPONYM_NOUNS_FR = words(
  'loi lois réforme réformes plan rapport amendement décret méthode effet prix théorème principe syndrome ' +
    'maladie complexe madeleine supplice talon boîte',
);
const GIVING_VERBS = words(
  'gave give gives giving bought buy buys made make makes baked bake bakes brought bring got get sent send owe owes owed',
);
/** Shops, comets and laws after a name and its possessive: "Bob's Butties", "Halley's Comet". */
const OWNED_THING_HEADS = words(
  'butties bakery bakes cakes café cafe caff kitchen diner grill pizza pizzeria chippy plaice bar pub tavern ' +
    'inn garage barbers barber salon deli bistro takeaway pantry shack burgers kebabs curry restaurant ' +
    'emporium store stores shop books motors tyres taxis cabs funeral butchers bakers florist florists ' +
    'comet law razor theorem syndrome disease',
);
/** Pieces of furniture and styles before a king's name and number ("commode Louis XV"). */
const STYLE_NOUNS = words(
  'commode commodes fauteuil fauteuils chaise chaises style table tables bureau armoire buffet lit mobilier ' +
    'miroir console canapé pendule époque chair chairs sofa desk furniture period',
);
/** A name followed by a small number is a sequel, a ship or a model ("Alan Wake 2", "Queen Mary 2"), not an age or a score. */
const SEQUEL_RE =
  / [2-9](?![\p{N},.:/h)-])(?! (?:ans?|years?|yrs?|yo|mois|months?|kids|enfants|fois|times|points?|pts|buts?|goals?|days?|jours?|min|-|à|to|x)(?![\p{L}]))/uy;

/**
 * Words after "the <name>" that are about that person or their works ("the Nguyen Thi Lan section",
 * "the John Smith case", "the Graham Greene ones").
 */
const ABOUT_PERSON_RE =
  /^ (?:section|case|article|page|affair|family|file|story|trial|interview|scandal|inquest|murder|saga|ones?|book|novel|film|movie|song|album|painting|record|years|era)s?\b/u;

/**
 * A PERSON span that is the name given to a pet, a farm animal, a boat, a room or a thing (twenty-first
 * pass on; `head` is the text up to 120 characters before the span): "Mon chat s'appelle Gérard", "the
 * boat is called the Mary Rose II", "we named the hives Beyoncé, Dolly and Shania", "our dog Sir
 * Barksalot", "Gerald, Susan and Keith (all cats)".
 */
function isNameGivenToThing(
  text: string,
  span: NameSpan,
  head: string,
  written: string,
  before: Token | undefined,
): boolean {
  const lowerHead = head.toLowerCase();
  if (NAMING_KEYS.some((k) => lowerHead.includes(k))) {
    const naming = NAMING_RE.exec(head);
    // "our boat's called": the subject's words without a contracted "is".
    const subject =
      naming === null
        ? []
        : naming[1]
            .toLowerCase()
            .replace(/['’]s\s/gu, ' ')
            .split(/\s+/u);
    // A person among the subject's words makes the name a person's ("the car wash guy called Dave").
    const isPerson = (w: string): boolean => SUBJECT_PEOPLE.has(w) || PERSON_NOUNS.has(w);
    if (subject.some((w) => THING_NOUNS.has(w)) && !subject.some(isPerson)) return true;
    // Thirty-seventh pass: a subject with neither (a pronoun, or words cut off by a comma): the nearest
    // noun of either kind within twelve words before the verb decides ("Chienne perdue, épagneul
    // breton, collier rouge, elle s'appelle Brigitte", "Our Jack Russell bit the groomer. Sorry. He's
    // called Gerald").
    if (naming !== null && !subject.some((w) => THING_NOUNS.has(w) || isPerson(w))) {
      const earlier =
        head
          .slice(0, naming.index + naming[1].length)
          .toLowerCase()
          .match(/\p{L}+/gu) ?? [];
      for (let k = earlier.length - 1; k >= Math.max(0, earlier.length - 12); k--) {
        if (THING_NOUNS.has(earlier[k])) return true;
        if (isPerson(earlier[k])) break;
      }
    }
    // Fiftieth pass: naming before the animals or things named.
    const noun = NAMING_THEN_NOUN_RE.exec(head)?.[1];
    if (noun !== undefined && THING_NOUNS.has(noun)) return true;
  }
  // Fiftieth pass: an owner's animals, and a list that turns out to be animals.
  if (isAnimalWord(OWNED_ANIMALS_RE.exec(head)?.[1])) return true;
  ANIMALS_AFTER_RE.lastIndex = span.end;
  const animals = ANIMALS_AFTER_RE.exec(text);
  if (animals !== null && isAnimalWord(animals[1] ?? animals[2] ?? animals[3])) return true;
  // A kind of pet typed in lower case is no name ("a grey tabby called Pickle").
  if (written === written.toLowerCase() && PET_NOUNS.has(written)) return true;
  if (before !== undefined && PET_NOUNS.has(before.lower)) return true;
  // "Marley the beagle", "Rex, our old dog", "Filou le chat": a pet noun one or two words after.
  PET_AFTER_RE.lastIndex = span.end;
  const after = PET_AFTER_RE.exec(text);
  if (after !== null && (PET_NOUNS.has(after[1]) || (after[2] !== undefined && PET_NOUNS.has(after[2])))) return true;
  return false;
}

/**
 * A PERSON span that names a storm, a pet, a car, a stereotype or a sequel (fourteenth pass). `at` is
 * the span's first token, `before` the word before it.
 */
function isNamedThing(
  text: string,
  tokens: readonly Token[],
  at: number,
  span: NameSpan,
  written: string,
  before: Token | undefined,
): boolean {
  const first = tokens[at];
  if (first === undefined || first.start !== span.start) return false;
  const lower = first.lower;
  if (STORM_WORDS.has(lower) || (before !== undefined && STORM_WORDS.has(before.lower))) return true;
  // Twenty-fifth pass: a name of two words or more right after English "the" names a building, a room,
  // a hospital or a ship ("the Albert Hall", "the Ada Lovelace room", "the Royal Victoria"); one is
  // never "the Ada Lovelace" oneself. (A single given name after "the" is already no person.)
  if (
    before?.text === 'the' &&
    written.trim().includes(' ') &&
    !ABOUT_PERSON_RE.test(text.slice(span.end, span.end + 14))
  )
    return true;
  // A saint's day, with what greets it ("Happy St Patrick's Day", "St Andrew's Night").
  // Thirty-second pass: the "St." may be left out of the span as a title ("St. Patrick's Day sale").
  if (
    /^['’]s (?:Day|Eve|Night)\b/u.test(text.slice(span.end, span.end + 8)) &&
    (/\bSt\.? |\bSaint /u.test(written) ||
      /\b(?:St\.?|Saint) $/u.test(text.slice(Math.max(0, span.start - 6), span.start)))
  )
    return true;
  // Twenty-first pass: the names that follow a storm's in a list ("Tempête Xynthia, Klaus, Ciarán"),
  // and the names given to a pet, a boat, a room or a thing (isNameGivenToThing).
  // The regular expressions run only where a cheap test finds their key word before the span.
  const head = text.slice(Math.max(0, span.start - 120), span.start);
  const lowerHead = head.toLowerCase();
  if (STORM_KEYS.some((k) => lowerHead.includes(k)) && STORM_LIST_RE.test(head)) return true;
  if (isNameGivenToThing(text, span, head, written, before)) return true;
  if (CAR_MODELS.has(lower) && span.end === first.end) {
    const p2 = tokens[at - 2];
    if ((before !== undefined && POSSESSIVES.has(before.lower)) || (p2 !== undefined && POSSESSIVES.has(p2.lower)))
      return true;
  }
  // Twentieth pass: a chain named after its founder, after "chez" ("chez Leclerc", "de chez Boulanger");
  // thirtieth, after its after-sales service ("le SAV Boulanger").
  if (CHAINS_AFTER_CHEZ.has(lower) && span.end === first.end && (before?.lower === 'chez' || before?.lower === 'sav'))
    return true;
  // Thirty-fifth pass: the bakery chain named like a man, after "chez" in a text about bread or a
  // sandwich ("un sandwich de chez Paul à la gare"); "on dîne chez Paul" stays a man's home.
  if (lower === 'paul' && span.end === first.end && before?.lower === 'chez' && BAKERY_RE.test(text)) return true;
  if (span.end === first.end && before !== undefined) {
    const noun = before.lower === 'de' || before.lower === 'd' ? tokens[at - 2] : before;
    if (noun !== undefined && EPONYM_NOUNS_FR.has(noun.lower) && noun.text === noun.lower) return true;
  }
  if (SHIP_BEFORE_RE.test(text.slice(Math.max(0, span.start - 22), span.start))) return true;
  // A show's title before its season or episode ("Emily in Paris saison 4", "Yellowstone season two").
  if (WORK_AFTER_RE.test(text.slice(span.end, span.end + 40))) return true;
  // "Noël" alone, with its diaeresis, after a preposition, an article or a greeting is Christmas
  // ("c'est officiellement Noël", "à Noël", "joyeux Noël"); as the subject it is a man ("Noël a encore
  // oublié").
  if (written.trim() === 'Noël' && before !== undefined && CHRISTMAS_BEFORE.has(before.lower)) return true;
  // A famous name said to mock someone ("Bravo Einstein", "Thanks, Sherlock").
  if (MOCKED_NAMES.has(lower) && span.end === first.end && before !== undefined && MOCKING_WORDS.has(before.lower))
    return true;
  // An airport named after a person, in a sentence about flying ("Flew into Charles de Gaulle", "lost my
  // bag between Schiphol and Charles de Gaulle").
  if (AIRPORTS_NAMED_AFTER_PEOPLE.has(written.trim().toLowerCase()) && FLYING_RE.test(text)) return true;
  // A pet answers to its name ("answers to Mister Pickles"; the title is outside the span).
  if (ANSWERS_TO_RE.test(text.slice(Math.max(0, span.start - 26), span.start))) return true;
  if (STEREOTYPES.has(lower) && span.end === first.end) {
    const next = tokens[at + 1];
    if (
      (before !== undefined && STEREOTYPE_BEFORE.has(before.lower)) ||
      (before?.lower === 'de' && STEREOTYPE_OWNERS.has(tokens[at - 2]?.lower ?? '')) ||
      (next !== undefined && STEREOTYPE_AFTER.has(next.lower))
    ) {
      return true;
    }
  }
  if (span.end === first.end && at >= 2) {
    const type = tokens[at - 1];
    const article = tokens[at - 2];
    if (
      TYPE_WORDS.has(type.lower) &&
      INDEFINITE_ARTICLES.has(article.lower) &&
      adjacent(text, article, type) &&
      adjacent(text, type, first)
    )
      return true;
  }
  // Twenty-first pass: a demonym that is also a name, before a lower-case word, is the adjective
  // ("Welsh cakes", "French toast", "English mustard").
  if (DEMONYMS.has(lower) && span.end === first.end) {
    const next = tokens[at + 1];
    if (
      next !== undefined &&
      !next.cap &&
      next.text === next.lower &&
      !SPEECH_VERBS.has(next.lower) &&
      /^ $/u.test(text.slice(first.end, next.start))
    ) {
      return true;
    }
  }
  // Twenty-third pass: a name one word long before a food, a fruit or a garment named after it
  // ("Chelsea buns", "Kendal mint cake", "a Victoria plum", "Philly cheesesteak").
  if (span.end === first.end) {
    const next = tokens[at + 1];
    if (
      next !== undefined &&
      next.text === next.lower &&
      PRODUCT_HEADS.has(next.lower) &&
      /^ $/u.test(text.slice(first.end, next.start)) &&
      // Not the one a thing is given to ("baked Tom cake").
      !(before !== undefined && GIVING_VERBS.has(before.lower))
    )
      return true;
  }
  // A shop, a comet or a law named after its owner or finder, after the possessive ("Bob's Butties",
  // "Halley's Comet", "Cawley's Funeral Home").
  const owned = /^['’]s (\p{Lu}\p{Ll}+)/u.exec(text.slice(span.end, span.end + 24));
  if (owned !== null && OWNED_THING_HEADS.has(owned[1].toLowerCase())) return true;
  // A king's name and number after a piece of furniture or a style ("une commode Louis XV", "a
  // Louis XIV armchair" is left: the name opens it).
  if (
    span.end === first.end &&
    before !== undefined &&
    STYLE_NOUNS.has(before.lower) &&
    /^ (?:[IVX]{2,5}|V)\b/u.test(text.slice(span.end, span.end + 7))
  )
    return true;
  // Two words at most: a longer run is a headline's ("Damian Conway Publishes Exegesis 5").
  if (text.charCodeAt(span.end) !== 32 || written.split(' ').length > 2) return false;
  SEQUEL_RE.lastIndex = span.end;
  return SEQUEL_RE.test(text);
}

/**
 * The last token of the name starting at token i (extendName), or -1 when a firm or the head noun of
 * a thing named after someone follows it ("Nguyen Group", "Kowalski Prize").
 */
function nameUnlessThing(text: string, tokens: readonly Token[], i: number): number {
  const last = extendName(text, tokens, i);
  return isFirmName(text, tokens, last) || EPONYM_HEADS.has(tokens[last + 1]?.lower ?? '') ? -1 : last;
}

/** A given name, a particle and a family name joined by hyphens: "Charles-de-Gaulle", "Pierre-de-Coubertin". */
function isJoinedPersonName(word: string): boolean {
  const m = /^(\p{Lu}\p{Ll}+)-(?:de|d['’]|du|la|le)-?(\p{Lu}\p{Ll}+)$/u.exec(word);
  if (m === null) return false;
  const family = m[2].toLowerCase();
  return (
    isFirstName(m[1].toLowerCase()) &&
    !lists().ambiguous.has(m[1].toLowerCase()) &&
    (lists().surnames.has(family) || lists().wideSurnames.has(family))
  );
}

/** Words between "van" and the family name: "van der Berg", "van den Broek", "van de Velde". */
const VAN_LINKS = words('der den de het ter ten');

/**
 * "van" or "von" in lower case (token i) before a Title Case family name, not after an article or
 * determiner ("a van Ford" is a vehicle): the last token of the name, or -1 (a town's name after it
 * is a family name too: "van Damme").
 */
function particleNameAt(text: string, tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  if (t.text !== t.lower) return -1;
  let j = i + 1;
  if (adjacent(text, t, tokens[j]) && VAN_LINKS.has(tokens[j].text)) j++;
  const name = tokens[j];
  if (!adjacent(text, tokens[j - 1], name) || !name.cap || NOT_NAME_SET.has(name.lower)) return -1;
  const prev = prevWord(text, tokens, i);
  if (prev !== undefined && (DETERMINER_SET.has(prev.lower) || ARTICLES.has(prev.lower))) return -1;
  return extendName(text, tokens, j);
}

/**
 * Forty-eighth pass: "Van" or "Von" in Title Case before a Title Case family name that is no everyday
 * English word, even one named like a town, and not after an article or a determiner ("Van Gogh sold
 * one painting", "Van Damme, Stallone et Schwarzenegger", "Van der Merwe"; not "a Van Gogh", a
 * painting, nor "Van Hire"): the last token of the name, or -1.
 */
function capitalParticleNameAt(text: string, tokens: readonly Token[], i: number): number {
  let j = i + 1;
  if (adjacent(text, tokens[i], tokens[j]) && VAN_LINKS.has(tokens[j].text)) j++;
  const name = tokens[j];
  if (
    !adjacent(text, tokens[j - 1], name) ||
    !name.cap ||
    name.text.length < 3 ||
    name.text === name.text.toUpperCase()
  )
    return -1;
  if (NOT_NAME_SET.has(name.lower) || CONTRACTION_RE.test(name.text)) return -1;
  const bits = name.lists >= 0 ? name.lists : lists().index.lookup(name.text, 0, name.text.length);
  if (bits >= 0 && (bits & IN_ENGLISH_WORD) !== 0) return -1;
  const prev = prevWord(text, tokens, i);
  if (prev !== undefined && (DETERMINER_SET.has(prev.lower) || ARTICLES.has(prev.lower))) return -1;
  const last = extendName(text, tokens, j);
  // Not a museum, a prize or a firm named after the family ("Van Gogh Museum").
  for (let k = j + 1; k <= last + 1; k++) if (EPONYM_HEADS.has(tokens[k]?.lower ?? '')) return -1;
  return isFirmName(text, tokens, last) ? -1 : last;
}

/** Determiners of one thing or of a thing owned: before a town's name, they make it a thing's. */
const THING_DETERMINERS = words('a an un une my mon ma his her our their your votre notre ton ta son sa');

/**
 * Forty-ninth pass: a town right after "a", "an", "my" or "mon", heading its phrase, names a thing named
 * after it, a car model most often ("an Ibiza, a Tucson, a Santa Fe", "my Tucson's done 120k", "a
 * Bavaria 37"); "a Paris hotel" stays a place, as does a town after "de" or "à".
 */
function isOwnedThing(text: string, tokens: readonly Token[], at: number, span: NameSpan): boolean {
  if (tokens[at]?.start !== span.start) return false;
  const before = prevWord(text, tokens, at);
  if (before === undefined || !THING_DETERMINERS.has(before.lower) || !/^ +$/u.test(text.slice(before.end, span.start)))
    return false;
  // Not "a" typed for "à" after a French verb of living or going ("je vais a Paris.").
  const verb = before.lower === 'a' ? prevWord(text, tokens, at - 1) : undefined;
  if (verb !== undefined && FRENCH_A_VERBS.has(verb.lower)) return false;
  // Heading its phrase: the end, a punctuation mark, a possessive or contracted "is"/"has", or a
  // model's number ("a Bavaria 37", "a Nokia 3310"); not a noun it qualifies nor a route ("my
  // Dover–Calais ticket").
  return /^(?:$|[,.;:!?)…]|['’]s\b| \d)/u.test(text.slice(span.end, span.end + 3));
}

/** Words of a journey that make "A-B" a route between two towns (English and French). */
const TRAVEL_WORDS = words(
  'ticket tickets flight flights ferry ferries train trains tgv ter eurostar bus coach coaches crossing crossings ' +
    'sailing sailings route routes journey trip line lift liftshare rideshare carpool drive ' +
    'billet billets vol vols traversée traversées trajet trajets ligne liaison navette covoiturage voyage ' +
    // Forty-first pass.
    'autobus covoit aller-retour allers-retours ouigo tram tramway déménagement',
);

/** A travel word among the four words before token i or the two after it. */
function nearTravelWord(tokens: readonly Token[], i: number): boolean {
  for (let k = Math.max(0, i - 4); k <= Math.min(tokens.length - 1, i + 2); k++) {
    if (k !== i && TRAVEL_WORDS.has(tokens[k].lower)) return true;
  }
  return false;
}

/**
 * A side of a route as the lists write it: as it is, or, for a side in capitals ("PARIS-MARSEILLE"),
 * each hyphenated part in Title Case.
 */
function townForm(side: string): string {
  if (side !== side.toUpperCase()) return side;
  return side
    .split('-')
    .map((p) => p.charAt(0) + p.slice(1).toLowerCase())
    .join('-');
}

/** One side of a route: a one-word place of the lists (hyphens allowed) or a village; undefined if neither. */
function routeSide(side: string): { ambiguous: boolean; firstName: boolean } | undefined {
  const form = townForm(side);
  // Twenty-sixth pass: a village too ("traversée Roscoff–Plymouth"); its name is no word nor name.
  if (isVillageName(form)) return { ambiguous: false, firstName: false };
  if (!(placesStartingWith(form)?.includes(form) ?? false)) return undefined;
  return { ambiguous: isAmbiguousPlace(form), firstName: isFirstName(form.toLowerCase()) };
}

/**
 * Forty-first pass: the pairs of towns that name a race, a dish, a rally or a region rather than a
 * route; with no word of travel near, they stay clear.
 */
const TOWN_PAIR_THINGS = words(
  'paris-brest paris-roubaix paris-nice paris-dakar paris-tours paris-camembert bordeaux-paris milan-sanremo ' +
    'milano-sanremo gand-wevelgem gent-wevelgem alsace-lorraine rhône-alpes ' +
    'auvergne-rhône-alpes nord-pas-de-calais bourgogne-franche-comté champagne-ardenne languedoc-roussillon ' +
    'midi-pyrénées poitou-charentes emilia-romagna baden-württemberg schleswig-holstein bosnia-herzegovina ' +
    'austria-hungary guinea-bissau sachsen-anhalt rheinland-pfalz aix-marseille',
);

/** Clubs named by two places, never a route ("un billet Paris-Saint-Germain – OM"). */
const TOWN_PAIR_CLUBS = words('paris-saint-germain');

/**
 * The spans of the towns of a hyphenated token that joins two or three of them, else undefined.
 * Forty-first pass: each side may itself be hyphenated ("Rennes-Saint-Malo", "Toulon-Porto-Vecchio"), the
 * token may be in capitals, and `strict` (no word of travel near) asks for two towns that are neither
 * words nor names and not a pair of TOWN_PAIR_THINGS ("un Lyon-Annecy en covoit", but "Paris-Brest").
 */
function joinedTowns(t: Token, strict: boolean): [number, number][] | undefined {
  // The answer depends on the word alone: remembered as offsets within it (see JOINED_TOWNS).
  const key = strict ? t.text : `-${t.text}`;
  let offsets = JOINED_TOWNS.get(key);
  if (offsets === undefined) {
    const spans = joinedTownsOf(t, strict);
    offsets = spans === undefined ? null : spans.map(([s, e]) => [s - t.start, e - t.start]);
    if (JOINED_TOWNS.size >= 4096) JOINED_TOWNS.clear();
    JOINED_TOWNS.set(key, offsets);
  }
  return offsets === null ? undefined : offsets.map(([s, e]) => [t.start + s, t.start + e]);
}

/**
 * joinedTowns' answers by word and strictness, as offsets within the word (bounded, emptied when full):
 * hyphenated capitalised words recur, in every mail header ("Content-Type", "Message-Id") above all.
 */
const JOINED_TOWNS = new Map<string, [number, number][] | null>();

function joinedTownsOf(t: Token, strict: boolean): [number, number][] | undefined {
  if (isCompoundFirstName(t.lower) || isJoinedPersonName(t.text) || TOWN_PAIR_CLUBS.has(t.lower)) return undefined;
  const parts = t.text.split('-');
  if (parts.length < 2) return undefined;
  const spansOf = (sides: string[]): [number, number][] => {
    const spans: [number, number][] = [];
    let at = t.start;
    for (const side of sides) {
      spans.push([at, at + side.length]);
      at += side.length + 1;
    }
    return spans;
  };
  const accept = (sides: string[]): boolean => {
    let plain = false;
    let firstNames = 0;
    for (const side of sides) {
      const found = routeSide(side);
      if (found === undefined) return false;
      if (!found.ambiguous) plain = true;
      else if (strict) return false;
      if (found.firstName) firstNames++;
    }
    return plain && firstNames < sides.length;
  };
  // A loop back to its start is an event too ("le Paris-Brest-Paris", "Liège-Bastogne-Liège").
  if (strict && (TOWN_PAIR_THINGS.has(t.lower) || new Set(parts).size < parts.length)) return undefined;
  // Three one-word towns ("Leeds-York-Hull"), else two towns, each of one or more hyphenated words.
  if (parts.length === 3 && accept(parts)) return spansOf(parts);
  for (let k = 1; k < parts.length; k++) {
    const sides = [parts.slice(0, k).join('-'), parts.slice(k).join('-')];
    if (accept(sides)) return spansOf(sides);
  }
  return undefined;
}

/**
 * What may join two towns of a list: a comma, `and`, `et`, `&`, a slash; or, from the twenty-eighth pass,
 * the arrow or dash of a route ("Keswick → Penrith → Appleby", "Leeds - Harrogate - Ripon").
 */
const LIST_JOINER_RE = /^(?:\s*,\s*|\s+(?:and|et|&|ou|or)\s+|\s*\/\s*|\s*(?:→|⟶|->|-->|=>|>|»)\s*|\s+[-–—]\s+)$/u;

/**
 * The place of any town list (one that needs a cue elsewhere too: "Mons", a village, a town named
 * like a person) written at token j, as the index of its last token, or -1.
 */
function anyTownAt(text: string, tokens: readonly Token[], j: number): number {
  const t = tokens[j];
  if (!t.cap || t.elided !== '') return -1;
  const place = placeAt(text, tokens, j);
  if (place !== undefined) {
    let last = j;
    while (last + 1 < tokens.length && tokens[last + 1].start < t.start + place.length) last++;
    return last;
  }
  const village = villageAt(text, tokens, j);
  if (village >= 0) return village;
  return isTownNamedLikePerson(t.text) ? j : -1;
}

/**
 * Twenty-sixth pass: a capitalised word right beside a town found, joined to it as one item of a
 * list, is a town too when a town list holds it ("Mons, Binche, Ath", "Leeds and Halifax"), though
 * alone it would need a cue; the list grows both ways from each town found. Not a word already in a
 * span, unless a family name that a town list holds ("Leeds, Bradford"), and not before a possessive
 * or another capitalised word ("Leeds and Will Smith").
 * Returns whether it added any.
 */
function addListedTowns(text: string, tokens: readonly Token[], out: NameSpan[]): boolean {
  const taken = (from: number, to: number) => out.some((o) => o.start < to && from < o.end);
  let added = false;
  const queue = out.filter((o) => o.type === 'LOCATION').map((o) => [o.start, o.end] as [number, number]);
  while (queue.length > 0) {
    const [start, end] = queue.pop()!;
    const first = tokenStartingAt(tokens, start);
    if (first < 0) continue;
    let last = first;
    while (last + 1 < tokens.length && tokens[last + 1].start < end) last++;
    // The next item, then the one before.
    for (const j of [last + 1, first - 1]) {
      const t = tokens[j];
      if (t === undefined) continue;
      const itemFirst = j > last ? j : firstTokenOfTownEndingAt(text, tokens, j);
      if (itemFirst < 0) continue;
      const itemLast = anyTownAt(text, tokens, itemFirst);
      if (itemLast < 0 || (j > last ? false : itemLast !== j)) continue;
      const gap = j > last ? text.slice(tokens[last].end, t.start) : text.slice(tokens[itemLast].end, start);
      if (!LIST_JOINER_RE.test(gap)) continue;
      const from = tokens[itemFirst].start;
      const to = tokens[itemLast].end;
      const after = tokens[itemLast + 1];
      if (/^['’]/u.test(text.slice(to, to + 1))) continue;
      if (after !== undefined && after.cap && /^ $/u.test(text.slice(to, after.start))) continue;
      // A town of the lists read as a family name is the town in such a list ("Leeds, Bradford").
      const person = out.findIndex((o) => o.type === 'PERSON' && o.start === from && o.end === to);
      if (person >= 0 && placeAt(text, tokens, itemFirst) !== undefined) out.splice(person, 1);
      else if (taken(from, to)) continue;
      out.push({ type: 'LOCATION', start: from, end: to });
      queue.push([from, to]);
      added = true;
    }
  }
  return added;
}

/** The index of the token starting at `start` (tokens are sorted by start), or -1. */
function tokenStartingAt(tokens: readonly Token[], start: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = tokens[mid].start;
    if (at === start) return mid;
    if (at < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The first token of a one- or two-token town name ending at token j, or -1. */
function firstTokenOfTownEndingAt(text: string, tokens: readonly Token[], j: number): number {
  for (const k of [j - 1, j]) if (k >= 0 && anyTownAt(text, tokens, k) === j) return k;
  return -1;
}

/**
 * Twentieth pass: a place or a person found once in a comment is the same place or person where the
 * same word comes back without the evidence ("grew up in Peckham, now priced out of Peckham"; "Harjit
 * Sandhu … ask Harjit"): the one-word spans, and the words of a person's name. Not a word that is
 * also an ordinary word or needs context ("Will", "Rose"), nor one inside a run of capitalised words.
 */
function addRepeatedNames(text: string, tokens: readonly Token[], out: NameSpan[]): void {
  const known = new Map<string, NameSpan['type']>();
  const l = lists();
  const plain = (w: string): boolean =>
    w.length >= 3 &&
    !l.nameWords.has(w.toLowerCase()) &&
    !l.ambiguous.has(w.toLowerCase()) &&
    !NOT_NAME_SET.has(w.toLowerCase());
  const titleCaseNameWord = (w: string): boolean =>
    /^\p{Lu}\p{Ll}+$/u.test(w) &&
    l.nameWords.has(w.toLowerCase()) &&
    !l.ambiguous.has(w.toLowerCase()) &&
    !NOT_NAME_SET.has(w.toLowerCase());
  for (const s of out) {
    const written = text.slice(s.start, s.end);
    if (!written.includes(' ')) {
      // Forty-fifth pass: a first name that is also a word, found as a person in Title Case, is that
      // person again in Title Case ("Victor reckons… Victor is wrong"); the word in lower case is not.
      if (plain(written) || (s.type === 'PERSON' && titleCaseNameWord(written))) known.set(written, s.type);
    } else if (s.type === 'PERSON') {
      for (const part of written.split(' '))
        if (/^\p{Lu}\p{Ll}+$/u.test(part) && plain(part) && !known.has(part)) known.set(part, 'PERSON');
    }
  }
  if (known.size === 0) return;
  const count = out.length;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const type = known.get(t.text);
    if (type === undefined) continue;
    let covered = false;
    for (let k = 0; k < count && !covered; k++) covered = out[k].start < t.end && t.start < out[k].end;
    if (covered) continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (
      (prev !== undefined && prev.cap && adjacent(text, prev, t)) ||
      (next !== undefined && next.cap && adjacent(text, t, next))
    )
      continue;
    out.push({ type, start: t.start, end: t.end });
  }
}

/** Head words of rivers, loughs and mountains before their name, in English (Title Case) and French (lower case). */
const FEATURE_HEADS_EN = new Set(['River', 'Lough', 'Loch', 'Slieve', 'Mount', 'Lake']);
/**
 * Twenty-ninth pass: rivers named like a word, a person or a département, which a cue elsewhere needs
 * ("Shannon", "Trent", "Tarn", "Loue"), are the river after an article ("the Shannon pike", "on the
 * Wye", "dans la Loue", "le long du Lot", "l'Ain"). Compiled for this project from general knowledge.
 */
const RIVERS_AFTER_ARTICLE = new Set(
  (
    'Trent Shannon Wye Dee Tay Barrow Wear Forth Dart Avon Tees Ouse Tamar Tweed Severn Thames Test Exe ' +
    'Loire Lot Tarn Aude Vienne Charente Ain Loue Orb Allier Somme Marne Oise Var Gard Eure Orne Cher Indre Lys ' +
    'Semois Lesse Hudson'
  ).split(' '),
);
const RIVER_ARTICLES = words('the la le du');
/** Words after "the Test" or "the Trent" that make it a cricket match or a family, not the river. */
const NOT_RIVER_AFTER = words(
  'match matches series side team squad cricket debut win defeat family families brothers sisters twins household famille',
);

/** Token i is a river of RIVERS_AFTER_ARTICLE after an article, and not the first of a longer name. */
function riverAfterArticle(text: string, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!RIVERS_AFTER_ARTICLE.has(t.text) || (t.elided !== '' && t.elided !== 'l')) return false;
  const p = prevWord(text, tokens, i);
  if (p === undefined || !(RIVER_ARTICLES.has(p.lower) || p.lower === 'l')) return false;
  const next = tokens[i + 1];
  if (next !== undefined && next.cap && adjacent(text, t, next)) return false;
  return next === undefined || !NOT_RIVER_AFTER.has(next.lower);
}

/**
 * Twenty-ninth pass: Irish and Welsh head words of mountains, lakes and rivers ("Croagh Patrick", "Llyn
 * Padarn", "Afon Ogwen"), before a name that may be a given name. Not "Ben" or "Glen": the family names
 * after those given names are too often missing from the lists ("Ben Stokes"); the best-known bens are
 * in the place list.
 */
const FEATURE_HEADS_NAMED_EN = new Set(['Croagh', 'Llyn', 'Afon']);
/**
 * Twenty-ninth pass: French head words written with a capital, as names of peaks and lakes are ("Lac
 * Blanc", "Col du Tourmalet", "Piton des Neiges"): a place without a cue before them. `Col` and `Val`
 * (a colonel, a given name) only before a link word or a word that is no name.
 */
const FEATURE_HEADS_FR_CAPITAL = new Set([
  'Lac',
  'Mont',
  'Col',
  'Pic',
  'Piton',
  'Puy',
  'Aiguille',
  'Aiguilles',
  'Cirque',
  'Dents',
  'Val',
]);
const FEATURE_HEADS_FR = new Set([
  'lac',
  'mont',
  'pic',
  'col',
  'étang',
  'massif',
  // Twenty-sixth pass: more natural areas ("le causse Méjean", "la forêt de Brocéliande").
  'causse',
  'forêt',
  'vallée',
  'gorges',
  'île',
  'pointe',
  'baie',
  'plateau',
  'marais',
  'glacier',
  'aiguille',
  // Thirty-third pass: rivers, canals, dunes, chasms, mountain ranges, parks and beaches ("la rivière
  // Rouge", "le canal du Midi", "la dune du Pilat", "le gouffre de Padirac", "les monts d'Arrée", "le parc
  // Montsouris", "la plage des Catalans").
  'rivière',
  'canal',
  'dune',
  'gouffre',
  'monts',
  'parc',
  'plage',
  'calanque',
  // Twenty-ninth pass: cirques, volcanoes, needles and valleys ("le cirque de Gavarnie", "le piton des
  // Neiges", "le val d'Hérens").
  'cirque',
  'piton',
  'puy',
  'aiguilles',
  'dents',
  'val',
]);
const FEATURE_HEAD_FR_FIRSTS = firstCodes(FEATURE_HEADS_FR);
/**
 * Between a French head word and the name: "la forêt de Brocéliande", "les gorges du Verdon"; and
 * "de la" ("la montée de la Grande-Côte"), or an elided "d'" ("le col d'Izoard").
 */
const FEATURE_LINKS_FR = new Set(['de', 'du', 'des']);
/**
 * Twenty-sixth pass: English head words after a natural area's name ("the Malvern Hills", "the
 * Jurassic Coast", "Black Mountain"): with the one or two capitalised words before them, a place.
 */
const FEATURE_HEADS_AFTER = new Set([
  // Thirty-third pass: canals, single hills, headlands, islands, bays and lakes ("the Oxford Canal",
  // "Box Hill", "Strumble Head", "Holy Island", "Cardigan Bay", "Coniston Water").
  'Canal',
  'Hill',
  'Head',
  'Island',
  'Bay',
  'Water',
  'Hills',
  'Mountain',
  'Mountains',
  'Fell',
  'Fells',
  'Pike',
  'Moor',
  'Moors',
  'Coast',
  'Forest',
  'Valley',
  'Falls',
  'Gorge',
  'Peninsula',
  'Estuary',
  'Downs',
  'Dales',
  'Marshes',
  'Heath',
]);
/**
 * An article before such a head word, after a preposition or not: "sur le lac", "du mont", "au col";
 * from the twenty-ninth pass the article alone too ("Faire le mont Albert", "Le cirque de Gavarnie").
 */
const FEATURE_CUE_FR_RE =
  /(?:^|\s)(?:(?:(?:sur|sous|vers|près|autour|dans|de|à|a|en|depuis|jusqu['’]au)\s+)?(?:le|la|les|l['’])\s*|(?:du|au|des|aux)\s+)$/iu;
/** Words after a head word that make a shop or a thing of it ("River Island", "Mount Pleasant Road"). */
const NOT_FEATURE_NAMES = new Set(['Island', 'Cottage', 'House', 'Road', 'Street', 'Farm', 'School', 'Hotel']);

/**
 * The head word's token when one or two capitalised words at token i name a natural area before a head
 * of FEATURE_HEADS_AFTER, else -1: not a given name first ("Joe Valley" is a person), not a run that
 * goes on into another capitalised word ("Beverly Hills Cop"), not after a possessive.
 */
function areaHeadAfter(text: string, tokens: readonly Token[], i: number): number {
  for (const k of [i + 1, i + 2]) {
    const head = tokens[k];
    if (head === undefined || !FEATURE_HEADS_AFTER.has(head.text)) continue;
    for (let m = i; m < k; m++) {
      const w = tokens[m];
      if (!w.cap || w.elided !== '' || !/^ $/u.test(text.slice(w.end, tokens[m + 1].start))) return -1;
    }
    if (isFirstName(tokens[i].lower) || NOT_NAME_SET.has(tokens[i].lower)) return -1;
    // A capitalised word that opens the sentence before a two-word name is the sentence's ("Played
    // Stardew Valley"), not the area's.
    if (k === i + 2 && tokens[i].sentenceStart) return -1;
    const after = tokens[k + 1];
    if (after !== undefined && after.cap && adjacent(text, head, after)) return -1;
    return k;
  }
  return -1;
}

/**
 * The last token of a natural feature named after its head word at token i ("River Tay", "lac
 * Memphrémagog"): the next word, capitalised and adjacent, and no other capitalised word after it;
 * else -1.
 */
function featureEnd(text: string, tokens: readonly Token[], i: number): number {
  let k = i + 1;
  const head = tokens[i];
  const french = FEATURE_HEADS_FR.has(head.lower);
  // Twenty-sixth pass: a French link word between the head and the name ("forêt de Brocéliande"); from
  // the twenty-ninth, "de la" as well.
  const link = tokens[k];
  let linked = false;
  if (
    link !== undefined &&
    french &&
    FEATURE_LINKS_FR.has(link.text) &&
    /^ $/u.test(text.slice(head.end, link.start))
  ) {
    k++;
    linked = true;
    const la = tokens[k];
    if (link.text === 'de' && la !== undefined && la.text === 'la' && /^ $/u.test(text.slice(link.end, la.start))) k++;
  }
  const name = tokens[k];
  if (name === undefined || !name.cap) return -1;
  // Twenty-ninth pass: an elided "d'" links a French head to its name ("col d'Izoard", "Val d'Hérens").
  const elidedLink =
    french && !linked && name.elided === 'd' && /^ d['’]$/u.test(text.slice(tokens[k - 1].end, name.start));
  if (!elidedLink && (name.elided !== '' || !/^ $/u.test(text.slice(tokens[k - 1].end, name.start)))) return -1;
  if (NOT_NAME_SET.has(name.lower) || NOT_FEATURE_NAMES.has(name.text)) return -1;
  // A head that is also a title or a given name names a person before a name of the lists ("Col
  // Sanders", "Val Kilmer"), unless a link word says otherwise.
  if ((head.text === 'Col' || head.text === 'Val') && !linked && !elidedLink) {
    const bits = name.lists >= 0 ? name.lists : lists().index.lookup(name.lower, 0, name.lower.length);
    if (bits >= 0 && (bits & (IN_FIRST | IN_SURNAME | IN_WIDE_SURNAME)) !== 0) return -1;
  }
  const after = tokens[k + 1];
  if (after !== undefined && after.cap && adjacent(text, name, after)) return -1;
  return k;
}

/**
 * The counties of Ireland, and County Durham, named after `Co.`, `Co` or `County` ("Co. Clare", "County
 * Antrim"). Compiled for this project from general knowledge (a list of facts).
 */
const COUNTIES = words(
  'antrim armagh carlow cavan clare cork derry donegal down dublin durham fermanagh galway kerry kildare ' +
    'kilkenny laois leitrim limerick londonderry longford louth mayo meath monaghan offaly roscommon sligo ' +
    'tipperary tyrone waterford westmeath wexford wicklow',
);

/** The last token of "Co. Clare" or "County Antrim" starting at token i, or -1. */
function countyEnd(text: string, tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  if (t.text !== 'Co' && t.text !== 'County') return -1;
  const name = tokens[i + 1];
  if (name === undefined || !name.cap || !COUNTIES.has(name.lower)) return -1;
  const between = text.slice(t.end, name.start);
  return between === ' ' || (t.text === 'Co' && (between === '. ' || between === '.')) ? i + 1 : -1;
}

/**
 * Codes of US states and Canadian provinces that are no English or French word or common
 * abbreviation: after a town and a comma they name a region ("Savannah, GA", "Saint-Donat, QC"), and
 * the capitalised name before the comma is then a town, found or not.
 */
const REGION_CODES = new Set(
  (
    'AK AZ AR CA CT FL GA IA KS KY MD MI MN NC NH NJ NM NV NY RI TN TX UT VT WI WV WY DC ' + 'QC BC AB MB SK NB NL'
  ).split(' '),
);
/** Codes that are also words or abbreviations ("OK", "ON", "IN"): a region after a town already found only. */
const WORD_REGION_CODES = new Set(
  'AL CO DE HI ID IL IN LA MA ME MO MS MT NE ND OH OK OR PA SC SD VA WA ON NS PE NT NU YT'.split(' '),
);

/**
 * Twenty-fourth pass: the code of a state or province at token i after a town and a comma, followed by
 * the end, punctuation, a postcode or a lower-case word: the first token of the town to tag with it
 * (i when the town was already found: its span then takes the code; -1 when it is no such code).
 */
function regionCodeTown(text: string, tokens: readonly Token[], i: number, out: readonly NameSpan[]): number {
  const t = tokens[i];
  if (t.text.length !== 2 || text.slice(t.start - 2, t.start) !== ', ') return -1;
  const known = REGION_CODES.has(t.text);
  if (!known && !WORD_REGION_CODES.has(t.text)) return -1;
  if (!/^(?:$|\s*[.,;:!?)]|\s+\d|\s+[A-Z]\d|\s+\p{Ll})/u.test(text.slice(t.end, t.end + 3))) return -1;
  const last = out[out.length - 1];
  if (last !== undefined && last.end === t.start - 2) return last.type === 'LOCATION' ? i : -1;
  if (!known) return -1;
  // The town: the capitalised tokens right before the comma, joined by single spaces ("New York").
  let first = i - 1;
  if (tokens[first] === undefined || !tokens[first].cap || tokens[first].end !== t.start - 2) return -1;
  while (first > 0 && tokens[first - 1].cap && text.slice(tokens[first - 1].end, tokens[first].start) === ' ') first--;
  return first;
}

/**
 * The guards of the rules that read a word named like a person as a town after a cue: not a
 * never-a-name word, a language ("sang in Welsh"), a game, character or shop of the brand list ("in
 * Zelda", "in Aldi") or a month, and not before a possessive, another capitalised word or a hyphen
 * ("in Smith's garden", "in Jones Park").
 */
function mayBeTownNamedLikePerson(text: string, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  return (
    !NOT_NAME_SET.has(t.lower) &&
    !DEMONYMS.has(t.lower) &&
    !(BRANDS_BY_FIRST_WORD.get(t.text) ?? []).includes(t.text) &&
    !isMonthUse(text, tokens, i) &&
    !/^(?:['’]s?\b|\s+\p{Lu}|-)/u.test(text.slice(t.end, t.end + 3))
  );
}

/**
 * Thirty-third pass: a motorway after "the" or "on" ("broke down on the M4"); and the code of an Australian state, or of a US state or Canadian
 * province, right before a postcode of its shape ("Coolangatta QLD 4225", "Eugene, OR 97401",
 * "St. John's, NL A1C 1A5"), with the capitalised town right before it when no span holds it yet.
 */
// Motorways only: the sets disagree on French autoroutes ("l'A7" unlabelled, "l'A84" labelled), and "the
// N38" is as often a bus.
const ROAD_RE = /(?<=\b(?:the|on|off|along|onto|via)[ ])M\d{1,3}(?:\(M\))?(?![\p{L}\p{N}])/gu;
const POSTCODE_REGION_RE =
  /(?<![\p{L}\p{N}])(?:(QLD|NSW|VIC|TAS|ACT|NT|WA|SA)[ ]\d{4}|([A-Z]{2})[ ](?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z][ ]?\d[A-Z]\d))(?![\p{L}\p{N}])/gu;
const TOWN_BEFORE_CODE_RE = /(\p{Lu}[\p{L}'’.-]*(?:[ ]\p{Lu}[\p{L}'’.-]*){0,2})(?:,[ ]|[ ])$/u;

/** ROAD_RE's matches start with their "M" (anchored-search.ts). */
const ROAD_ANCHOR: Anchor = { char: 'M', lead: () => false, maxLead: 0 };

function addRoadsAndPostcodeRegions(text: string, out: NameSpan[], reference: boolean): void {
  const free = (from: number, to: number): boolean => !out.some((o) => o.start < to && from < o.end);
  for (const m of reference ? text.matchAll(ROAD_RE) : anchoredMatches(text, ROAD_RE, ROAD_ANCHOR)) {
    if (free(m.index, m.index + m[0].length))
      out.push({ type: 'LOCATION', start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(POSTCODE_REGION_RE)) {
    const code = m[1] ?? m[2];
    if (m[2] !== undefined && !REGION_CODES.has(code) && !WORD_REGION_CODES.has(code)) continue;
    const end = m.index + code.length;
    if (!free(m.index, end)) continue;
    out.push({ type: 'LOCATION', start: m.index, end });
    const town = TOWN_BEFORE_CODE_RE.exec(text.slice(Math.max(0, m.index - 40), m.index));
    if (town !== null) {
      const from = m.index - town[0].length;
      const to = from + town[1].length;
      // A town read as a person's name is the town here ("Milton QLD 4064").
      const person = out.findIndex((o) => o.type === 'PERSON' && o.start === from && o.end === to);
      if (person >= 0) out.splice(person, 1);
      if (free(from, to)) out.push({ type: 'LOCATION', start: from, end: to });
    }
  }
  out.sort((a, b) => a.start - b.start);
}

/** Lower-case words after which a family name alone names a town or district (see findNames). */
const IN_TOWN_WORDS = new Set(['in', 'near', 'outside']);
/** Words of a route before a town: one goes round, via or towards a town ("round Stirling", "vers Florence"). */
// Thirtieth pass: "entre" and "between" ("RER B en rade entre Massy et Antony").
const ROUTE_WORDS = words('via round around towards toward vers à entre between');
/** Verbs and nouns of travel that make "to" or "from" a route ("drove to Alton", "the train from Kendal"). */
const GOING_WORDS = words(
  'went go goes going gone drove drive drives driving moved move moving headed heading head travelled traveled ' +
    'travelling traveling travel trip train bus coach flight flights flew fly ferry back return returned returning ' +
    'cycled cycling walked walking ride rode riding commute commuting came coming relocated relocating ' +
    // Fiftieth pass: lifts and collections, distances, and "over"/"up"/"down" before "from" and "to"
    // ("lift share to Kendal", "collection from Kendal only", "came over from Kingston", "up from Ennis").
    'lift lifts share collection collect collected pickup delivered over up down miles km minutes mins',
);
/**
 * Fifty-first pass: nouns of a town's parts and people before "of" ("the mayor of Whitby", "half of
 * Skipton", "the outskirts of Kendal").
 */
const OF_TOWN_WORDS = words(
  'mayor outskirts centre center suburbs streets residents people town city village half heart edge ' +
    'north south east west',
);
/** Nouns after which French "de" is a route's ("près de Vierzon", "du côté de Florence"). */
const ROUTE_DE_WORDS = words('près pres côté cote direction sortie route');

/** Token i follows a word of a route (`prev` is the lower case of the token before it). */
function isRouteTo(tokens: readonly Token[], i: number, prev: string): boolean {
  if (ROUTE_WORDS.has(prev)) return true;
  const before = tokens[i - 2]?.lower ?? '';
  if (prev === 'to' || prev === 'from') return GOING_WORDS.has(before);
  if (prev === 'of') return OF_TOWN_WORDS.has(before);
  return prev === 'de' && ROUTE_DE_WORDS.has(before);
}
/** Words before "in" that put a person after it ("believe in Tom", "interested in Grace", "faith in Mo"). */
/**
 * Thirty-fourth pass: words before French "à" that take a person or a pet after it ("merci à",
 * "bisous à", "demandez à", "il répond à"), where an unknown capitalised word is no town.
 */
const TO_SOMEONE_BEFORE_A = words(
  'merci bisous bravo félicitations felicitations demandez demande demander demandé dis dit dites répond ' +
    'répondait répondre parle parlé parler écris écrit écrire envoie envoyé envoyez pense pensées rappelle ' +
    'donne donné donnez salut coucou courage condoléances gros hommage adieu dédicace grâce',
);

/**
 * Months, weekdays and feasts in English and French: no unknown town after a cue (the English word
 * list holds them in lower case only), and no end of a route ("from Monday to Friday").
 */
const CALENDAR_WORDS = words(
  'january february march april may june july august september october november december ' +
    'monday tuesday wednesday thursday friday saturday sunday christmas easter halloween ' +
    'thanksgiving hanukkah diwali ramadan eid lent advent passover pentecost whitsun ' +
    'lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet ' +
    'août septembre octobre novembre décembre noël',
);

/**
 * Thirty-fourth pass: a capitalised word that no list knows and no everyday English word is, right
 * after "in", "near" or "outside", or after French "à" unless a word that takes a person comes before
 * it: a town or a district that the lists miss ("in Fremantle", "near Ballyvaughan", "à Tadoussac").
 * Not a word known in another way (a name, a brand, a month, a demonym), nor one with a possessive or
 * another capitalised word after it ("in Alun's kitchen", "in Fleetwood Mac"), nor a joined given
 * name ("à Georges-Pompidou", a hospital).
 */
function isUnknownTownAfterCue(text: string, tokens: readonly Token[], i: number, prev: Token): boolean {
  const t = tokens[i];
  if (!t.cap || t.sentenceStart || !adjacent(text, prev, t) || CALENDAR_WORDS.has(t.lower)) return false;
  if (prev.text === 'à' || prev.text === 'À') {
    const before = prevWord(text, tokens, i - 1);
    if (before !== undefined && TO_SOMEONE_BEFORE_A.has(before.lower)) return false;
  } else if (!IN_TOWN_WORDS.has(prev.text) || IN_SOMEONE_WORDS.has(tokens[i - 2]?.lower ?? '')) {
    return false;
  }
  // (The reference path's tokens carry no list bits: the index is asked, for the same answer.)
  const bits = t.lists >= 0 ? t.lists : lists().index.lookup(t.text, 0, t.text.length);
  if (bits >= 0) {
    if ((bits & LIST_BITS) !== 0) return false;
  } else {
    const parts = t.lower.split(/['’-]/u);
    if (
      isFirstName(parts[0]) ||
      isCompoundFirstName(t.lower) ||
      isJoinedPersonName(t.text) ||
      lists().surnames.has(t.lower) ||
      lists().wideSurnames.has(t.lower)
    )
      return false;
  }
  // Not a flat or a unit before its number ("à Appartement 12, 8 rue…", "in Flat 2").
  if (/^\s*\d/u.test(text.slice(t.end, t.end + 3))) return false;
  return !isMonthUse(text, tokens, i) && mayBeTownNamedLikePerson(text, tokens, i);
}

/**
 * A verb of calling, one or two capitalised words, then a phone number, with "au", "on", "at", "sur"
 * or a colon between ("appelez Réjean au 819-555-0164", "text Jago on 07700 900417").
 */
const CALLED_NAME_RE =
  /(?<![\p{L}])(?:[Aa]ppel(?:ez|er|le)|[Cc]all|[Rr]ing|[Tt]ext|[Pp]hone|[Cc]ontact(?:ez|er)?|[Jj]oi(?:ndre|gnez)|[Ww]hats[Aa]pp)\s+(\p{Lu}\p{Ll}[\p{L}'’-]*(?: \p{Lu}\p{Ll}[\p{L}'’-]*)?)\s*(?:au|on|at|sur|:)?\s*[+(]?\d/gu;

/** The phrases a booking, a parcel or a letterbox is under a name with. */
const UNDER_NAME_RE =
  /(?<![\p{L}])(?:(?:under|in) the name(?: of)?|au nom d(?:e\s+|['’])|(?:the )?name on it(?: is|:)|nom dessus\s*:)\s*/giu;
/** Before the phrase: an animal that answers to its name ("répond au nom de Réglisse", "answers to the name"). */
const ANSWERS_TO_NAME_RE = /(?:répond(?:ait|ent)?|answers?(?:ing)? to|goes by)\s*$/iu;
/** What is booked, sent or held under a name: one of them near the phrase makes an unknown word a name. */
const BOOKED_THINGS_RE =
  /\b(?:book(?:ing|ed)?|reserv(?:ation|ed)|table|parcel|package|delivery|order|letter-?box|mailbox|post|cheque|account|tickets?|invoice|lease|contract|registered|réserv(?:ation|ée?s?)|colis|commande|boîte|lettres|chèque|compte|facture|billets?|dossier|contrat|bail|inscrite?s?)\b/iu;
/** Names one acts in the name of that are no person. */
const NOT_BOOKED_NAMES = words(
  'god dieu allah jesus jésus christ lord seigneur father père love amour science law loi republic république',
);

/**
 * Forty-first pass: a capitalised name after "under the name", "in the name of", "au nom de" or "the
 * name on it is" is the person a booking, a parcel or a letterbox is under, even a family name alone
 * that the lists lack ("boîte aux lettres au nom de Kessler"); not an animal answering to its name,
 * God or the law, a place, a brand or an everyday English word ("in the name of Science"). An initial
 * and a family name make one span ("the name on it is A. Mensah"). Returns whether a span was added.
 */
function addBookedNames(text: string, tokens: readonly Token[], out: NameSpan[]): boolean {
  let added = false;
  for (const m of text.matchAll(UNDER_NAME_RE)) {
    const at = tokens.findIndex((tk) => tk.start === m.index + m[0].length);
    const t = tokens[at];
    if (t === undefined || !t.cap || ANSWERS_TO_NAME_RE.test(text.slice(Math.max(0, m.index - 16), m.index))) continue;
    if (out.some((o) => o.start < t.end && t.start < o.end) || NOT_BOOKED_NAMES.has(t.lower)) continue;
    const next = tokens[at + 1];
    const initial =
      t.text.length === 1 && next !== undefined && next.cap && /^\.\s$/u.test(text.slice(t.end, next.start));
    if (!initial) {
      if (NOT_NAME_SET.has(t.lower) || isFunctionalWord(t) || (BRANDS_BY_FIRST_WORD.get(t.text) ?? []).length > 0)
        continue;
      if (placeAt(text, tokens, at) !== undefined) continue;
      const family = lists().surnames.has(t.lower) || lists().wideSurnames.has(t.lower);
      if (!family && t.lists >= 0 && (t.lists & IN_ENGLISH_WORD) !== 0) continue;
      // A name the lists lack needs the thing held under it nearby ("au nom de Greenpeace" speaks for a body).
      const near = text.slice(Math.max(0, m.index - 60), Math.min(text.length, t.end + 40));
      if (!family && !isFirstName(t.lower) && !BOOKED_THINGS_RE.test(near)) continue;
    }
    const last = initial ? at + 1 : extendName(text, tokens, at);
    out.push({ type: 'PERSON', start: t.start, end: tokens[last].end });
    added = true;
  }
  return added;
}

/**
 * Thirty-fifth pass: a name between a verb of calling and a phone number is the person to call, when
 * no span holds it yet and it is no everyday English word, brand or never-a-name word ("call
 * Reception on…", "ring Boots on…"). Returns whether a span was added.
 */
function addCalledNames(text: string, out: NameSpan[]): boolean {
  let added = false;
  for (const m of text.matchAll(CALLED_NAME_RE)) {
    const start = m.index + m[0].indexOf(m[1], m[0].search(/\s/u));
    const end = start + m[1].length;
    if (out.some((o) => o.start < end && start < o.end)) continue;
    const first = m[1].split(' ')[0];
    const lower = first.toLowerCase();
    const bits = lists().index.lookup(first, 0, first.length);
    if (bits >= 0 && (bits & IN_ENGLISH_WORD) !== 0) continue;
    if (NOT_NAME_SET.has(lower) || (BRANDS_BY_FIRST_WORD.get(first) ?? []).length > 0) continue;
    out.push({ type: 'PERSON', start, end });
    added = true;
  }
  return added;
}

/** A town joined by a lower-case link word: "Hay-on-Wye", "Stoke-on-Trent", "Bourg-en-Bresse". */
const LINKED_TOWN_RE =
  /^\p{Lu}[\p{L}'’]*(?:-\p{Lu}[\p{L}'’]*)*-(?:on|upon|under|by|le|en|sur|sous|lès|lez)-\p{Lu}[\p{L}'’-]*$/u;

/** A capitalised run of one to three words (with hyphens, apostrophes): a route's end. */
const ROUTE_END = "\\p{Lu}[\\p{L}'’-]*(?: \\p{Lu}[\\p{L}'’-]*){0,2}";
/** "from A to B", "de A à B", "between A and B", "entre A et B": the two ends of a route. */
const ROUTE_RE = new RegExp(
  `(?<![\\p{L}])(?:from (${ROUTE_END}) (?:to|into|up to|down to|over to) (?:the )?(${ROUTE_END})|de (${ROUTE_END}) (?:à|jusqu['’]à) (${ROUTE_END})|between (${ROUTE_END}) and (${ROUTE_END})|entre (${ROUTE_END}) et (${ROUTE_END}))`,
  'gu',
);
/**
 * Thirty-fourth pass: the end of a route whose other end is a place found ("from Oban to Craignure",
 * "from Putney to Kingston", "de Carennac à Souillac", "between Halifax and Calgary") is a place too,
 * when no span holds it yet and it is no day or month (CALENDAR_WORDS). Returns whether a span was added.
 */
function addRouteEnds(text: string, out: NameSpan[]): boolean {
  if (!/\b(?:from|de|between|entre) \p{Lu}/u.test(text)) return false;
  let added = false;
  for (const m of text.matchAll(ROUTE_RE)) {
    const ends: [number, number][] = [];
    for (let g = 1; g <= 8; g += 2) {
      if (m[g] === undefined) continue;
      const a = m.index + m[0].indexOf(m[g]);
      const b = m.index + m[0].lastIndexOf(m[g + 1]);
      ends.push([a, a + m[g].length], [b, b + m[g + 1].length]);
    }
    if (ends.length !== 2) continue;
    const held = ends.map(([from, to]) => out.find((o) => o.start < to && from < o.end));
    // Thirty-eighth pass: two ends that are both towns named like people make a route of towns ("from
    // Putney to Kingston", "between Stirling and Kendal"): a one-word person's span on either becomes a
    // place, and an end without a span gets one.
    const townLike = ends.map(([from, to]) => isTownNamedLikePerson(text.slice(from, to)));
    if (townLike[0] && townLike[1] && held.every((h) => h === undefined || h.type !== 'LOCATION')) {
      for (let e = 0; e < 2; e++) {
        const [from, to] = ends[e];
        const h = held[e];
        if (h !== undefined && (h.start !== from || h.end !== to)) continue;
        if (h !== undefined) out.splice(out.indexOf(h), 1);
        out.push({ type: 'LOCATION', start: from, end: to });
        added = true;
      }
      continue;
    }
    for (let e = 0; e < 2; e++) {
      const other = held[1 - e];
      const [from, to] = ends[e];
      if (other === undefined || other.type !== 'LOCATION') continue;
      // Thirty-eighth pass: a town named like a person at the other end is the town ("from Stirling to Kendal").
      const h = held[e];
      if (h !== undefined && h.type === 'PERSON' && h.start === from && h.end === to && townLike[e]) {
        out[out.indexOf(h)] = { type: 'LOCATION', start: from, end: to };
        added = true;
        continue;
      }
      if (h !== undefined) continue;
      if (
        text
          .slice(from, to)
          .split(' ')
          .some((w) => CALENDAR_WORDS.has(w.toLowerCase()))
      )
        continue;
      out.push({ type: 'LOCATION', start: from, end: to });
      added = true;
    }
  }
  return added;
}

/**
 * Fortieth pass: a given name that is also a word, opening a sentence, followed by where the person is
 * from or works ("Dawn from the choir brought…", "Rose de la chorale a apporté…", "Jojo du garage…",
 * "Violette à la caisse…"): the member of a group, a person.
 */
const MEMBER_OF_RE = /^ (?:(?:from|at) the|du|de la|de l['’]|à la) \p{Ll}/u;

/** Thirty-fourth pass: nouns of a family after its name ("the Okeke family", "the McAllister sisters"). */
const KIN_AFTER = words('family families sisters brothers twins cousins clan household siblings');
/** Words before a family name alone ("la famille Ndiaye", "née Corrigan"). */
const KIN_BEFORE = words('famille née nee');
/** Endings of nationalities and languages, which come before "family" too ("a Canadian family"). */
const NATIONALITY_RE = /(?:ian|ese|ish|can|ean)$/u;

/**
 * Thirty-fourth pass: the last token of a family's name at token i, or -1: a capitalised word right
 * before a plural noun of a family ("the Okeke family", "any Whitlock cousins"), or right after
 * "famille" or "née" ("Toutes nos condoléances à la famille Ndiaye", "née Corrigan", "Famille Van den
 * Bossche"). Not an everyday English word unless a family name of the lists ("the Royal family", but
 * "the Baker family"), a nationality or a place.
 */
function familyNameAt(text: string, tokens: readonly Token[], i: number, place: string | undefined): number {
  const t = tokens[i];
  if (!t.cap || place !== undefined) return -1;
  const prev = prevWord(text, tokens, i);
  let last = i;
  if (prev !== undefined && KIN_BEFORE.has(prev.lower) && adjacent(text, prev, t)) {
    last = extendName(text, tokens, i);
  } else {
    const next = tokens[i + 1];
    if (!adjacent(text, t, next) || next.text !== next.lower || !KIN_AFTER.has(next.lower)) return -1;
  }
  if (last > i) return last;
  const l = lists();
  if (l.surnames.has(t.lower) || l.wideSurnames.has(t.lower)) return i;
  const bits = t.lists >= 0 ? t.lists : lists().index.lookup(t.text, 0, t.text.length);
  if (bits >= 0 && (bits & IN_ENGLISH_WORD) !== 0) return -1;
  if (NOT_NAME_SET.has(t.lower) || DEMONYMS.has(t.lower) || NATIONALITY_RE.test(t.lower)) return -1;
  return i;
}

const IN_SOMEONE_WORDS = words(
  'believe believes believed believing interest interested trust trusted faith confidence involved included ' +
    'invested pride proud disappointed disappointment',
);

/** Pushes the person spanning tokens from … to. */
function pushPerson(out: NameSpan[], tokens: readonly Token[], from: number, to: number): void {
  out.push({ type: 'PERSON', start: tokens[from].start, end: tokens[to].end });
}

/**
 * The rules for token i when it is not Title Case (lower case or capitals): pushes what it finds to
 * `out` and returns the index of the last token it took (i when none). One of the two halves of
 * findNames' loop: kept apart so that V8 optimises, and when a rare branch is first taken recompiles,
 * a smaller function.
 */
function caselessWordAt(text: string, tokens: readonly Token[], i: number, out: NameSpan[]): number {
  const t = tokens[i];
  // Sixteenth pass: a town typed in lower case after a place cue ("à marseille", "in bradford"),
  // when the town is nothing else (no word, not a town that counts after a cue only). From the
  // twenty-eighth pass a town that is also a name of the lists counts too ("à lyon", "in
  // sheffield"): the lists keep towns named like people out of the plain ones, and those left are
  // far more often the town after "in" or "à". Towns with accents are asked by their capitalised
  // form ("à besançon"), which the index's one-word ASCII places do not hold.
  // (The reference path's tokens carry no list bits: the index is asked, for the same answer.)
  const bits = t.lists >= 0 ? t.lists : lists().index.lookup(t.text, 0, t.text.length);
  // Thirtieth pass: the country's initials after "the" and a place cue ("legal in the UK?", "moved
  // to the US"); alone, "US" is as often the pronoun shouted.
  // (Each word-set test below first asks the token's first character or length, so that the many
  // plain lower-case words are let through without making their strings.)
  if (
    COUNTRY_INITIAL_FIRSTS.has(text.charCodeAt(t.start)) &&
    COUNTRY_INITIALS.has(t.text) &&
    tokens[i - 1]?.text === 'the' &&
    afterStrongPlaceCue(text, tokens, i - 1)
  ) {
    out.push({ type: 'LOCATION', start: t.start, end: t.end });
    return i;
  }
  // Seventeenth pass: shouted in capitals too ("EN BRETAGNE", "in GLENCOE").
  if (t.caseless && (bits < 0 || (bits & IN_PLACE_WORD) !== 0) && afterStrongPlaceCue(text, tokens, i)) {
    const town = t.lower[0].toUpperCase() + t.lower.slice(1);
    const listed = bits >= 0 || (/[^\p{ASCII}]/u.test(town) && (placesStartingWith(town)?.includes(town) ?? false));
    if (listed && !isAmbiguousPlace(town) && !isPlaceInOtherNoun(text, tokens, i, t.text, true)) {
      out.push({ type: 'LOCATION', start: t.start, end: t.end });
      return i;
    }
  }
  // Forty-first pass: a route shouted in capitals near a word of travel ("DÉMÉNAGEMENT PARIS-MARSEILLE").
  // (A token the word index answered for is ASCII letters only, with no hyphen.)
  if (t.caseless && t.lists < 0 && t.text !== t.lower && t.text.includes('-') && nearTravelWord(tokens, i)) {
    const towns = joinedTowns(t, false);
    if (towns !== undefined) {
      for (const [start, end] of towns) out.push({ type: 'LOCATION', start, end });
      return i;
    }
  }
  // A title typed in lower case before a known name in lower case: "mr harper", "mme dupont".
  if ((t.lists < 0 || (t.lists & IN_HONORIFIC) !== 0) && t.text === t.lower && isTitledName(text, tokens, i)) {
    pushPerson(out, tokens, i + 1, i + 1);
    return i + 1;
  }
  // Dutch and German particles before a Title Case family name, mid-sentence: "van Damme", "van
  // der Berg", "von Trier" (a capitalised "Van" at a sentence start proves nothing).
  const vonLast =
    t.end - t.start === 3 && (t.lower === 'van' || t.lower === 'von') ? particleNameAt(text, tokens, i) : -1;
  if (vonLast >= 0) {
    pushPerson(out, tokens, i, vonLast);
    return vonLast;
  }
  // Twenty-third pass: a lake, a mountain or a pass named after its French head word ("le lac
  // Memphrémagog", "sous le mont Viso").
  const feature =
    FEATURE_HEAD_FR_FIRSTS.has(text.charCodeAt(t.start)) &&
    FEATURE_HEADS_FR.has(t.text) &&
    FEATURE_CUE_FR_RE.test(text.slice(Math.max(0, t.start - 12), t.start))
      ? featureEnd(text, tokens, i)
      : -1;
  if (feature >= 0) {
    out.push({ type: 'LOCATION', start: t.start, end: tokens[feature].end });
    return feature;
  }
  // An ASCII word that is no first name nor family name (so no hyphen either): both rules return -1.
  if (t.lists >= 0 && (t.lists & (IN_FIRST | IN_SURNAME | IN_WIDE_SURNAME)) === 0) return i;
  // A word of the index that is no first name can only be a family name.
  const onlySurname = t.lists >= 0 && (t.lists & IN_FIRST) === 0;
  const last = !t.caseless
    ? -1
    : Math.max(onlySurname ? -1 : caselessNameAt(text, tokens, i), caselessSurnameAt(text, tokens, i));
  if (last >= 0) {
    pushPerson(out, tokens, i, last);
    i = last;
  }
  return i;
}

/**
 * The rules for a Title Case token i, as {@link caselessWordAt}, in four functions tried in turn (places
 * before names, a title, listed and unlisted places, persons) after the checks that skip the token.
 */
function capitalisedWordAt(
  text: string,
  tokens: readonly Token[],
  i: number,
  out: NameSpan[],
  options: FindNamesOptions,
): number {
  const before = placeBeforeNameAt(text, tokens, i, out);
  if (before >= 0) return before;
  const vanLast = tokens[i].text === 'Van' || tokens[i].text === 'Von' ? capitalParticleNameAt(text, tokens, i) : -1;
  if (vanLast >= 0) {
    pushPerson(out, tokens, i, vanLast);
    return vanLast;
  }
  if (!(options.reference ?? false) && !mayStartName(text, tokens, i)) return i;
  const t = tokens[i];
  const prev = prevWord(text, tokens, i);
  // Christmas ("Joyeux Noël", "le Père Noël", "à Noël"), not someone called Noël.
  if ((t.lower === 'noël' || t.lower === 'noel') && prev !== undefined && NOEL_CUES.has(prev.lower)) return i;
  const titled = afterHonorificAt(text, tokens, i, out);
  if (titled >= 0) return titled;
  const place = placeAt(text, tokens, i);
  const placed = placeWordAt(text, tokens, i, out, prev, place);
  if (placed >= 0) return placed;
  return personWordAt(text, tokens, i, out, prev, place);
}

/**
 * The places a Title Case token i opens that come before any name rule (rivers, mountains, areas,
 * counties, villages after their cue): pushes one and returns the last token it took, or -1.
 */
function placeBeforeNameAt(text: string, tokens: readonly Token[], i: number, out: NameSpan[]): number {
  const t = tokens[i];
  // A capitalised word none of the rules below can take is skipped (the reference path tries them all).
  // Twenty-third pass: a river, a lough or a mountain named after its English head word ("the River
  // Tay", "Lough Derg", "Slieve Donard").
  if (riverAfterArticle(text, tokens, i)) {
    out.push({ type: 'LOCATION', start: t.start, end: t.end });
    return i;
  }
  const feature =
    FEATURE_HEADS_EN.has(t.text) || FEATURE_HEADS_NAMED_EN.has(t.text) || FEATURE_HEADS_FR_CAPITAL.has(t.text)
      ? featureEnd(text, tokens, i)
      : -1;
  if (feature >= 0) {
    out.push({ type: 'LOCATION', start: t.start, end: tokens[feature].end });
    return feature;
  }
  // Twenty-sixth pass: one or two capitalised words before a head word ("the Malvern Hills", "North
  // York Moors", "Black Mountain").
  const areaHead = areaHeadAfter(text, tokens, i);
  // Thirty-third pass: not one that names a dish or a drink ("Dublin Bay prawns", "a Long Island iced tea").
  if (areaHead >= 0 && !isInOtherNoun(text, tokens, i, tokens[areaHead].end, false)) {
    out.push({ type: 'LOCATION', start: t.start, end: tokens[areaHead].end });
    return areaHead;
  }
  // Twenty-fourth pass: an Irish county after "Co." or "County" ("Co. Clare", "County Antrim").
  const county = countyEnd(text, tokens, i);
  if (county >= 0) {
    out.push({ type: 'LOCATION', start: t.start, end: tokens[county].end });
    return county;
  }
  // Twenty-fourth pass: a village right after a place cue ("near Glenfarg", "du côté de Beynac"); the
  // village lists are in no other rule, and a place of the other lists comes first ("near Paris")
  // unless the village's name is longer ("in Much Wenlock", not the German town "Much").
  if (hasVillageCue(text, tokens, i) && !isMonthUse(text, tokens, i)) {
    const last = villageAt(text, tokens, i);
    const listed = last >= 0 ? placeAt(text, tokens, i) : undefined;
    // "de La Tour", "de La Rochefoucauld": after a bare "de", an article opening the name is a family's
    // particle as often as a village's ("près de La Bresse" stays a place).
    const particle =
      /^L[ae]s? /u.test(text.slice(t.start, t.start + 4)) &&
      tokens[i - 1]?.lower === 'de' &&
      !ROUTE_DE_WORDS.has(tokens[i - 2]?.lower ?? '');
    if (last >= 0 && !particle && (listed === undefined || t.start + listed.length < tokens[last].end)) {
      out.push({ type: 'LOCATION', start: t.start, end: tokens[last].end });
      return last;
    }
  }
  return -1;
}

/** A title before a name ("Mr. Thompson", "M. de La Tour", "Mme dupont"): pushes the name and returns its last token, or -1. */
function afterHonorificAt(text: string, tokens: readonly Token[], i: number, out: NameSpan[]): number {
  const t = tokens[i];
  const nextIsNoel = tokens[i + 1]?.lower === 'noël' || tokens[i + 1]?.lower === 'noel';
  // Honorific + capitalised name: "Mr. Thompson", "Maître Nathalie Roux".
  if (HONORIFIC_SET.has(t.lower) && !nextIsNoel) {
    const next = tokens[i + 1];
    if (next?.cap && /^\.?[ \t\u00a0]+$/u.test(text.slice(t.end, next.start)) && !NAME_BREAKERS.has(next.lower)) {
      if (t.lower !== 'm' || text[t.end] === '.') {
        const last = extendName(text, tokens, i + 1);
        pushPerson(out, tokens, i + 1, last);
        return last;
      }
    }
    // Seventh pass: a title before a particle and a capitalised name: "M. de La Tour", "Mr van Damme".
    const particle = tokens[i + 1];
    const afterParticle = tokens[i + 2];
    if (
      particle !== undefined &&
      // Thirty-fifth pass: Breton and Belgian names keep a capital on theirs ("Mme Le Bihan", "M. Le
      // Goff", "Mme Van Damme").
      (!particle.cap || /^(?:Le|La|De|Du|Van|Von|Di|Da)$/u.test(particle.text)) &&
      PARTICLE_SET.has(particle.lower) &&
      /^\.?[ \t\u00a0]+$/u.test(text.slice(t.end, particle.start)) &&
      adjacent(text, particle, afterParticle) &&
      afterParticle.cap &&
      (t.lower !== 'm' || text[t.end] === '.')
    ) {
      const last = extendName(text, tokens, i + 2);
      pushPerson(out, tokens, i + 1, last);
      return last;
    }
    // An abbreviated title before a known name typed in lower case: "Mr smith", "Mme dupont".
    if (isTitledName(text, tokens, i)) {
      pushPerson(out, tokens, i + 1, i + 1);
      return i + 1;
    }
  }

  return -1;
}

/**
 * The places a Title Case token i names (`place`: the listed place starting there, if any): pushes
 * them and returns the last token taken, or -1 to let the name rules look at the token.
 */
function placeWordAt(
  text: string,
  tokens: readonly Token[],
  i: number,
  out: NameSpan[],
  prev: Token | undefined,
  place: string | undefined,
): number {
  const t = tokens[i];
  // Places (longest phrase first).
  if (place !== undefined) {
    const cue = hasPlaceCue(text, tokens, i) || hasArticlePlaceCue(text, tokens, i);
    if (
      (!isAmbiguousPlace(place) || cue) &&
      !isPlaceInOtherNoun(text, tokens, i, place, cue) &&
      !isFeastDay(text, tokens, i, place) &&
      !isTownAsThing(text, tokens, i, place) &&
      // Twenty-first pass: "approved in March" is the month, not the Fenland town.
      !isMonthUse(text, tokens, i)
    ) {
      out.push({ type: 'LOCATION', start: t.start, end: t.start + place.length });
      // A multi-word place is not also read as a name ("New York Dolls" is not "York Dolls").
      if (place.includes(' ')) {
        const end = t.start + place.length;
        while (i + 1 < tokens.length && tokens[i + 1].start < end) i++;
        return i;
      }
    }
  }

  // Forty-first pass: an unlisted town after a facility of it and "de" ("la gare de Morez").
  if (place === undefined && isFacilityTownAt(text, tokens, i)) {
    out.push({ type: 'LOCATION', start: t.start, end: t.end });
    return i;
  }

  // Nineteenth pass: a family name alone right after "in", "near" or "outside" is a town or a district
  // named like a family ("in Southall", "near Peckham"): one is with someone, not in them. Since the
  // twenty-first pass a given name too ("in Jesmond", "in Derry", "in Ely": the town lists leave out
  // towns named like people), unless "in" follows a word that takes a person ("believe in Tom"); not
  // before another capitalised word or a possessive ("in Smith's
  // garden", "in Jones Park").
  if (
    place === undefined &&
    prev !== undefined &&
    IN_TOWN_WORDS.has(prev.text) &&
    adjacent(text, prev, t) &&
    isCapitalisedAsciiWord(t.text) &&
    (lists().wideSurnames.has(t.lower) || lists().surnames.has(t.lower) || isFirstName(t.lower)) &&
    !IN_SOMEONE_WORDS.has(tokens[i - 2]?.lower ?? '') &&
    mayBeTownNamedLikePerson(text, tokens, i)
  ) {
    out.push({ type: 'LOCATION', start: t.start, end: t.end });
    return i;
  }

  // Thirty-fourth pass: a town joined by a lower-case link word, anywhere ("Hay-on-Wye",
  // "Upton-upon-Severn", "Chester-le-Street", "Saint-Jean-sur-Richelieu"), unless a given name opens a
  // French one ("Jean-le-Bon", a king's byname).
  if (
    place === undefined &&
    LINKED_TOWN_RE.test(t.text) &&
    !(isFirstName(t.lower.split('-')[0]) && /-(?:le|en)-/u.test(t.text))
  ) {
    out.push({ type: 'LOCATION', start: t.start, end: t.end });
    return i;
  }
  if (place === undefined && prev !== undefined && isUnknownTownAfterCue(text, tokens, i, prev)) {
    out.push({ type: 'LOCATION', start: t.start, end: t.end });
    return i;
  }
  const family = familyNameAt(text, tokens, i, place);
  if (family >= 0) {
    pushPerson(out, tokens, i, family);
    return family;
  }

  // Twenty-fourth pass: a town named like a person (places-wide.ts, TOWNS_NAMED_LIKE_PEOPLE) after a
  // word of a route ("round Stirling", "via Kendal", "vers Florence", "drove to Alton", "près de
  // Vierzon"), where one goes through a town, not a person.
  if (
    place === undefined &&
    prev !== undefined &&
    adjacent(text, prev, t) &&
    isRouteTo(tokens, i, prev.lower) &&
    isTownNamedLikePerson(t.text) &&
    mayBeTownNamedLikePerson(text, tokens, i)
  ) {
    out.push({ type: 'LOCATION', start: t.start, end: t.end });
    return i;
  }

  // Towns joined by hyphens or dashes (the detection view turns every dash into '-') near a word of
  // travel: a route ("my Dover–Calais ticket", "billet Marseille-Ajaccio"), each town its own place.
  // Every part must be a one-word place, one at least no word or name as well, and not every part a
  // first name ("Jean-Pierre" is a person). Without the travel word, a pair of towns is as often a race
  // or a cake ("Paris-Roubaix", "Paris-Brest"): from the forty-first pass it counts then only when both
  // are no word nor name and the pair names nothing else (joinedTowns).
  if (place === undefined && t.text.includes('-')) {
    const towns = joinedTowns(t, !nearTravelWord(tokens, i));
    if (towns !== undefined) {
      for (const [start, end] of towns) out.push({ type: 'LOCATION', start, end });
      return i;
    }
  }

  return -1;
}

/** The person a Title Case token i starts, if any (pushed); returns the last token taken (i when none). */
function personWordAt(
  text: string,
  tokens: readonly Token[],
  i: number,
  out: NameSpan[],
  prev: Token | undefined,
  place: string | undefined,
): number {
  const t = tokens[i];
  const greeted = isGreeted(text, tokens, i);
  const afterDeterminer = prev !== undefined && DETERMINER_SET.has(prev.lower);
  // First names, with context for the ambiguous ones; compound given names ("François-Xavier").
  const looksFirst = isFirstName(t.lower) || isCompoundFirstName(t.lower);
  if (looksFirst && place === undefined && afterSaint(text, tokens, i)) {
    // "rue Victor Hugo", "lycée Jean Moulin", "saint Jean Baptiste": the whole name names the street.
    return extendName(text, tokens, i);
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
      if (head > i + 2 && !dual) pushPerson(out, tokens, i, i + 1);
      return last;
    }
    // "Smith LLC", "Bell GROUP": a company suffix the name's extension did not take (all capitals).
    const suffix = tokens[last + 1];
    if (isFirmName(text, tokens, last) || (adjacent(text, tokens[last], suffix) && EPONYM_HEADS.has(suffix.lower))) {
      return last;
    }
    const afterArticle = prev !== undefined && ARTICLES.has(prev.lower) && !hasSurname && !greeted;
    // At a sentence start capitalisation says nothing: a first name alone that is also an ordinary
    // word ("Pierre qui roule…", "Grant me this") needs the evidence it needs in lower case.
    const needsEvidence = dual || (t.sentenceStart && lists().nameWords.has(t.lower));
    let accept =
      !afterArticle &&
      (!needsEvidence ||
        hasSurname ||
        greeted ||
        (!placeWithCue && isAddressedOrActing(text, tokens, i, last)) ||
        (t.sentenceStart &&
          place === undefined &&
          MEMBER_OF_RE.test(text.slice(tokens[last].end, tokens[last].end + 16))));
    // Mid-sentence, an ambiguous word is a name unless a determiner or a Title Case run precedes it.
    const inTitle = prev !== undefined && prev.cap && !t.sentenceStart;
    if (!accept && place === undefined && !t.sentenceStart && !afterDeterminer && !inTitle) accept = true;
    if (accept) {
      pushPerson(out, tokens, i, last);
      return last;
    }
  }

  // A Chinese, Vietnamese or Korean family name before the given name: "Li Na", "Liu Yang".
  const familyFirst = place === undefined && !afterDeterminer ? familyFirstNameAt(text, tokens, i) : -1;
  if (familyFirst >= 0) {
    pushPerson(out, tokens, i, familyFirst);
    return familyFirst;
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
    !afterSaint(text, tokens, i) &&
    !isFirmName(text, tokens, sEnd) &&
    !EPONYM_HEADS.has(tokens[sEnd + 1]?.lower ?? '')
  ) {
    pushPerson(out, tokens, i, sEnd);
    return sEnd;
  }

  // A family name of the wide list alone, with evidence that it names someone: the verbs, opening
  // second person and telling-off that make a first name a person ("Kowalski reverted it"). Not
  // a word after a comma at the end of a sentence: a town goes there too ("…, Springfield").
  if (
    sEnd < 0 &&
    place === undefined &&
    !afterDeterminer &&
    lists().wideSurnames.has(t.lower) &&
    !NOT_NAME_SET.has(t.lower) &&
    !isFirmName(text, tokens, i) &&
    !EPONYM_HEADS.has(tokens[i + 1]?.lower ?? '') &&
    (isAddressedOrActing(text, tokens, i, i, false, false) ||
      (t.sentenceStart && adjacent(text, t, tokens[i + 1]) && SUBJECT_VERBS.has(tokens[i + 1].lower)))
  ) {
    // Seventh pass: opening a sentence before a copula or auxiliary too, as a known surname
    // ("Gonçalves a marqué", "Kowalczyk was right").
    pushPerson(out, tokens, i, i);
    return i;
  }

  // Seventh pass: a role word before an unknown Title Case word mid-sentence names a member
  // ("the admin Dawit banned me", "l'utilisateur Kerbrat", "user Zblorak").
  if (
    place === undefined &&
    !t.sentenceStart &&
    prev !== undefined &&
    ROLE_WORDS.has(prev.lower) &&
    (prev.text === prev.lower || ROLE_TITLES.has(prev.lower)) &&
    adjacent(text, prev, t) &&
    !NOT_NAME_SET.has(t.lower) &&
    !NAME_BREAKERS.has(t.lower) &&
    !CONTRACTION_RE.test(t.text)
  ) {
    const last = nameUnlessThing(text, tokens, i);
    if (last >= 0) {
      pushPerson(out, tokens, i, last);
      return last;
    }
  }

  // Sixth pass: mid-sentence, an unknown Title Case word right before a family name of the lists
  // is a given name the lists lack ("asked Oluwaseun Adeyemi", "with Dmitri Kowalski"); not a
  // greeting or title (their own rules keep them outside the name), nor a firm or a thing named
  // after the family ("Nguyen Group", "Kowalski Prize").
  if (
    !t.sentenceStart &&
    place === undefined &&
    !afterDeterminer &&
    !greeted &&
    // Not inside a Title Case run: a headline's words ("Match Bush Views", "Media Hugh Paterson").
    !(prev !== undefined && prev.cap && adjacent(text, prev, t)) &&
    !GREETING_SET.has(t.lower) &&
    !HONORIFIC_SET.has(t.lower) &&
    isBeforeFamilyName(text, tokens, i) &&
    !afterSaint(text, tokens, i)
  ) {
    const last = nameUnlessThing(text, tokens, i);
    if (last >= 0) {
      pushPerson(out, tokens, i, last);
      return last;
    }
  }

  // French compound toponyms: "Saint-Germain-en-Laye", "Boulogne-sur-Mer", "Sainte-Foy-lès-Lyon".
  if (
    /^(?:Sainte?-\p{Lu}|\p{Lu}[\p{L}'’]*(?:-[\p{L}'’]+)*-(?:sur|sous|en|lès|lez|les|aux|le|la|de|du|d['’]\p{L}+)-\p{Lu})/u.test(
      t.text,
    ) &&
    place === undefined &&
    // Twenty-third pass: a person's name joined by hyphens names an airport, a street or a school
    // after them, not a town ("à Charles-de-Gaulle", "stade Pierre-de-Coubertin").
    !isJoinedPersonName(t.text)
  ) {
    if (hasPlaceCue(text, tokens, i) || !t.text.startsWith('Saint')) {
      out.push({ type: 'LOCATION', start: t.start, end: t.end });
      return i;
    }
  }

  // Irish patronymic surnames: "O'Brien", "O’Neill".
  if (/^O['’]\p{Lu}\p{Ll}{2,}$/u.test(t.text)) {
    const last = extendName(text, tokens, i);
    pushPerson(out, tokens, i, last);
    return last;
  }

  // A greeting before an unknown capitalised word: "Merci Kylian", "Hi Zeynep".
  if (greeted && place === undefined && !NOT_NAME_SET.has(t.lower) && !CONTRACTION_RE.test(t.text)) {
    const last = extendName(text, tokens, i);
    pushPerson(out, tokens, i, last);
    i = last;
  }
  return i;
}

/** Finds PERSON and LOCATION spans in `text` (may overlap each other; the caller resolves). */
export function findNames(text: string, options: FindNamesOptions = {}): NameSpan[] {
  const out: NameSpan[] = [];
  const tokens = tokenize(text, options.reference ?? false);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // Twenty-fourth pass: a state's or a province's code after a town and a comma ("Savannah, GA").
    if (t.text.length === 2) {
      // One place, one span: "Savannah, GA" as an address and its town are (docs/pii-masking.md).
      const codeTown = regionCodeTown(text, tokens, i, out);
      if (codeTown < i && codeTown >= 0) {
        out.push({ type: 'LOCATION', start: tokens[codeTown].start, end: t.end });
        continue;
      }
      if (codeTown === i) {
        out[out.length - 1] = { ...out[out.length - 1], end: t.end };
        continue;
      }
    }
    i = t.cap ? capitalisedWordAt(text, tokens, i, out, options) : caselessWordAt(text, tokens, i, out);
  }
  removeNamedThings(text, tokens, out);
  // After the things are gone ("Sherlock and Watson" coordinates no one); the new names are things too, or not.
  const cued = addCuedNames(text, tokens, out);
  if (addCoordinatedNames(text, tokens, out) || cued) {
    out.sort((a, b) => a.start - b.start);
    removeNamedThings(text, tokens, out);
  }
  // Twenty-sixth pass: the towns listed beside a town found ("dans le Hainaut : Mons, Binche, Ath").
  if (out.length > 0 && addListedTowns(text, tokens, out)) out.sort((a, b) => a.start - b.start);
  // Thirty-fourth pass: the other end of a route from or to a town found ("from Oban to Craignure").
  if (out.length > 0 && addRouteEnds(text, out)) out.sort((a, b) => a.start - b.start);
  // Forty-first pass: the name a booking or a parcel is under ("table for 6 under the name Okafor").
  if ((text.includes('name') || text.includes('nom')) && addBookedNames(text, tokens, out)) {
    out.sort((a, b) => a.start - b.start);
  }
  // Thirty-fifth pass: the one to call at a number ("appelez Jojo au 06…", "text Jago on 07700…").
  if (/\d\d/u.test(text) && addCalledNames(text, out)) out.sort((a, b) => a.start - b.start);
  // Twentieth pass: a name found once is that name again elsewhere in the comment.
  if (out.length > 0) addRepeatedNames(text, tokens, out);
  // Thirty-third pass: motorways and a state's code before its postcode.
  if (/\d/u.test(text)) addRoadsAndPostcodeRegions(text, out, options.reference ?? false);
  const addresses = findAddresses(text);
  out.push(...addresses);
  // A street's name is no person ("Mill Walk", "Jessop Road"): the street wins over a name inside it;
  // a street inside a numbered address is that address already.
  // Twenty-third pass: nor a street that stands for an institution ("le Quai d'Orsay a envoyé").
  const streets = findStreets(text, tokens).filter(
    (st) => !addresses.some((a) => a.start < st.end && st.start < a.end) && !isMetonym(text, st),
  );
  if (streets.length > 0) {
    const inStreet = (n: NameSpan): boolean => streets.some((st) => st.start <= n.start && n.end <= st.end);
    for (let k = out.length - 1; k >= 0; k--) if (inStreet(out[k])) out.splice(k, 1);
    out.push(...streets);
  }
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
