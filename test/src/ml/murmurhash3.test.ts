import { encodeUtf8Into, hashedColumn, murmurhash3String, murmurhash3x86_32 } from '../../../src/ml/murmurhash3';

// Reference values: sklearn.utils.murmurhash3_32(s, seed=0) (signed), scikit-learn 1.7.2.
const REFERENCE: [string, number][] = [
  ['', 0],
  ['a', 1009084850],
  ['ab', -1681926305],
  ['abc', -1277324294],
  ['abcd', 1139631978],
  ['abcde', -392455434],
  ['héllo', -1130389400],
  ['日本語', -1515949417],
  ['😀 ok', 2054424896],
  ['the quick brown fox', 519850996],
];

describe('murmurhash3', () => {
  it.each(REFERENCE)('hashes %j like scikit-learn', (text, expected) => {
    expect(murmurhash3String(text)).toBe(expected);
  });

  it('uses the seed', () => {
    expect(murmurhash3String('bad', 42)).toBe(-719702044);
  });

  it('hashes a byte range in place', () => {
    const bytes = new TextEncoder().encode('xxabcdyy');
    expect(murmurhash3x86_32(bytes, 2, 4)).toBe(1139631978);
  });

  it('encodes UTF-8 like TextEncoder, lone surrogates as U+FFFD', () => {
    const out = new Uint8Array(64);
    for (const s of ['aé€😀', '\ud800x', 'z\udc00']) {
      const n = encodeUtf8Into(s, out, 0);
      expect(Array.from(out.subarray(0, n))).toEqual(Array.from(new TextEncoder().encode(s)));
    }
  });

  it('maps hashes to columns as scikit-learn, including -2^31', () => {
    expect(hashedColumn(-637156005, 16)).toBe(5);
    expect(hashedColumn(-2147483648, 10)).toBe((2147483647 - 9) % 10);
  });
});
