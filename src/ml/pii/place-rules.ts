/**
 * Context rules for capitalised words that name a place or a thing rather than a person: place
 * names and their cues, places inside another noun, eponyms and firms, months, saints and streets.
 */
import { PLACES } from './name-lists/places';
import { TOWNS_NAMED_LIKE_PEOPLE, VILLAGES_WIDE } from './name-lists/places-wide';
import * as lexicon from './name-lexicon';
import * as nameTokens from './name-tokens';
import type { Token } from './name-tokens';
// Imported values read once, not at each use (docs/pii-masking.md, "Imported names under tsx").
const {
  HONORIFIC_SET,
  IN_ENGLISH_WORD,
  IN_PLACE,
  IN_PLACE_WORD,
  isCapitalisedAsciiWord,
  isCompoundFirstName,
  isFirstName,
  lists,
  NAME_BREAKERS,
  NOT_NAME_SET,
  PLACE_CUE_SET,
  placesStartingWith,
  words,
} = lexicon;
const { isFunctionalWord, prevWord } = nameTokens;

/** The place name starting at token i, if any (exact case, whole words). */
export function placeAt(text: string, tokens: readonly Token[], i: number): string | undefined {
  const t = tokens[i];
  if (!t.cap) return undefined;
  if (t.lists < 0) {
    for (const place of placesStartingWith(t.text) ?? []) if (endsWord(text, t.start, place)) return place;
    return undefined;
  }
  // An ASCII word: the index says whether any place starts with it, in some case, and whether it is a
  // one-word place itself (held as a bit, matched in "Lyon" case only: see placesStartingWith).
  if ((t.lists & IN_PLACE) === 0) return undefined;
  const listed = lists().places.get(t.text);
  if (listed !== undefined) for (const place of listed) if (endsWord(text, t.start, place)) return place;
  return (t.lists & IN_PLACE_WORD) !== 0 && isCapitalisedAsciiWord(t.text) && endsWord(text, t.start, t.text)
    ? t.text
    : undefined;
}

/** VILLAGES_WIDE as a Set, made on the first question (most texts never ask). */
let villages: ReadonlySet<string> | undefined;

/**
 * Words after which a capitalised word may be a village: PLACE_CUES without the weak ones (`a`, which
 * is an English article as well as `à` typed without its accent, `for`, `pour`, `sur`, `par`: "not a
 * Bakewell pudding", "the price of a Brompton"), and an elided `d'`.
 */
const VILLAGE_CUES = words(
  'in at from near into visit visited visiting around round outside towards toward via born live lives living ' +
    'moved based located à au aux en de depuis vers près habite vit né née ' +
    // Thirty-eighth pass: "to", before a village only (no word, no name): "the lift to Aviemore".
    'to',
);

/** Token i follows a village cue (or is elided after `d'`). */
export function hasVillageCue(text: string, tokens: readonly Token[], i: number): boolean {
  return followsCue(text, tokens, i, VILLAGE_CUES);
}

/**
 * Twenty-fourth pass: the last token of a village's name starting at token i (up to four tokens:
 * "Much Wenlock", "Sainte-Enimie", "Aumont-Aubrac"), or -1. Villages (places-wide.ts, VILLAGES_WIDE)
 * are in no other list: they count right after a place cue and nowhere else.
 */
export function villageAt(text: string, tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  if (!t.cap) return -1;
  for (let j = Math.min(i + 3, tokens.length - 1); j >= i; j--) {
    const name = text.slice(t.start, tokens[j].end);
    if (isVillageName(name) && endsWord(text, t.start, name)) return j;
  }
  return -1;
}

/** A village of VILLAGES_WIDE, written as listed ("Roscoff", "Much Wenlock"). */
export function isVillageName(name: string): boolean {
  villages ??= new Set(VILLAGES_WIDE.split('|'));
  return villages.has(name);
}

/** TOWNS_NAMED_LIKE_PEOPLE as a Set, made on the first question. */
let townsLikePeople: ReadonlySet<string> | undefined;

/** A town the town lists leave out for being named like a person ("Stirling", "Kendal"). */
export function isTownNamedLikePerson(word: string): boolean {
  townsLikePeople ??= new Set(TOWNS_NAMED_LIKE_PEOPLE.split('|'));
  return townsLikePeople.has(word);
}

/** `place` is written at `start` and ends a word there (no letter, digit, '_' or '-' after it). */
function endsWord(text: string, start: number, place: string): boolean {
  if (!text.startsWith(place, start)) return false;
  const after = text[start + place.length] ?? '';
  return after === '' || !/[\p{L}\p{N}_-]/u.test(after);
}

export function hasPlaceCue(text: string, tokens: readonly Token[], i: number): boolean {
  return followsCue(text, tokens, i, PLACE_CUE_SET);
}

/** French prepositions of place before an article ("dans le Jura", "de la Sarthe", "sur la Côte-Nord"). */
const BEFORE_PLACE_ARTICLE = words('dans de vers sur depuis par pour travers partout');
/** Words of coming back before "du" ("on arrive du Jura", "en revenant du Lac-Saint-Jean"). */
const COMING_BEFORE_DU = words(
  'arrive arrivé arrivée arrivés arrivent arrivons venu venue venus vient viennent venant revenant revenu ' +
    'revient reviennent reviens revenons revenez rentre rentrent rentré rentrée ' +
    'revenue retour originaire originaires sud nord est ouest centre fond bout',
);

/**
 * Thirty-eighth pass: token i follows a definite article that follows a French preposition of place
 * ("dans le Jura", "de la Sarthe", "vers les Vosges"), or "du" after a word of coming ("on arrive du
 * Jura"): a cue for a region, where the article alone makes a town a wine or a cheese ("le Bordeaux").
 */
export function hasArticlePlaceCue(text: string, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  const article = tokens[i - 1];
  const before = tokens[i - 2];
  if (t.elided !== '' || article === undefined || before === undefined) return false;
  if (!/^\s+$/u.test(text.slice(article.end, t.start)) || !/^\s+$/u.test(text.slice(before.end, article.start)))
    return false;
  if (article.text === 'le' || article.text === 'la' || article.text === 'les')
    return BEFORE_PLACE_ARTICLE.has(before.lower);
  return article.text === 'du' && COMING_BEFORE_DU.has(before.lower);
}

/** Token i is elided after `d'`, or follows a word of `cues` and spaces. */
function followsCue(text: string, tokens: readonly Token[], i: number, cues: ReadonlySet<string>): boolean {
  const t = tokens[i];
  if (t.elided === 'd') return true;
  const p = tokens[i - 1];
  return p !== undefined && cues.has(p.lower) && /^\s+$/u.test(text.slice(p.end, t.start));
}

/**
 * Heads of things named after a place, in English word order: dishes, drinks, fabrics, syndromes,
 * agreements, styles ("Brussels sprouts", "Dijon mustard", "Stockholm syndrome", "Geneva convention").
 */
const PLACE_NAMED_HEADS = words(
  'sprouts syndrome sauce mustard cheese ham sausage sausages salad cake cakes pie bun buns fries toast ' +
    'stew soup chicken beef pork bread wine wines beer gin rum tea coffee cabbage lettuce rice noodles pasta ' +
    'pizza burger burgers sandwich cocktail porcelain lace tweed china style agreement agreements ' +
    'convention conventions protocol accords accord consensus principles declaration process format ' +
    'talks criteria model method plan rules core class treaty fever flu derby pudding steak wings ' +
    'terrier shepherd spaniel bulldog poodle comma cuisine food takeaway takeaways dressing omelette ' +
    // Twentieth pass: a cake and knitwear named after a place ("Victoria sponge", "Guernsey jumper").
    'sponge jumper jumpers sweater ' +
    // Twenty-third pass: fruit, boots, knitwear and more dishes ("Victoria plum", "Chelsea boot",
    // "Fair Isle yoke", "New Zealand lamb", "Brazil nuts").
    'plum plums boot boots cheesesteak mint yoke nuts lamb gateau tart tarts pasty pasties cichlids',
);

/**
 * Words that may follow a place name used as a place (verbs, conjunctions, prepositions, adverbs).
 */
const AFTER_PLACE_WORDS = words(
  'is are was were be been has have had will would can could should may might must does did do ' +
    'and or but nor not to in at on of for with from by as than then so yet too also again now ' +
    'next last this that these those all every some since until till before after during near ' +
    'today tomorrow yesterday tonight ever never always already still just only even really ' +
    'says said wants won lost beat beats got gets went goes came comes used uses vs versus ' +
    'est sont était étaient sera serait a ont avait fut et ou mais ni ne n pas plus en au aux ' +
    'à de du des dans sur sous pour par avec sans chez vers depuis pendant avant après ' +
    'cette ce ces demain hier aujourd maintenant toujours jamais déjà encore aussi trop très ' +
    'c qui que qu y il elle on l d s ' +
    // Twenty-first pass: more conjunctions, relatives and adverbs ("registers for Pietermaritzburg if
    // you ask", "the Leeds where I grew up").
    'if when where while whilst because though although unless once who whom whose which there here ' +
    'back home right round over instead anyway either neither nor quand où si comme lorsque puisque ' +
    // Twenty-ninth pass: an article or a determiner starts a phrase of its own; a noun does not come
    // first in one ("Fontainebleau un samedi de printemps", "the Dolomites via ferrata").
    'the a an my our your his her its their un une le la les mon ma mes ton ta tes son sa ses notre nos ' +
    'votre vos leur leurs via ' +
    // Thirtieth pass: verbs in -s of which a place is the subject ("Cornwall needs to hear about this").
    'needs looks seems feels sounds deserves makes takes gives keeps loves hates knows means shows stays ' +
    'remains becomes starts hosts offers ' +
    // Thirty-third pass: prepositions of place ("Caen Hill outside Devizes").
    'outside inside above below beyond behind under across along past',
);

/** Nouns of what is located in a town: after one, the town is the place ("Montreal office", "Oxford city centre"). */
const LOCATED_NOUNS = words(
  'office offices branch branches area city town centre center airport station suburbs campus store shop ' +
    'headquarters hq site plant factory warehouse depot hospital clinic team crew flat apartment house ' +
    'home hotel ' +
    // Nineteenth pass: a trip to the town and the people from there ("the Verona trip", "the Durban
    // choir", "our Lisbon weekend", "my Leeds cousins").
    'trip trips holiday holidays getaway visit weekend flight flights ferry choir chapter crowd meetup ' +
    'locals cousins relatives friends mates days years ' +
    // Twenty-first pass: an event held there ("the Bengaluru star party", "the Leeds book fair").
    'party parties festival fair market markets gathering session sessions ' +
    // Twenty-ninth pass: the kinds of place a town is or holds, and where a sale is collected ("above
    // Glencoe village", "Newquay pickup").
    'village villages region valley coast beach beaches resort harbour harbor port marina seafront ' +
    'pickup collection ' +
    // Thirty-fourth pass: what a town holds or hosts, its stops and its people ("the Galway show", "the
    // Dublin dates", "the Lewisham library", "the Banff shuttle", "the Salford lot", "the Montreal one").
    'show shows gig gigs concert concerts date dates leg venue library libraries pharmacy hostel hostels ' +
    'shuttle ferries bus buses train trains lot one ones hall bank school schools pool gym pub pubs bar ' +
    'restaurant cafe café',
);

/** What follows a show's title, before its number: "Emily in Paris saison 4", "Yellowstone season two". */
const SHOW_PARTS = new Set('season saison series série episode épisode'.split(' '));
/** Acronyms of clubs and services after their town's name (see isInOtherNoun). */
const CLUB_ACRONYMS = new Set('FC AFC RFC RUFC RLFC CC CCC GAA GFC HC BC YFC MRT RNLI LRT'.split(' '));
/** Acronyms of French and Belgian clubs before their town's name ("OGC Nice", "RC Lens", "AS Monaco"). */
const CLUB_PREFIXES = new Set('FC AS OGC RC US SCO AJ AJA SM ESTAC LOSC RSC KV KAA SV'.split(' '));

/** Days of the week, EN and FR: a place before one is where something happens ("Lyon samedi", "Manchester Saturday"). */
const WEEKDAYS = words(
  'monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche',
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
    // Twenty-first pass: more dishes and products named after a town ("cassoulet de Castelnaudary",
    // "gaufres de Liège", "brie de Meaux", "crottin de Chavignol").
    'cassoulet gaufre brie crottin quiche tarte galette biscuit cidre huître poulet bière macaron ' +
    'madeleine lentille piment noix sel choucroute ' +
    // Twenty-third pass: fruit, vegetables and glazes named after a town ("tomates de Marmande",
    // "mirabelle de Nancy", "bleu de Sèvres"), and what a wine or a cheese comes in ("a bottle of
    // Bergerac", "un verre de Chablis").
    'tomate mirabelle prune pomme poire cerise fraise oignon ail bleu émail porcelaine faïence bottle ' +
    'glass pint slab wedge bouteille verre ' +
    // Twenty-fifth pass: carnivals and fairs named after their town ("carnaval de Dunkerque", "la
    // foire de Lessay"; not a festival or a "salle des fêtes", which sets label as places), products
    // ("violettes de Toulouse", "savon de Marseille") and dog breeds ("braque de Weimar", "dogue de
    // Bordeaux").
    'carnaval carnavals carnival foire foires biennale rallye violette violettes savon savons bonbon bonbons ' +
    'braque dogue épagneul griffon ' +
    // Forty-fifth pass: more of what a wine comes in or is sold as ("une coupe de Champagne", "un
    // carton de Châteauneuf-du-Pape", "du crémant d'Alsace", "AOC Pays d'Auge").
    'coupe coupes flûte flûtes carton cartons caisse caisses magnum crémant aoc aop igp ' +
    // Pronouns that stand for such a noun: "la saucisse de Toulouse et celle de Strasbourg".
    'celle celles celui ceux',
);

/** The pronouns of PLACE_COMPLEMENT_NOUNS. */
const STANDS_FOR_NOUN = words('celle celles celui ceux');

/** Lower-case words before a town that make a dish of it ("chicken Kiev", "beef Wellington"). */
const DISH_BEFORE_PLACE = words('chicken beef veal pork eggs sole');

/**
 * True when the place at token `i` names something else: it runs into another capitalised word
 * ("Berlin Wall", "Monaco Grand Prix", "Paris Agreement", "Dublin Core"); it modifies a common noun
 * ("Brussels sprouts", with no place cue before it); or it is the complement of a treaty, a school
 * or a product ("traité de Versailles", "moutarde de Dijon"), or of a capitalised proper noun of
 * another kind ("Crédit Agricole de Normandie", "Tour de France").
 */
export function isPlaceInOtherNoun(
  text: string,
  tokens: readonly Token[],
  i: number,
  place: string,
  cue: boolean,
): boolean {
  return isInOtherNoun(text, tokens, i, tokens[i].start + place.length, cue);
}

export function isInOtherNoun(text: string, tokens: readonly Token[], i: number, end: number, cue: boolean): boolean {
  let k = i;
  while (k + 1 < tokens.length && tokens[k + 1].start < end) k++;
  const next = tokens[k + 1];
  if (next !== undefined && next.elided === '' && /^[ \t]+$/u.test(text.slice(end, next.start))) {
    // Thirtieth pass: a club, a team or a rescue service named after its town ("Pontypridd RFC",
    // "Keswick MRT", "Leeds AFC"); a show's title before its season ("Emily in Paris saison 4").
    if (CLUB_ACRONYMS.has(next.text)) return true;
    if (
      SHOW_PARTS.has(next.lower) &&
      /^[ \t]+(?:\d+|one|two|three|four|five|un|deux|trois|quatre|cinq)(?![\p{L}\p{N}])/iu.test(
        text.slice(next.end, next.end + 8),
      )
    )
      return true;
    if (
      next.cap &&
      !NAME_BREAKERS.has(next.lower) &&
      !PLACE_CUE_SET.has(next.lower) &&
      !WEEKDAYS.has(next.lower) &&
      placeAt(text, tokens, k + 1) === undefined
    ) {
      return true;
    }
    // A place with no cue before a lower-case word modifies a common noun ("Brussels sprouts",
    // "Stockholm syndrome"), unless the word only follows a place as itself: a verb, a preposition…
    // (AFTER_PLACE_WORDS), a weekday, or (tenth pass) a noun of what is located there ("Oxford city
    // centre", "the Casablanca branch", "Montreal office").
    if (!next.cap && next.text === next.lower && PLACE_NAMED_HEADS.has(next.lower)) return true;
    if (
      !cue &&
      !next.cap &&
      next.text === next.lower &&
      !AFTER_PLACE_WORDS.has(next.lower) &&
      // Twentieth pass: a verb in -ing or -ed follows a place as itself ("a week on Lesbos volunteering",
      // "Leeds looked great"), unless an article makes the place a thing ("the Rioja tasted").
      !(next.lower.length > 4 && /(?:ing|ed)$/u.test(next.lower) && !afterArticle(text, tokens, i)) &&
      !WEEKDAYS.has(next.lower) &&
      !LOCATED_NOUNS.has(next.lower) &&
      // Twenty-first pass: or one word further ("the Toronto ski trip", "the Bengaluru star party").
      !(
        tokens[k + 2] !== undefined &&
        !tokens[k + 2].cap &&
        LOCATED_NOUNS.has(tokens[k + 2].lower) &&
        /^ $/u.test(text.slice(next.end, tokens[k + 2].start))
      )
    ) {
      return true;
    }
  }
  const t = tokens[i];
  const prev = prevWord(text, tokens, i);
  if (prev !== undefined && CLUB_PREFIXES.has(prev.text) && /^ $/u.test(text.slice(prev.end, t.start))) return true;
  // Thirty-third pass: a station named after its district ("la gare Montparnasse", "gare Saint-Lazare").
  if (prev !== undefined && prev.lower === 'gare' && /^ $/u.test(text.slice(prev.end, t.start))) return true;
  // Twenty-first pass: a dish named "<meat> <town>" ("chicken Kiev", "beef Wellington").
  if (
    prev !== undefined &&
    !prev.cap &&
    DISH_BEFORE_PLACE.has(prev.text) &&
    /^ $/u.test(text.slice(prev.end, t.start))
  ) {
    return true;
  }
  if (prev !== undefined && (prev.lower === 'de' || prev.lower === 'd' || prev.lower === 'of')) {
    const ofIndex = t.elided !== '' ? i : i - 1;
    const owner = tokens[ofIndex - 1];
    // With an elided "d'", the gap to check ends before the article ("calissons d'Aix").
    const gapEnd = t.elided !== '' ? t.start - t.elided.length - 1 : tokens[ofIndex].start;
    if (owner !== undefined && /^[\s,]*$/u.test(text.slice(owner.end, gapEnd))) {
      // Plurals too ("les nougats d'Aix").
      const singular = owner.lower.endsWith('s') ? owner.lower.slice(0, -1) : owner.lower;
      if (PLACE_COMPLEMENT_NOUNS.has(owner.lower) || PLACE_COMPLEMENT_NOUNS.has(singular)) {
        // Forty-first pass: a pronoun stands for such a noun only when one comes before it ("la saucisse de
        // Toulouse et celle de Strasbourg", but "la salle de Sète, pas celle de Montpellier").
        if (!STANDS_FOR_NOUN.has(owner.lower)) return true;
        for (let j = ofIndex - 2; j >= 0 && j >= ofIndex - 12; j--) {
          const w = tokens[j].lower;
          const one = w.endsWith('s') ? w.slice(0, -1) : w;
          if (!STANDS_FOR_NOUN.has(w) && (PLACE_COMPLEMENT_NOUNS.has(w) || PLACE_COMPLEMENT_NOUNS.has(one)))
            return true;
        }
      }
      if (
        owner.cap &&
        !owner.sentenceStart &&
        !lists().first.has(owner.lower) &&
        !isFunctionalWord(owner) &&
        !isFullNameEnd(text, tokens, ofIndex - 1)
      )
        return true;
    }
  }
  return false;
}

/**
 * Thirty-eighth pass: token k is a family name closing a first name and family name ("Marie-Ève Gagnon
 * de Sherbrooke", "Ousmane Diallo de Conakry"): the town after "de" is where the person is from, not
 * part of a thing's name.
 */
function isFullNameEnd(text: string, tokens: readonly Token[], k: number): boolean {
  const family = tokens[k];
  const given = tokens[k - 1];
  const l = lists();
  return (
    given !== undefined &&
    given.cap &&
    /^ $/u.test(text.slice(given.end, family.start)) &&
    (isFirstName(given.lower) || isCompoundFirstName(given.lower)) &&
    (l.surnames.has(family.lower) || l.wideSurnames.has(family.lower))
  );
}

/**
 * Capitalised common nouns that, after a name, make the whole a thing named after someone rather
 * than a person: a plan, a prize, a medal, a law, a building, a street, a company ("Marshall Plan",
 * "Victoria Cross", "Nobel Prize", "Grace Hospital", "Ford Motor Company").
 */
export const EPONYM_HEADS = words(
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
export function isFirmName(text: string, tokens: readonly Token[], last: number): boolean {
  const end = tokens[last].end;
  const m = /^\s+(?:and|&|et)\s+(\p{L}+)/u.exec(text.slice(end, end + 20));
  if (m !== null && /^\p{Lu}/u.test(m[1]) && COMPANY_PARTNERS.has(m[1].toLowerCase())) return true;
  // Tenth pass: two family names joined by "&" name a firm ("Marks & Spencer", "Dolce & Gabbana");
  // with a first name on either side, two people ("Sarah & Tom").
  const amp = /^\s*&\s*(\p{Lu}\p{Ll}+)/u.exec(text.slice(end, end + 30));
  return amp !== null && !isFirstName(tokens[last].lower) && !isFirstName(amp[1].toLowerCase());
}
/**
 * Heads that are also common surnames ("John Hall", "Jude Law", "Doris Day"): they make a thing only
 * after a first name that is itself a place or a common word ("Victoria Cross", "Grace Church").
 */
const SURNAME_LIKE_HEADS = words('hall park lake bay church cross day law bridge tower lane');

/** The index of the first head noun (see EPONYM_HEADS) among the tokens after the first of a name span, or -1. */
export function eponymHeadAt(tokens: readonly Token[], i: number, last: number, dual: boolean): number {
  for (let k = i + 1; k <= last; k++) {
    if (EPONYM_HEADS.has(tokens[k].lower) || (dual && SURNAME_LIKE_HEADS.has(tokens[k].lower))) return k;
  }
  return -1;
}

/** Month names that are also first names or towns ("March", Cambridgeshire: twenty-first pass), in English and French. */
const MONTH_NAMES = words('march april may june july august avril juin juillet août aout');
/** Words before a date: after one, a month name is the month ("in June", "until May", "depuis avril"). */
const TIME_WORDS = words(
  'in on since until till by for from before after during early late mid last next this every of ' +
    'en depuis jusqu avant après pendant début fin mi dès courant ' +
    // Tenth pass: a weekday before a month ("Tuesday August 12", "mardi juin").
    'monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun',
);

/** "in June", "May 5", "le 3 Avril": a month-name at `i` used as the month. */
export function isMonthUse(text: string, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!MONTH_NAMES.has(t.lower)) return false;
  const prev = prevWord(text, tokens, i);
  if (prev !== undefined && TIME_WORDS.has(prev.lower)) return true;
  // A day number or a year right before or after it.
  return (
    /\d[\s,]*$/u.test(text.slice(Math.max(0, t.start - 6), t.start)) || /^[\s,]*\d/u.test(text.slice(t.end, t.end + 6))
  );
}

/** "saint Jean-Baptiste", "la Saint-Jean": a saint's name or feast, not a person in the thread. */
export function afterSaint(text: string, tokens: readonly Token[], i: number): boolean {
  const prev = prevWord(text, tokens, i);
  if (prev === undefined) return false;
  // Thirty-fourth pass: not across a comma ("le guide du musée, Abdoulaye, nous a raconté").
  if (text.slice(prev.end, tokens[i].start).includes(',')) return false;
  return /^(?:saint|sainte|st|ste)$/u.test(prev.lower) || NAMED_AFTER_WORDS.has(prev.lower);
}

/**
 * Words after which a name names a street, a building or a group rather than a person in the
 * thread ("place Stanislas", "lycée Victor Hugo", "les Lucas"): plural determiners, street types
 * and institutions.
 */
const NAMED_AFTER_WORDS = words(
  'les des ces these those rue avenue boulevard bd place allée quai impasse chemin square pont gare loi salle amphi ' +
    'lycée collège école stade hôpital université musée street avenue road square bridge school ' +
    'college university hospital stadium museum station ' +
    // Eighth pass: institutions named after someone, the name after the head in French.
    'institut fondation centre clinique médiathèque bibliothèque théâtre prix médaille ' +
    // Tenth pass: dishes named after someone ("crêpe Suzette", "pêche Melba", "tarte Tatin", "eggs Benedict").
    'crêpe crêpes crepe crepes pêche peach beef bœuf boeuf eggs œufs oeufs tarte poire salade salad',
);

/**
 * "la Sainte-Catherine", "la Saint-Nicolas", "à la Saint-Jean": a saint's day (twentieth pass), not the
 * town of that name; a town takes no article ("à Saint-Nazaire").
 */
export function isFeastDay(text: string, tokens: readonly Token[], i: number, place: string): boolean {
  if (!/^Saint(?:e)?-/u.test(place)) return false;
  const prev = prevWord(text, tokens, i);
  return prev !== undefined && prev.lower === 'la';
}

const ARTICLES_BEFORE_THING = words('the a an le la les un une');

/** An article right before token i: "the Rioja", "le Belem". */
function afterArticle(text: string, tokens: readonly Token[], i: number): boolean {
  const prev = prevWord(text, tokens, i);
  return prev !== undefined && ARTICLES_BEFORE_THING.has(prev.lower);
}

/** The hand-made list's places (name-lists/places.ts), built on first use. */
let handPlaces: ReadonlySet<string> | undefined;
/** English words before "a" that make it the article, not French "à" typed without its accent. */
const BEFORE_ENGLISH_A = words(
  'plus and with had have has ordered order opened open drank drink grab grabbed get got bought buy ' +
    'fancy love like tried try prefer does did made make is was of',
);
const INDEFINITE = words('un une an');
const DEFINITE = words('the le la');

/**
 * Twenty-third pass: a town after an article names a thing: a wine or a cheese after an indefinite
 * article ("plus a Rioja", "does a Lancashire so crumbly", "un Bergerac"), and a town of the wide list
 * only after a definite one ("le Belem est rentré au port": a ship). Not before a noun of what is
 * located there ("a Toronto ski trip"), which keeps the town.
 */
export function isTownAsThing(text: string, tokens: readonly Token[], i: number, place: string): boolean {
  if (place.includes(' ')) return false;
  const prev = prevWord(text, tokens, i);
  // Twenty-fourth pass: "l'" is a definite article too ("de l'Évian et du Perrier": a bottled water).
  const elidedArticle = tokens[i].elided === 'l';
  if (prev === undefined || (tokens[i].elided !== '' && !elidedArticle)) return false;
  let indefinite = !elidedArticle && INDEFINITE.has(prev.lower);
  if (prev.lower === 'a') {
    const p2 = prevWord(text, tokens, i - 1);
    indefinite = p2 !== undefined && BEFORE_ENGLISH_A.has(p2.lower);
  }
  if (!indefinite) {
    if (!elidedArticle && !DEFINITE.has(prev.lower)) return false;
    if (hasArticlePlaceCue(text, tokens, i)) return false;
    handPlaces ??= new Set(PLACES.split('|'));
    if (handPlaces.has(place)) return false;
  }
  const next = tokens[i + 1];
  const after = tokens[i + 2];
  return !(
    next !== undefined &&
    !next.cap &&
    (LOCATED_NOUNS.has(next.lower) || (after !== undefined && !after.cap && LOCATED_NOUNS.has(after.lower)))
  );
}

/**
 * Forty-first pass: French nouns of a place that belongs to a town, before "de" and the town ("la gare
 * de Morez", "la pharmacie de Châteauroux", "le club de pétanque de Carouge", "les voisins de
 * Champigny"). Not "école", "marathon", "carnaval" or "foire": a school of thought and events named
 * after a town (PLACE_COMPLEMENT_NOUNS).
 */
const TOWN_FACILITY_NOUNS = words(
  'gare pharmacie mairie église paroisse chorale club marché camping bibliothèque médiathèque piscine hôpital ' +
    'clinique lycée collège stade cinéma local entrepôt usine magasin supermarché boulangerie quartier commune ' +
    'habitants voisins vignes vignoble maternité caserne port aéroport plage ' +
    'parking cimetière musée prison tribunal préfecture commissariat gendarmerie crèche laverie relais secours ' +
    'ferrata hameau mosquée synagogue',
);

/** An ASCII digit. */
function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Forty-first pass: token i, a capitalised word that no list holds (no place, first name, family name of
 * the short list, English word), follows "de" (or "d'") after a noun of TOWN_FACILITY_NOUNS at most four words
 * before, in the same clause: it is the town the place belongs to, though the town lists lack it
 * ("le marché de Belleville", "l'entrepôt Amazon de Brétigny"). Not before another capitalised word
 * ("la pharmacie de Jean Dupont").
 */
export function isFacilityTownAt(text: string, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!t.cap || (t.elided !== '' && t.elided !== 'd')) return false;
  // Not a letter alone nor the letters of a code ("notre club de R3", a league): a town has a name. (The
  // fast path never asked here, mayStartName having refused the letter; the reference path did.)
  if (t.end - t.start < 2 || isDigitCode(text.charCodeAt(t.end))) return false;
  const next = tokens[i + 1];
  if (next !== undefined && next.cap && /^ $/u.test(text.slice(t.end, next.start))) return false;
  // k: the last word before "de" (or before the elided "d'").
  let k = i - 1;
  if (t.elided === '') {
    const de = tokens[k];
    if (de === undefined || de.text !== 'de' || !/^ $/u.test(text.slice(de.end, t.start))) return false;
    k = i - 2;
  }
  const l = lists();
  const lower = t.lower;
  // The wide family-name list holds many towns ("Morez", "Carouge"): only the short one counts against.
  if (isFirstName(lower) || isCompoundFirstName(lower) || l.surnames.has(lower)) return false;
  if (NOT_NAME_SET.has(lower) || HONORIFIC_SET.has(lower)) return false;
  const bits = t.lists >= 0 ? t.lists : l.index.lookup(t.text, 0, t.text.length);
  if (bits >= 0 && (bits & IN_ENGLISH_WORD) !== 0) return false;
  if (placesStartingWith(t.text) !== undefined) return false;
  // The noun, at most four words back, with nothing but spaces and words between.
  const stop = t.elided === '' ? tokens[i - 1].start : t.start - 2;
  for (let j = k, steps = 0; j >= 0 && steps < 4; j--, steps++) {
    const gapEnd = j === k ? stop : tokens[j + 1].start;
    if (!/^[\s'’]*$/u.test(text.slice(tokens[j].end, gapEnd))) return false;
    if (TOWN_FACILITY_NOUNS.has(tokens[j].lower)) return true;
  }
  return false;
}
