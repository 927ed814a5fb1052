import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  PII_TYPES,
  detectPii,
  maskPii,
  maskPiiWithOffsets,
  placeholderFor,
  resolveOverlaps,
  type MaskPiiOptions,
  type PiiType,
} from '../../../src/ml/pii-masking';
import {
  evaluatePii,
  parseLabelledSentences,
  parseMarkedComments,
  type LabelledSentence,
} from '../../../src/ml/pii/pii-evaluation';
import { adversarialTexts, repositoryTexts, spamAssassinTexts } from '../../support/pii-corpora';

describe('maskPii', () => {
  it('replaces every kind of entity by its typed placeholder and counts them', () => {
    const text =
      'Kevin (kev@mail.fr, @kev42) lives in Lyon: 06 12 34 56 78, http://kev.fr, 10.0.0.1, ' +
      'FR76 3000 6000 0112 3456 7890 189, 4111 1111 1111 1111.';
    const r = maskPii(text);
    expect(r.text).toBe('<PERSON> (<EMAIL>, <HANDLE>) lives in <LOCATION>: <PHONE>, <URL>, <IP>, <IBAN>, <CARD>.');
    expect(r.counts).toEqual({
      EMAIL: 1,
      URL: 1,
      IP: 1,
      PHONE: 1,
      IBAN: 1,
      CARD: 1,
      HANDLE: 1,
      PERSON: 1,
      LOCATION: 1,
    });
    expect(r.entities.map((e) => text.slice(e.start, e.end))).toEqual([
      'Kevin',
      'kev@mail.fr',
      '@kev42',
      'Lyon',
      '06 12 34 56 78',
      'http://kev.fr',
      '10.0.0.1',
      'FR76 3000 6000 0112 3456 7890 189',
      '4111 1111 1111 1111',
    ]);
  });

  it('leaves ordinary toxic comments alone: years, prices, versions, scores, insults', () => {
    const text = 'In 2019 you paid $49.99 for v3.2.1, lost 3-1 at 10:45, you moron. Will you stop? What a Karen.';
    expect(maskPii(text)).toEqual({
      text,
      entities: [],
      counts: Object.fromEntries(PII_TYPES.map((t) => [t, 0])),
    });
  });

  it('masks only the requested types', () => {
    expect(maskPii('Kevin: kev@mail.fr', { types: ['EMAIL'] }).text).toBe('Kevin: <EMAIL>');
  });

  it('prefers the higher-ranked type when spans overlap (an email holds a name)', () => {
    expect(maskPii('Write to Sarah.Connor@skynet.com').text).toBe('Write to <EMAIL>');
  });
});

describe('placeholderFor', () => {
  it('wraps the type in angle brackets', () => {
    expect(PII_TYPES.map(placeholderFor)).toContain('<PERSON>');
  });
});

describe('resolveOverlaps', () => {
  it('keeps, per cluster of overlapping spans, the best-ranked then longest ones', () => {
    const kept = resolveOverlaps([
      { type: 'LOCATION', start: 0, end: 5 },
      { type: 'PERSON', start: 0, end: 12 },
      { type: 'PHONE', start: 10, end: 20 },
      { type: 'HANDLE', start: 30, end: 34 },
      { type: 'URL', start: 31, end: 33 },
      { type: 'EMAIL', start: 40, end: 40 },
    ]);
    expect(kept).toEqual([
      { type: 'LOCATION', start: 0, end: 5 },
      { type: 'PHONE', start: 10, end: 20 },
      { type: 'URL', start: 31, end: 33 },
    ]);
  });

  it('joins two places that overlap into one, unless the joined span would run into another entity', () => {
    expect(
      resolveOverlaps([
        { type: 'LOCATION', start: 0, end: 30 },
        { type: 'LOCATION', start: 22, end: 34 },
      ]),
    ).toEqual([{ type: 'LOCATION', start: 0, end: 34 }]);
    expect(
      resolveOverlaps([
        { type: 'LOCATION', start: 0, end: 30 },
        { type: 'LOCATION', start: 22, end: 40 },
        { type: 'PHONE', start: 35, end: 45 },
      ]),
    ).toEqual([
      { type: 'LOCATION', start: 0, end: 30 },
      { type: 'PHONE', start: 35, end: 45 },
    ]);
    // A person and a place do not join: the longer one wins as before.
    expect(
      resolveOverlaps([
        { type: 'PERSON', start: 0, end: 12 },
        { type: 'LOCATION', start: 6, end: 20 },
      ]),
    ).toEqual([{ type: 'LOCATION', start: 6, end: 20 }]);
  });

  it('masks a street address, its town and its province code as one place', () => {
    const text = 'We moved to 1200 Bay Street, Toronto, ON M5R 2A5 last year';
    expect(maskPii(text).text).toBe('We moved to <LOCATION> M5R 2A5 last year');
  });
});

describe('maskPiiWithOffsets', () => {
  it('maps text outside entities one to one and each placeholder to its entity', () => {
    const text = 'hi Kevin!';
    const r = maskPiiWithOffsets(text);
    expect(r.text).toBe('hi <PERSON>!');
    expect(Array.from(r.offsets)).toEqual([0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 8, 8, 9]);
  });
});

describe('masking never fails', () => {
  it('returns sorted, non-overlapping, in-range entities and rebuilds the masked text from them', () => {
    const anyText = fc.string({
      unit: fc.oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        fc.constantFrom(' ', '.', '@', ':', '0', '6', '+33 ', 'Kevin ', 'Paris', 'www.', '.com', '4111 ', 'FR76'),
      ),
      maxLength: 80,
    });
    fc.assert(
      fc.property(anyText, (text) => {
        const { text: masked, entities, counts } = maskPii(text);
        let rebuilt = '';
        let pos = 0;
        for (const e of entities) {
          expect(e.start).toBeGreaterThanOrEqual(pos);
          expect(e.end).toBeGreaterThan(e.start);
          expect(e.end).toBeLessThanOrEqual(text.length);
          rebuilt += text.slice(pos, e.start) + placeholderFor(e.type);
          pos = e.end;
        }
        expect(masked).toBe(rebuilt + text.slice(pos));
        expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(entities.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('accuracy on the labelled evaluation set (test/fixtures/pii/eval.jsonl)', () => {
  const all = parseLabelledSentences(readFileSync(join(__dirname, '../../fixtures/pii/eval.jsonl'), 'utf8'));
  const parts = {
    tune: all.filter((s) => s.split === 'tune'),
    heldout: all.filter((s) => s.split === 'heldout'),
    all,
  };

  it('has at least 200 sentences, roughly half English and half French, with a held-out part', () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
    const en = all.filter((s) => s.lang === 'en').length;
    expect(en / all.length).toBeGreaterThan(0.4);
    expect(en / all.length).toBeLessThan(0.6);
    expect(parts.heldout.length / all.length).toBeGreaterThanOrEqual(0.3);
  });

  const recallTargets: [PiiType, number][] = [
    ['EMAIL', 0.95],
    ['PHONE', 0.95],
    ['IP', 0.95],
    ['URL', 0.95],
    ['PERSON', 0.85],
  ];

  for (const [name, sentences] of Object.entries(parts)) {
    it(`meets the recall and precision targets on the ${name} sentences`, () => {
      const ev = evaluatePii(sentences, (t) => detectPii(t));
      for (const [type, target] of recallTargets) {
        expect(ev.overlap[type].recall).toBeGreaterThanOrEqual(target);
      }
      for (const type of PII_TYPES) expect(ev.overlap[type].precision).toBeGreaterThanOrEqual(0.9);
    });
  }
});

describe('accuracy on the independent comment set (test/fixtures/pii/comments-{en,fr}.txt)', () => {
  const all = ['en', 'fr'].flatMap((lang) =>
    parseMarkedComments(readFileSync(join(__dirname, `../../fixtures/pii/comments-${lang}.txt`), 'utf8'), lang),
  );
  const parts = {
    tune: all.filter((s) => s.split === 'tune'),
    heldout: all.filter((s) => s.split === 'heldout'),
  };

  it('has at least 500 comments in English and French, 30% of them clean, a third held out', () => {
    expect(all.length).toBeGreaterThanOrEqual(500);
    const en = all.filter((s) => s.lang === 'en').length;
    expect(en / all.length).toBeGreaterThan(0.4);
    expect(en / all.length).toBeLessThan(0.6);
    expect(all.filter((s) => s.entities.length === 0).length / all.length).toBeGreaterThanOrEqual(0.3);
    expect(parts.heldout.length / all.length).toBeGreaterThanOrEqual(0.3);
  });

  const structured: readonly PiiType[] = ['EMAIL', 'PHONE', 'IP', 'IBAN', 'CARD', 'URL'];

  // Floors just under the figures in docs/pii-masking.md, so that a regression fails here; the issue's
  // targets (names ≤ 10%, clean lines ≤ 5%, F1 ≥ 0.93) are not all met yet and are reported there.
  for (const [name, sentences] of Object.entries(parts)) {
    it(`leaves no structured entity in clear and stays above the recorded quality on the ${name} part`, () => {
      const ev = evaluatePii(sentences, (t) => detectPii(t));
      const leaked = structured.reduce((a, t) => a + ev.leaks[t].leaked, 0);
      const gold = structured.reduce((a, t) => a + ev.leaks[t].gold, 0);
      expect(leaked / gold).toBeLessThanOrEqual(0.02);
      expect(ev.leaks.PERSON.rate).toBeLessThanOrEqual(0.15);
      expect(ev.cleanLines.rate).toBeLessThanOrEqual(0.09);
      expect(ev.microOverlap.f1).toBeGreaterThanOrEqual(0.92);
    });
  }
});

describe('the fast path against the reference path (MaskPiiOptions.reference)', () => {
  /** The texts on which maskPii's fast and reference paths differ, with both results. */
  function differences(texts: readonly string[], options: MaskPiiOptions = {}): unknown[] {
    const out: unknown[] = [];
    for (const text of texts) {
      const fast = maskPii(text, options);
      const reference = maskPii(text, { ...options, reference: true });
      if (fast.text !== reference.text || JSON.stringify(fast.entities) !== JSON.stringify(reference.entities)) {
        out.push({ text, fast: fast.entities, reference: reference.entities });
      }
    }
    return out;
  }

  it.each(repositoryTexts().map((c) => [c.name, c.texts] as const))(
    'masks every line of %s, and the file whole, exactly as the reference path does',
    (_name, texts) => {
      expect(texts.length).toBeGreaterThan(10);
      expect(differences(texts)).toEqual([]);
    },
  );

  it('masks SpamAssassin snippets and whole messages exactly as the reference path does', () => {
    const texts = spamAssassinTexts(2000);
    expect(texts.length).toBeGreaterThan(2000);
    expect(differences(texts)).toEqual([]);
  });

  it('masks generated strings with every Unicode space, dash and apostrophe exactly as the reference path does', () => {
    const texts = adversarialTexts(4000);
    expect(differences(texts)).toEqual([]);
    // Restricted types take the same shortcuts.
    expect(differences(texts.slice(0, 500), { types: ['PERSON'] })).toEqual([]);
    expect(differences(texts.slice(0, 500), { types: ['LOCATION', 'EMAIL', 'PHONE'] })).toEqual([]);
  });

  it('masks arbitrary strings exactly as the reference path does (property test)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        expect(differences([text])).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

/** The comments of a fresh set (test/fixtures/pii/<folder>/comments-{en,fr}.txt), every line held out. */
function freshSet(folder: string): LabelledSentence[] {
  return ['en', 'fr'].flatMap((lang) =>
    parseMarkedComments(
      readFileSync(join(__dirname, `../../fixtures/pii/${folder}/comments-${lang}.txt`), 'utf8'),
      `${folder}-${lang}`,
    ),
  );
}

const STRUCTURED: readonly PiiType[] = ['EMAIL', 'PHONE', 'IP', 'IBAN', 'CARD', 'URL'];

// Regression floors for every fresh set, from the forty-third pass, tightened at each pass since:
// structured entities and names left in clear, and the share of clean lines masked, may not grow. Each
// set was written by a helper session that never saw the masker and was scored once before its errors
// were read (see docs/pii-masking.md for which pass read which set's errors); held out still, their
// errors unread: the second, fifth, twenty-sixth to thirty-fifth and thirty-seventh to fifty-fourth (the
// structured errors of the thirty-sixth, forty-sixth and forty-seventh were read; one line each of the
// thirty-third, forty-first and fifty-fourth was read where the fiftieth pass lost a name).
describe.each([
  { folder: 'fresh', comments: 400, structured: 0, person: 5, clean: 0.011 },
  { folder: 'fresh2', comments: 500, structured: 0, person: 9, clean: 0.013 },
  { folder: 'fresh3', comments: 500, structured: 0, person: 12, clean: 0.032 },
  { folder: 'fresh4', comments: 500, structured: 0, person: 17, clean: 0.033 },
  { folder: 'fresh5', comments: 500, structured: 0, person: 11, clean: 0.04 },
  { folder: 'fresh6', comments: 500, structured: 0, person: 3, clean: 0.022 },
  { folder: 'fresh7', comments: 500, structured: 0, person: 8, clean: 0.015 },
  { folder: 'fresh8', comments: 500, structured: 0, person: 16, clean: 0.036 },
  { folder: 'fresh9', comments: 500, structured: 0, person: 10, clean: 0.023 },
  { folder: 'fresh10', comments: 500, structured: 0, person: 4, clean: 0.049 },
  { folder: 'fresh11', comments: 500, structured: 0, person: 22, clean: 0.034 },
  { folder: 'fresh12', comments: 500, structured: 0, person: 22, clean: 0.023 },
  { folder: 'fresh13', comments: 500, structured: 0, person: 19, clean: 0.062 },
  { folder: 'fresh14', comments: 400, structured: 0, person: 15, clean: 0.011 },
  { folder: 'fresh15', comments: 400, structured: 0, person: 6, clean: 0.052 },
  { folder: 'fresh16', comments: 400, structured: 0, person: 14, clean: 0.078 },
  { folder: 'fresh17', comments: 400, structured: 0, person: 16, clean: 0.103 },
  { folder: 'fresh18', comments: 400, structured: 0, person: 10, clean: 0.116 },
  { folder: 'fresh19', comments: 400, structured: 0, person: 14, clean: 0.052 },
  { folder: 'fresh20', comments: 400, structured: 0, person: 10, clean: 0.062 },
  { folder: 'fresh21', comments: 400, structured: 0, person: 6, clean: 0.048 },
  { folder: 'fresh22', comments: 400, structured: 0, person: 15, clean: 0.08 },
  { folder: 'fresh23', comments: 400, structured: 0, person: 8, clean: 0.038 },
  { folder: 'fresh24', comments: 400, structured: 0, person: 3, clean: 0.024 },
  { folder: 'fresh25', comments: 400, structured: 0, person: 4, clean: 0.043 },
  { folder: 'fresh26', comments: 400, structured: 0, person: 2, clean: 0.048 },
  { folder: 'fresh27', comments: 400, structured: 0, person: 15, clean: 0.067 },
  { folder: 'fresh28', comments: 400, structured: 1, person: 18, clean: 0.067 },
  { folder: 'fresh29', comments: 400, structured: 1, person: 5, clean: 0.044 },
  { folder: 'fresh30', comments: 400, structured: 0, person: 14, clean: 0.052 },
  { folder: 'fresh31', comments: 400, structured: 0, person: 6, clean: 0.139 },
  { folder: 'fresh32', comments: 400, structured: 0, person: 4, clean: 0.044 },
  // Fiftieth pass: two more names left, on purpose. A line names a farm cat, then corrects itself to a
  // farmhand of the same name, and both are read as the cat.
  { folder: 'fresh33', comments: 400, structured: 0, person: 9, clean: 0.083 },
  { folder: 'fresh34', comments: 400, structured: 0, person: 9, clean: 0.074 },
  { folder: 'fresh35', comments: 400, structured: 0, person: 9, clean: 0.058 },
  { folder: 'fresh36', comments: 400, structured: 0, person: 8, clean: 0.058 },
  { folder: 'fresh37', comments: 400, structured: 0, person: 10, clean: 0.044 },
  { folder: 'fresh38', comments: 400, structured: 0, person: 14, clean: 0.048 },
  { folder: 'fresh39', comments: 400, structured: 0, person: 7, clean: 0.025 },
  { folder: 'fresh40', comments: 400, structured: 0, person: 6, clean: 0.089 },
  { folder: 'fresh41', comments: 400, structured: 1, person: 11, clean: 0.064 },
  { folder: 'fresh42', comments: 400, structured: 0, person: 11, clean: 0.079 },
  { folder: 'fresh43', comments: 400, structured: 0, person: 12, clean: 0.034 },
  { folder: 'fresh44', comments: 400, structured: 0, person: 7, clean: 0.049 },
  { folder: 'fresh45', comments: 400, structured: 1, person: 16, clean: 0.068 },
  { folder: 'fresh46', comments: 400, structured: 0, person: 13, clean: 0.023 },
  { folder: 'fresh47', comments: 400, structured: 1, person: 17, clean: 0.05 },
  { folder: 'fresh48', comments: 400, structured: 0, person: 17, clean: 0.099 },
  { folder: 'fresh49', comments: 400, structured: 0, person: 20, clean: 0.078 },
  { folder: 'fresh50', comments: 400, structured: 0, person: 20, clean: 0.105 },
  { folder: 'fresh51', comments: 400, structured: 1, person: 15, clean: 0.058 },
  { folder: 'fresh52', comments: 400, structured: 0, person: 35, clean: 0.123 },
  { folder: 'fresh53', comments: 400, structured: 0, person: 19, clean: 0.163 },
  { folder: 'fresh54', comments: 400, structured: 0, person: 28, clean: 0.058 },
])(
  'accuracy on the fresh set $folder (written after a pass was frozen)',
  ({ folder, comments, structured, person, clean }) => {
    const all = freshSet(folder);

    it(`has at least ${comments} comments in both languages, over a third of them free of personal data`, () => {
      expect(all.length).toBeGreaterThanOrEqual(comments);
      expect(new Set(all.map((s) => s.lang))).toEqual(new Set(['en', 'fr']));
      expect(all.filter((s) => s.entities.length === 0).length / all.length).toBeGreaterThan(0.35);
    });

    it('masks no more clean lines and leaks no more than when last scored', () => {
      const ev = evaluatePii(all, (t) => detectPii(t));
      const leaked = STRUCTURED.reduce((a, t) => a + ev.leaks[t].leaked, 0);
      expect(leaked).toBeLessThanOrEqual(structured);
      expect(ev.leaks.PERSON.leaked).toBeLessThanOrEqual(person);
      expect(ev.cleanLines.rate).toBeLessThanOrEqual(clean);
    });
  },
);

describe('accuracy on the second check built from Presidio templates (test/fixtures/pii/presidio/)', () => {
  const all = parseMarkedComments(
    readFileSync(join(__dirname, '../../fixtures/pii/presidio/sentences-en.txt'), 'utf8'),
    'presidio',
  );
  const parts = {
    tune: all.filter((s) => s.split === 'tune'),
    heldout: all.filter((s) => s.split === 'heldout'),
  };
  const structured: readonly PiiType[] = ['EMAIL', 'PHONE', 'IP', 'IBAN', 'CARD', 'URL'];

  it('has every template twice, with lines free of personal data', () => {
    expect(all.length).toBeGreaterThanOrEqual(400);
    expect(all.filter((s) => s.entities.length === 0).length).toBeGreaterThanOrEqual(50);
  });

  // Floors just under the figures in docs/pii-masking.md. LOCATION is left out: Faker's street and
  // town names are invented (see the set's README).
  for (const [name, sentences] of Object.entries(parts)) {
    it(`leaves no structured entity in clear and keeps PERSON leaks under 17% on the ${name} part`, () => {
      const ev = evaluatePii(sentences, (t) => detectPii(t));
      const leaked = structured.reduce((a, t) => a + ev.leaks[t].leaked, 0);
      const gold = structured.reduce((a, t) => a + ev.leaks[t].gold, 0);
      expect(leaked / gold).toBeLessThanOrEqual(0.02);
      expect(ev.leaks.PERSON.rate).toBeLessThanOrEqual(0.17);
      expect(ev.cleanLines.rate).toBeLessThanOrEqual(0.1);
    });
  }
});
