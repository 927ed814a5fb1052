import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCompromiseLexicon } from '../../scripts/build-pii-compromise-names';
import { loadWordLists } from '../../scripts/build-pii-name-words';
import {
  buildWideFirstNamesSource,
  NOT_WIDE_FIRST_NAMES,
  parseNamDict,
  parseFakerNames,
  selectWideFirstNames,
} from '../../scripts/build-pii-first-names-wide';
import { NOT_NAMES } from '../../src/ml/pii/name-lists/common-words';
import { FIRST_NAMES_EN } from '../../src/ml/pii/name-lists/first-names-en';
import { FIRST_NAMES_WIDE } from '../../src/ml/pii/name-lists/first-names-wide';
import { SURNAMES_WIDE } from '../../src/ml/pii/name-lists/surnames-wide';

describe('build-pii-first-names-wide', () => {
  it("reads Faker's dump: every locale's names and the version", () => {
    const dump = JSON.stringify({ _faker_version: ['40.63.0'], de_DE: ['Jörg', 'Aaron'], tr_TR: ['Zeynep'] });
    expect(parseFakerNames(dump)).toEqual({ names: ['Jörg', 'Aaron', 'Zeynep'], version: '40.63.0' });
  });

  it("reads the given names of Jörg Michael's dictionary: no second copy, no equivalence line, no name without a frequency", () => {
    const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - [...s].length));
    const line = (code: string, name: string, mark: string, freq: string): string =>
      `${pad(code, 3)}${pad(name, 26)}${mark}${pad(freq, 55)}$`;
    const header = '# nam_dict.txt\n# comment line\n';
    const body = [
      line('F', 'Kirsty', ' ', '4   1'),
      line('M', 'Abdel+Aziz', ' ', '      5'),
      line('M', 'Åsmund', '+', '  3'),
      line('?M', 'Loïg', '-', '         1'),
      line('F', 'Nobody', ' ', ''),
      '=  Kit Christopher',
    ];
    const many = Array.from({ length: 1000 }, (_, i) => line('M', `Name${i}`, ' ', '1'));
    const names = parseNamDict(`${header}${[...body, ...many].join('\r\n')}\r\n`);
    expect(names.slice(0, 3)).toEqual(['Kirsty', 'AbdelAziz', 'Loïg']);
    expect(names).toHaveLength(1003);
    expect(() => parseNamDict('F  Kirsty 4\n')).toThrow(/unexpected line|not the 2008 format/);
    expect(() => parseNamDict(`${header}${body.join('\n')}`)).toThrow(/only 5 names; is this the dictionary/);
  });

  it('says what is wrong with a dump that is not one', () => {
    expect(() => parseFakerNames('Aaron\nZeynep\n')).toThrow(/not JSON [^]*run scripts\/dump-faker-first-names\.py/);
    expect(() => parseFakerNames('["Aaron"]')).toThrow(/expected an object of locale/);
    expect(() => parseFakerNames('{"de_DE": [1, 2]}')).toThrow(/locale de_DE is not a list of strings/);
  });

  it('drops listed names, other scripts, words, places, family names and what the tagger reads as no name', () => {
    // A guess from the ending ("Zorbly": Adverb) removes nothing; a month or a demonym does.
    const tags: Record<string, string[]> = {
      Zorbly: ['Adverb'],
      Brumaire: ['Date', 'Month'],
      Thandiwe: ['Noun', 'Singular'],
    };
    const { names, stats } = selectWideFirstNames(
      [
        ['Thandiwe', 'Søren', 'sarah', 'Олег', 'Jo', 'Paris', 'Bread', 'Kowalski', 'Zorbly', 'Porsche'],
        ['ŁUKASZ', 'thandiwe', 'Germanic', 'Brumaire'],
      ],
      {
        wordLists: [['bread']],
        lexicon: { germanic: 'Adjective' },
        tagOf: (w) => tags[w] ?? [],
        commonFirst: new Set(),
      },
    );
    expect(names).toEqual(['thandiwe', 'łukasz', 'søren', 'zorbly'].sort());
    expect(stats).toEqual({ candidates: 13, known: 2, script: 1, words: 4, surnames: 1, tagged: 1, kept: 4 });
  });

  it('keeps a frequent given name that is also a family name', () => {
    const { names } = selectWideFirstNames([['Kowalski', 'Ambroisette']], {
      wordLists: [],
      commonFirst: new Set(['kowalski']),
    });
    expect(names).toEqual(['ambroisette', 'kowalski']);
  });

  it('committed list: no word, family name or listed name, and the names it should know', () => {
    const list = FIRST_NAMES_WIDE.split(' ');
    const committed = readFileSync(join(__dirname, '../../src/ml/pii/name-lists/first-names-wide.ts'), 'utf8');
    const header = buildWideFirstNamesSource(['x'], '40.63.0', loadCompromiseLexicon().version);
    // Same header (sources, cut-offs, versions) as the generator writes today.
    expect(committed.split('export')[0].replace(/\(\d+\)/u, '(1)')).toBe(header.split('export')[0]);
    const words = new Set(loadWordLists().flat());
    expect(list.filter((w) => words.has(w))).toEqual([]);
    // Family names stay out but for frequent French given names (INSEE's first tier: "ambroise").
    const surnames = new Set(SURNAMES_WIDE.split(' '));
    const both = list.filter((w) => surnames.has(w));
    expect(both.length).toBeLessThan(300);
    expect(both).toEqual(expect.arrayContaining(['ambroise', 'anselme']));
    const english = new Set(FIRST_NAMES_EN.split(/\s+/u));
    expect(list.filter((w) => english.has(w))).toEqual([]);
    expect(list.filter((w) => NOT_WIDE_FIRST_NAMES.has(w))).toEqual([]);
    const never = new Set(NOT_NAMES.split(/\s+/u));
    expect(list.filter((w) => never.has(w))).toEqual([]);
    for (const w of ['irish', 'muslim', 'thompson', 'porsche', 'chanel']) expect(list).not.toContain(w);
    expect(list).toEqual(
      expect.arrayContaining(['thandiwe', 'łukasz', 'søren', 'maïwenn', 'aitana', 'kirsty', 'morag']),
    );
    // Towns of the wide place list stay towns ("wenzhou", "arcachon" are given names in some source).
    for (const w of ['wenzhou', 'windermere', 'mubarak', 'san', 'sri']) expect(list).not.toContain(w);
    expect(list.every((w) => w === w.normalize('NFC') && w === w.toLowerCase())).toBe(true);
    expect(list.length).toBeGreaterThan(40000);
  });
});
