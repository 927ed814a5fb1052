import { findNamesWithCompromise } from '../../../../src/ml/pii/compromise-ner';

describe('findNamesWithCompromise', () => {
  it('returns person and place runs with term offsets in UTF-16 code units', () => {
    const text = 'Café 😀 with Jessica Alvarez in Chicago.';
    const spans = findNamesWithCompromise(text);
    const person = spans.find((s) => s.type === 'PERSON')!;
    const place = spans.find((s) => s.type === 'LOCATION')!;
    expect(person.terms.map((t) => text.slice(t.start, t.end))).toEqual(['Jessica', 'Alvarez']);
    expect(place.terms.map((t) => text.slice(t.start, t.end))).toEqual(['Chicago']);
  });

  it('flags honorific terms so the caller can leave them out', () => {
    const spans = findNamesWithCompromise('Dear Mr. Thompson, hello.');
    expect(spans[0].terms.map((t) => t.honorific)).toEqual([true, false]);
  });

  it('returns nothing for text without names', () => {
    expect(findNamesWithCompromise('you are all idiots and nobody likes you')).toEqual([]);
  });
});
