import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCompromiseLexicon } from '../../scripts/build-pii-compromise-names';
import { loadWordLists } from '../../scripts/build-pii-name-words';
import {
  accentFreeForms,
  buildWidePlacesSource,
  isSmallTownKept,
  isVillage,
  parseGeoNamesCities,
  parseSubdivisions,
  shortForms,
  splitWidePlaces,
  subdivisionNames,
} from '../../scripts/build-pii-places-wide';
import { NOT_NAMES } from '../../src/ml/pii/name-lists/common-words';
import { FIRST_NAMES_WIDE } from '../../src/ml/pii/name-lists/first-names-wide';
import {
  AMBIGUOUS_PLACES_WIDE,
  PLACES_WIDE,
  TOWNS_NAMED_LIKE_PEOPLE,
  VILLAGES_WIDE,
} from '../../src/ml/pii/name-lists/places-wide';
import { SURNAMES } from '../../src/ml/pii/name-lists/surnames';
import { SURNAMES_WIDE } from '../../src/ml/pii/name-lists/surnames-wide';

describe('build-pii-places-wide', () => {
  it("reads the town names of GeoNames' cities file", () => {
    const file = JSON.stringify({ 1: { name: 'Tralee', population: 23691 }, 2: { name: 'Kraków' } });
    expect(parseGeoNamesCities(file)).toEqual(['Tralee', 'Kraków']);
  });

  it('keeps the smaller towns of the countries listed only', () => {
    const file = JSON.stringify({
      1: { name: 'Oban', countrycode: 'GB', population: 8140 },
      2: { name: 'Progress', countrycode: 'US', population: 9765 },
      3: { name: 'Quiberon', countrycode: 'FR', population: 5430 },
      4: { name: 'Nowhere' },
    });
    expect(parseGeoNamesCities(file, isSmallTownKept)).toEqual(['Oban', 'Quiberon']);
  });

  it('tells villages (under 5,000 in the countries listed) from towns', () => {
    const file = JSON.stringify({
      1: { name: 'Glenfarg', countrycode: 'GB', population: 1300 },
      2: { name: 'Oban', countrycode: 'GB', population: 8140 },
      3: { name: 'Smallville', countrycode: 'US', population: 900 },
    });
    expect(parseGeoNamesCities(file, isVillage)).toEqual(['Glenfarg']);
  });

  it("adds the short forms of a town among its alternate names, not its translations or a saint's name", () => {
    const city = (name: string, alternatenames: unknown) => ({ name, alternatenames });
    expect(shortForms(city('Sarlat-la-Canéda', ['Sarlat', 'Sarlat-la-Caneda', 'Sarla-la-Kaneda', 'Сарла']))).toEqual([
      'Sarlat',
    ]);
    expect(shortForms(city('Guilvinec', ['Ar Gelveneg', 'Le Guilvinec', 'Guilvinec']))).toEqual(['Le Guilvinec']);
    expect(shortForms(city('Saint-Germain-en-Laye', ['Saint-Germain', 'St-Germain-en-Laye']))).toEqual([]);
    expect(shortForms(city('La Roche-sur-Yon', ['La Roche', 'Napoléon-Vendée']))).toEqual([]);
    expect(shortForms(city('Oban', undefined))).toEqual([]);
    const file = JSON.stringify({ 1: { name: 'Carhaix-Plouguer', alternatenames: ['Carhaix', 'Karaez'] } });
    expect(parseGeoNamesCities(file, () => true, true)).toEqual(['Carhaix-Plouguer', 'Carhaix']);
  });

  it('says what is wrong with a file that is not one', () => {
    expect(() => parseGeoNamesCities('Tralee\n')).toThrow(/not JSON [^]*cities15000\.json/);
    expect(() => parseGeoNamesCities('["Tralee"]')).toThrow(/expected an object of GeoNames id/);
    expect(() => parseGeoNamesCities('{"7": {"population": 3}}')).toThrow(/city 7 has no name/);
  });

  it('keeps towns that are nothing else, puts word-like ones after a cue, leaves out people and other scripts', () => {
    const split = splitWidePlaces(
      ['Tralee', 'Kraków', 'Split', 'Country Club', 'Gary', 'Henderson', 'Paris', 'Ede', 'Москва', 'Toyotaville'],
      [['split', 'country', 'club']],
      { toyotaville: 'Organization' },
    );
    expect(split.plain).toEqual(['Kraków', 'Tralee']);
    expect(split.ambiguous).toEqual(['Country Club', 'Split', 'Toyotaville']);
    // Gary and Henderson are people's names, Ede is too short, Москва is not in Latin letters; Paris is listed.
    expect(split.dropped).toBe(4);
    expect(split.villages).toEqual([]);
    expect(split.namedLikePeople).toEqual(['Gary', 'Henderson']);
  });

  it('keeps villages apart: those named like no word nor person, the towns as before', () => {
    const villages = new Set(['Glenfarg', 'Wall', 'Gary', 'Stilton']);
    const split = splitWidePlaces(['Glenfarg', 'Wall', 'Gary', 'Tralee', 'Stilton'], [['wall']], {}, villages);
    expect(split.villages).toEqual(['Glenfarg', 'Stilton']);
    expect(split.plain).toEqual(['Tralee']);
    // "Wall" is a word and "Gary" a name: neither is a village, and a village named like a person is
    // no town named like one either.
    expect(split.namedLikePeople).toEqual([]);
    expect(split.dropped).toBe(2);
  });

  it('writes an ISO 3166-2 name the way comments do: no bracketed other language, the right way round, its parts', () => {
    expect(subdivisionNames('Pembrokeshire [Sir Benfro GB-BNF]')).toEqual(['Pembrokeshire']);
    expect(subdivisionNames('Durham, County')).toEqual(['County Durham']);
    expect(subdivisionNames('Bristol, City of')).toEqual(['City of Bristol']);
    expect(subdivisionNames('Vale of Glamorgan, The [Bro Morgannwg GB-BMG]')).toEqual(['Vale of Glamorgan']);
    expect(subdivisionNames('wallonne, Région')).toEqual(['Région wallonne']);
    expect(subdivisionNames('Dumfries and Galloway')).toEqual(['Dumfries and Galloway', 'Dumfries', 'Galloway']);
    // A list with a comma is no name of its own; its parts are.
    expect(subdivisionNames('Newry, Mourne and Down')).toEqual(['Newry', 'Mourne', 'Down']);
    expect(subdivisionNames('Hainaut')).toEqual(['Hainaut']);
  });

  it("reads the subdivisions of the chosen countries only, and says what is wrong with a file that is not pycountry's", () => {
    const file = JSON.stringify({
      '3166-2': [
        { code: 'GB-SHR', name: 'Shropshire', type: 'Unitary authority' },
        { code: 'BE-WHT', name: 'Hainaut', type: 'Province' },
        { code: 'MC-GA', name: 'La Gare', type: 'Quarter' },
        { code: 'DE-BY', name: 'Bayern', type: 'Land' },
      ],
    });
    expect(parseSubdivisions(file)).toEqual(['Shropshire', 'Hainaut']);
    expect(parseSubdivisions(file, new Set(['DE']))).toEqual(['Bayern']);
    expect(() => parseSubdivisions('GB-SHR Shropshire')).toThrow(/not JSON [^]*iso3166-2\.json/);
    expect(() => parseSubdivisions('{"3166-1": []}')).toThrow(/expected \{"3166-2"/);
    expect(() => parseSubdivisions('{"3166-2": [{"code": "GB-SHR"}]}')).toThrow(/without a code or a name/);
  });

  it('reads every tag compromise gives a town, as a string or an array, before calling it something else', () => {
    const split = splitWidePlaces(['Hampshire', 'Toyotaville', 'Tralee'], [], {
      hampshire: ['Region', 'ProperNoun'],
      toyotaville: ['Organization', 'ProperNoun'],
      tralee: 'City,ProperNoun',
    });
    expect(split.plain).toEqual(['Hampshire', 'Tralee']);
    expect(split.ambiguous).toEqual(['Toyotaville']);
  });

  it('leaves a county out as a person only when it is a given name, not for a family name alone', () => {
    const regions = new Set(['Shropshire', 'Clare']);
    const split = splitWidePlaces(['Shropshire', 'Clare', 'Henderson'], [], {}, new Set(), regions);
    expect(split.plain).toEqual(['Shropshire']);
    expect(split.namedLikePeople).toEqual(['Clare', 'Henderson']);
  });

  it('gives the accent-free form of a town written with accents or macrons, and nothing for the others', () => {
    expect(accentFreeForms(['Rishīkesh', 'Nîmes', 'Lyon', 'Saint-Étienne', 'Łódź'])).toEqual([
      'Rishikesh',
      'Nimes',
      'Saint-Etienne',
      'Łodz',
    ]);
  });

  it('committed lists: the generator header, no town named like a person, word-like towns after a cue', () => {
    const committed = readFileSync(join(__dirname, '../../src/ml/pii/name-lists/places-wide.ts'), 'utf8');
    const header = buildWidePlacesSource(
      { plain: ['x'], ambiguous: ['y'], villages: ['z'], namedLikePeople: ['w'], dropped: 0 },
      loadCompromiseLexicon().version,
    );
    expect(committed.split('export')[0].replace(/\(\d+\)/gu, '(1)')).toBe(header.split('export')[0]);
    const plain = PLACES_WIDE.split('|');
    const ambiguous = new Set(AMBIGUOUS_PLACES_WIDE.split('|'));
    const words = new Set(loadWordLists().flat());
    expect(plain.filter((p) => words.has(p.toLowerCase()))).toEqual([]);
    for (const p of ['Split', 'Mobile']) expect(ambiguous.has(p)).toBe(true);
    for (const p of ['Gary', 'Henderson', 'Jackson']) expect([...plain, ...ambiguous]).not.toContain(p);
    expect(plain).toEqual(expect.arrayContaining(['Tralee', 'Kraków', 'Swindon', 'Crewe', 'Rishikesh', 'Ioannina']));
    expect([...plain, ...ambiguous]).not.toContain('Argos');
    expect(plain.length).toBeGreaterThan(20000);
    // The lists follow the name and never-a-name lists: a name or word added there must leave the
    // plain towns (regenerate the file).
    const people = new Set([NOT_NAMES, FIRST_NAMES_WIDE].flatMap((l) => l.split(/\s+/u)));
    expect(plain.filter((p) => people.has(p.toLowerCase()))).toEqual([]);
    // A family name is kept only as the name of a county or other subdivision (twenty-eighth pass): a
    // short list, none of them a family name of the hand-made list.
    const surnames = new Set([SURNAMES, SURNAMES_WIDE].flatMap((l) => l.split(/\s+/u)));
    const namedLikeFamilies = plain.filter((p) => surnames.has(p.toLowerCase()));
    expect(namedLikeFamilies).toEqual(expect.arrayContaining(['Shropshire', 'Wiltshire', 'Hainaut', 'Luton']));
    expect(namedLikeFamilies.length).toBeLessThan(40);
    expect(namedLikeFamilies.filter((p) => SURNAMES.split(/\s+/u).includes(p.toLowerCase()))).toEqual([]);
    // Twenty-fourth pass: villages in a list of their own, towns named like people in another.
    const villages = VILLAGES_WIDE.split('|');
    expect(villages).toEqual(expect.arrayContaining(['Glenfarg', 'Pitlochry', 'Much Wenlock', 'Sainte-Enimie']));
    expect(villages.filter((v) => plain.includes(v) || ambiguous.has(v) || words.has(v.toLowerCase()))).toEqual([]);
    expect(TOWNS_NAMED_LIKE_PEOPLE.split('|')).toEqual(expect.arrayContaining(['Stirling', 'Jackson', 'Kendal']));
    expect(plain).toEqual(expect.arrayContaining(['Carhaix', 'Charleville']));
  });
});
