import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildEnglishWordsSource,
  buildNameWordsSource,
  loadScowl,
  loadWordLists,
} from '../../scripts/build-pii-name-words';

describe('build-pii-name-words', () => {
  it('generates exactly the committed NAME_WORDS from the permissively licensed word lists', () => {
    const committed = readFileSync(join(__dirname, '../../src/ml/pii/name-lists/name-words.ts'), 'utf8');
    expect(buildNameWordsSource(loadWordLists())).toBe(committed);
  });

  it('keeps a first name only when a word list has it in lower case', () => {
    const source = buildNameWordsSource([['rose', 'Kevin', 'pierre'], ['will']]);
    const list = /NAME_WORDS =\s*'([^']*)'/u.exec(source)?.[1].split(' ');
    expect(list).toEqual(['pierre', 'rose', 'will']);
  });

  it('generates exactly the committed ENGLISH_WORDS from SCOWL sizes 10 and 20', () => {
    const committed = readFileSync(join(__dirname, '../../src/ml/pii/name-lists/english-words.ts'), 'utf8');
    expect(buildEnglishWordsSource(loadScowl())).toBe(committed);
  });

  it('keeps the everyday words of sizes 10 and 20 only, lower case, ASCII letters only', () => {
    const source = buildEnglishWordsSource({
      'english/10': ['Page', 'bank', "isn't"],
      'english/american/20': ['café', 'color'],
      'english/35': ['rare'],
    });
    const list = /ENGLISH_WORDS =\s*'([^']*)'/u.exec(source)?.[1].split(' ');
    expect(list).toEqual(['bank', 'color', 'page']);
  });
});
