/**
 * Text cleaning as explicit, ordered steps (the original system removed punctuation and emojis and
 * lowercased). Every step exists in two forms that produce the same text: a fast one for the model
 * server (`clean`) and one that also tracks, for each output character, its index in the original
 * text (`cleanWithOffsets`), so the scorer can report token spans in what the user sent.
 *
 * Offsets convention: `offsets` has `text.length + 1` entries, the last one the original length; a
 * cleaned span [a, b) corresponds to the original span [offsets[a], offsets[b]). Characters a step
 * inserts map to the start of what they replace; a placeholder's closing `>` (and what follows it)
 * maps to the end of what it replaced, so the word inside it (`EMAIL`) covers the whole entity.
 * See docs/pii-masking.md.
 */
import { cleanAsciiDefault, cleanAsciiDefaultInto, cleanedAsciiBytes } from './ascii-cleaning';
import { maskPiiWithOffsets, maskPii, PII_TYPES, type MaskPiiOptions, type PiiType } from './pii-masking';

/** Every available step. */
export const CLEANING_STEPS = [
  'mask-pii',
  'mask-pii-tagger',
  'mask-contacts',
  'normalize-unicode',
  'remove-emojis',
  'replace-emojis',
  'strip-punctuation',
  'lowercase',
  'collapse-whitespace',
] as const;
export type CleaningStep = (typeof CLEANING_STEPS)[number];

export interface CleanedText {
  readonly text: string;
  /** offsets[i] = index in the original text of cleaned char i; length text.length + 1, last = original length. */
  readonly offsets: Int32Array;
}

export interface TextCleaner {
  /** The configured steps, in application order. */
  readonly steps: readonly CleaningStep[];
  /** Cleans `text` (fast path, no offsets). Never throws on a string. */
  clean(text: string): string;
  /** Cleans `text` and maps every output char back to the original; `.text` equals `clean(text)`. */
  cleanWithOffsets(text: string): CleanedText;
  /**
   * Whether `cleanToBytes` can give ASCII bytes: the steps end with the default ones, which have a
   * one-pass form for ASCII texts (ascii-cleaning.ts).
   */
  readonly bytesForAscii: boolean;
  /**
   * Cleans `text` as `clean` does. When the cleaned text is ASCII and `bytesForAscii`, its characters
   * are put in `into` as bytes (a buffer shared by every call, valid until the next one) and the result
   * is undefined; otherwise the cleaned text is returned and `into` is left alone. For the scorer, which
   * reads the bytes without making a string of them.
   */
  cleanToBytes(text: string, into: AsciiBytes): string | undefined;
}

/** The bytes of an ASCII text: `bytes[0 … length - 1]`. */
export interface AsciiBytes {
  bytes: Uint8Array;
  length: number;
}

/**
 * The steps the original system applied (emojis, punctuation, case), in order, plus whitespace
 * collapsing (which changes no token); the trainer's default. PII masking is a separate, earlier
 * trainer stage (`maskPii`), and `normalize-unicode` is opt-in.
 */
export const DEFAULT_CLEANING: readonly CleaningStep[] = Object.freeze([
  'remove-emojis',
  'strip-punctuation',
  'lowercase',
  'collapse-whitespace',
] as const);

/** Placeholder emitted by 'replace-emojis'. */
export const EMOJI_PLACEHOLDER = '<EMOJI>';

/** A step's output and map: map[i] = index in the step's input of output char i; map[len] = input length. */
interface Mapped {
  readonly text: string;
  readonly map: Int32Array;
}

interface StepImpl {
  apply(s: string): string;
  applyWithMap(s: string): Mapped;
}

/** Accumulates output pieces and the per-char map of one step. */
class MapBuilder {
  private readonly parts: string[] = [];
  private map: Int32Array;
  private length = 0;

  constructor(private readonly input: string) {
    this.map = new Int32Array(input.length + 1);
  }

  private reserve(n: number): void {
    if (this.length + n + 1 <= this.map.length) return;
    const next = new Int32Array(Math.max(this.map.length * 2, this.length + n + 1));
    next.set(this.map.subarray(0, this.length));
    this.map = next;
  }

  /** Copies input[from, to) unchanged. */
  keep(from: number, to: number): void {
    if (to <= from) return;
    this.reserve(to - from);
    this.parts.push(this.input.slice(from, to));
    for (let i = from; i < to; i++) this.map[this.length++] = i;
  }

  /**
   * Emits `str` in place of input[from, to): every char maps to `from`, except, when `closeTo` is
   * given, the last `>` and what follows it, which map to `closeTo` (the end of what was replaced).
   */
  emit(str: string, from: number, closeTo?: number): void {
    if (str.length === 0) return;
    this.reserve(str.length);
    this.parts.push(str);
    const close = closeTo === undefined ? str.length : str.lastIndexOf('>');
    for (let k = 0; k < str.length; k++) this.map[this.length++] = k < close || close < 0 ? from : closeTo!;
  }

  done(): Mapped {
    const map = this.map.length === this.length + 1 ? this.map : this.map.slice(0, this.length + 1);
    map[this.length] = this.input.length;
    return { text: this.parts.join(''), map };
  }
}

function identity(s: string): Mapped {
  const map = new Int32Array(s.length + 1);
  for (let i = 0; i <= s.length; i++) map[i] = i;
  return { text: s, map };
}

/**
 * A step defined by one global regex and a replacer: `null` keeps the match, a string replaces it.
 * `placeholder` says the replacement is a placeholder whose closing char maps to the match end.
 */
function regexStep(
  re: RegExp,
  replace: (m: RegExpExecArray | RegExpMatchArray) => string | null,
  placeholder = false,
  fast?: (s: string) => string,
): StepImpl {
  return {
    apply:
      fast ??
      ((s) =>
        s.replace(re, (...args: unknown[]) => {
          // replace's callback gets (match, ...groups, index, input); rebuild a match array.
          const groupCount = args.length - 3;
          const m = args.slice(0, groupCount + 1) as unknown as RegExpMatchArray;
          const r = replace(m);
          return r ?? (args[0] as string);
        })),
    applyWithMap: (s) => {
      const b = new MapBuilder(s);
      let pos = 0;
      for (const m of s.matchAll(re)) {
        const r = replace(m);
        if (r === null) continue;
        const start = m.index;
        const end = start + m[0].length;
        b.keep(pos, start);
        b.emit(r, start, placeholder ? end : undefined);
        pos = end;
      }
      b.keep(pos, s.length);
      return b.done();
    },
  };
}

// ---- normalize-unicode -------------------------------------------------------------------------

/** Lone surrogates, C0/C1 controls other than whitespace, and format chars (Cf: zero-width, bidi). */
const SANITIZE_RE = /([\uD800-\uDFFF])|([^\P{Cc}\t\n\v\f\r])|\p{Cf}/gu;
const sanitize = regexStep(SANITIZE_RE, (m) => (m[1] !== undefined ? '\uFFFD' : m[2] !== undefined ? ' ' : ''));

/** A normalization cluster: one code point and the marks (and Hangul V/T jamo) that may compose with it. */
const CLUSTER_RE = /[^](?:\p{M}|[\u1160-\u11FF])*/gu;

/** NFKC (Unicode UAX #15) with a map: each cluster's output maps to the cluster start. */
function nfkcWithMap(s: string): Mapped {
  const expected = s.normalize('NFKC');
  if (expected === s) return identity(s);
  const b = new MapBuilder(s);
  const clusters = [...s.matchAll(CLUSTER_RE)];
  let out = 0;
  let i = 0;
  while (i < clusters.length) {
    const start = clusters[i].index;
    let j = i + 1;
    let end = start + clusters[i][0].length;
    let norm = s.slice(start, end).normalize('NFKC');
    // Composition across clusters (compatibility jamo, exotic starters) shows as a mismatch: merge.
    while (!expected.startsWith(norm, out) && j < clusters.length) {
      end = clusters[j].index + clusters[j][0].length;
      j++;
      norm = s.slice(start, end).normalize('NFKC');
    }
    if (!expected.startsWith(norm, out)) norm = expected.slice(out);
    b.emit(norm, start);
    out += norm.length;
    i = j;
  }
  // Defensive: whatever is left of the expected text maps to the end.
  if (out < expected.length) b.emit(expected.slice(out), s.length);
  const mapped = b.done();
  return mapped.text === expected ? mapped : { text: expected, map: spreadMap(expected.length, s.length) };
}

/** A monotonic map spreading `outLength` chars evenly over `inLength` (last-resort fallback). */
function spreadMap(outLength: number, inLength: number): Int32Array {
  const map = new Int32Array(outLength + 1);
  for (let i = 0; i < outLength; i++) map[i] = Math.floor((i * inLength) / Math.max(outLength, 1));
  map[outLength] = inLength;
  return map;
}

const normalizeUnicode: StepImpl = {
  apply: (s) => sanitize.apply(s).normalize('NFKC'),
  applyWithMap: (s) => compose(sanitize.applyWithMap(s), nfkcWithMap),
};

// ---- emojis -------------------------------------------------------------------------------------

/**
 * An emoji sequence (Unicode TS #51): keycaps, flags, pictographs with variation selectors, skin
 * tones, tags and ZWJ joins. Consecutive emojis form one match.
 */
const EMOJI_RE =
  /(?:[#*0-9]\uFE0F?\u20E3|\p{Regional_Indicator}|\p{Extended_Pictographic})(?:[\uFE0E\uFE0F\u20E3\u200D]|\p{Emoji_Modifier}|[\u{E0020}-\u{E007F}]|\p{Regional_Indicator}|\p{Extended_Pictographic}|[#*0-9]\uFE0F?\u20E3)*/gu;
// The fast paths replace by a constant string (no callback): several times faster on short comments.
const removeEmojis = regexStep(
  EMOJI_RE,
  () => ' ',
  false,
  (s) => s.replace(EMOJI_RE, ' '),
);
const replaceEmojis = regexStep(
  EMOJI_RE,
  () => ` ${EMOJI_PLACEHOLDER} `,
  true,
  (s) => s.replace(EMOJI_RE, ` ${EMOJI_PLACEHOLDER} `),
);

// ---- punctuation ------------------------------------------------------------------------------

const PLACEHOLDERS: ReadonlySet<string> = new Set([...PII_TYPES, 'EMOJI']);
const PLACEHOLDER_NAMES = [...PLACEHOLDERS].join('|');
/**
 * 1: a placeholder (kept whole, any case); 2: an apostrophe between letters/digits (deleted, so
 * "don't" -> "dont"); otherwise any punctuation or symbol char (P*, S*), replaced by a space.
 */
const PUNCT_RE = new RegExp(
  `(<(?:${PLACEHOLDER_NAMES})>)|((?<=[\\p{L}\\p{N}])['\\u2019\\u02BC](?=[\\p{L}\\p{N}]))|[\\p{P}\\p{S}]`,
  'giu',
);
const IN_WORD_APOSTROPHE_RE = /(?<=[\p{L}\p{N}])['\u2019\u02BC](?=[\p{L}\p{N}])/gu;
const PUNCT_CHAR_RE = /[\p{P}\p{S}]/gu;
/**
 * Without '<' no placeholder can occur, and two constant replacements give the same text as
 * PUNCT_RE (a global replace evaluates every lookaround against the original string).
 */
const stripPunctuation = regexStep(
  PUNCT_RE,
  (m) => (m[1] !== undefined ? null : m[2] !== undefined ? '' : ' '),
  false,
  (s) =>
    s.includes('<')
      ? s.replace(PUNCT_RE, punctReplacer)
      : s.replace(IN_WORD_APOSTROPHE_RE, '').replace(PUNCT_CHAR_RE, ' '),
);
function punctReplacer(match: string, placeholder: string | undefined, apostrophe: string | undefined): string {
  return placeholder !== undefined ? match : apostrophe !== undefined ? '' : ' ';
}

// ---- case -----------------------------------------------------------------------------------------

const lowercase: StepImpl = {
  apply: (s) => s.toLowerCase(),
  applyWithMap: (s) => {
    const lower = s.toLowerCase();
    if (lower.length === s.length) return { text: lower, map: identity(s).map };
    // Some chars lowercase to more code units (U+0130 -> "i̇"): attribute them per code point.
    const map = new Int32Array(lower.length + 1);
    let o = 0;
    let i = 0;
    for (const ch of s) {
      const n = ch.toLowerCase().length;
      for (let k = 0; k < n && o < lower.length; k++) map[o++] = i;
      i += ch.length;
    }
    const last = o > 0 ? map[o - 1] : 0;
    while (o < lower.length) map[o++] = last;
    map[lower.length] = s.length;
    return { text: lower, map };
  },
};

// ---- whitespace ----------------------------------------------------------------------------------

const WHITESPACE_RE = /\s+/g;
const collapseWhitespace: StepImpl = {
  apply: (s) => s.replace(WHITESPACE_RE, ' ').trim(),
  applyWithMap: (s) => {
    const b = new MapBuilder(s);
    let pos = 0;
    for (const m of s.matchAll(WHITESPACE_RE)) {
      const start = m.index;
      const end = start + m[0].length;
      b.keep(pos, start);
      if (start > 0 && end < s.length) b.emit(' ', start);
      pos = end;
    }
    b.keep(pos, s.length);
    return b.done();
  },
};

// ---- PII ----------------------------------------------------------------------------------------

/** Called by the masking steps of `clean` with what each text had masked (the trainer counts them). */
export type PiiCountsListener = (counts: Readonly<Record<PiiType, number>>) => void;

function maskStep(options: MaskPiiOptions, onPii: PiiCountsListener | undefined): StepImpl {
  return {
    apply: (s) => {
      const r = maskPii(s, options);
      onPii?.(r.counts);
      return r.text;
    },
    applyWithMap: (s) => {
      const r = maskPiiWithOffsets(s, options);
      return { text: r.text, map: r.offsets };
    },
  };
}

/** 'mask-pii': every type, names and places with the lists and rules. */
const maskPiiStep: StepImpl = maskStep({ compromise: false }, undefined);
/** 'mask-pii-tagger': the same, plus compromise's English tagger (about 5x slower; see docs/pii-masking.md). */
const maskPiiTaggerStep: StepImpl = maskStep({ compromise: true }, undefined);

/**
 * The entity types 'mask-contacts' masks: the ones found by patterns and checksums alone. Names and
 * places need lists and context (about 10x slower), so a model masks them in its training data and
 * serves with this cheaper step; the placeholders it emits are the same tokens training saw.
 */
export const CONTACT_PII_TYPES: readonly PiiType[] = ['EMAIL', 'URL', 'IP', 'PHONE', 'IBAN', 'CARD', 'HANDLE'];

const maskContactsStep: StepImpl = maskStep({ types: CONTACT_PII_TYPES }, undefined);

const MASK_OPTIONS: Readonly<Partial<Record<CleaningStep, MaskPiiOptions>>> = {
  'mask-pii': { compromise: false },
  'mask-pii-tagger': { compromise: true },
  'mask-contacts': { types: CONTACT_PII_TYPES },
};

const IMPLEMENTATIONS: Readonly<Record<CleaningStep, StepImpl>> = {
  'mask-pii': maskPiiStep,
  'mask-pii-tagger': maskPiiTaggerStep,
  'mask-contacts': maskContactsStep,
  'normalize-unicode': normalizeUnicode,
  'remove-emojis': removeEmojis,
  'replace-emojis': replaceEmojis,
  'strip-punctuation': stripPunctuation,
  lowercase,
  'collapse-whitespace': collapseWhitespace,
};

/** Applies `step` to `prev.text` and expresses the result's map in terms of prev's origin. */
function compose(prev: Mapped, step: (s: string) => Mapped): Mapped {
  const next = step(prev.text);
  const map = new Int32Array(next.map.length);
  for (let i = 0; i < map.length; i++) map[i] = prev.map[next.map[i]]!;
  return { text: next.text, map };
}

export interface TextCleanerOptions {
  /** Told, for each text `clean` masks, how many entities of each type it masked. */
  readonly onPii?: PiiCountsListener;
}

/**
 * Builds a cleaner applying `steps` in order; throws when a step name is unknown. The trainer and
 * the model server both clean through this one function, with the steps stored in the model.
 */
export function createTextCleaner(steps: readonly CleaningStep[], options: TextCleanerOptions = {}): TextCleaner {
  const impls = steps.map((step, i) => {
    const maskOptions = MASK_OPTIONS[step];
    if (maskOptions !== undefined && options.onPii !== undefined) return maskStep(maskOptions, options.onPii);
    const impl = (IMPLEMENTATIONS as Partial<Record<string, StepImpl>>)[step];
    if (impl === undefined) {
      throw new Error(
        `unknown cleaning step '${String(step)}' at index ${i}; known steps: ${CLEANING_STEPS.join(', ')}`,
      );
    }
    return impl;
  });
  const frozen = Object.freeze([...steps]);
  // A cleaner ending with the default steps does them in one pass on ASCII texts (ascii-cleaning.ts).
  const tail = DEFAULT_CLEANING.length;
  const fusedFrom =
    steps.length >= tail && DEFAULT_CLEANING.every((step, k) => steps[steps.length - tail + k] === step)
      ? steps.length - tail
      : -1;
  const clean = (text: string): string => {
    let s = text;
    if (fusedFrom < 0) {
      for (const impl of impls) s = impl.apply(s);
      return s;
    }
    for (let k = 0; k < fusedFrom; k++) s = impls[k].apply(s);
    const fused = cleanAsciiDefault(s, PLACEHOLDERS);
    if (fused !== undefined) return fused;
    for (let k = fusedFrom; k < impls.length; k++) s = impls[k].apply(s);
    return s;
  };
  return {
    steps: frozen,
    clean,
    bytesForAscii: fusedFrom >= 0,
    cleanToBytes(text: string, into: AsciiBytes): string | undefined {
      if (fusedFrom < 0) return clean(text);
      let s = text;
      for (let k = 0; k < fusedFrom; k++) s = impls[k].apply(s);
      const length = cleanAsciiDefaultInto(s, PLACEHOLDERS);
      if (length >= 0) {
        into.bytes = cleanedAsciiBytes();
        into.length = length;
        return undefined;
      }
      for (let k = fusedFrom; k < impls.length; k++) s = impls[k].apply(s);
      return s;
    },
    cleanWithOffsets(text: string): CleanedText {
      let cur = identity(text);
      for (const impl of impls) cur = compose(cur, (s) => impl.applyWithMap(s));
      return { text: cur.text, offsets: cur.map };
    },
  };
}
