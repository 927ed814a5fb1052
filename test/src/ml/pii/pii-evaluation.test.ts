import type { PiiEntity } from '../../../../src/ml/pii-masking';
import {
  evaluatePii,
  parseLabelledSentences,
  parseMarkedComments,
  type LabelledSentence,
} from '../../../../src/ml/pii/pii-evaluation';

const sentences: LabelledSentence[] = [
  {
    id: 's1',
    lang: 'en',
    split: 'tune',
    text: 'Call Kevin Smith at 06 12 34 56 78',
    entities: [
      { type: 'PERSON', start: 5, end: 16 },
      { type: 'PHONE', start: 20, end: 34 },
    ],
  },
  {
    id: 's2',
    lang: 'fr',
    split: 'heldout',
    text: 'Salut Léa de Lyon',
    entities: [{ type: 'LOCATION', start: 13, end: 17 }],
  },
];

/** A fixed detector: a partial person span, the phone, a spurious handle, and Lyon mistyped as PERSON. */
function detect(text: string): PiiEntity[] {
  if (text.startsWith('Call')) {
    return [
      { type: 'PERSON', start: 5, end: 10 },
      { type: 'PHONE', start: 20, end: 34 },
      { type: 'HANDLE', start: 0, end: 4 },
    ];
  }
  return [{ type: 'PERSON', start: 13, end: 17 }];
}

describe('evaluatePii', () => {
  const ev = evaluatePii(sentences, detect);

  it('counts an overlapping same-type prediction as a hit, per type', () => {
    expect(ev.overlap.PERSON).toMatchObject({ tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1 });
    expect(ev.overlap.PHONE).toMatchObject({ tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
    expect(ev.overlap.HANDLE).toMatchObject({ tp: 0, fp: 1, fn: 0, precision: 0, recall: 1 });
    expect(ev.overlap.LOCATION).toMatchObject({ tp: 0, fp: 0, fn: 1, precision: 1, recall: 0, f1: 0 });
  });

  it('requires equal spans under the exact rule', () => {
    expect(ev.exact.PERSON).toMatchObject({ tp: 0, fp: 2, fn: 1 });
    expect(ev.exact.PHONE.tp).toBe(1);
  });

  it('micro-averages over types and reports the share masked under any type', () => {
    // tp 2 (person, phone), fp 2 (handle, Lyon as a person), fn 1 (location): P = 2/4, R = 2/3.
    expect(ev.microOverlap.precision).toBeCloseTo(2 / 4, 12);
    expect(ev.microOverlap.recall).toBeCloseTo(2 / 3, 12);
    expect(ev.maskedShare).toBe(1);
    expect(ev.errors.map((e) => `${e.kind} ${e.type} ${e.text}`)).toEqual([
      'fp HANDLE Call',
      'fp PERSON Lyon',
      'fn LOCATION Lyon',
    ]);
  });
});

describe('leaks and clean lines', () => {
  it('counts gold entities no prediction overlaps, per type, and clean lines that got a mask', () => {
    const set: LabelledSentence[] = [
      ...sentences,
      { id: 'c1', lang: 'en', split: 'tune', text: 'nothing here', entities: [] },
      { id: 'c2', lang: 'en', split: 'tune', text: 'Call me', entities: [] },
    ];
    const ev = evaluatePii(set, (t) => (t === 'nothing here' ? [] : detect(t)));
    // Lyon is overlapped (as a PERSON), so it is not left in clear; 'Call me' got a spurious handle.
    expect(ev.leaks.LOCATION).toEqual({ gold: 1, leaked: 0, rate: 0 });
    expect(ev.leaks.PERSON).toEqual({ gold: 1, leaked: 0, rate: 0 });
    expect(ev.cleanLines).toEqual({ total: 2, masked: 1, rate: 0.5 });
    expect(ev.microExact.tp).toBe(1);
  });
});

describe('parseMarkedComments', () => {
  it('turns marks into spans, decodes escapes and holds out every third comment', () => {
    const content = [
      '# a comment line',
      'en | hi ⟦PERSON|Kevin⟧, call ⟦PHONE|06\\u00a012\\u00a034\\u00a056\\u00a078⟧',
      '',
      'fr | rien à signaler',
      'fr | ⟦EMAIL|a at b dot com⟧',
    ].join('\n');
    const parsed = parseMarkedComments(content, 'x');
    expect(parsed.map((s) => [s.id, s.lang, s.split])).toEqual([
      ['x-2', 'en', 'tune'],
      ['x-4', 'fr', 'tune'],
      ['x-5', 'fr', 'heldout'],
    ]);
    expect(parsed[0].text).toBe('hi Kevin, call 06\u00a012\u00a034\u00a056\u00a078');
    expect(parsed[0].entities).toEqual([
      { type: 'PERSON', start: 3, end: 8 },
      { type: 'PHONE', start: 15, end: 29 },
    ]);
    expect(parsed[1].entities).toEqual([]);
  });

  it('fails on an unknown type, a missing language or an unbalanced mark, naming the line', () => {
    expect(() => parseMarkedComments('en | ⟦NAME|Kevin⟧', 'x')).toThrow("line 1: unknown entity type 'NAME'");
    expect(() => parseMarkedComments('Kevin is here', 'x')).toThrow(/^line 1: expected '<en\|fr> \| <text>'/);
    expect(() => parseMarkedComments('en | ⟦PERSON|Kevin', 'x')).toThrow('line 1: unbalanced ⟦ ⟧ mark');
  });
});

describe('parseLabelledSentences', () => {
  const good = JSON.stringify(sentences[0]);

  it('parses JSON lines and skips blank ones', () => {
    expect(parseLabelledSentences(`${good}\n\n${JSON.stringify(sentences[1])}\n`)).toEqual(sentences);
  });

  it('fails when a line is not JSON, naming the line', () => {
    expect(() => parseLabelledSentences(`${good}\n{oops`)).toThrow(/^line 2: invalid JSON/);
  });

  it('fails on an unknown type, a bad split or an overlapping span', () => {
    const bad = (patch: object): string => JSON.stringify({ ...sentences[0], ...patch });
    expect(() => parseLabelledSentences(bad({ entities: [{ type: 'NAME', start: 0, end: 1 }] }))).toThrow(
      "line 1 (s1): unknown entity type 'NAME'",
    );
    expect(() => parseLabelledSentences(bad({ split: 'dev' }))).toThrow("split must be 'tune' or 'heldout', got dev");
    expect(() =>
      parseLabelledSentences(
        bad({
          entities: [
            { type: 'PERSON', start: 0, end: 10 },
            { type: 'PHONE', start: 5, end: 12 },
          ],
        }),
      ),
    ).toThrow('entity span [5, 12) is out of range, empty or overlapping');
  });
});
