import {
  isCombining,
  stripAccents,
  stripAccentsAscii,
  stripAccentsUnicode,
  stripAccentsWithMap,
} from '../../../src/ml/strip-accents';

// Expected values are scikit-learn's strip_accents_ascii / strip_accents_unicode outputs.
describe('stripAccentsAscii', () => {
  it('decomposes and drops everything outside ASCII', () => {
    expect(stripAccentsAscii('Crème brûlée')).toBe('Creme brulee');
    expect(stripAccentsAscii('straße')).toBe('strae');
    expect(stripAccentsAscii('Ελληνικά')).toBe('');
    expect(stripAccentsAscii('Œuvre')).toBe('uvre');
  });

  it('applies compatibility decomposition (ligatures, fractions)', () => {
    expect(stripAccentsAscii('ﬁne')).toBe('fine');
    expect(stripAccentsAscii('ångström ½')).toBe('angstrom 12');
  });

  it('returns pure ASCII text unchanged', () => {
    const s = 'plain text';
    expect(stripAccentsAscii(s)).toBe(s);
  });
});

describe('stripAccentsUnicode', () => {
  it('drops combining marks and keeps other letters', () => {
    expect(stripAccentsUnicode('Crème brûlée')).toBe('Creme brulee');
    expect(stripAccentsUnicode('straße')).toBe('straße');
    expect(stripAccentsUnicode('Ελληνικά')).toBe('Ελληνικα');
    expect(stripAccentsUnicode('e\u0301')).toBe('e');
    expect(stripAccentsUnicode('ångström ½')).toBe('angstrom 1\u20442');
  });
});

describe('isCombining', () => {
  it('is true for marks with a non-zero combining class, including class 1 overlays', () => {
    expect(isCombining(0x0301)).toBe(true);
    expect(isCombining(0x0334)).toBe(true);
  });

  it('is false for letters and for spacing marks of class 0', () => {
    expect(isCombining(0x61)).toBe(false);
    expect(isCombining(0x0903)).toBe(false); // DEVANAGARI SIGN VISARGA, Mc, class 0
  });
});

describe('stripAccents and stripAccentsWithMap', () => {
  it('leaves text alone when the mode is null', () => {
    expect(stripAccents('é', null)).toBe('é');
  });

  it('maps every output char to the input char it came from', () => {
    const { text, map } = stripAccentsWithMap('aéﬁ𝐀b', 'ascii');
    expect(text).toBe('aefiAb');
    expect(Array.from(map)).toEqual([0, 1, 2, 2, 3, 5, 6]);
  });

  it('gives the same text as the whole-string form', () => {
    for (const s of ['Crème brûlée', 'e\u0301te\u0301', 'Ελληνικά ½ ﬁ']) {
      expect(stripAccentsWithMap(s, 'unicode').text).toBe(stripAccentsUnicode(s));
      expect(stripAccentsWithMap(s, 'ascii').text).toBe(stripAccentsAscii(s));
    }
  });
});
