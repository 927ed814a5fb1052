import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCompromiseNamesSource, loadCompromiseLexicon } from '../../scripts/build-pii-compromise-names';

describe('build-pii-compromise-names', () => {
  it("generates exactly the committed FIRST_NAMES_COMPROMISE from compromise's lexicon", () => {
    const committed = readFileSync(join(__dirname, '../../src/ml/pii/name-lists/first-names-compromise.ts'), 'utf8');
    const { lexicon, version } = loadCompromiseLexicon();
    expect(buildCompromiseNamesSource(lexicon, version)).toBe(committed);
  });

  it('keeps new first names of four letters or more, and no known name, short word, place or other tag', () => {
    const lexicon = {
      zeynep: 'FemaleName',
      avi: 'MaleName',
      sarah: 'FemaleName',
      islande: 'FirstName',
      smith: 'LastName',
    };
    const list = /FIRST_NAMES_COMPROMISE =\s*'([^']*)'/u.exec(buildCompromiseNamesSource(lexicon, '0'))?.[1];
    expect(list).toBe('zeynep');
  });
});
