import { ENGLISH_STOP_WORDS } from '../../../src/ml/english-stop-words';
import { resolveStopWords, TextAnalyzer } from '../../../src/ml/text-analyzer';

describe('TextAnalyzer', () => {
  it('lowercases and tokenizes with scikit-learn defaults', () => {
    expect(new TextAnalyzer().terms('The CAT, the cat!')).toEqual(['the', 'cat', 'the', 'cat']);
  });

  it('builds unigrams first, then bigrams, words joined by one space', () => {
    const a = new TextAnalyzer({ ngramRange: [1, 2] });
    expect(a.terms('big  red dog')).toEqual(['big', 'red', 'dog', 'big red', 'red dog']);
  });

  it('builds only the n-grams of the range', () => {
    const a = new TextAnalyzer({ ngramRange: [2, 3] });
    expect(a.terms('a1 b2 c3 d4')).toEqual(['a1 b2', 'b2 c3', 'c3 d4', 'a1 b2 c3', 'b2 c3 d4']);
  });

  it('removes stop words before building n-grams', () => {
    const a = new TextAnalyzer({ ngramRange: [1, 2], stopWords: ENGLISH_STOP_WORDS });
    expect(a.terms('this is not a good idea')).toEqual(['good', 'idea', 'good idea']);
  });

  it('strips accents after lowercasing', () => {
    const a = new TextAnalyzer({ stripAccents: 'ascii' });
    expect(a.terms('ÉTÉ Crème')).toEqual(['ete', 'creme']);
  });

  it('keeps case when lowercase is false, so capitalized stop words stay', () => {
    const a = new TextAnalyzer({ lowercase: false, stopWords: ['the'] });
    expect(a.terms('The the')).toEqual(['The']);
  });

  it('maps preprocessed chars back to the input through lowercasing and accent stripping', () => {
    const a = new TextAnalyzer({ stripAccents: 'ascii' });
    // 'İ' lowercases to 'i' + U+0307 (2 chars); the mark is then stripped.
    const { text, map } = a.preprocessWithMap('İÉx');
    expect(text).toBe('iex');
    expect(Array.from(map)).toEqual([0, 1, 2, 3]);
  });

  it('resolves the english stop-word list (318 words)', () => {
    expect(resolveStopWords('english')).toHaveLength(318);
    expect(resolveStopWords(null)).toBeNull();
    expect(resolveStopWords(['x'])).toEqual(['x']);
  });

  it('throws when the n-gram range is reversed or not integers', () => {
    expect(() => new TextAnalyzer({ ngramRange: [2, 1] })).toThrow('ngramRange must be [min, max]');
    expect(() => new TextAnalyzer({ ngramRange: [0, 1] })).toThrow('got [0,1]');
  });

  describe('character analyzers', () => {
    it('builds char n-grams over the text with runs of whitespace collapsed to one space', () => {
      const a = new TextAnalyzer({ analyzer: 'char', ngramRange: [1, 2] });
      expect(a.terms('a \t b')).toEqual(['a', ' ', 'b', 'a ', ' b']);
    });

    it('keeps a single whitespace character as it is (only runs become a space)', () => {
      const a = new TextAnalyzer({ analyzer: 'char', ngramRange: [2, 2] });
      expect(a.terms('a\nb')).toEqual(['a\n', '\nb']);
    });

    it('counts astral characters as one character, as Python does', () => {
      const a = new TextAnalyzer({ analyzer: 'char', ngramRange: [2, 2], lowercase: false });
      expect(a.terms('a😂b')).toEqual(['a😂', '😂b']);
    });

    it('pads each word with spaces for char_wb and takes a short word once', () => {
      const a = new TextAnalyzer({ analyzer: 'char_wb', ngramRange: [2, 3] });
      expect(a.terms('AB  c')).toEqual([' a', 'ab', 'b ', ' ab', 'ab ', ' c', 'c ', ' c ']);
    });

    it('takes a word shorter than n whole, once, for char_wb', () => {
      const a = new TextAnalyzer({ analyzer: 'char_wb', ngramRange: [5, 6] });
      expect(a.terms('hi there')).toEqual([' hi ', ' ther', 'there', 'here ', ' there', 'there ']);
    });

    it('ignores stop words and the token pattern', () => {
      const a = new TextAnalyzer({ analyzer: 'char', ngramRange: [1, 1], stopWords: ['a'], tokenPattern: 'x' });
      expect(a.terms('a!')).toEqual(['a', '!']);
    });

    it('reports spans in the preprocessed text, padding spans empty at the word edges', () => {
      const a = new TextAnalyzer({ analyzer: 'char_wb', ngramRange: [2, 2] });
      const seen: [string, number, number][] = [];
      a.charNgrams('ab', (t, s, e) => seen.push([t, s, e]));
      expect(seen).toEqual([
        [' a', 0, 1],
        ['ab', 0, 2],
        ['b ', 1, 2],
      ]);
    });
  });
});
