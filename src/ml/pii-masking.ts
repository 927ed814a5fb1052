/**
 * PII masking (GDPR) for comment text: finds personal data and replaces each entity by a typed
 * placeholder such as `<EMAIL>` before anything is stored or trained on. Pure: no I/O, no clock.
 */
import { findNames } from './pii/name-detector';
import { findPatterns } from './pii/pattern-detectors';

/** Entity types, in the order used for reporting. */
export const PII_TYPES = ['EMAIL', 'URL', 'IP', 'PHONE', 'IBAN', 'CARD', 'HANDLE', 'PERSON', 'LOCATION'] as const;
export type PiiType = (typeof PII_TYPES)[number];

/** One detected entity: `text.slice(start, end)` in the input string (UTF-16 indices). */
export interface PiiEntity {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
}

export interface MaskPiiOptions {
  /**
   * Entity types to mask.
   * @default all of PII_TYPES
   */
  readonly types?: readonly PiiType[];
  /**
   * Also ask compromise (an English lexicon and tagger, loaded on first use) about capitalised words
   * the name rules leave unexplained. Measured on both evaluation sets it adds no quality (see
   * docs/pii-masking.md) and costs about 5x the time, so it is opt-in.
   * @default false
   */
  readonly compromise?: boolean;
  /**
   * Take the slow reference path: no shortcuts, the name detector's regular-expression tokenizer
   * and every rule tried on every word. Same output as the default fast path; kept so that tests
   * and bench/masking-speed.ts can compare the two.
   * @default false
   */
  readonly reference?: boolean;
}

export interface MaskedText {
  /** The input with every entity replaced by its placeholder. */
  readonly text: string;
  /** The entities found, in input order, non-overlapping, with spans in the input. */
  readonly entities: readonly PiiEntity[];
  /** How many entities of each type were masked. */
  readonly counts: Readonly<Record<PiiType, number>>;
}

export interface MaskedTextWithOffsets extends MaskedText {
  /** offsets[i] = index in the input of output char i; length text.length + 1 (see docs/pii-masking.md). */
  readonly offsets: Int32Array;
}

/** The placeholder that replaces an entity of `type`, e.g. `<EMAIL>`. */
export function placeholderFor(type: PiiType): string {
  return `<${type}>`;
}

/**
 * When two candidates overlap, the lower rank wins, then the longer span (PERSON and LOCATION share a
 * rank: "42 Wallaby Way" beats "Way", "Paris Hilton" beats "Paris").
 */
const PRIORITY: Readonly<Record<PiiType, number>> = {
  EMAIL: 0,
  URL: 1,
  IBAN: 2,
  CARD: 3,
  IP: 4,
  PHONE: 5,
  HANDLE: 6,
  PERSON: 7,
  LOCATION: 7,
};

/** Keeps a non-overlapping subset of `candidates`, preferring rank then length; sorted by start. */
export function resolveOverlaps(candidates: readonly PiiEntity[]): PiiEntity[] {
  const byStart = candidates.filter((c) => c.end > c.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PiiEntity[] = [];
  // Resolve each cluster of transitively overlapping candidates on its own (linear overall).
  let i = 0;
  while (i < byStart.length) {
    let j = i + 1;
    let clusterEnd = byStart[i].end;
    while (j < byStart.length && byStart[j].start < clusterEnd) {
      clusterEnd = Math.max(clusterEnd, byStart[j].end);
      j++;
    }
    const ranked = byStart
      .slice(i, j)
      .sort((a, b) => PRIORITY[a.type] - PRIORITY[b.type] || b.end - b.start - (a.end - a.start) || a.start - b.start);
    const chosen: PiiEntity[] = [];
    for (const c of ranked) {
      if (chosen.every((k) => c.end <= k.start || c.start >= k.end)) {
        chosen.push(c);
        continue;
      }
      // Twenty-fourth pass: two places that overlap are one place ("1200 Bay Street, Toronto" and
      // "Toronto, ON"): the kept one grows to cover both, when that touches no other kept span.
      if (c.type !== 'LOCATION') continue;
      const at = chosen.findIndex((k) => k.type === 'LOCATION' && c.start < k.end && k.start < c.end);
      if (at < 0) continue;
      const start = Math.min(c.start, chosen[at].start);
      const end = Math.max(c.end, chosen[at].end);
      if (chosen.every((k, n) => n === at || end <= k.start || start >= k.end)) {
        chosen[at] = { ...chosen[at], start, end };
      }
    }
    kept.push(...chosen.sort((a, b) => a.start - b.start));
    i = j;
  }
  return kept;
}

/**
 * Every Unicode space separator (Zs: no-break space, narrow no-break space, thin space…, standard
 * between digit groups in French) and zero-width space → ' '; every Unicode hyphen and dash
 * (U+2010–U+2015, minus sign, small and full-width hyphen-minus) → '-'. One UTF-16 unit for one,
 * so spans found in the result are spans of the input.
 */
const SPACE_LIKE_RE = /[\p{Zs}\u200b\u2060]/gu;
const DASH_LIKE_RE = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/gu;
// eslint-disable-next-line no-control-regex
const NON_ASCII_RE = /[^\u0000-\u007f]/u;

/** The text detectors read: see SPACE_LIKE_RE. Same length as `text`. */
export function detectionView(text: string): string {
  // Every character these replace is outside ASCII: most comments need no copy.
  if (!NON_ASCII_RE.test(text)) return text;
  return text.replace(SPACE_LIKE_RE, (c) => (c === ' ' ? c : ' ')).replace(DASH_LIKE_RE, '-');
}

/** Finds PII entities in `text` (non-overlapping, sorted by start). */
const ALL_TYPES: ReadonlySet<PiiType> = new Set<PiiType>(PII_TYPES);

export function detectPii(text: string, options: MaskPiiOptions = {}): PiiEntity[] {
  const wanted = options.types === undefined ? ALL_TYPES : new Set<PiiType>(options.types);
  const view = detectionView(text);
  const candidates: PiiEntity[] = findPatterns(view, wanted, { reference: options.reference });
  if (wanted.has('PERSON') || wanted.has('LOCATION')) {
    const found = findNames(view, { compromise: options.compromise, reference: options.reference });
    for (const n of found) if (wanted.has(n.type)) candidates.push(n);
  }
  return resolveOverlaps(candidates);
}

function emptyCounts(): Record<PiiType, number> {
  const counts = {} as Record<PiiType, number>;
  for (const t of PII_TYPES) counts[t] = 0;
  return counts;
}

/** Masks PII in `text`; see {@link MaskedText}. */
export function maskPii(text: string, options: MaskPiiOptions = {}): MaskedText {
  const entities = detectPii(text, options);
  const counts = emptyCounts();
  let out = '';
  let pos = 0;
  for (const e of entities) {
    out += text.slice(pos, e.start) + placeholderFor(e.type);
    counts[e.type] += 1;
    pos = e.end;
  }
  out += text.slice(pos);
  return { text: out, entities, counts };
}

/**
 * Like {@link maskPii}, also returning offsets into the input. Placeholder characters map to the
 * entity start, except the closing `>` which maps to the entity end, so that a cleaned span
 * [a, b) maps to the input span [offsets[a], offsets[b]) and the token `EMAIL` covers the whole entity.
 */
export function maskPiiWithOffsets(text: string, options: MaskPiiOptions = {}): MaskedTextWithOffsets {
  const masked = maskPii(text, options);
  const offsets = new Int32Array(masked.text.length + 1);
  let o = 0;
  let pos = 0;
  const copy = (from: number, to: number): void => {
    for (let i = from; i < to; i++) offsets[o++] = i;
  };
  for (const e of masked.entities) {
    copy(pos, e.start);
    const len = placeholderFor(e.type).length;
    for (let k = 0; k < len - 1; k++) offsets[o++] = e.start;
    offsets[o++] = e.end;
    pos = e.end;
  }
  copy(pos, text.length);
  offsets[o] = text.length;
  return { ...masked, offsets };
}
