import { AMBIGUOUS_NAMES, NOT_NAMES } from '../../../../src/ml/pii/name-lists/common-words';
import { FIRST_NAMES_COMPROMISE } from '../../../../src/ml/pii/name-lists/first-names-compromise';
import { FIRST_NAMES_EN } from '../../../../src/ml/pii/name-lists/first-names-en';
import { FIRST_NAMES_EXTRA } from '../../../../src/ml/pii/name-lists/first-names-extra';
import { FIRST_NAMES_FR } from '../../../../src/ml/pii/name-lists/first-names-fr';
import { AMBIGUOUS_PLACES, PLACES } from '../../../../src/ml/pii/name-lists/places';
import { SURNAMES } from '../../../../src/ml/pii/name-lists/surnames';
import { lists, placesStartingWith } from '../../../../src/ml/pii/name-lexicon';

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
      // Thirty-fifth pass: towns of the wide list named like a drink.
      'Chimay',
      'Évian',
      'Vittel',
      'Rioja',
    ]);
    expect(places.has('Saint-Étienne')).toBe(true);
  });

  it('find a place by its first word in the exact case, one-word places (held as bits) after longer ones', () => {
    expect(placesStartingWith('Lyon')).toEqual(['Lyon']);
    expect(placesStartingWith('LYON')).toBeUndefined();
    expect(placesStartingWith('lyon')).toBeUndefined();
    expect(placesStartingWith('Zürich')).toEqual(['Zürich']);
    const york = placesStartingWith('New')!;
    expect(york).toEqual(expect.arrayContaining(['New York', 'New Orleans']));
    const paris = placesStartingWith('Paris')!;
    expect(paris.at(-1)).toBe('Paris');
    expect(placesStartingWith('Toaster')).toBeUndefined();
  });

  it('answer first-name membership for ASCII and accented forms alike', () => {
    const { first, wideOnly } = lists();
    expect(first.has('marie')).toBe(true);
    expect(first.has('élodie')).toBe(true);
    expect(first.has('elodie')).toBe(true);
    expect(first.has('Marie')).toBe(false);
    expect(first.has('table')).toBe(false);
    expect([...['marie', 'élodie', 'elodie']].some((w) => wideOnly.has(w))).toBe(false);
  });

  it("know the wide list's names, ASCII or accented, as first names that need evidence in lower case", () => {
    const { first, wideOnly } = lists();
    // ASCII names of the wide list (Jörg Michael's dictionary since the twenty-first pass).
    for (const w of ['kirsty', 'morag', 'tamsin', 'soizic', 'shirin']) {
      expect([w, first.has(w), wideOnly.has(w)]).toEqual([w, true, true]);
    }
    // An accented name of the wide list and its accent-free form.
    expect([first.has('łukasz'), wideOnly.has('łukasz')]).toEqual([true, true]);
    expect([first.has('loïg'), first.has('loig'), wideOnly.has('loig')]).toEqual([true, true, true]);
    // A listed name keeps its status whatever the wide list adds.
    expect(wideOnly.has('hélène') || wideOnly.has('helene')).toBe(false);
    // The wide family names, read in place, with the feminine of the Polish ones in -ski/-cki.
    const { wideSurnames } = lists();
    expect(['kowalski', 'kowalska', 'wiśniewska'].map((w) => wideSurnames.has(w))).toEqual([true, true, true]);
    expect(wideSurnames.has('kowalskiya')).toBe(false);
    // Words of the index that are no first name answer false.
    expect(first.has('table') || wideOnly.has('table') || wideOnly.has('london')).toBe(false);
  });
});
