/**
 * Person and place spans from `compromise` (its English lexicon and tagger), used as a second
 * opinion by the name detector. compromise costs ~150 ms to load and ~1 ms per comment, so it is
 * loaded on first use only (a process that never masks names never pays for it) and the name
 * detector calls it only for texts with capitalised words its own rules left unexplained.
 */
import type nlpType from 'compromise/two';

export interface NerSpan {
  readonly type: 'PERSON' | 'LOCATION';
  /** Term spans (punctuation excluded), in order; the caller trims and filters them. */
  readonly terms: readonly { readonly start: number; readonly end: number; readonly honorific: boolean }[];
}

interface JsonTerm {
  readonly tags?: readonly string[];
  readonly offset?: { readonly start: number; readonly length: number };
}
interface JsonMatch {
  readonly terms?: readonly JsonTerm[];
}

let nlp: typeof nlpType | undefined;

function load(): typeof nlpType {
  // Lazy CommonJS require on purpose (see the module comment); compromise ships a CJS build.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  nlp ??= require('compromise/two') as typeof nlpType;
  return nlp;
}

function toSpans(type: NerSpan['type'], matches: unknown): NerSpan[] {
  const out: NerSpan[] = [];
  if (!Array.isArray(matches)) return out;
  for (const m of matches as JsonMatch[]) {
    const terms = (m.terms ?? []).flatMap((t) =>
      t.offset === undefined
        ? []
        : [
            {
              start: t.offset.start,
              end: t.offset.start + t.offset.length,
              honorific: t.tags?.includes('Honorific') ?? false,
            },
          ],
    );
    if (terms.length > 0) out.push({ type, terms });
  }
  return out;
}

/** Runs compromise over `text` and returns its #Person and #Place runs. */
export function findNamesWithCompromise(text: string): NerSpan[] {
  const doc = load()(text);
  const opts = { offset: true, terms: { offset: true } };
  return [
    ...toSpans('PERSON', doc.match('#Person+').json(opts)),
    ...toSpans('LOCATION', doc.match('#Place+').json(opts)),
  ];
}
