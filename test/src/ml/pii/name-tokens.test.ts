import { adjacent, prevWord, tokenize } from '../../../../src/ml/pii/name-tokens';

/** Every UTF-16 code unit but the surrogates, as a one-character gap between two words. */
const GAPS = Array.from({ length: 0x10000 }, (_, c) => c)
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCharCode(c));

describe('name tokens', () => {
  it('gives ASCII and other tokens the same fields, elision and possessive taken off the text', () => {
    const tokens = tokenize("Bonjour d'Élodie, Tom's FRIEND");
    expect(
      tokens.map((t) => ({ text: t.text, lower: t.lower, cap: t.cap, caseless: t.caseless, elided: t.elided })),
    ).toEqual([
      { text: 'Bonjour', lower: 'bonjour', cap: true, caseless: false, elided: '' },
      { text: 'Élodie', lower: 'élodie', cap: true, caseless: false, elided: 'd' },
      { text: 'Tom', lower: 'tom', cap: true, caseless: false, elided: '' },
      { text: 'FRIEND', lower: 'friend', cap: false, caseless: true, elided: '' },
    ]);
    expect(tokens.map((t) => [t.start, t.end])).toEqual([
      [0, 7],
      [10, 16],
      [18, 21],
      [24, 30],
    ]);
    expect(tokens.every((t) => Object.getPrototypeOf(t) === Object.getPrototypeOf(tokens[0]))).toBe(true);
  });

  it('reads the elided article as the word before its token, at the place of the word before it', () => {
    const text = "vu d'Antoine";
    const tokens = tokenize(text);
    const before = prevWord(text, tokens, 1);
    expect(before).toMatchObject({ text: 'd', lower: 'd', start: tokens[0].start, end: tokens[0].end });
  });

  it('takes the word before across exactly the gaps /^[\\s,]*$/u accepts, for every code unit', () => {
    const wrong = GAPS.filter((gap) => {
      const text = `Ab${gap}Cd`;
      const tokens = tokenize(text);
      if (tokens.length !== 2) return false; // the gap is a letter or a joiner: one token, nothing to ask
      return (prevWord(text, tokens, 1) !== undefined) !== /^[\s,]*$/u.test(gap);
    });
    expect(wrong).toEqual([]);
    const text = 'Ab , \u00a0\u2003Cd';
    expect(prevWord(text, tokenize(text), 1)?.text).toBe('Ab');
  });

  it('calls two words adjacent across exactly the gaps /^[ \\t\\u00a0]+$/u accepts, and never with no gap', () => {
    const wrong = GAPS.filter((gap) => {
      const text = `Ab${gap}Cd`;
      const tokens = tokenize(text);
      if (tokens.length !== 2) return false;
      return adjacent(text, tokens[0], tokens[1]) !== /^[ \t\u00a0]+$/u.test(gap);
    });
    expect(wrong).toEqual([]);
    const text = 'Ab \t\u00a0 Cd';
    const tokens = tokenize(text);
    expect(adjacent(text, tokens[0], tokens[1])).toBe(true);
    expect(adjacent(text, tokens[1], tokens[0])).toBe(false);
    expect(adjacent(text, tokens[0], undefined)).toBe(false);
    const elided = "de l'Ain";
    const e = tokenize(elided);
    expect(adjacent(elided, e[0], e[1])).toBe(false);
  });
});
