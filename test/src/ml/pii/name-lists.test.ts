import { AMBIGUOUS_NAMES, NOT_NAMES } from '../../../../src/ml/pii/name-lists/common-words';
import { FIRST_NAMES_COMPROMISE } from '../../../../src/ml/pii/name-lists/first-names-compromise';
import { FIRST_NAMES_EN } from '../../../../src/ml/pii/name-lists/first-names-en';
import { FIRST_NAMES_EXTRA } from '../../../../src/ml/pii/name-lists/first-names-extra';
import { FIRST_NAMES_FR } from '../../../../src/ml/pii/name-lists/first-names-fr';
import { AMBIGUOUS_PLACES, PLACES } from '../../../../src/ml/pii/name-lists/places';
import { SURNAMES } from '../../../../src/ml/pii/name-lists/surnames';

const words = (s: string): string[] => s.split(/\s+/).filter((w) => w.length > 0);

describe('name lists', () => {
  it('hold lower-case single words', () => {
    for (const list of [
      FIRST_NAMES_EN,
      FIRST_NAMES_FR,
      FIRST_NAMES_EXTRA,
      FIRST_NAMES_COMPROMISE,
      SURNAMES,
      AMBIGUOUS_NAMES,
      NOT_NAMES,
    ]) {
      for (const w of words(list)) expect(w).toMatch(/^[\p{Ll}'’_-]+$/u);
    }
  });

  it('cover English and French first names', () => {
    expect(words(FIRST_NAMES_EN).length).toBeGreaterThan(8000);
    expect(words(FIRST_NAMES_EN)).toEqual(expect.arrayContaining(['emily', 'michael']));
    expect(words(FIRST_NAMES_FR)).toEqual(expect.arrayContaining(['kévin', 'anne-sophie', 'élodie', 'benoît']));
  });

  it('list only places that exist in the place list as ambiguous places', () => {
    const places = new Set(PLACES.split('|'));
    expect(AMBIGUOUS_PLACES.split('|').filter((p) => !places.has(p))).toEqual([
      'Carolina',
      'Chester',
      'Dakota',
      'Jackson',
      'Lincoln',
      'Mobile',
      'Split',
    ]);
    expect(places.has('Saint-Étienne')).toBe(true);
  });
});
