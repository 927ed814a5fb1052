import { HAS_LOWER, HAS_UPPER, LIST_BITS, SeparatedWords, WordIndex } from '../../../../src/ml/pii/word-index';

describe('WordIndex', () => {
  const index = new WordIndex([
    [1, ['jean', 'marie', 'will']],
    [2, ['will', 'may']],
    [4, ['élodie', 'jean-paul', 'le_pen']],
  ]);
  const at = (text: string): number => index.lookup(text, 0, text.length);

  it('returns the bits of every list holding the lower-cased word', () => {
    expect(at('jean') & LIST_BITS).toBe(1);
    expect(at('WILL') & LIST_BITS).toBe(3);
    expect(at('May') & LIST_BITS).toBe(2);
    expect(at('mary') & LIST_BITS).toBe(0);
    expect(at('jea') & LIST_BITS).toBe(0);
    expect(at('jeans') & LIST_BITS).toBe(0);
  });

  it('reads a word inside a longer text without a substring', () => {
    const text = 'Hi Marie, hi';
    expect(index.lookup(text, 3, 8) & LIST_BITS).toBe(1);
    expect(index.lookup(text, 0, 2) & LIST_BITS).toBe(0);
  });

  it('reports the cases of the letters', () => {
    expect(at('jean') & (HAS_UPPER | HAS_LOWER)).toBe(HAS_LOWER);
    expect(at('JEAN') & (HAS_UPPER | HAS_LOWER)).toBe(HAS_UPPER);
    expect(at('Jean') & (HAS_UPPER | HAS_LOWER)).toBe(HAS_UPPER | HAS_LOWER);
  });

  it('returns -1 for a word with anything but ASCII letters, and ignores such list words', () => {
    expect(at('élodie')).toBe(-1);
    expect(at('jean-paul')).toBe(-1);
    expect(at('le_pen')).toBe(-1);
    expect(at('x1')).toBe(-1);
  });

  it('finds every word of a large list and no word outside it', () => {
    const list: string[] = [];
    for (let i = 0; i < 20000; i++) list.push(i.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]));
    const big = new WordIndex([[8, list]]);
    expect(list.filter((w) => (big.lookup(w, 0, w.length) & 8) === 0)).toEqual([]);
    expect(big.lookup('zzzzzzzz', 0, 8) & 8).toBe(0);
  });

  it('answers has() for a lower-case word of one list, like a Set of that list', () => {
    expect(index.has('will', 1)).toBe(true);
    expect(index.has('will', 2)).toBe(true);
    expect(index.has('jean', 2)).toBe(false);
    expect(index.has('Jean', 1)).toBe(false);
    expect(index.has('élodie', 4)).toBe(false);
    expect(index.count).toBe(4);
  });

  it('takes several bits for one list, and merges the bits of a word listed twice', () => {
    const both = new WordIndex([
      [1 | 8, ['lyon', 'nice']],
      [1, ['paris', 'lyon']],
    ]);
    expect(both.lookup('Lyon', 0, 4) & LIST_BITS).toBe(9);
    expect(both.lookup('Paris', 0, 5) & LIST_BITS).toBe(1);
    expect(both.has('nice', 8)).toBe(true);
    expect(both.count).toBe(3);
  });

  it('throws when a list bit is outside the list bits', () => {
    expect(() => new WordIndex([[0, ['a']]])).toThrow(/list bit 0 is outside/);
    expect(() => new WordIndex([[HAS_UPPER, ['a']]])).toThrow(/is outside 1\.\./);
  });

  it('reads a list given as one separated string in place, like the same words as an array', () => {
    const spaced = new WordIndex([
      [1, new SeparatedWords('anne bob  cléo dora', ' ')],
      [2, new SeparatedWords('Lyon|nice|bob', '|')],
    ]);
    expect(spaced.lookup('Anne', 0, 4) & LIST_BITS).toBe(1);
    expect(spaced.lookup('dora', 0, 4) & LIST_BITS).toBe(1);
    expect(spaced.lookup('bob', 0, 3) & LIST_BITS).toBe(3);
    expect(spaced.lookup('nice', 0, 4) & LIST_BITS).toBe(2);
    // Only ASCII lower-case words are held, as from an array: "cléo" and "Lyon" are not.
    expect(spaced.lookup('lyon', 0, 4) & LIST_BITS).toBe(0);
    expect(spaced.count).toBe(4);
    const seen: string[] = [];
    new SeparatedWords(' a bc  d ', ' ').forEach((start, end) => seen.push(' a bc  d '.slice(start, end)));
    expect(seen).toEqual(['a', 'bc', 'd']);
  });
});
