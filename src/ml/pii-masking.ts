/**
 * PII masking (GDPR) for comment text: finds personal data and replaces each entity by a typed
 * placeholder such as `<EMAIL>` before anything is stored or trained on. Pure: no I/O, no clock.
 */

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

const EMAIL_RE = /[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}/gu;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:!?)\]}'"]/giu;

/** Finds PII entities in `text` (non-overlapping, sorted by start). */
export function detectPii(text: string, options: MaskPiiOptions = {}): PiiEntity[] {
  const wanted = new Set<PiiType>(options.types ?? PII_TYPES);
  const found: PiiEntity[] = [];
  const add = (type: PiiType, re: RegExp): void => {
    if (!wanted.has(type)) return;
    for (const m of text.matchAll(re)) found.push({ type, start: m.index, end: m.index + m[0].length });
  };
  add('EMAIL', EMAIL_RE);
  add('URL', URL_RE);
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PiiEntity[] = [];
  for (const e of found) {
    const last = kept[kept.length - 1];
    if (last === undefined || e.start >= last.end) kept.push(e);
  }
  return kept;
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
