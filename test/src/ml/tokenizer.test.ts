import { createTokenizer, DEFAULT_TOKEN_PATTERN, TokenSpans, translatePythonPattern } from '../../../src/ml/tokenizer';

// Expected tokens are what Python's re.findall(pattern, text) returns (checked with CPython 3.11).
describe('createTokenizer with the default pattern (?u)\\b\\w\\w+\\b', () => {
  const t = createTokenizer();

  it('keeps runs of two or more word characters and drops single characters', () => {
    expect(t.tokens("Hello, world! it's a_b 42 x")).toEqual(['Hello', 'world', 'it', 'a_b', '42']);
  });

  it('treats letters of every script, digits and underscore as word characters', () => {
    expect(t.tokens("don't stop-words foo_bar __ a1 日本語")).toEqual([
      'don',
      'stop',
      'words',
      'foo_bar',
      '__',
      'a1',
      '日本語',
    ]);
  });

  it('counts characters above U+FFFF as one character, as Python does', () => {
    // 𝐀 (U+1D400) is one letter: "𝐀𝐁" is a token, "𝐀" alone is not.
    expect(t.tokens('naïve café 𝐀𝐁 𝐀 é')).toEqual(['naïve', 'café', '𝐀𝐁']);
  });

  it('splits on combining marks, which are not word characters', () => {
    expect(t.tokens('e\u0301te\u0301 Ωmega ½ ²3')).toEqual(['te', 'Ωmega', '²3']);
  });

  it('gives UTF-16 spans of each token', () => {
    const spans = new TokenSpans();
    t.tokenize('  ab 𝐀𝐁!', spans);
    expect(spans.length).toBe(2);
    expect([spans.starts[0], spans.ends[0], spans.starts[1], spans.ends[1]]).toEqual([2, 4, 5, 9]);
  });

  it('grows its span buffer for long texts', () => {
    const text = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');
    expect(t.tokens(text)).toHaveLength(500);
  });

  it('says tokens never contain spaces', () => {
    expect(t.spaceFree).toBe(true);
    expect(t.pattern).toBe(DEFAULT_TOKEN_PATTERN);
  });
});

describe('createTokenizer with other patterns', () => {
  it('translates \\w and \\b to their Unicode meaning', () => {
    expect(createTokenizer('(?u)\\b\\w+\\b').tokens('a bb c é')).toEqual(['a', 'bb', 'c', 'é']);
  });

  it('returns the capturing group when the pattern has one', () => {
    expect(createTokenizer('(?u)(\\w+)@').tokens('x@y ab@cd')).toEqual(['x', 'ab']);
  });

  it('supports \\w inside a character class', () => {
    expect(createTokenizer("[\\w']+").tokens("don't go")).toEqual(["don't", 'go']);
  });

  it('matches case-insensitively with a leading (?i)', () => {
    expect(createTokenizer('(?i)b+').tokens('aBbB')).toEqual(['BbB']);
  });

  it('throws when the pattern has two capturing groups', () => {
    expect(() => createTokenizer('(a)(b)')).toThrow('has 2 capturing groups; scikit-learn allows at most one');
  });

  it('throws when the pattern is not a valid regex', () => {
    expect(() => createTokenizer('(ab')).toThrow(/token pattern "\(ab" is not a valid regular expression/);
  });

  it('throws on Python flags with no JavaScript equivalent', () => {
    expect(() => createTokenizer('(?x) a b')).toThrow('inline flag (?x) is not supported');
    expect(() => createTokenizer('[\\W]+')).toThrow('\\W inside a character class is not supported');
  });
});

describe('translatePythonPattern', () => {
  it('turns named groups into JavaScript syntax', () => {
    expect(translatePythonPattern('(?P<w>a)(?P=w)').source).toBe('(?<w>a)\\k<w>');
  });

  it('keeps Python $ semantics (end, or before a final newline)', () => {
    const { source, flags } = translatePythonPattern('ab$');
    expect(new RegExp(source, flags).test('ab\n')).toBe(true);
    expect(new RegExp(source, flags.replace('g', '')).test('ab\nx')).toBe(false);
  });
});
