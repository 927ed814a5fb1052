import fc from 'fast-check';
import { anchoredMatches, markedRuns, type Anchor } from '../../../../src/ml/pii/anchored-search';
import { findPatterns } from '../../../../src/ml/pii/pattern-detectors';
import { findNames } from '../../../../src/ml/pii/name-detector';
import { adversarialTexts } from '../../../support/pii-corpora';

const spans = (ms: Iterable<RegExpExecArray>): [number, number, string][] =>
  [...ms].map((m) => [m.index, m.index + m[0].length, m[0]]);

/** Strings made of the characters the anchored patterns turn on, so that matches are frequent. */
const dense = fc
  .array(
    fc.constantFrom(
      ..."@@..::MMab fxyz09_-+%'A.B".split(''),
      'mail',
      'example.com',
      'gmail.com',
      '2001:db8::1',
      'fe80::',
      'on M6',
      'the M25(M)',
      'jo.b',
      '@bob',
      ' ',
      '\u00e9',
      ' at ',
      ' dot ',
      '[at]',
      '(dot)',
      ' arobase ',
      ' point ',
      ' chez ',
      'fr',
      ', ',
      ';',
      '!',
      'aroba\u017fe',
      ' AT ',
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

const ALL = new Set(['EMAIL', 'URL', 'IP', 'PHONE', 'IBAN', 'CARD', 'HANDLE']);

describe('anchoredMatches', () => {
  const word: Anchor = { char: '@', lead: (c) => c >= 97 && c <= 122, maxLead: Infinity };
  const re = /(?<![a-z])[a-z]+@[a-z]+/g;

  it('finds what matchAll finds, leftmost first, resuming after each match', () => {
    const text = 'xx @ ab@cd ef@@gh@ij k@l';
    expect(spans(anchoredMatches(text, re, word))).toEqual(spans(text.matchAll(re)));
    expect(spans(anchoredMatches(text, re, word)).map((s) => s[2])).toEqual(['ab@cd', 'gh@ij', 'k@l']);
  });

  it('looks back no further than maxLead characters before the anchor', () => {
    const hex = /(?:[0-9a-f]{0,2}:){2}/g;
    const anchor: Anchor = { char: ':', lead: (c) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102), maxLead: 2 };
    for (const text of ['abc:d:', 'bc:d:', ':::', 'ffff:ff:ff:', 'x a:b:c:d:e:']) {
      expect(spans(anchoredMatches(text, hex, anchor))).toEqual(spans(text.matchAll(hex)));
    }
  });

  it('tries only the start of the run when the pattern cannot start after a lead character', () => {
    const domain = /(?<![a-z0-9-])[a-z0-9-]+\.[a-z]{2}/g;
    const anchor: Anchor = {
      char: '.',
      lead: (c) => (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c === 45,
      maxLead: Infinity,
      notAfterLead: true,
    };
    for (const text of ['see abc.fr and x-y.be', '-ab.cd', 'a.b.c.de', '...ab..cd.ef']) {
      expect(spans(anchoredMatches(text, domain, anchor))).toEqual(spans(text.matchAll(domain)));
    }
  });

  it('refuses a pattern that is not global, whose sticky copy it could not make right', () => {
    expect(() => anchoredMatches('a@b', /[a-z]+@[a-z]+/, word)).toThrow(/global/);
  });

  it('finds what matchAll finds on arbitrary strings (property test)', () => {
    fc.assert(
      fc.property(dense, (text) => {
        expect(spans(anchoredMatches(text, re, word))).toEqual(spans(text.matchAll(re)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('markedRuns', () => {
  const lettersAndSpaces = (c: number): boolean => c === 32 || (c >= 97 && c <= 122);

  it('gives each run holding a marker once, whole, in order, and no run without one', () => {
    const text = 'no mark here, write at home; at; xx, at, at b at';
    expect(markedRuns(text, /\bat\b/gu, lettersAndSpaces).map(([s, e]) => text.slice(s, e))).toEqual([
      ' write at home',
      ' at',
      ' at',
      ' at b at',
    ]);
  });

  it('skips a marker made of characters outside the runs', () => {
    expect(markedRuns('ab;cd;ef', /;/gu, lettersAndSpaces)).toEqual([]);
  });
});

describe('the fast detectors against their reference path', () => {
  it('find the same e-mails (plain and spelled out), domains, IPv6 addresses and handles on dense strings (property test)', () => {
    fc.assert(
      fc.property(dense, (text) => {
        expect(findPatterns(text, ALL)).toEqual(findPatterns(text, ALL, { reference: true }));
      }),
      { numRuns: 3000 },
    );
  });

  it('find the same spelled-out addresses, whole, inside sentences', () => {
    const texts = [
      'write to jo.b at gmail dot com, or not',
      'f.k @ mail . fr; merci',
      'mail: jo [at] mail [dot] fr!',
      'jo (chez) gmail (point) com',
      '"fiona.mc1987 at gmail.com"',
      'x, jo@mail dot co dot uk!',
      'email me at jo dot smith at gmail dot com.',
      'ANNE.MARIE AT ORANGE DOT FR',
    ];
    for (const text of texts) {
      const found = findPatterns(text, ALL);
      expect(found).toEqual(findPatterns(text, ALL, { reference: true }));
      expect(found.filter((f) => f.type === 'EMAIL')).toHaveLength(1);
    }
  });

  it('find the same motorways as the reference path', () => {
    for (const text of ['on M6 then off the M25(M) and onto M1', 'M6 alone, via M40x', 'along M4, the M5.']) {
      expect(findNames(text)).toEqual(findNames(text, { reference: true }));
    }
    expect(findNames('stuck on M6 again').map((s) => s.type)).toEqual(['LOCATION']);
  });

  it('find the same structured data on adversarial strings', () => {
    for (const text of adversarialTexts(2000, 11)) {
      expect(findPatterns(text, ALL)).toEqual(findPatterns(text, ALL, { reference: true }));
    }
  });
});
