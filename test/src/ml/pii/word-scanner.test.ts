import fc from 'fast-check';
import { isWordCodePoint, scanWords } from '../../../../src/ml/pii/word-scanner';
import { adversarialTexts } from '../../../support/pii-corpora';

/** The regular expression the scanner replaces (the name detector's reference tokenizer). */
const TOKEN_RE = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;

const words = (text: string): [number, number][] => {
  const out: [number, number][] = [];
  scanWords(text, (start, end) => out.push([start, end]));
  return out;
};
const regexWords = (text: string): [number, number][] =>
  [...text.matchAll(TOKEN_RE)].map((m) => [m.index, m.index + m[0].length]);

describe('scanWords', () => {
  it('finds runs of letters and marks joined by single apostrophes or hyphens', () => {
    const text = "L'Élodie va-t-en -- x' 'y Jean--Paul é\u0301 42 O’Brien";
    expect(words(text).map(([s, e]) => text.slice(s, e))).toEqual([
      "L'Élodie",
      'va-t-en',
      'x',
      'y',
      'Jean',
      'Paul',
      'é\u0301',
      'O’Brien',
    ]);
  });

  it('reads an astral letter as one word character and a lone surrogate as none', () => {
    expect(words('\u{1d400}\u{1d401}b')).toEqual([[0, 5]]);
    expect(words('a\ud835 b\udc00c')).toEqual([
      [0, 1],
      [3, 4],
      [5, 6],
    ]);
    // A lone high surrogate seen first must not make a later pair with it a non-letter.
    expect(words('\ud835 \u{1d400}')).toEqual([[2, 4]]);
  });

  it('gives the same spans as the regular expression on adversarial strings', () => {
    for (const text of adversarialTexts(3000, 7)) expect(words(text)).toEqual(regexWords(text));
  });

  it('gives the same spans as the regular expression on arbitrary strings (property test)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        expect(words(text)).toEqual(regexWords(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('isWordCodePoint', () => {
  it('agrees with \\p{L} or \\p{M} on every code point of the BMP and a sample above it', () => {
    const re = /^[\p{L}\p{M}]$/u;
    const disagreeing: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x10000 ? 1 : 97) {
      const expected = cp >= 0xd800 && cp <= 0xdfff ? false : re.test(String.fromCodePoint(cp));
      if (isWordCodePoint(cp) !== expected) disagreeing.push(cp);
    }
    expect(disagreeing).toEqual([]);
  });
});
