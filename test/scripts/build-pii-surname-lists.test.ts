import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCompromiseLexicon } from '../../scripts/build-pii-compromise-names';
import { loadWordLists } from '../../scripts/build-pii-name-words';
import {
  buildSurnamesSource,
  KEPT_PLACE_SURNAMES,
  parseCensusSurnames,
  parseInseeSurnames,
  selectSurnames,
} from '../../scripts/build-pii-surname-lists';
import { NOT_NAMES } from '../../src/ml/pii/name-lists/common-words';
import { PLACES } from '../../src/ml/pii/name-lists/places';
import { SURNAMES_WIDE } from '../../src/ml/pii/name-lists/surnames-wide';

const CENSUS = [
  'SMITH          1.006  1.006      1',
  'OKAFORA        0.001  9.000  18000',
  'RAREST         0.000 90.000  88799',
  '',
].join('\n');

describe('build-pii-surname-lists', () => {
  it('keeps the census names at or above the frequency cut-off, lower case', () => {
    expect(parseCensusSurnames(CENSUS, 0.001)).toEqual(['smith', 'okafora']);
    expect(parseCensusSurnames(CENSUS, 0)).toEqual(['smith', 'okafora', 'rarest']);
  });

  it('says which census line is malformed', () => {
    expect(() => parseCensusSurnames('SMITH 1.006\n', 0)).toThrow(/line 1: expected "NAME freq cumfreq rank"/);
  });

  it('keeps the INSEE names of the first tiers, and refuses a file without its tier line', () => {
    const insee = '2 3 4\nMartin,Bernard,Da Silva,Zorn\n';
    expect(parseInseeSurnames(insee)).toEqual(['martin', 'bernard']);
    expect(parseInseeSurnames(insee, 2)).toEqual(['martin', 'bernard', 'da silva']);
    expect(() => parseInseeSurnames('Martin,Bernard\n')).toThrow(/first line of tier counts/);
    expect(() => parseInseeSurnames('9\nMartin\n')).toThrow(/1 names, fewer than the tier's 9/);
  });

  it('drops ordinary words, places, compound names and what the lexicon knows as something else', () => {
    const { names, stats } = selectSurnames(
      ['smith', 'kowalski', 'paris', 'german', 'ng', "o'neil"],
      ['lefebvre', 'da silva', 'kowalski'],
      [['smith', 'Hunter']],
      { german: 'Demonym', kowalski: 'LastName' },
    );
    expect(names).toEqual(['kowalski', 'lefebvre']);
    expect(stats).toEqual({ us: 6, fr: 3, kept: 2, words: 3, other: 3 });
  });

  it('keeps the family names later added to the place list, and drops the other places', () => {
    const { names } = selectSurnames(['sutherland', 'holloway', 'paris', 'lyon'], [], []);
    expect(names).toEqual(['holloway', 'sutherland']);
    const places = new Set(PLACES.split('|').map((p) => p.toLowerCase()));
    // Each kept name is a place today: a name the place list drops can leave KEPT_PLACE_SURNAMES.
    expect(KEPT_PLACE_SURNAMES.split(' ').filter((n) => !places.has(n))).toEqual([]);
  });

  it('committed list: no word of the word lists, no nationality or month, and the names it should know', () => {
    const list = SURNAMES_WIDE.split(' ');
    const header = buildSurnamesSource(['x'], 0.001, 1, loadCompromiseLexicon().version);
    const committed = readFileSync(join(__dirname, '../../src/ml/pii/name-lists/surnames-wide.ts'), 'utf8');
    // Same header (cut-offs, sources, versions) as the generator writes today.
    expect(committed.split('export')[0].replace(/\(\d+\)/u, '(1)')).toBe(header.split('export')[0]);
    const words = new Set(loadWordLists().flat());
    expect(list.filter((w) => words.has(w))).toEqual([]);
    for (const w of ['german', 'friday', 'january', 'disney', 'brown', 'baker']) expect(list).not.toContain(w);
    expect(list).toEqual(expect.arrayContaining(['kowalski', 'nakamura', 'lefebvre', 'gallagher']));
    expect(list.length).toBeGreaterThan(30000);
    // The list follows the never-a-name words: a word added there must leave it (regenerate it).
    const never = new Set(NOT_NAMES.split(/\s+/u));
    expect(list.filter((w) => never.has(w))).toEqual([]);
  });
});
