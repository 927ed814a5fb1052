/**
 * Rule-based detectors for structured personal data: emails, URLs, IP addresses, phone numbers,
 * IBANs, payment cards and @handles. Each returns candidate spans; pii-masking.ts resolves overlaps.
 */
import { IBAN_LENGTHS, isIbanValid, isLuhnValid } from './checksums';
import * as anchoredSearch from './anchored-search';
import type { Anchor } from './anchored-search';
// Imported values read once, not at each use (docs/pii-masking.md, "Imported names under tsx").
const { anchoredMatches, isAsciiAlnum, markedRuns } = anchoredSearch;

export type PatternType = 'EMAIL' | 'URL' | 'IP' | 'PHONE' | 'IBAN' | 'CARD' | 'HANDLE';

export interface Span<T extends string = string> {
  readonly type: T;
  readonly start: number;
  readonly end: number;
}

type Found = Span<PatternType>;

/** Drops exact duplicates and spans lying inside another span (several formats may match one number). */
function keepMaximal(spans: readonly Found[], out: Found[]): void {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  let lastEnd = -1;
  for (const s of sorted) {
    if (s.end <= lastEnd) continue;
    out.push(s);
    lastEnd = s.end;
  }
}

function collect(
  text: string,
  re: RegExp,
  type: PatternType,
  out: Found[],
  accept?: (m: RegExpExecArray) => boolean,
  anchor?: Anchor,
): void {
  for (const m of anchor === undefined ? text.matchAll(re) : anchoredMatches(text, re, anchor)) {
    if (accept && !accept(m)) continue;
    out.push({ type, start: m.index, end: m.index + m[0].length });
  }
}

/** True when `text` holds at least `atLeast` ASCII digits (what `\d` matches). */
function hasDigits(text: string, atLeast: number): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++n >= atLeast) return true;
  }
  return false;
}

/**
 * Options of the detectors' cheap necessary-condition tests that have a slower reference path
 * (see MaskPiiOptions.reference): `reference: true` skips them, with the same output.
 */
export interface PatternOptions {
  readonly reference?: boolean;
}

// ---- email (RFC 5322 addr-spec, the dot-atom subset people actually type) -----------------------

const EMAIL_RE =
  /(?<![\p{L}\p{N}._%+@'-])[\p{L}\p{N}_%+-]+(?:[.'][\p{L}\p{N}_%+-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,24}(?![\p{L}\p{N}-])/gu;

/**
 * Addresses written to dodge filters: "at"/"dot" as words or in brackets, in English and French
 * (`jo at gmail dot com`, `jo [at] mail [dot] fr`, `jo arobase free point fr`, `jo (chez) gmail (point) com`).
 * Bracketed or `arobase` forms are enough on their own; the bare English/French words need a
 * top-level domain from BARE_TLDS at the end, so "look at this dot" is not an address.
 */
const AT_WORDS = 'at|arobase|chez|@';
const DOT_WORDS = 'dot|point|\\.';
const OPEN = '[\\[({<]';
const CLOSE = '[\\])}>]';
const LABEL = '[\\p{L}\\p{N}_%+-]+';
const BRACKETED_AT = `\\s*${OPEN}\\s*(?:${AT_WORDS})\\s*${CLOSE}\\s*`;
const BRACKETED_DOT = `\\s*${OPEN}\\s*(?:${DOT_WORDS})\\s*${CLOSE}\\s*`;
const WORD_AT = '\\s+(?:at|arobase|chez|@)\\s+';
/** The sign itself, no spaces, before a domain whose dots are spelled out ("jo@mail dot com"). */
const PLAIN_AT = '@';
const WORD_DOT = '\\s+(?:dot|point)\\s+';
const ANY_DOT = `(?:${BRACKETED_DOT}|${WORD_DOT}|\\.)`;
/** In the domain, also a dot set off by spaces ("f.k @ mail . fr"); never in the name before the "at". */
const DOMAIN_DOT = `(?:${BRACKETED_DOT}|${WORD_DOT}|\\s*\\.\\s*)`;
/**
 * The first label, matched atomically (a lookahead captures it, a back-reference consumes it): every
 * way on after it starts with a space, a bracket, a dot or "@", never a label character, so giving
 * characters back could not make a match, and the engine no longer gives back each word of the text
 * one character at a time (a third of this pattern's time on long messages). The lookahead after it
 * says the same early. The reference path keeps the plain label, for tests to compare the two.
 */
const FIRST_LABEL = `(?=(${LABEL}))\\1(?=[\\s\\[({<.@])`;
const obfuscatedEmail = (first: string): RegExp =>
  new RegExp(
    `(?<![\\p{L}\\p{N}._%+@-])${first}(?:(?:${ANY_DOT}|\\s+\\.\\s+)${LABEL})*(?<at>${BRACKETED_AT}|${WORD_AT}|${PLAIN_AT})${LABEL}(?:${DOMAIN_DOT}${LABEL})*?${DOMAIN_DOT}(?<tld>\\p{L}{2,24})(?![\\p{L}\\p{N}-])`,
    'giu',
  );
const OBFUSCATED_EMAIL_RE = obfuscatedEmail(FIRST_LABEL);
const OBFUSCATED_EMAIL_REFERENCE_RE = obfuscatedEmail(LABEL);
/** EMAIL_RE's matches hold an "@", after a local part of letters, digits and `_%+-.'` (anchored-search.ts). */
const EMAIL_ANCHOR: Anchor = {
  char: '@',
  // 39 ' 43 + 37 % 45 - 46 . 95 _, and every non-ASCII character (a superset of \p{L}\p{N}).
  lead: (c) => isAsciiAlnum(c) || c === 39 || c === 43 || c === 37 || c === 45 || c === 46 || c === 95 || c > 127,
  maxLead: Infinity,
};
const TLD_SET = new Set<string>();
/** One more spelled, bracketed or plain dot and a label, at the start of the rest of the text. */
const MORE_TLD_RE = new RegExp(`^${ANY_DOT}(\\p{L}{2,24})(?![\\p{L}\\p{N}-])`, 'iu');

/**
 * Necessary conditions for OBFUSCATED_EMAIL_RE to yield an accepted address, tested first because
 * " at " is in most English sentences: a bracketed "at" or "arobase", or a bare "at"/"chez" with a
 * bare or bracketed "dot"/"point" (or any bracket) somewhere in the text.
 */
const BRACKETED_AT_RE = /[[({<]\s*(?:at|arobase|chez|@)\s*[\])}>]|arobase/iu;
const BARE_AT_RE = /\s(?:at|chez)\s/iu;
const DOT_WORD_OR_BRACKET_RE = /\s(?:dot|point)\s|[[({<]/iu;
/**
 * Where a spelled-out address can be (anchored-search.ts, markedRuns): every match holds an "@" or one
 * of the words of AT_WORDS set off by spaces or brackets, and only characters of isSpelledEmailChar.
 * Without the `u` flag this is four times faster; nothing is lost, as no other character folds to the
 * letters of "at", "chez" or "aroba" (only the long s and the Kelvin sign fold into ASCII, to "s" and
 * "k"), and a space or a bracket is a word boundary in both modes.
 */
const AT_MARKER_RE = /@|\b(?:at|chez)\b|aroba/gi;
/**
 * A superset of the characters of OBFUSCATED_EMAIL_RE's matches: ASCII letters and digits, `_%+-.@`,
 * ASCII white space, the brackets `[({<` and `])}>`, and every non-ASCII character. The characters
 * its lookbehind and its final lookahead refuse are all among them.
 */
function isSpelledEmailChar(c: number): boolean {
  if (c > 127) return true;
  if (isAsciiAlnum(c)) return true;
  // \t \n \v \f \r and the space; % + - . @ _ and the brackets ( ) < > [ ] { }
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 37 ||
    c === 43 ||
    c === 45 ||
    c === 46 ||
    c === 64 ||
    c === 95 ||
    c === 40 ||
    c === 41 ||
    c === 60 ||
    c === 62 ||
    c === 91 ||
    c === 93 ||
    c === 123 ||
    c === 125
  );
}
/** The sign itself right before a domain word and a spelled or bracketed dot ("jo@mail dot com"). */
const PLAIN_AT_SPELLED_DOT_RE = /@[\p{L}\p{N}_%+-]+(?:\s+(?:dot|point)\s|\s*[[({<]\s*(?:dot|point|\.)\s*[\])}>])/iu;

/**
 * Domains of the large webmail providers: after a bare "at", one of them written plainly is an
 * address ("fiona.mc1987 at gmail.com"), where another domain is a site ("shop at example.com").
 */
const MAIL_DOMAIN_RE =
  /^(?:gmail\.com|googlemail\.com|(?:hotmail|outlook|live|yahoo)\.(?:com|fr|co\.uk|be|ca)|icloud\.com|me\.com|aol\.com|proton(?:mail)?\.(?:com|me)|gmx\.(?:com|fr|de|net)|free\.fr|orange\.fr|wanadoo\.fr|laposte\.net|sfr\.fr|yandex\.(?:ru|com)|mail\.ru)$/iu;
const MAIL_DOMAIN_IN_TEXT_RE =
  /\s(?:at|chez)\s+(?:gmail|googlemail|hotmail|outlook|live|yahoo|icloud|me|aol|proton(?:mail)?|gmx|free|orange|wanadoo|laposte|sfr|yandex|mail)\./iu;

export function findEmails(text: string, out: Found[], options: PatternOptions = {}): void {
  if (text.includes('@'))
    collect(text, EMAIL_RE, 'EMAIL', out, undefined, options.reference === true ? undefined : EMAIL_ANCHOR);
  if (
    BRACKETED_AT_RE.test(text) ||
    /\s@\s/u.test(text) ||
    (text.includes('@') && PLAIN_AT_SPELLED_DOT_RE.test(text)) ||
    (BARE_AT_RE.test(text) && (DOT_WORD_OR_BRACKET_RE.test(text) || MAIL_DOMAIN_IN_TEXT_RE.test(text)))
  ) {
    // The names reserved for tests and examples (RFC 2606) too: "pay-pall dot test".
    if (TLD_SET.size === 0)
      for (const t of [...BARE_TLDS.split('|'), 'example', 'exemple', 'test', 'invalid']) TLD_SET.add(t);
    const re = options.reference === true ? OBFUSCATED_EMAIL_REFERENCE_RE : OBFUSCATED_EMAIL_RE;
    const runs: [number, number][] =
      options.reference === true ? [[0, text.length]] : markedRuns(text, AT_MARKER_RE, isSpelledEmailChar);
    for (const [runStart, runEnd] of runs) findSpelledEmails(text, runStart, runEnd, re, out);
  }
}

/** The spelled-out addresses of OBFUSCATED_EMAIL_RE (or its reference) in text[runStart, runEnd). */
function findSpelledEmails(text: string, runStart: number, runEnd: number, re: RegExp, out: Found[]): void {
  const part = runStart === 0 && runEnd === text.length ? text : text.slice(runStart, runEnd);
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(part)) !== null) {
    const index = runStart + m.index;
    const at = m.groups!.at;
    const tld = m.groups!.tld.toLowerCase();
    const atEnd = m.index + m[0].indexOf(at) + at.length;
    const domain = m[0].slice(atEnd - m.index);
    const bracketed = /[[({<]/u.test(at) || /arobase/iu.test(at);
    // "at" as a word: the domain must be obfuscated too ("shop at example.com" is a site, not an
    // address), or a webmail provider's.
    // "jo.b @ example.com": the sign itself between spaces, then a known top-level domain.
    const spacedSign = at !== '@' && at.trim() === '@' && TLD_SET.has(tld);
    const accepted =
      bracketed ||
      spacedSign ||
      (/\s(?:dot|point)\s|[[({<]/iu.test(domain) && TLD_SET.has(tld)) ||
      MAIL_DOMAIN_RE.test(domain);
    if (accepted) {
      // The domain is read lazily, up to the first known ending: take the country after it too
      // ("jo@mail dot co dot uk").
      let end = index + m[0].length;
      for (let more = MORE_TLD_RE.exec(text.slice(end)); more !== null; more = MORE_TLD_RE.exec(text.slice(end))) {
        if (!TLD_SET.has(more[1].toLowerCase())) break;
        end += more[0].length;
      }
      out.push({ type: 'EMAIL', start: index, end });
    }
    // A refused match may hold the start of an address after its "at" ("email me at jo dot
    // smith at gmail dot com"): scan on from there.
    else re.lastIndex = atEnd;
  }
}

// ---- URL ----------------------------------------------------------------------------------------

/** Top-level domains accepted for bare domains written without scheme or `www.` (lower case only). */
const BARE_TLDS = [
  'com',
  'org',
  'net',
  'edu',
  'gov',
  'int',
  'info',
  'biz',
  'io',
  'co',
  'me',
  'tv',
  'ly',
  'gl',
  'app',
  'dev',
  'xyz',
  'site',
  'online',
  'blog',
  'news',
  'fr',
  'be',
  'ch',
  'ca',
  'uk',
  'us',
  'de',
  'es',
  'it',
  'nl',
  'eu',
  'lu',
  'mc',
  'ma',
  'dz',
  'tn',
  'sn',
  'ci',
  'cm',
  'ru',
  'pl',
  'pt',
  'se',
  'no',
  'fi',
  'dk',
  'at',
  'ie',
  'au',
  'nz',
  'jp',
  'cn',
  'in',
  'br',
  'mx',
  'ar',
  'za',
  'ws',
  'to',
  'gg',
  // Twelfth pass: more generic and country domains people link to. Left out: two-letter codes that
  // are common English or French words after a missed space ("fini.il", "done.on") and endings that
  // are as often file extensions ("logo.ai", "kernel.cl", "app.pro", "signature.ng").
  'shop',
  'store',
  'tech',
  'club',
  'page',
  'cloud',
  'ro',
  'gr',
  'cz',
  'hu',
  'ua',
  'kr',
  'sg',
  'hk',
  'tw',
  'ke',
  'quebec',
  'paris',
  'bzh',
].join('|');

/** A URL with a scheme or `www.`, up to whitespace or a char that cannot end a URL. */
const URL_RE = /(?<![\p{L}\p{N}@.])(?:(?:https?|ftp):\/\/|www\.)[^\s<>"«»{}|\\^`]*[^\s<>"«»{}|\\^`.,;:!?'’\]]/giu;
/** BARE_DOMAIN_RE's matches hold a dot, after a label of lower-case letters, digits and hyphens. */
const BARE_DOMAIN_ANCHOR: Anchor = {
  char: '.',
  lead: (c) => (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c === 45,
  maxLead: Infinity,
  notAfterLead: true,
};
/** A bare `name.tld` (optionally with a path), not part of an email or a longer word. */
const BARE_DOMAIN_RE = new RegExp(
  `(?<![\\p{L}\\p{N}@._/-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${BARE_TLDS})(?![\\p{L}\\p{N}@-])(?:\\/[^\\s<>"«»]*[^\\s<>"«».,;:!?'’)\\]])?`,
  'gu',
);

/**
 * A bare domain under `.example`, the name reserved for examples (RFC 2606) that documentation and
 * test data use for sites, only when it reads as a site: with a path, a subdomain or a hyphen
 * (`shrt.example/3xYz`, `forum.clubs.example`, `green-deli.example`); a plain `config.example` is as
 * often a file. From the thirtieth pass its French form too (`setlists-archive.exemple/2023/liege`).
 */
const EXAMPLE_DOMAIN_RE =
  /(?<![\p{L}\p{N}@._/-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+ex[ae]mple(?![\p{L}\p{N}@-])(?:\/[^\s<>"«»]*[^\s<>"«».,;:!?'’)\]])?/gu;

function readsAsSite(match: string): boolean {
  if (match.includes('/') || match.includes('-') || match.indexOf('.') < match.lastIndexOf('.')) return true;
  // Seventeenth pass: one name before ".example" is a site ("lenafischerphoto.example") unless the
  // name is a file's ("config.example", ".env.example" copied to ".env").
  return !EXAMPLE_FILE_STEMS.has(match.slice(0, match.indexOf('.')).toLowerCase());
}

/** Names of files shipped as "<name>.example" templates: never a site. */
const EXAMPLE_FILE_STEMS = new Set(
  (
    'config settings env dotenv sample local default defaults app application database db docker compose ' +
    'credentials secrets secret template init setup params parameters values vars variables conf cfg ini ' +
    'yml yaml json toml properties procmailrc htaccess gitignore nginx apache server client test tests ' +
    'example readme license changelog makefile requirements package'
  ).split(' '),
);

/** Balances a trailing ')' that belongs to the sentence rather than the URL. */
function trimUrl(text: string, start: number, end: number): number {
  let e = end;
  const slice = text.slice(start, e);
  const open = (slice.match(/\(/g) ?? []).length;
  let close = (slice.match(/\)/g) ?? []).length;
  while (close > open && text[e - 1] === ')') {
    e--;
    close--;
  }
  return e;
}

/** Necessary conditions: a scheme or `www.` for URL_RE; a lower-case label, a dot and a letter for BARE_DOMAIN_RE. */
const URL_HINT_RE = /:\/\/|www\./iu;
const BARE_DOMAIN_HINT_RE = /[a-z0-9]\.[a-z]/u;

export function findUrls(text: string, out: Found[], options: PatternOptions = {}): void {
  if (!text.includes('.')) return;
  const urls: Found[] = [];
  const res: RegExp[] = [];
  if (URL_HINT_RE.test(text)) res.push(URL_RE);
  if (BARE_DOMAIN_HINT_RE.test(text)) res.push(BARE_DOMAIN_RE);
  for (const re of res) {
    const anchored = re === BARE_DOMAIN_RE && options.reference !== true;
    for (const m of anchored ? anchoredMatches(text, re, BARE_DOMAIN_ANCHOR) : text.matchAll(re)) {
      urls.push({ type: 'URL', start: m.index, end: trimUrl(text, m.index, m.index + m[0].length) });
    }
  }
  if (text.includes('.example') || text.includes('.exemple')) {
    for (const m of text.matchAll(EXAMPLE_DOMAIN_RE)) {
      if (readsAsSite(m[0]))
        urls.push({ type: 'URL', start: m.index, end: trimUrl(text, m.index, m.index + m[0].length) });
    }
  }
  keepMaximal(urls, out);
}

// ---- IP addresses ---------------------------------------------------------------------------------

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_RE = new RegExp(`(?<![\\p{L}\\p{N}.])${OCTET}(?:\\.${OCTET}){3}(?![\\p{L}\\p{N}]|\\.\\d)`, 'gu');
/** Words that say a dotted quad is an address: checked in the 4 words before and the 4 after. */
const IP_CUES = new Set(
  'ip ips ipv4 address addresses adresse adresses addr ping pinging pinged server serveur proxy router routeur host hôte dns vpn gateway passerelle subnet réseau network localhost blocked block bloqué bloquée bloquer ban banned banni from de'
    .split(' ')
    .filter((w) => w !== 'from' && w !== 'de'),
);
/** Words that say it is a version or a dotted reference: checked in the 3 words before. */
const VERSION_CUES = new Set(
  'v ver version versions release releases build builds firmware patch update updated upgrade upgraded downgrade downgraded rolling rolled jour maj logiciel app appli rule rules règle règles section sections article articles art chapter chapitre ref réf § paragraph paragraphe clause point'.split(
    ' ',
  ),
);
const WORD_RE = /[\p{L}§]+/gu;

/** The last `n` words before `end` and the first `n` after `start`, lower case. */
function wordsAround(text: string, start: number, end: number, before: number, after: number): [string[], string[]] {
  const left = [...text.slice(Math.max(0, start - 60), start).matchAll(WORD_RE)].map((m) => m[0].toLowerCase());
  const right = [...text.slice(end, end + 40).matchAll(WORD_RE)].map((m) => m[0].toLowerCase());
  return [left.slice(-before), right.slice(0, after)];
}

/**
 * A dotted quad is an address unless it reads as a version or a dotted reference. Before it, the
 * nearest cue of either kind in the 4 words decides (thirty-fourth pass: "router firmware 4.2.18.3"
 * is the firmware's version, "firmware broke my IP 203.0.113.9" the address); without one, an address
 * cue after it keeps it; otherwise the shape of a version (every part below 20, the first a single
 * digit: `1.2.3.4`, `3.2.1.4`) drops it.
 */
function isIpv4InContext(text: string, start: number, end: number): boolean {
  const [left, right] = wordsAround(text, start, end, 4, 4);
  for (let k = left.length - 1; k >= 0; k--) {
    if (IP_CUES.has(left[k])) return true;
    if (VERSION_CUES.has(left[k])) return false;
  }
  if (right.some((w) => IP_CUES.has(w))) return true;
  const parts = text.slice(start, end).split('.').map(Number);
  return !(parts[0] < 10 && parts.every((p) => p < 20));
}

const IPV6_CANDIDATE_RE =
  /(?<![\p{L}\p{N}:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\p{L}\p{N}:]|\.\d)/giu;

/** IPV6_CANDIDATE_RE's matches hold a colon, after at most four hexadecimal digits. */
const IPV6_ANCHOR: Anchor = {
  char: ':',
  lead: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
  maxLead: 4,
  notAfterLead: true,
};

/** RFC 4291 section 2.2 text forms: eight groups, or fewer with one `::`, optionally ending in IPv4. */
export function isIpv6(candidate: string): boolean {
  if (!/\d/.test(candidate) && candidate !== '::') return false;
  let groups = candidate;
  let extra = 0;
  const v4 = /(?:^|:)((?:\d{1,3}\.){3}\d{1,3})$/.exec(groups);
  if (v4) {
    if (!new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`).test(v4[1])) return false;
    groups = groups.slice(0, groups.length - v4[1].length) + '0';
    extra = 1; // an IPv4 tail takes two groups
  }
  const halves = groups.split('::');
  if (halves.length > 2) return false;
  const parse = (h: string): string[] | null => {
    if (h === '') return [];
    const parts = h.split(':');
    return parts.every((p) => /^[0-9a-f]{1,4}$/i.test(p)) ? parts : null;
  };
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  if (left === null || right === null) return false;
  const count = left.length + right.length + extra;
  return halves.length === 2 ? count <= 7 : count === 8;
}

export function findIps(text: string, out: Found[], options: PatternOptions = {}): void {
  const ips: Found[] = [];
  // A dotted quad has four digits or more.
  if ((options.reference === true || hasDigits(text, 4)) && /\d\.\d/u.test(text)) {
    collect(text, IPV4_RE, 'IP', ips, (m) => isIpv4InContext(text, m.index, m.index + m[0].length));
  }
  // Two colons with at most four hex digits between them: needed by every IPv6 text form.
  if (/:[0-9a-f]{0,4}:/iu.test(text)) {
    const candidates =
      options.reference === true
        ? text.matchAll(IPV6_CANDIDATE_RE)
        : anchoredMatches(text, IPV6_CANDIDATE_RE, IPV6_ANCHOR);
    for (const m of candidates) {
      // The candidate may swallow a trailing ':' of the sentence ("address 2001:db8::1: down").
      let s = m[0];
      while (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
      if (isIpv6(s)) ips.push({ type: 'IP', start: m.index, end: m.index + s.length });
    }
  }
  keepMaximal(ips, out);
}

// ---- phone numbers -----------------------------------------------------------------------------

/**
 * Left and right boundaries: not inside a longer number, word, decimal, date or version, and not
 * followed by another group of digits ("06 12 34 56 78 90" is not a phone number).
 */
const L = '(?<![\\p{L}\\p{N}+_]|\\d[.,/-]|[.,/-]\\d)';
const R = '(?![\\p{L}\\p{N}_]|[.,/-]\\d| \\d)';
/** An extension after the number, part of it: "x8389", " ext. 12", " poste 204". */
const EXT = '(?:\\s?(?:x|ext\\.?|extn\\.?|poste)\\s?\\d{1,6})?';
const EXT_END_RE = /\s?(?:x|ext\.?|extn\.?|poste)\s?\d{1,6}$/iu;
/** Case-insensitive for the extension's word ("POSTE 204"); the bodies are digits and separators. */
const phone = (body: string): RegExp => new RegExp(`${L}(?:${body})${EXT}${R}`, 'giu');

/**
 * Phone formats, each a whole-number pattern:
 * - French national numbers (ARCEP plan): 0 then 9 digits, in pairs with one consistent separator or none;
 * - international numbers (ITU-T E.164): `+` or `00`, a country code and 7-14 digits in groups, with an
 *   optional trunk `(0)`;
 * - North American (NANP): (212) 555-0147, 212-555-0147, 212.555.0147, 1-800-555-0199;
 * - UK national: 0 then 9-10 digits as 3-4-4, 4-3-4, 5-6, 5-3-3 (mobiles: "07700 900 283"), 4-6 or 4-7
 *   groups (spaces, or one hyphen or dot throughout for 3-4-4, 4-3-4, 5-3-3, 5-6), compact (11 digits), or
 *   with the area code in brackets ("(029) 2018 0000", "(01632) 960123");
 * - Swiss national (079 555 01 47) and Belgian mobiles (0470 55 01 23, 0470/55.01.23);
 * - Australian mobiles (0491 570 156);
 * each with an optional extension ("x8389", "ext. 12").
 */
const PHONE_RES: readonly RegExp[] = [
  phone('0[1-9](?:([ .\\-]?)\\d{2})(?:\\1\\d{2}){3}'),
  // Thirty-ninth pass: not "00" inside a longer run of digit groups ("microchip 981 020 0048 12367").
  phone('(?:\\+|(?<!\\d[ .\\-])00)[1-9]\\d{0,2}(?:[ .\\-]?\\(0\\))?(?:[ .\\-]?\\d{1,4}){2,6}'),
  phone('(?:\\+?1[ .\\-]?)?\\(\\d{3}\\)[ .\\-]?\\d{3}[ .\\-]\\d{4}'),
  phone('(?:1([ .\\-]))?[2-9]\\d{2}([.\\-])\\d{3}\\2\\d{4}'),
  phone('1[ .\\-]\\d{3}[ .\\-]\\d{3}[ .\\-]\\d{4}'),
  // Twelfth pass: the area code set off by a space, the rest hyphenated ("418 555-0155").
  phone('(?:1[ .\\-])?[2-9]\\d{2} \\d{3}[.\\-]\\d{4}'),
  phone('[2-9]\\d{2} \\d{3} \\d{4}'),
  phone(
    '0\\d{2} \\d{4} \\d{4}|0\\d{3} \\d{3} \\d{4}|0\\d{4} \\d{6}|0\\d{4} \\d{3} \\d{3}|0\\d{3} \\d{6}|0\\d{3} \\d{7}|0[1-9]\\d{9}',
  ),
  // Thirty-ninth pass: the same UK groups joined by hyphens or dots, one separator throughout
  // ("07700-900-582", "0161.496.0471").
  phone(
    '0\\d{4}([.\\-])\\d{3}\\1\\d{3}|0\\d{3}([.\\-])\\d{3}\\2\\d{4}|0\\d{2}([.\\-])\\d{4}\\3\\d{4}|0\\d{4}[.\\-]\\d{6}',
  ),
  phone('\\(0\\d{2,4}\\) ?\\d{3,4} ?\\d{3,4}'),
  // Tenth pass: Swiss national (0xx xxx xx xx) and Belgian mobiles (04xx xx xx xx, 04xx/xx.xx.xx).
  phone('0[1-9]\\d ?\\d{3} ?\\d{2} ?\\d{2}'),
  // Forty-sixth pass: Belgian landlines, nine digits: a one-digit zone and 3-2-2 ("02 555 41 27",
  // "02/555.41.27") or a two-digit zone and 2-2-2 ("010 47 21 90"), one separator throughout.
  phone('0[2-9]([ .])\\d{3}\\1\\d{2}\\1\\d{2}|0[2-9]/\\d{3}([ .]?)\\d{2}\\2\\d{2}'),
  phone('0[1-9]\\d([ .])\\d{2}\\1\\d{2}\\1\\d{2}|0[1-9]\\d/\\d{2}([ .]?)\\d{2}\\2\\d{2}'),
  phone('04\\d{2}[ /.]?\\d{2}([ .])\\d{2}\\1\\d{2}'),
  // Australian mobiles, 04xx xxx xxx ("0491 570 156"): 4-3-3 groups, which no other format here has.
  phone('04\\d{2} \\d{3} \\d{3}'),
];

/**
 * A North American local number without its area code ("555-0143", 7 digits) counts only after a word
 * that asks to call or gives a number, a few words before it ("ring 555-0143", "my number is
 * 555-0143", "appelle au 555-0143"; thirty-ninth pass: the verbs' past forms too, "the dealer called
 * 555-0129"): alone, 3-4 digits are as often a reference or a range.
 */
const LOCAL_NUMBER_RE = new RegExp(
  `(?<![\\p{L}])(?:call|called|calling|ring|rang|phone|phoned|tel|text|texted|dial|dialled|dialed|fax|number|r?appel(?:le[rz]?|ez|er)?|téléphone|tél|numéro|joindre)(?![\\p{L}])[^\\d\\n]{0,24}?${L}([2-9]\\d{2}[-.]\\d{4})${EXT}${R}`,
  'giu',
);

/**
 * Thirtieth pass: a number shaped like a phone number right after a word of a reference ("Complaint ref
 * 0161 290 4471", "Numéro de dossier 01 99 00 37 52", "Parcel tracking JD0002 0079 4455 1230"; thirty-ninth
 * pass: a transaction or a receipt, "transaction 4485 0021 7733 92") is the
 * reference, unless a word of calling is there too ("call the claims line on 0161 496 0471"). Read in
 * the 40 characters before the number, within its sentence. Global: the last such word is the one read.
 */
const PHONE_REFERENCE_RE =
  /(?<![\p{L}])(?:ref|refs|reference|réf|référence|ticket|dossier|tracking|suivi|commande|order|claim|invoice|facture|contrat|policy|colis|parcel|consignment|awb|booking (?:number|no|ref)|serial|microchip|transaction|receipt)(?![\p{L}])/giu;
/** Not "booking" or "case" ("the booking line is…", "in case: +44…"), which name phone lines as often. */
const PHONE_CALLING_RE =
  /(?<![\p{L}])(?:call|ring|phone|tel|mobile|cell|text|whatsapp|dial|fax|contact|reach|line|helpline|my number|number is|appel\p{L}*|téléphone|tél|portable|joindre|contacter|mon numéro(?! de (?:dossier|commande|suivi|contrat|colis|facture|client|ticket|réservation)))(?![\p{L}])/iu;

/** Words of a lottery, a bingo card or lucky numbers, anywhere in the text. */
const LOTTERY_RE =
  /(?<![\p{L}])(?:lotto|loto|lottery|euromillions?|euro ?millions|bingo|lucky|stars|étoiles?|tirage|grille|syndicate|fétiches?|numbers|numéros|draw)(?![\p{L}])/iu;

/**
 * Thirty-fourth pass: five or six groups of two digits, strictly rising and none above 59, in a text
 * about a lottery or lucky numbers: the numbers drawn, not a French phone ("Mes numéros fétiches 03 11
 * 19 27 42 étoile 7").
 */
function isLotteryDraw(text: string, start: number, end: number): boolean {
  const groups = text
    .slice(start, end)
    .split(/\D+/u)
    .filter((g) => g !== '');
  if (groups.length < 5 || groups.some((g) => g.length !== 2)) return false;
  const values = groups.map(Number);
  if (values.some((v, k) => v > 59 || (k > 0 && v <= values[k - 1]))) return false;
  return LOTTERY_RE.test(text);
}

function isReferenceNumber(text: string, start: number): boolean {
  let before = text.slice(Math.max(0, start - 40), start);
  const end = Math.max(
    before.lastIndexOf('. '),
    before.lastIndexOf('! '),
    before.lastIndexOf('? '),
    before.lastIndexOf('\n'),
  );
  if (end >= 0) before = before.slice(end + 1);
  if (PHONE_CALLING_RE.test(before)) return false;
  // Forty-sixth pass: the reference's word right before the number, a few characters between ("ref ",
  // "de dossier ", "number is "), not one that a complement has moved away ("commandes de colis de
  // viande : 0470…", orders of meat parcels, then a phone).
  PHONE_REFERENCE_RE.lastIndex = 0;
  let last = -1;
  for (let m = PHONE_REFERENCE_RE.exec(before); m !== null; m = PHONE_REFERENCE_RE.exec(before)) {
    last = m.index + m[0].length;
  }
  return last >= 0 && before.length - last <= 12;
}

export function findPhones(text: string, out: Found[], options: PatternOptions = {}): void {
  if (!/\d{2}/.test(text)) return;
  // Every format holds 7 digits or more (a local number), most 8 or more.
  if (!(options.reference ?? false) && !hasDigits(text, 7)) return;
  const phones: Found[] = [];
  if (/\d{3}[-.]\d{4}/u.test(text)) {
    LOCAL_NUMBER_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = LOCAL_NUMBER_RE.exec(text)) !== null) {
      // The cue holds no digit, so the number is the first occurrence of its digits in the match.
      phones.push({ type: 'PHONE', start: m.index + m[0].indexOf(m[1]), end: m.index + m[0].length });
    }
  }
  // Every format is accepted with 8 digits or more only.
  if (!(options.reference ?? false) && !hasDigits(text, 8)) {
    keepMaximal(phones, out);
    return;
  }
  for (const re of PHONE_RES) {
    collect(text, re, 'PHONE', phones, (m) => {
      const digits = m[0].replace(EXT_END_RE, '').replace(/\D/g, '').length;
      return (
        digits >= 8 &&
        digits <= 16 &&
        !isReferenceNumber(text, m.index) &&
        !isLotteryDraw(text, m.index, m.index + m[0].length)
      );
    });
  }
  keepMaximal(phones, out);
}

// ---- IBAN -----------------------------------------------------------------------------------------

/** Upper or lower case (people type `fr76 …`); the checksum decides. */
const IBAN_START_RE = /(?<![\p{L}\p{N}])([A-Za-z]{2})(\d{2})/gu;

export function findIbans(text: string, out: Found[]): void {
  if (!/[A-Za-z]{2}\d{2}/u.test(text)) return;
  for (const m of text.matchAll(IBAN_START_RE)) {
    const length = IBAN_LENGTHS[m[1].toUpperCase()];
    if (length === undefined) continue;
    // Collect alphanumerics, allowing single spaces between groups, until the country's length.
    let compact = m[0];
    let i = m.index + m[0].length;
    while (compact.length < length && i < text.length) {
      const c = text[i];
      if (/[A-Za-z0-9]/.test(c)) {
        compact += c;
        i++;
      } else if (c === ' ' && /[A-Za-z0-9]/.test(text[i + 1] ?? '')) {
        i++;
      } else break;
    }
    const upper = compact.toUpperCase();
    const oneCase = compact === upper || compact === compact.toLowerCase();
    if (compact.length === length && oneCase && !/[\p{L}\p{N}]/u.test(text[i] ?? '') && isIbanValid(upper)) {
      out.push({ type: 'IBAN', start: m.index, end: i });
    }
  }
}

// ---- payment cards --------------------------------------------------------------------------------

// Groups of four with a last group of one to four digits (a 13-digit Visa as "4047 4713 4750 7", thirtieth
// pass), four and six, or no separator at all.
const CARD_RE =
  /(?<![\p{L}\p{N}.,-])(?:\d{4}([ -])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{4,5}|\d{13,19})(?![\p{L}\p{N}]|[.,-]\d)/gu;
/**
 * Issuer prefixes (ISO/IEC 7812 IIN ranges of the major networks): Visa, Mastercard, Amex, Discover,
 * Diners, JCB (with its older 15-digit ranges 1800 and 2131), UnionPay, Maestro.
 */
const CARD_IIN_RE = /^(?:4|5[1-5]|2[2-7]|3[47]|6011|64[4-9]|65|3(?:0[0-5]|[68])|35|62|5[06-9]|6[0-9]|1800|2131)/;

export function findCards(text: string, out: Found[], options: PatternOptions = {}): void {
  if (!/\d{4}/u.test(text)) return;
  // A card number has 13 digits or more.
  if (!(options.reference ?? false) && !hasDigits(text, 13)) return;
  collect(text, CARD_RE, 'CARD', out, (m) => {
    const digits = m[0].replace(/\D/g, '');
    // Thirty-second pass: sixteen digits written in four groups of four have a card's shape; a known
    // issuer's prefix is asked of the other shapes only ("2101 1647 8878 6711").
    // Not a run of groups inside a longer number ("FR76 2004 1520 5845 9117 1883 947", an IBAN).
    const alone =
      !/^[ -]\d/u.test(text.slice(m.index + m[0].length, m.index + m[0].length + 2)) &&
      !/\d[ -]$/u.test(text.slice(Math.max(0, m.index - 2), m.index));
    const cardShape =
      alone && digits.length === 16 && /^\d{4}([ -])\d{4}\1\d{4}\1\d{4}$/u.test(m[0]) && /^[2-6]/u.test(digits);
    // Thirty-ninth pass: nor the groups right after an IBAN's country and check digits, when the IBAN
    // itself fails its check ("FR26 2633 9671 8108 0558 6176 975": a wrong RIB, no card).
    const afterIbanHead = /[A-Z]{2}\d{2}[ ]?$/u.test(text.slice(Math.max(0, m.index - 5), m.index));
    return (
      !afterIbanHead &&
      digits.length >= 13 &&
      digits.length <= 19 &&
      (cardShape || CARD_IIN_RE.test(digits)) &&
      isLuhnValid(digits)
    );
  });
}

// ---- handles ----------------------------------------------------------------------------------------

/** `@name` as used by X/Twitter, Instagram, GitHub, Reddit (`u/` not covered): 2-30 word chars. */
const HANDLE_RE =
  /(?<![\p{L}\p{N}_.@+-])@[\p{L}\p{N}_](?:[\p{L}\p{N}_.-]{0,29}[\p{L}\p{N}_])?(?![\p{L}\p{N}_@]|\.\p{L})/gu;

/** Fediverse (Mastodon…) handles `@name@instance.tld`: one handle, not an e-mail address. */
const FEDIVERSE_HANDLE_RE =
  /(?<![\p{L}\p{N}_.@+-])@[\p{L}\p{N}_](?:[\p{L}\p{N}_.-]{0,29}[\p{L}\p{N}_])?@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,24}(?![\p{L}\p{N}-])/gu;
/** Broadcast mentions of chat tools (Slack, Discord, Teams…): they name no one. */
const BROADCAST_MENTIONS = new Set(['@here', '@everyone', '@channel', '@all', '@room', '@tous', '@toutes', '@team']);

/** HANDLE_RE's matches start with their "@". */
const HANDLE_ANCHOR: Anchor = { char: '@', lead: () => false, maxLead: 0 };

export function findHandles(text: string, out: Found[], options: PatternOptions = {}): void {
  if (!text.includes('@')) return;
  collect(
    text,
    HANDLE_RE,
    'HANDLE',
    out,
    (m) => m[0].length >= 3 && !BROADCAST_MENTIONS.has(m[0].toLowerCase()),
    options.reference === true ? undefined : HANDLE_ANCHOR,
  );
  collect(text, FEDIVERSE_HANDLE_RE, 'HANDLE', out);
}

/** Runs every structured-data detector over `text`. */
export function findPatterns(text: string, wanted: ReadonlySet<string>, options: PatternOptions = {}): Found[] {
  const out: Found[] = [];
  if (wanted.has('EMAIL')) findEmails(text, out, options);
  if (wanted.has('URL')) findUrls(text, out, options);
  if (wanted.has('IP')) findIps(text, out, options);
  if (wanted.has('PHONE')) findPhones(text, out, options);
  if (wanted.has('IBAN')) findIbans(text, out);
  if (wanted.has('CARD')) findCards(text, out, options);
  if (wanted.has('HANDLE')) findHandles(text, out, options);
  return out;
}
