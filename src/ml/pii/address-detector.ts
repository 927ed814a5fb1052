/** Street addresses in English and French, with what may follow them (unit, postcode, city, state). */
import * as lexicon from './name-lexicon';
import type { NameSpan } from './name-span';
import * as nameTokens from './name-tokens';
import type { Token } from './name-tokens';
// Imported values read once, not at each use (docs/pii-masking.md, "Imported names under tsx").
const { ENGLISH_STREET_TYPES, FRENCH_STREET_TYPES, IN_ENGLISH_STREET_TYPE, IN_STREET_TYPE, NAME_BREAKERS } = lexicon;
const { isFunctionalLower } = nameTokens;

/**
 * Street addresses: a house number, an optional "bis"/"ter", a French street type and its name
 * ("12 rue de la Paix"), or an English name and street type ("221B Baker Street").
 */
const ADDRESS_FR_RE =
  /(?<![\p{L}\p{N}])\d{1,4}(?:\s?(?:bis|ter|[A-Da-d]))?,?\s(?:rue|avenue|av\.|boulevard|bd|bld|place|pl\.|chemin|allée|impasse|quai|cours|route|square|passage|faubourg|rond-point|voie|sentier|chaussée)\s(?:(?:de\s(?:la|l['’])|du|des|de|d['’]|l['’]|la|le)\s?)?[\p{Lu}][\p{L}'’-]*(?:\s[\p{Lu}][\p{L}'’-]*){0,3}/gu;
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

export function findAddresses(text: string): NameSpan[] {
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
    if (isFunctionalLower(w) || NAME_BREAKERS.has(w)) break;
    len += part.length;
  }
  tail = tail.slice(0, len);
  return tail.length;
}

/** "rue" → "[Rr]ue": a street type as typed at a sentence start or mid-sentence. */
const eitherCase = (w: string): string => `[${w[0]}${w[0].toUpperCase()}]${w.slice(1)}`;

/**
 * A street named without a house number (twelfth pass), English: one to three capitalised words before
 * a street type that is nothing else ("Leith Walk", "Fernleigh Road", "Bridge Street"); the types that
 * are also ordinary words after a name ("Way", "Park", "Hill", "Close", "Court", "Place", "Square",
 * "St") need a number (ADDRESS_EN_RE).
 */
const STREET_EN_RE =
  /(?<![\p{L}\p{N}'’-])((?:\p{Lu}[\p{Ll}'’-]+\s){1,3})(?:Street|Road|Lane|Avenue|Drive|Crescent|Terrace|Boulevard|Mews|Walk|Grove|Gardens)(?![\p{L}\p{N}'’-])/gu;
/**
 * French: a street type then the street's name, capitalised ("rue des Tanneurs", "avenue Jean-Jaurès",
 * "Rue de Rivoli", "quai Saint-Pierre"). The types that are also English words or name something else
 * ("place", "route", "square", "passage") need a French link before the name ("place du Marché",
 * "route de la Gare") or "la" before them ("la place Stanislas"): "to place Social Security", "à la
 * place de Marie" are no streets.
 */
const STREET_NAME = `\\p{Lu}[\\p{L}'’-]+(?:\\s\\p{Lu}[\\p{L}'’-]+){0,2}`;
const STREET_FR_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:` +
    `(?:${['rue', 'avenue', 'boulevard', 'chemin', 'impasse', 'allée', 'quai', 'faubourg', 'chaussée'].map(eitherCase).join('|')})\\s(?:(?:de\\s(?:la|l['’])|du|des|de|d['’])\\s?)?` +
    `|(?:${['place', 'route', 'square', 'passage'].map(eitherCase).join('|')})\\s(?:de\\s(?:la|l['’])|du|des|d['’])\\s?` +
    `|(?<=(?:^|\\s)(?:la|La|LA)\\s)(?:${['place', 'square'].map(eitherCase).join('|')})\\s` +
    `)${STREET_NAME}`,
  'gu',
);

/**
 * Streets that name something else (a trade, a government, a show, a song, a film): no address.
 * Lower case, one space apart.
 */
const NAMED_STREETS = new Set([
  'wall street',
  'downing street',
  'fleet street',
  'harley street',
  // Twentieth pass: the children's hospital, as people call it.
  'great ormond street',
  'sesame street',
  'coronation street',
  'jump street',
  'elm street',
  'abbey road',
  'silk road',
  'penny lane',
  'memory lane',
  'lovers lane',
  'drury lane',
  'easy street',
  'electric avenue',
  'madison avenue',
  'mulholland drive',
  'sunset boulevard',
]);

/** A house number written after the street's name. */
const NUMBER_AFTER_RE = /^ \d{1,4}[a-z]?(?![\p{L}\p{N}])/u;
const COMPOUND_STREET_TYPES = 'straat|laan|steenweg|dreef|kaai|gracht|plein|straße|strasse|gasse|platz|allee';
const COMPOUND_STREET_TEST_RE = new RegExp(`(?:${COMPOUND_STREET_TYPES})\\b`, 'u');
const COMPOUND_STREET_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])\\p{Lu}\\p{Ll}[\\p{Ll}-]*(?:${COMPOUND_STREET_TYPES})(?: \\d{1,4}[a-z]?)?(?![\\p{L}\\p{N}])`,
  'gu',
);

/** Streets named without a number: English and French, as STREET_EN_RE and STREET_FR_RE. */
/**
 * `tokens`: the name detector's tokens of `text`; the French regex runs only when one is a street type
 * (the word index answers for ASCII words).
 */
export function findStreets(text: string, tokens: readonly Token[]): NameSpan[] {
  const out: NameSpan[] = [];
  let french = false;
  let english = false;
  for (const t of tokens) {
    const bits = t.lists >= 0 ? t.lists & (IN_STREET_TYPE | IN_ENGLISH_STREET_TYPE) : 0;
    if ((bits & IN_STREET_TYPE) !== 0 || (t.lists < 0 && FRENCH_STREET_TYPES.has(t.lower))) french = true;
    if (t.cap && ((bits & IN_ENGLISH_STREET_TYPE) !== 0 || (t.lists < 0 && ENGLISH_STREET_TYPES.has(t.lower)))) {
      english = true;
    }
  }
  if (french) {
    for (const m of text.matchAll(STREET_FR_RE)) {
      // Thirty-eighth pass: the number after the name, as Belgium and Switzerland write it ("Chaussée de
      // Wavre 214, 1050 Ixelles", "Rue Neuve 12"), belongs to the street.
      const end = m.index + m[0].length;
      out.push({
        type: 'LOCATION',
        start: m.index,
        end: end + (NUMBER_AFTER_RE.exec(text.slice(end))?.[0].length ?? 0),
      });
    }
  }
  // Thirty-eighth pass: Dutch and German streets are one word ending in their type ("Naamsestraat",
  // "Kerkstraat 112", "Lindenstraße 8"), the number after.
  if (COMPOUND_STREET_TEST_RE.test(text)) {
    for (const m of text.matchAll(COMPOUND_STREET_RE))
      out.push({ type: 'LOCATION', start: m.index, end: m.index + m[0].length });
  }
  if (!english) return out;
  for (const m of text.matchAll(STREET_EN_RE)) {
    let start = m.index;
    // Leading words that cannot name a street ("The Road", "Thanks Bridge Street" keeps "Bridge Street").
    const words = m[1].trim().split(/\s/u);
    while (words.length > 0) {
      const w = words[0].toLowerCase();
      if (!isFunctionalLower(w) && !NAME_BREAKERS.has(w) && !STREET_OPENERS.has(w)) break;
      start += words[0].length + 1;
      words.shift();
    }
    if (words.length === 0) continue;
    const end = m.index + m[0].length;
    if (NAMED_STREETS.has(text.slice(start, end).toLowerCase().replace(/\s+/gu, ' '))) continue;
    // "Abbey Road Studios", "Wall Street Journal": a capitalised word right after names something else.
    if (/^ \p{Lu}/u.test(text.slice(end, end + 2))) continue;
    out.push({ type: 'LOCATION', start, end });
  }
  return out;
}

/** Capitalised openers and greetings that may stand before a street's name ("Thanks Bridge Street…"). */
const STREET_OPENERS = new Set([
  'thanks',
  'thank',
  'hi',
  'hello',
  'hey',
  'dear',
  'via',
  'from',
  'to',
  'on',
  'in',
  'at',
]);
