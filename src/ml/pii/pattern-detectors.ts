/**
 * Rule-based detectors for structured personal data: emails, URLs, IP addresses, phone numbers,
 * IBANs, payment cards and @handles. Each returns candidate spans; pii-masking.ts resolves overlaps.
 */
import { IBAN_LENGTHS, isIbanValid, isLuhnValid } from './checksums';

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
): void {
  for (const m of text.matchAll(re)) {
    if (accept && !accept(m)) continue;
    out.push({ type, start: m.index, end: m.index + m[0].length });
  }
}

// ---- email (RFC 5322 addr-spec, the dot-atom subset people actually type) -----------------------

const EMAIL_RE =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}_%+-]+(?:\.[\p{L}\p{N}_%+-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,24}(?![\p{L}\p{N}-])/gu;

export function findEmails(text: string, out: Found[]): void {
  if (text.includes('@')) collect(text, EMAIL_RE, 'EMAIL', out);
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
].join('|');

/** A URL with a scheme or `www.`, up to whitespace or a char that cannot end a URL. */
const URL_RE = /(?<![\p{L}\p{N}@.])(?:(?:https?|ftp):\/\/|www\.)[^\s<>"«»{}|\\^`]*[^\s<>"«»{}|\\^`.,;:!?'’\]]/giu;
/** A bare `name.tld` (optionally with a path), not part of an email or a longer word. */
const BARE_DOMAIN_RE = new RegExp(
  `(?<![\\p{L}\\p{N}@._/-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${BARE_TLDS})(?![\\p{L}\\p{N}@-])(?:\\/[^\\s<>"«»]*[^\\s<>"«».,;:!?'’)\\]])?`,
  'gu',
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

export function findUrls(text: string, out: Found[]): void {
  if (!text.includes('.')) return;
  const urls: Found[] = [];
  for (const re of [URL_RE, BARE_DOMAIN_RE]) {
    for (const m of text.matchAll(re)) {
      urls.push({ type: 'URL', start: m.index, end: trimUrl(text, m.index, m.index + m[0].length) });
    }
  }
  keepMaximal(urls, out);
}

// ---- IP addresses ---------------------------------------------------------------------------------

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_RE = new RegExp(`(?<![\\p{L}\\p{N}.])${OCTET}(?:\\.${OCTET}){3}(?![\\p{L}\\p{N}]|\\.\\d)`, 'gu');
/** Words after which a dotted quad is a version number, not an address. */
const VERSION_CUE_RE = /(?:\bv|\bver|\bversion|\brelease|\bbuild|\bmodèle)\.?\s*$/iu;

const IPV6_CANDIDATE_RE =
  /(?<![\p{L}\p{N}:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\p{L}\p{N}:]|\.\d)/giu;

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

export function findIps(text: string, out: Found[]): void {
  const ips: Found[] = [];
  if (text.includes('.')) {
    collect(text, IPV4_RE, 'IP', ips, (m) => !VERSION_CUE_RE.test(text.slice(Math.max(0, m.index - 12), m.index)));
  }
  if (text.includes(':')) {
    for (const m of text.matchAll(IPV6_CANDIDATE_RE)) {
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
const phone = (body: string): RegExp => new RegExp(`${L}(?:${body})${R}`, 'gu');

/**
 * Phone formats, each a whole-number pattern:
 * - French national numbers (ARCEP plan): 0 then 9 digits, in pairs with one consistent separator or none;
 * - international numbers (ITU-T E.164): `+` or `00`, a country code and 7-14 digits in groups, with an
 *   optional trunk `(0)`;
 * - North American (NANP): (212) 555-0147, 212-555-0147, 212.555.0147, 1-800-555-0199;
 * - UK national: 0 then 9-10 digits as 3-4-4, 4-3-4, 5-6 or 4-6 groups.
 */
const PHONE_RES: readonly RegExp[] = [
  phone('0[1-9](?:([ .\\-]?)\\d{2})(?:\\1\\d{2}){3}'),
  phone('(?:\\+|00)[1-9]\\d{0,2}(?:[ .\\-]?\\(0\\))?(?:[ .\\-]?\\d{1,4}){2,6}'),
  phone('(?:\\+?1[ .\\-]?)?\\(\\d{3}\\)[ .\\-]?\\d{3}[ .\\-]\\d{4}'),
  phone('(?:1([ .\\-]))?[2-9]\\d{2}([.\\-])\\d{3}\\2\\d{4}'),
  phone('1[ .\\-]\\d{3}[ .\\-]\\d{3}[ .\\-]\\d{4}'),
  phone('[2-9]\\d{2} \\d{3} \\d{4}'),
  phone('0\\d{2} \\d{4} \\d{4}|0\\d{3} \\d{3} \\d{4}|0\\d{4} \\d{6}|0\\d{3} \\d{6}'),
];

export function findPhones(text: string, out: Found[]): void {
  if (!/\d{2}/.test(text)) return;
  const phones: Found[] = [];
  for (const re of PHONE_RES) {
    collect(text, re, 'PHONE', phones, (m) => {
      const digits = m[0].replace(/\D/g, '').length;
      return digits >= 8 && digits <= 16;
    });
  }
  keepMaximal(phones, out);
}

// ---- IBAN -----------------------------------------------------------------------------------------

const IBAN_START_RE = /(?<![\p{L}\p{N}])([A-Z]{2})(\d{2})/gu;

export function findIbans(text: string, out: Found[]): void {
  for (const m of text.matchAll(IBAN_START_RE)) {
    const length = IBAN_LENGTHS[m[1]];
    if (length === undefined) continue;
    // Collect alphanumerics, allowing single spaces between groups, until the country's length.
    let compact = m[0];
    let i = m.index + m[0].length;
    while (compact.length < length && i < text.length) {
      const c = text[i];
      if (/[A-Z0-9]/.test(c)) {
        compact += c;
        i++;
      } else if (c === ' ' && /[A-Z0-9]/.test(text[i + 1] ?? '')) {
        i++;
      } else break;
    }
    if (compact.length === length && !/[\p{L}\p{N}]/u.test(text[i] ?? '') && isIbanValid(compact)) {
      out.push({ type: 'IBAN', start: m.index, end: i });
    }
  }
}

// ---- payment cards --------------------------------------------------------------------------------

const CARD_RE =
  /(?<![\p{L}\p{N}.,-])(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{5}|\d{13,19})(?![\p{L}\p{N}]|[.,-]\d)/gu;
/** Issuer prefixes (ISO/IEC 7812 IIN ranges of the major networks): Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay, Maestro. */
const CARD_IIN_RE = /^(?:4|5[1-5]|2[2-7]|3[47]|6011|64[4-9]|65|3(?:0[0-5]|[68])|35|62|5[06-9]|6[0-9])/;

export function findCards(text: string, out: Found[]): void {
  collect(text, CARD_RE, 'CARD', out, (m) => {
    const digits = m[0].replace(/\D/g, '');
    return digits.length >= 13 && digits.length <= 19 && CARD_IIN_RE.test(digits) && isLuhnValid(digits);
  });
}

// ---- handles ----------------------------------------------------------------------------------------

/** `@name` as used by X/Twitter, Instagram, GitHub, Reddit (`u/` not covered): 2-30 word chars. */
const HANDLE_RE =
  /(?<![\p{L}\p{N}_.@+-])@[\p{L}\p{N}_](?:[\p{L}\p{N}_.-]{0,29}[\p{L}\p{N}_])?(?![\p{L}\p{N}_@]|\.\p{L})/gu;

export function findHandles(text: string, out: Found[]): void {
  if (text.includes('@')) collect(text, HANDLE_RE, 'HANDLE', out, (m) => m[0].length >= 3);
}

/** Runs every structured-data detector over `text`. */
export function findPatterns(text: string, wanted: ReadonlySet<string>): Found[] {
  const out: Found[] = [];
  if (wanted.has('EMAIL')) findEmails(text, out);
  if (wanted.has('URL')) findUrls(text, out);
  if (wanted.has('IP')) findIps(text, out);
  if (wanted.has('PHONE')) findPhones(text, out);
  if (wanted.has('IBAN')) findIbans(text, out);
  if (wanted.has('CARD')) findCards(text, out);
  if (wanted.has('HANDLE')) findHandles(text, out);
  return out;
}
