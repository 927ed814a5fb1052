import fc from 'fast-check';
import {
  CLEANING_STEPS,
  DEFAULT_CLEANING,
  EMOJI_PLACEHOLDER,
  createTextCleaner,
  type CleaningStep,
} from '../../../src/ml/text-cleaning';

/** Runs both paths, checks they agree, and returns the cleaned text and its offsets as a plain array. */
function run(steps: readonly CleaningStep[], input: string): { text: string; offsets: number[] } {
  const cleaner = createTextCleaner(steps);
  const fast = cleaner.clean(input);
  const slow = cleaner.cleanWithOffsets(input);
  expect(slow.text).toBe(fast);
  return { text: slow.text, offsets: Array.from(slow.offsets) };
}

/** The original substring covered by cleaned span [a, b). */
function origin(input: string, offsets: readonly number[], a: number, b: number): string {
  return input.slice(offsets[a], offsets[b]);
}

describe('createTextCleaner', () => {
  it('lists every step once and builds a cleaner for each', () => {
    expect(new Set(CLEANING_STEPS).size).toBe(CLEANING_STEPS.length);
    for (const step of CLEANING_STEPS) expect(createTextCleaner([step]).steps).toEqual([step]);
  });

  it('throws when a step name is unknown, naming it and its index', () => {
    expect(() => createTextCleaner(['lowercase', 'stem' as CleaningStep])).toThrow(
      /unknown cleaning step 'stem' at index 1; known steps: mask-pii, /,
    );
  });

  it('returns the input unchanged with identity offsets when there are no steps', () => {
    expect(run([], 'Hé!')).toEqual({ text: 'Hé!', offsets: [0, 1, 2, 3] });
  });

  it('applies the default steps of the original system: emojis, punctuation, case, whitespace', () => {
    expect(DEFAULT_CLEANING).toEqual(['remove-emojis', 'strip-punctuation', 'lowercase', 'collapse-whitespace']);
    expect(run(DEFAULT_CLEANING, "  You're SUCH an IDIOT!!! 🤬🤬 go away…  ").text).toBe('youre such an idiot go away');
  });

  it('applies steps in the order given', () => {
    // Emojis are symbols: stripping punctuation first leaves their variation selector behind.
    expect(run(['strip-punctuation', 'remove-emojis'], 'a❤️b').text).toBe('a \uFE0Fb');
    expect(run(['remove-emojis', 'strip-punctuation'], 'a❤️b').text).toBe('a b');
  });
});

describe('lowercase', () => {
  it('lower-cases letters in every script and keeps offsets aligned', () => {
    expect(run(['lowercase'], 'ÉCOLE Straße ΣΟΦΊΑ')).toEqual({
      text: 'école straße σοφία',
      offsets: [...Array(19).keys()],
    });
  });

  it('maps both chars of an expanding lower case (İ -> i̇) to the original char', () => {
    const r = run(['lowercase'], 'xİy');
    expect(r.text).toBe('xi\u0307y');
    expect(r.offsets).toEqual([0, 1, 1, 2, 3]);
  });
});

describe('strip-punctuation', () => {
  it('replaces punctuation and symbols by spaces and deletes apostrophes inside words', () => {
    expect(run(['strip-punctuation'], "Don't—stop: 100% (ok)? l’été").text).toBe('Dont stop  100   ok   lété');
  });

  it('keeps placeholders whole, in any case', () => {
    expect(run(['strip-punctuation'], 'mail <EMAIL>, <person>!').text).toBe('mail <EMAIL>  <person> ');
  });

  it('maps a deleted apostrophe away so a token spans the original word', () => {
    const input = "don't";
    const r = run(['strip-punctuation'], input);
    expect(r.text).toBe('dont');
    expect(r.offsets).toEqual([0, 1, 2, 4, 5]);
    expect(origin(input, r.offsets, 0, 4)).toBe("don't");
  });
});

describe('remove-emojis and replace-emojis', () => {
  const input = 'ok👍🏽 no🇫🇷 1️⃣ 👨‍👩‍👧 end';

  it('removes whole emoji sequences (skin tones, flags, keycaps, ZWJ families), leaving a space', () => {
    expect(run(['remove-emojis'], input).text).toBe('ok  no      end');
  });

  it('replaces each run of emojis by one placeholder', () => {
    expect(run(['replace-emojis'], 'you🤬🤬idiot').text).toBe(`you ${EMOJI_PLACEHOLDER} idiot`);
  });

  it('maps the placeholder back to the emoji run', () => {
    const text = 'a 😀😀 b';
    const r = run(['replace-emojis', 'collapse-whitespace'], text);
    expect(r.text).toBe('a <EMOJI> b');
    expect(origin(text, r.offsets, 2, 9)).toBe('😀😀');
  });

  it('leaves digits, # and * alone when no keycap follows', () => {
    expect(run(['remove-emojis'], '#1 *2 3').text).toBe('#1 *2 3');
  });
});

describe('normalize-unicode', () => {
  it('applies NFKC: ligatures, full-width and styled letters, composed accents', () => {
    expect(run(['normalize-unicode'], 'ﬁne ＦＵＬＬ 𝐛𝐨𝐥𝐝 e\u0301').text).toBe('fine FULL bold é');
  });

  it('maps an expansion to its source char and a composition to its first char', () => {
    const r = run(['normalize-unicode'], 'ﬁx e\u0301t');
    expect(r.text).toBe('fix ét');
    expect(r.offsets).toEqual([0, 0, 1, 2, 3, 5, 6]);
  });

  it('handles composition across clusters (compatibility jamo) without losing offsets', () => {
    const r = run(['normalize-unicode'], 'aㄱㅏb');
    expect(r.text).toBe('a가b');
    expect(r.offsets).toEqual([0, 1, 3, 4]);
  });

  it('replaces lone surrogates by U+FFFD, controls by spaces and drops format chars', () => {
    expect(run(['normalize-unicode'], 'a\uD800b\u0000c\u200Bd\tz').text).toBe('a\uFFFDb c' + 'd\tz');
  });
});

describe('collapse-whitespace', () => {
  it('collapses runs of any whitespace into one space and trims both ends', () => {
    const r = run(['collapse-whitespace'], ' \t a \n\u00a0 b  ');
    expect(r.text).toBe('a b');
    expect(r.offsets).toEqual([3, 4, 8, 11]);
  });
});

describe('mask-pii', () => {
  it('masks personal data and maps each placeholder to the whole entity', () => {
    const input = 'Mail jo@example.com now';
    const r = run(['mask-pii'], input);
    expect(r.text).toBe('Mail <EMAIL> now');
    // The word inside the placeholder ("EMAIL", chars 6..11) covers the whole address.
    expect(origin(input, r.offsets, 6, 11)).toBe('jo@example.com');
    expect(origin(input, r.offsets, 5, 12)).toBe('jo@example.com');
  });

  it('keeps placeholders through punctuation stripping and lower-casing', () => {
    const input = 'Call +33 6 12 34 56 78, Kevin!';
    const r = run(['mask-pii', ...DEFAULT_CLEANING], input);
    expect(r.text).toBe('call <phone> <person>');
    expect(origin(input, r.offsets, 14, 20)).toBe('Kevin');
  });
});

describe('mask-contacts', () => {
  it('masks contact details but leaves names and places for the training-time mask', () => {
    const input = 'Kevin from Paris: mail jo@example.com or call +33 6 12 34 56 78, see https://x.example/a @kev';
    const r = run(['mask-contacts'], input);
    expect(r.text).toBe('Kevin from Paris: mail <EMAIL> or call <PHONE>, see <URL> <HANDLE>');
    expect(r.text).toBe(createTextCleaner(['mask-contacts']).clean(input));
    expect(origin(input, r.offsets, 24, 29)).toBe('jo@example.com');
  });
});

describe('mask-pii-tagger and the counts listener', () => {
  it('masks like mask-pii and tells the listener what each text had masked', () => {
    const seen: number[] = [];
    const cleaner = createTextCleaner(['mask-pii-tagger', 'lowercase'], {
      onPii: (counts) => seen.push(counts.EMAIL + counts.PERSON),
    });
    expect(cleaner.clean('Margaret wrote to zo@example.org')).toBe('<person> wrote to <email>');
    expect(cleaner.clean('nothing')).toBe('nothing');
    expect(seen).toEqual([2, 0]);
  });
});

describe('cleaning never fails', () => {
  const anyText = fc.string({
    unit: fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom(
        'İ',
        'ﬁ',
        '\u0301',
        'ㄱ',
        'ㅏ',
        '👍🏽',
        '\u200D',
        '🇫',
        '️',
        '⃣',
        "'",
        ' ',
        '\n',
        '<EMAIL>',
        '<person>',
        '<PERſON>',
        "l'",
        'Kevin',
        '@x',
      ),
    ),
    maxLength: 60,
  });
  const anySteps = fc.array(fc.constantFrom(...CLEANING_STEPS.filter((s) => s !== 'mask-pii')), { maxLength: 7 });

  function checkInvariants(steps: readonly CleaningStep[], input: string): void {
    const cleaner = createTextCleaner(steps);
    const { text, offsets } = cleaner.cleanWithOffsets(input);
    expect(text).toBe(cleaner.clean(input));
    expect(offsets.length).toBe(text.length + 1);
    expect(offsets[text.length]).toBe(input.length);
    for (let i = 0; i < offsets.length; i++) {
      expect(offsets[i]).toBeGreaterThanOrEqual(i === 0 ? 0 : offsets[i - 1]);
      expect(offsets[i]).toBeLessThanOrEqual(input.length);
    }
  }

  it('gives the same text on both paths with monotonic in-range offsets, for any steps and input', () => {
    fc.assert(
      fc.property(anySteps, anyText, (steps, input) => checkInvariants(steps, input)),
      { numRuns: 400 },
    );
  });

  it('keeps the invariants with PII masking first', () => {
    fc.assert(
      fc.property(anyText, (input) => checkInvariants(['mask-pii', 'normalize-unicode', ...DEFAULT_CLEANING], input)),
      { numRuns: 150 },
    );
  });

  it('cleans a megabyte-long comment', () => {
    const big = 'Pay 4111 1111 1111 1111 or mail a@b.fr, you IDIOT!!! 😡 '.repeat(20000);
    const cleaner = createTextCleaner(['mask-pii', 'normalize-unicode', ...DEFAULT_CLEANING]);
    const out = cleaner.clean(big);
    expect(out.startsWith('pay <card> or mail <email> you idiot pay <card>')).toBe(true);
    expect(cleaner.cleanWithOffsets(big).text).toBe(out);
  });
});
