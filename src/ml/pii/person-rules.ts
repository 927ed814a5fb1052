/**
 * Context rules that make a word a person: name extension, greetings and introducing phrases,
 * attributions, addressed or acting names, human predicates, "you" clauses, telling off, names
 * written without Title Case, surnames, and the quick test of whether any rule can take a word.
 */
import * as lexicon from './name-lexicon';
import * as nameTokens from './name-tokens';
import type { Token } from './name-tokens';
import * as placeRules from './place-rules';
// Imported values read once, not at each use (docs/pii-masking.md, "Imported names under tsx").
const {
  GREETING_SET,
  isCompoundFirstName,
  isFirstName,
  lists,
  NAME_BREAKERS,
  NOT_NAME_SET,
  PARTICLE_SET,
  words,
  DETERMINER_SET,
  HONORIFIC_SET,
  IN_FIRST,
  IN_HONORIFIC,
  IN_SURNAME,
  IN_SURNAME_HEAD,
  IN_WIDE_SURNAME,
  IN_PLACE,
  IN_ENGLISH_WORD,
  placesStartingWith,
} = lexicon;
const { adjacent, prevWord, SENTENCE_END_RE } = nameTokens;
const { afterSaint, EPONYM_HEADS, isFirmName, placeAt } = placeRules;

/** Extends a name starting at token `i` with surnames and particles; returns the last token index. */
export function extendName(text: string, tokens: readonly Token[], i: number): number {
  let j = i;
  for (let n = 0; n < 3; n++) {
    const next = tokens[j + 1];
    if (!adjacent(text, tokens[j], next)) break;
    if (PARTICLE_SET.has(next.lower)) {
      const after = tokens[j + 2];
      // Forty-eighth pass: a Dutch or German family name after "van"/"von" may be a town's ("Pieter
      // Van Damme", "Martin Van Buren").
      if (
        adjacent(text, next, after) &&
        after.cap &&
        (placeAt(text, tokens, j + 2) === undefined || next.lower === 'van' || next.lower === 'von')
      ) {
        j += 2;
        continue;
      }
      // Two particles: "van der Berg", "de la Cruz", "van den Broek".
      const third = tokens[j + 3];
      if (
        adjacent(text, next, after) &&
        !after.cap &&
        PARTICLE_SET.has(after.lower) &&
        adjacent(text, after, third) &&
        third.cap &&
        placeAt(text, tokens, j + 3) === undefined
      ) {
        j += 3;
        continue;
      }
      if (!next.cap) break;
    }
    if (!next.cap || NAME_BREAKERS.has(next.lower) || NOT_NAME_SET.has(next.lower)) break;
    // Forty-seventh pass: nor a pronoun's contraction ("the best Herve I've had").
    if (PRONOUN_CONTRACTION_RE.test(next.lower)) break;
    j++;
  }
  return j;
}

/** A pronoun and its contracted verb ("I've", "you're", "it's"), never a part of a name. */
const PRONOUN_CONTRACTION_RE = /^(?:i|you|we|they|he|she|it)['’](?:m|re|ve|ll|d|s)$/u;

/** Articles: after one, a first name alone is a thing or a type ("le Jean est un tissu", "a Karen"). */
export const ARTICLES = words('the a an le la les l un une');

/**
 * French second-person pronouns that, right after a sentence-initial word, make it someone: addressed
 * ("lea tu m'énerves") or the subject before an object pronoun ("Rose vous ment"). English "you" is
 * left out: after a verb that is also a name it is the object ("Hope you choke", "Bill you later").
 */
const SECOND_PERSON = words('tu vous te toi ta ton tes');
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
  // Forty-fifth pass: thanks, praise and love sent to someone ("thank you to Mo", "félicitations à
  // Tharshini"). Not "thanks to", as often "because of" ("thanks to Brexit").
  ['thank', 'you', 'to'],
  ['congrats', 'to'],
  ['shout', 'out', 'to'],
  ['shoutout', 'to'],
  ['big', 'up'],
  ['merci', 'à'],
  ['merci', 'a'],
  ['bravo', 'à'],
  ['félicitations', 'à'],
  ['bisous', 'à'],
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
export function isGreeted(text: string, tokens: readonly Token[], i: number): boolean {
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
    'bloque bloqué vote voté ' +
    // Eighth pass: what people do to each other and on a site, rarely said of a thing.
    'lied cheated texted promised admitted apologised apologized insulted threatened harassed trolled ' +
    'banned bans reported complained claims claimed insists insisted scored resigned hates hated argued refused ' +
    'menti ment triche trichait insulte insulté harcèle harcelé banni bannit signale signalé prétend ' +
    'prétendait insiste marqué démissionné déteste détestait râle ' +
    // Eleventh pass.
    'called calls taught teaches carried owes owe ' +
    // Sixteenth pass.
    'drove organises organised organized fixed conduit organise répare réparé ' +
    // Forty-fifth pass: forgetting is what people do.
    'forgot forgotten forgets oublié oublie oubliait',
);

/** Orders given to someone named at the start of a sentence (see isAddressedOrActing). */
const IMPERATIVES = words(
  'stop pass give send delete come get call text pay answer bring tell leave shut calm grow wake hurry ' +
    'arrête arrete arrêtez passe donne envoie supprime viens appelle paye paie réponds reponds ramène ramene ' +
    'dis laisse calme-toi lâche lache rends',
);

/** Possessives of a person, English and French (see isAddressedOrActing). */
const HIS_HER = words('her his');
const SA_SON = words('sa son ses');
/** Words that link a name to what follows without being its verb ("Jade with her dog" says less). */
const LINK_WORDS = words(
  'and or but nor with for to of about from in on at by than as like into onto et ou avec pour de du des à au',
);

/** Sentence adverbs that may open a clause before its subject ("honestly sandy from HR is…"). */
const CLAUSE_OPENERS = words('honestly seriously basically literally honnêtement franchement sérieux perso bref sinon');

/** True when token i opens its clause: first of a sentence, or right after an interjection or a sentence adverb that is. */
function opensClause(tokens: readonly Token[], i: number): boolean {
  const before = tokens[i - 1];
  return (
    tokens[i].sentenceStart ||
    (before !== undefined &&
      before.sentenceStart &&
      (INTERJECTIONS.has(before.lower) || CLAUSE_OPENERS.has(before.lower)))
  );
}

/** Copulas that, after a name and a short complement, make the name the subject ("Violette de la crèche est…"). */
const COMPLEMENT_COPULAS = words('is was est était');

/**
 * Prepositions of a short complement between a name and its verb ("Capucine de la compta dit…"); from
 * the fifty-first pass "on", of a post ("Rose on the garden centre till knew").
 */
const COMPLEMENT_STARTS = words('de du des à au aux from at in of on');

/**
 * Fifty-first pass: trades that, after "the", "le" or "la", make the word before them a person's name
 * ("Jojo le déménageur", "pascal le chauffeur"), beside the roles of ROLE_WORDS ("Bibi la coloc").
 */
const TRADES = words(
  'conductor electrician postman postie caretaker doctor vet nanny babysitter cleaner guide host chef cook ' +
    'waiter waitress bartender barman receptionist secretary treasurer captain organiser organizer ' +
    'photographer florist tailor tattooist locksmith roofer painter carpenter gardener lawyer bailiff ' +
    'butcher baker grocer pharmacist dentist physio optician binman milkman janitor porter steward ' +
    'stewardess déménageur clown électricien maçon concierge gardien gardienne professeur maîtresse ' +
    'infirmière médecin docteur véto mécanicien cuisinier cuisinière serveur serveuse réceptionniste ' +
    'secrétaire trésorier trésorière président présidente capitaine photographe fleuriste couturière ' +
    'tatoueur serrurier couvreur peintre menuisier jardinier jardinière avocat avocate notaire huissier ' +
    'boucher boulanger boulangère épicier pharmacien pharmacienne dentiste kiné opticien éboueur livreur ' +
    'livreuse',
);
const THE_ROLE = words('the le la');

/** A trade or a role word (TRADES, ROLE_WORDS), as the apposition and the copula rules read them. */
function isRole(t: Token | undefined): boolean {
  return t !== undefined && (TRADES.has(t.lower) || ROLE_WORDS.has(t.lower));
}

/** Interjections that, opening a sentence, can come before the name of the one addressed ("jeez bill, …"). */
const INTERJECTIONS = words('jeez geez gosh oh ah ugh omg wow dude bro allez bon ben bah');

const AUXILIARIES = words('a avait has had have');

/**
 * Evidence that the word at `i` (ending at token `last`) names a person: addressed at the start of
 * a sentence before a comma ("Grace, don't listen"), or at the end after one ("nobody asked you,
 * karen"), or followed by a verb of saying or editing (PERSON_VERBS, "m'a", "t'a").
 * `openingVocative` / `closingVocative` false: the comma before or after the word is no evidence.
 */
export function isAddressedOrActing(
  text: string,
  tokens: readonly Token[],
  i: number,
  last: number,
  openingVocative = true,
  closingVocative = true,
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
  // Twentieth pass: addressed at the start of a sentence, then told what to do ("LUKASZ PASS THE BALL",
  // "Maxime arrête de sauter la séance"); not a name that is itself a verb ("Bill pay…").
  if (
    tokens[i].sentenceStart &&
    adjacent(text, tokens[last], next) &&
    IMPERATIVES.has(next.lower) &&
    !VERB_NAMES.has(tokens[last].lower) &&
    !MODALS.has(tokens[last].lower)
  ) {
    return true;
  }
  // A speaker before a colon, as in a chat log or a dialogue ("Karen: what a day").
  if (tokens[i].sentenceStart && tokens[i].elided === '' && /^: /u.test(text.slice(end, end + 2))) return true;
  if (isTold(text, tokens, i, last)) return true;
  const gapBefore = i > 0 ? text.slice(tokens[i - 1].end, tokens[i].start) : '';
  if (
    closingVocative &&
    /,\s*$/u.test(gapBefore) &&
    tokens[i].elided === '' &&
    (next === undefined || SENTENCE_END_RE.test(text.slice(end, next.start)))
  ) {
    return true;
  }
  // Eighth pass: after an interjection opening the sentence, addressed before a comma or the end
  // ("jeez bill, calm down", "oh Rose!").
  const before = tokens[i - 1];
  if (
    before !== undefined &&
    before.sentenceStart &&
    INTERJECTIONS.has(before.lower) &&
    adjacent(text, before, tokens[i]) &&
    /^\s*(?:[,!]|$)/u.test(text.slice(end, end + 2))
  ) {
    return true;
  }
  if (next === undefined) return false;
  if ((next.elided === 'm' || next.elided === 't') && (next.lower === 'a' || next.lower === 'as')) return true;
  if (!adjacent(text, tokens[last], next)) return false;
  if (PERSON_VERBS.has(next.lower)) return true;
  // Eighth pass: a short complement, then a verb of PERSON_VERBS ("Capucine de la compta dit",
  // "Benjamin de la rédaction m'a relu", "Sam from accounting said").
  if (
    opensClause(tokens, i) &&
    COMPLEMENT_STARTS.has(next.lower) &&
    next.elided === '' &&
    verbAfterComplement(text, tokens, last + 1)
  ) {
    return true;
  }
  if (tokens[i].sentenceStart && hasHumanPredicate(text, tokens, last)) return true;
  const after = tokens[last + 2];
  // Fifty-first pass: a trade or a role after "the"/"le"/"la", in apposition ("Jojo le déménageur",
  // "Bibi la coloc"); before "the", not an English word, which opens questions and orders there ("Will
  // the landlord fix it", "Read the guide").
  if (
    THE_ROLE.has(next.text) &&
    adjacent(text, next, after) &&
    isRole(after) &&
    after.text === after.lower &&
    (next.text !== 'the' || !isEnglishWord(tokens[i]))
  ) {
    return true;
  }
  // Twentieth pass: a verb, then "her" or "his" ("Jade left her bottle", "Dele pulled his hamstring"), or
  // a French auxiliary and verb, then "sa"/"son"/"ses" ("Capucine a oublié sa gourde"): what a person does.
  if (next.text === next.lower && !LINK_WORDS.has(next.lower) && adjacent(text, next, after)) {
    if (HIS_HER.has(after.lower)) return true;
    const third = tokens[last + 3];
    if (
      AUXILIARIES.has(next.lower) &&
      after.text === after.lower &&
      adjacent(text, after, third) &&
      SA_SON.has(third.lower)
    ) {
      return true;
    }
  }
  // "Capucine a supprimé", "Grace has reverted": an auxiliary, then one of those verbs; from the
  // forty-fifth pass, an adverb may stand between ("Victor a encore oublié", "Sam has never replied").
  if (!AUXILIARIES.has(next.lower) || !adjacent(text, next, after)) return false;
  if (PERSON_VERBS.has(after.lower)) return true;
  const verb = tokens[last + 3];
  return SUBJECT_ADVERBS.has(after.lower) && adjacent(text, after, verb) && PERSON_VERBS.has(verb.lower);
}

/**
 * True when, from the preposition at token `k`, at most three lower-case words on the same clause lead
 * to a verb of PERSON_VERBS, an auxiliary and one, or "m'a"/"t'a".
 */
function verbAfterComplement(text: string, tokens: readonly Token[], k: number): boolean {
  for (let j = k + 1; j <= k + 5 && j < tokens.length; j++) {
    const t = tokens[j];
    const gap = text.slice(tokens[j - 1].end, t.start);
    const elided = t.elided !== '' && /^\s+\p{L}['’]$/u.test(gap);
    const joined = elided || adjacent(text, tokens[j - 1], t);
    if (!joined) return false;
    if ((t.elided === 'm' || t.elided === 't') && (t.lower === 'a' || t.lower === 'as')) return j > k + 1;
    if (PERSON_VERBS.has(t.lower) || COMPLEMENT_COPULAS.has(t.lower)) return j > k + 1;
    // Twentieth pass: any English verb in the past ("Bill from the fishing club rescued a swan").
    if (j > k + 2 && t.text === t.lower && t.lower.length > 4 && t.lower.endsWith('ed')) return true;
    const after = tokens[j + 1];
    if (AUXILIARIES.has(t.lower) && j > k + 1 && adjacent(text, t, after) && PERSON_VERBS.has(after.lower)) return true;
    // Lower-case words and acronyms ("from HR", "des RH"); a Title Case word starts another name.
    if (t.cap) return false;
  }
  return false;
}

/** Copulas after which HUMAN_PREDICATES say something only a person is. */
const COPULAS = words('is was est était');
/** The French verb of "avoir raison", "avoir tort" (be right, be wrong), in the forms a comment uses. */
const AVOIR = words('a avait');
/**
 * What is said of a person after a copula ("Ben is right", "Florence est admin", "Grace is a liar"),
 * an article allowed between.
 */
const HUMAN_PREDICATES = words(
  'right wrong lying liar idiot troll admin administrator moderator mod vandal moron clown hypocrite ' +
    'racist sexist jerk biased rude menteur menteuse idiote modo modérateur modératrice ' +
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
  // French says "avoir raison / tort" where English says "be right / wrong": "Claire a raison".
  if (verb.elided === '' && AVOIR.has(verb.lower)) {
    const what = tokens[k];
    return adjacent(text, verb, what) && (what.lower === 'raison' || what.lower === 'tort');
  }
  if (COPULAS.has(verb.lower)) {
    const article = adjacent(text, verb, tokens[k]) && ARTICLES.has(tokens[k].lower);
    if (article) k++;
    const what = tokens[k];
    if (!adjacent(text, tokens[k - 1], what)) return false;
    if (HUMAN_PREDICATES.has(what.lower)) return true;
    // Fifty-second pass: an article, perhaps an adjective, and a trade or a role ("Grace is a nurse",
    // "Hope is the new treasurer", "Marguerite est la nouvelle présidente").
    if (!article) return false;
    if (isRole(what)) return true;
    const next = tokens[k + 1];
    return what.text === what.lower && adjacent(text, what, next) && isRole(next);
  }
  const then = tokens[k];
  return SUBJECT_ADVERBS.has(verb.lower) && adjacent(text, verb, then) && PERSON_VERBS.has(then.lower);
}

/** Verbs that follow "you" in a sentence addressed to someone ("JOHN YOU ARE A DISGRACE", "Kim you're wrong"). */
const YOU_VERBS = words(
  "are were have had should need must can cannot can't never always don't really just know " +
    // Eleventh pass: what one says to someone addressed by name ("farhad u owe me", "Delroy you still owe").
    'owe still better said told promised lied ruined broke forgot',
);
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

/**
 * A first name written in all capitals or all lower case ("I HATE SARAH", "tyler is a liar"):
 * taken when it is no ordinary word in English or French (NAME_WORDS) nor an ambiguous name, or,
 * when it is, after a greeting ("hey jess"); compound given names count in any case. Returns the
 * last token of the name (a following caseless surname or first name in the same case joins it),
 * or -1.
 */
export function caselessNameAt(text: string, tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  if (t.lower.length < 3) return -1;
  // Most lower-case words are no first name: that one lookup settles them.
  const first = isFirstName(t.lower);
  if (!first && !t.lower.includes('-')) return -1;
  if (NOT_NAME_SET.has(t.lower)) return -1;
  const compound = isCompoundFirstName(t.lower) && !afterSaint(text, tokens, i);
  if (!compound && !first) return -1;
  const l = lists();
  const plain = !l.nameWords.has(t.lower) && !l.ambiguous.has(t.lower) && !l.wideOnly.has(t.lower);
  const next = tokens[i + 1];
  // A known family name right after, in the same case, joins the name and is evidence for a first
  // name that is also a word ("grace kowalski", "ROSE DUBOIS").
  const surnameNext =
    adjacent(text, t, next) &&
    next.caseless &&
    (next.text === next.lower) === (t.text === t.lower) &&
    (lists().surnames.has(next.lower) || lists().wideSurnames.has(next.lower));
  // Forty-second pass: a kin word or a role right before a name that is no everyday word is evidence
  // as a greeting is ("my cousin titouan", "my tattoo artist ranjit"; not "my friend will").
  const before = tokens[i - 1];
  const roleBefore =
    before !== undefined &&
    ROLE_WORDS.has(before.lower) &&
    adjacent(text, before, t) &&
    !l.nameWords.has(t.lower) &&
    !isLowerEnglishWord(t);
  const greeted = isGreeted(text, tokens, i) || roleBefore;
  if (!compound && !plain && !surnameNext && !greeted && !isAddressedOrActing(text, tokens, i, i, false)) {
    return -1;
  }
  // Thirty-fourth pass: an everyday English word in lower case right after another lower-case word
  // is part of that phrase, whatever verb follows ("the status page says", "council said fixed"),
  // unless the word before opens the clause or calls out ("honnêtement rose des RH", "jeez bill,").
  if (!compound && !surnameNext && !greeted && isLowerEnglishWord(t) && inLowerPhrase(text, tokens, i)) return -1;
  // Thirty-seventh pass: a writer who opens the comment with a capital seldom writes a name in lower
  // case, so a lower-case word that is also an everyday word there ("…, bliss", "clim nickel", "Rose,
  // iris, violette") needs a greeting or an introducing phrase ("cheers hope" has only the greeting).
  if (
    !compound &&
    !surnameNext &&
    !greeted &&
    t.text === t.lower &&
    (!plain || isLowerEnglishWord(t)) &&
    opensWithCapital(text)
  )
    return -1;
  // "un margaux 2010": a lower-case name after a determiner is the thing named after someone.
  const prev = prevWord(text, tokens, i);
  if (prev !== undefined && DETERMINER_SET.has(prev.lower) && !compound) return -1;
  return surnameNext ? i + 1 : i;
}

/**
 * A known family name written in all capitals or all lower case ("says barnes", "KOWALSKI REVERTED
 * IT"), taken only with the evidence a first name that is also a word needs: a greeting, an
 * introducing phrase or attribution before it, or being addressed or acting. Returns i or -1.
 */
export function caselessSurnameAt(text: string, tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  const l = lists();
  if (t.lower.length < 3 || !(l.wideSurnames.has(t.lower) || l.surnames.has(t.lower))) return -1;
  if (NOT_NAME_SET.has(t.lower)) return -1;
  const prev = prevWord(text, tokens, i);
  if (prev !== undefined && DETERMINER_SET.has(prev.lower)) return -1;
  // Not after a comma at the end of a sentence, where a town also goes ("…, Springfield").
  if (isGreeted(text, tokens, i)) return i;
  if (isLowerEnglishWord(t) && inLowerPhrase(text, tokens, i)) return -1;
  return isAddressedOrActing(text, tokens, i, i, false, false) ? i : -1;
}

/** Token i follows a lower-case word, one space apart, that opens no clause and calls no one. */
function inLowerPhrase(text: string, tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1];
  return (
    prev !== undefined &&
    prev.text === prev.lower &&
    text.slice(prev.end, tokens[i].start) === ' ' &&
    !CLAUSE_OPENERS.has(prev.lower) &&
    !INTERJECTIONS.has(prev.lower) &&
    !GREETING_SET.has(prev.lower)
  );
}

/** A word, in any case, that the everyday English word list holds ("Will", "read", "Hope"). */
function isEnglishWord(t: Token): boolean {
  const bits = t.lists >= 0 ? t.lists : lists().index.lookup(t.lower, 0, t.lower.length);
  return bits >= 0 && (bits & IN_ENGLISH_WORD) !== 0;
}

/** A word in lower case that the everyday English word list holds ("page", "bank", "hope"). */
function isLowerEnglishWord(t: Token): boolean {
  if (t.text !== t.lower) return false;
  const bits = t.lists >= 0 ? t.lists : lists().index.lookup(t.text, 0, t.text.length);
  return bits >= 0 && (bits & IN_ENGLISH_WORD) !== 0;
}

export function isSurnameAt(tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  const next = tokens[i + 1];
  const l = lists();
  if (next !== undefined && l.surnameHeads.has(t.lower) && l.surnames.has(`${t.lower}_${next.lower}`)) return i + 1;
  return lists().surnames.has(t.lower) ? i : -1;
}

/**
 * Frequent Chinese, Vietnamese and Korean family names, romanised, that are no English or French
 * word (so not "Yang", "Long", "Sun", "Park", "Le", "Vu", "Du"); written first, before the given
 * name, in Title Case ("Li Na", "Liu Yang", "Nguyễn Văn An", "Kim Min-jun").
 */
export const FAMILY_FIRST_NAMES = words(
  'li wang zhang liu chen huang zhao wu zhou xu zhu hu guo lin luo gao zheng liang xie han feng deng cao ' +
    'peng zeng xiao tian dong yuan cai jiang yu cheng wei su lu ren shen yao jin qian fu ' +
    'nguyen tran pham hoang phan bui ngo duong trinh huynh kim choi jung kang cho yoon jang lim',
);

/**
 * A family name of FAMILY_FIRST_NAMES at token `i` (accents optional: "Nguyễn"), then one or two
 * Title Case words of a given name on the same line ("Li Na", "Nguyễn Thị Mai", "Kim Min-jun"),
 * none a never-a-name word or a place, the name not followed by a firm or a thing's head noun:
 * the last token of the name, or -1.
 */
export function familyFirstNameAt(text: string, tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  if (!t.cap || !isFamilyFirst(t.lower)) return -1;
  let j = i;
  for (let n = 0; n < 2; n++) {
    const next = tokens[j + 1];
    if (!adjacent(text, tokens[j], next) || !next.cap || next.text.length > 9) break;
    // Forty-seventh pass: nor a title, which starts another name ("Lu Madame Bovary", read).
    if (
      NOT_NAME_SET.has(next.lower) ||
      NAME_BREAKERS.has(next.lower) ||
      HONORIFIC_SET.has(next.lower) ||
      placeAt(text, tokens, j + 1) !== undefined
    )
      break;
    j++;
  }
  if (j === i || EPONYM_HEADS.has(tokens[j + 1]?.lower ?? '') || isFirmName(text, tokens, j)) return -1;
  return j;
}

export function isFamilyFirst(lower: string): boolean {
  // The names have 2 to 6 letters: most words are settled by their length, without a lookup.
  if (lower.length > 8) return false;
  if (FAMILY_FIRST_NAMES.has(lower)) return true;
  for (let k = 0; k < lower.length; k++) {
    if (lower.charCodeAt(k) > 127) return FAMILY_FIRST_NAMES.has(stripMarks(lower));
  }
  return false;
}

function stripMarks(w: string): string {
  return w.normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * True when the capitalised token `i` is directly followed, in Title Case on the same line, by a
 * family name of the lists ("Oluwaseun Adeyemi", "Tereza Novaková", "Dmitri Kowalski"): the
 * sixth pass reads an unknown Title Case word there as a given name. The word itself must be no
 * never-a-name word, name breaker or determiner.
 */
export function isBeforeFamilyName(text: string, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  const next = tokens[i + 1];
  if (!t.cap || !adjacent(text, t, next) || !next.cap) return false;
  if (next.lists >= 0 ? (next.lists & (IN_SURNAME | IN_WIDE_SURNAME)) === 0 : !isFamilyName(next.lower)) return false;
  if (NOT_NAME_SET.has(next.lower)) return false;
  if (/^(?:st|ste|saint|sainte)$/u.test(t.lower)) return false; // "St Mary's", "Saint Kitts": a saint's
  return !NOT_NAME_SET.has(t.lower) && !NAME_BREAKERS.has(t.lower) && !DETERMINER_SET.has(t.lower);
}

function isFamilyName(lower: string): boolean {
  const l = lists();
  return l.surnames.has(lower) || l.wideSurnames.has(lower);
}

/** Roles of members of a site or a team: before an unknown Title Case word, its name ("the admin Dawit"). */
export const ROLE_WORDS = words(
  'admin admins administrator moderator mod mods modo modos sysop editor user contributor colleague coworker ' +
    'utilisateur utilisatrice contributeur contributrice rédacteur rédactrice administrateur administratrice ' +
    'modérateur modératrice collègue ' +
    // Sixteenth pass: officials, people who serve, and kin ("the ref Barnes", "the owner Pete", "my nani Farhana").
    'ref referee umpire landlord landlady owner neighbour neighbor manager boss teacher tutor nurse driver ' +
    'arbitre proprio propriétaire voisin voisine patron patronne prof instit nounou ' +
    'mum mom dad nan nana nani gran granny grandma grandpa auntie aunt uncle cousin cousine ' +
    'tante tata tonton oncle mamie mémé papi papy pépé ' +
    // Eighteenth pass: coaches, councillors and clergy, before a name in any case ("coach Ramírez").
    'coach councillor councilor conseiller conseillère father vicar pastor imam rabbi ' +
    // Thirty-fifth pass: friends, kin, tradespeople, instructors and officials ("mon ami Ilunga", "le
    // garagiste Réjean", "notre moniteur Tenzing", "le maire Dufresne", "le père Kouassi").
    'friend mate pal buddy nephew niece brother sister daughter husband wife partner boyfriend ' +
    'girlfriend plumber mechanic builder barber hairdresser instructor coordinator streamer artist sensei ' +
    'ami amie pote copain copine frère sœur soeur neveu nièce fils mari femme garagiste plombier ' +
    'moniteur monitrice entraîneur entraineur maire curé abbé père coiffeur coiffeuse chauffeur ' +
    'facteur factrice infirmier infirmière aide-soignant aide-soignante ' +
    // Forty-third pass: people one shares a home with, and who sells ("our flatmate Lachie", "the
    // salesman Gaz", "mon coloc Yanis").
    'flatmate flatmates housemate roommate salesman saleswoman coloc colocataire',
);

/** Roles that are also titles, capitalised before the name ("Councillor Bramwell", "Sensei Okonkwo"). */
export const ROLE_TITLES = words('councillor councilor sensei imam rabbi pastor vicar');

/** Cues of an unknown town (thirty-fourth pass, isUnknownTownAfterCue in name-detector.ts). */
const TOWN_CUES = new Set(['in', 'near', 'outside', 'à', 'À']);
/** Words of a family around its name (familyNameAt in name-detector.ts). */
const KIN_CUES = words('famille née nee family families sisters brothers twins cousins clan household siblings');

/**
 * False when no rule of findNames' loop can take the capitalised token `i`: it is no honorific,
 * place, first name or surname (nor the head of a two-word one), has no hyphen or apostrophe (the
 * compound, toponym and O' rules), and isGreeted (greeting, introducing phrase, attribution) is false. A necessary condition, checked first
 * because most capitalised words ("The", "We", "Please") are none of these; keep it in step with
 * the loop (the differential test in test/src/ml/pii-masking.test.ts compares both paths).
 */
export function mayStartName(text: string, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t.lists >= 0) {
    // ASCII letters only: no hyphen, apostrophe or elision; the index answers for the lists.
    if ((t.lists & (IN_FIRST | IN_HONORIFIC | IN_SURNAME | IN_SURNAME_HEAD | IN_WIDE_SURNAME | IN_PLACE)) !== 0) {
      return true;
    }
  } else {
    const l = lists();
    if (HONORIFIC_SET.has(t.lower) || placesStartingWith(t.text) !== undefined || isFirstName(t.lower)) return true;
    if (l.surnames.has(t.lower) || l.surnameHeads.has(t.lower) || l.wideSurnames.has(t.lower)) return true;
    if (t.text.includes('-') || t.text.includes("'") || t.text.includes('’')) return true;
  }
  // An unknown word before a family name; the last rule: one after a greeting, an introducing
  // phrase or an attribution.
  const prev = tokens[i - 1];
  if (prev !== undefined && (ROLE_WORDS.has(prev.lower) || TOWN_CUES.has(prev.text) || KIN_CUES.has(prev.lower)))
    return true;
  const next = tokens[i + 1];
  if (next !== undefined && KIN_CUES.has(next.text)) return true;
  return (
    isBeforeFamilyName(text, tokens, i) ||
    (t.end - t.start <= 8 && isFamilyFirst(t.lower)) ||
    isGreeted(text, tokens, i)
  );
}

/** The text's first letter is a capital ("Yorkshire puddings…", "« Rose, iris… »"). */
function opensWithCapital(text: string): boolean {
  return /^\P{L}*\p{Lu}/u.test(text);
}
