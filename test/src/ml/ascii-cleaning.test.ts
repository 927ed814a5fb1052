import fc from 'fast-check';
import { cleanAsciiDefault } from '../../../src/ml/ascii-cleaning';
import { PII_TYPES, maskPii } from '../../../src/ml/pii-masking';
import { DEFAULT_CLEANING, createTextCleaner } from '../../../src/ml/text-cleaning';
import { repositoryTexts, spamAssassinTexts } from '../../support/pii-corpora';

const PLACEHOLDERS = new Set([...PII_TYPES, 'EMOJI']);

/** The default steps one at a time, each through its own regular-expression implementation. */
const separateSteps = DEFAULT_CLEANING.map((step) => createTextCleaner([step]));
function stepByStep(text: string): string {
  let s = text;
  for (const cleaner of separateSteps) s = cleaner.clean(s);
  return s;
}

function expectSame(text: string): void {
  const fused = cleanAsciiDefault(text, PLACEHOLDERS);
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(text)) expect(fused).toBeUndefined();
  else expect(fused).toBe(stepByStep(text));
}

/** ASCII pieces where the steps' rules meet: apostrophes, placeholders, punctuation, whitespace, controls. */
const piece = fc.oneof(
  fc.constantFrom('a', 'Z', '7', 'don', 't', 'x1', 'IP', 'Email'),
  fc.constantFrom("'", "''", '<', '>', '<>', '<<', '_', '-', '...', '!?', '#', '*', '@', '`', '~', '|', '\\', '"'),
  fc.constantFrom(...[...PII_TYPES, 'EMOJI', 'NAME', 'EMAILS'].map((n) => `<${n}>`), '<email>', '<Url>', '<iP>'),
  fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '\x00', '\x1c', '\x1f', '\x7f', '\x08'),
);
const asciiText = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));

describe('cleanAsciiDefault', () => {
  it('gives exactly what the four default steps give, one after the other, on ASCII texts', () => {
    fc.assert(fc.property(asciiText, expectSame), { numRuns: 5000 });
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) }),
        expectSame,
      ),
      { numRuns: 3000 },
    );
  });

  it('gives the same on real texts, masked and not, and declines every text with a non-ASCII character', () => {
    const texts = [...spamAssassinTexts(1500), ...repositoryTexts().flatMap((file) => file.texts)];
    let ascii = 0;
    for (const text of texts) {
      expectSame(text);
      expectSame(maskPii(text).text);
      if (cleanAsciiDefault(text, PLACEHOLDERS) !== undefined) ascii++;
    }
    // The corpora exercise the fused path, not only the fallback.
    expect(ascii).toBeGreaterThan(texts.length / 3);
  });

  it('keeps placeholders whole in any case, lowercased, and turns other angle-bracket words into spaces', () => {
    expect(cleanAsciiDefault('Mail <EMAIL>, or <Phone>!  <NAME> <emails>', PLACEHOLDERS)).toBe(
      'mail <email> or <phone> name emails',
    );
    expect(cleanAsciiDefault("  Don't  STOP__it's   'quoted'  ", PLACEHOLDERS)).toBe('dont stop its quoted');
    expect(cleanAsciiDefault('café', PLACEHOLDERS)).toBeUndefined();
  });

  it('declines a text whose only non-ASCII character is anywhere in it, whatever its size in UTF-8', () => {
    // U+0141 and U+0161 have low bytes that are ASCII letters; U+00E9 fits one byte of Latin-1; a lone
    // surrogate and an emoji take three and four bytes in UTF-8.
    for (const odd of ['\u0141', '\u0161', '\u00e9', '\u00a0', '\ud800', '\udc00', '\u{1f600}', '\u0080', '\uffff']) {
      for (const text of [odd, `${odd}abc`, `abc ${odd}`, `ab${odd}cd`, `${'x'.repeat(3000)}${odd}`]) {
        expect(cleanAsciiDefault(text, PLACEHOLDERS)).toBeUndefined();
      }
    }
    // Shorter, then longer texts than the last: buffers grow and are reused without stale bytes.
    expect(cleanAsciiDefault('AB CD', PLACEHOLDERS)).toBe('ab cd');
    expect(cleanAsciiDefault('Q'.repeat(5000), PLACEHOLDERS)).toBe('q'.repeat(5000));
    expect(cleanAsciiDefault('Ok', PLACEHOLDERS)).toBe('ok');
  });

  it('cleans long texts whole', () => {
    const long = "It's a LONG, long text; ".repeat(2000);
    expect(cleanAsciiDefault(long, PLACEHOLDERS)).toBe(stepByStep(long));
  });
});

describe('TextCleaner.cleanToBytes', () => {
  it('gives the characters of clean as bytes when they are ASCII, and the text of clean otherwise', () => {
    const withMasking = createTextCleaner(['mask-contacts', ...DEFAULT_CLEANING]);
    const plain = createTextCleaner(DEFAULT_CLEANING);
    const noDefaultTail = createTextCleaner(['lowercase']);
    expect([withMasking.bytesForAscii, plain.bytesForAscii, noDefaultTail.bytesForAscii]).toEqual([true, true, false]);
    const texts = [
      ...spamAssassinTexts(300),
      "Don't mail zo@example.org, <EMAIL> or <b>me</b>!",
      'Ça va, Zoë? 😀',
      'ascii only, then é',
      '',
    ];
    for (const cleaner of [withMasking, plain, noDefaultTail]) {
      for (const text of texts) {
        const into = { bytes: new Uint8Array(0), length: -1 };
        const result = cleaner.cleanToBytes(text, into);
        const expected = cleaner.clean(text);
        if (result === undefined) {
          expect(Buffer.from(into.bytes.subarray(0, into.length)).toString('latin1')).toBe(expected);
          // eslint-disable-next-line no-control-regex
          expect(/^[\x00-\x7f]*$/.test(expected)).toBe(true);
        } else {
          expect(result).toBe(expected);
          expect(into.length).toBe(-1);
        }
      }
    }
  });
});

describe('createTextCleaner with the default steps last', () => {
  it('cleans ASCII and non-ASCII texts alike whether or not masking comes first', () => {
    for (const steps of [DEFAULT_CLEANING, ['mask-pii', ...DEFAULT_CLEANING] as const]) {
      const cleaner = createTextCleaner(steps);
      for (const text of ["Call Marie at 06 12 34 56 78, she's <b>great</b>!", 'Ça va, Zoë? 😀 <EMAIL>', '']) {
        expect(cleaner.clean(text)).toBe(cleaner.cleanWithOffsets(text).text);
      }
    }
  });
});
