/**
 * The optional compromise pass of findNames: which sentences to ask about, and which of its spans
 * to keep, with the same context rules as the list-based ones.
 */
import type { NerSpan } from './compromise-ner';
import { DETERMINER_SET, isAmbiguousPlace, lists } from './name-lexicon';
import type { NameSpan } from './name-span';
import { adjacent, isFunctionalWord, prevWord, SENTENCE_END_RE, type Token } from './name-tokens';
import { hasPlaceCue, isInOtherNoun, placeAt } from './place-rules';

/** Longest stretch of text handed to compromise at once, around an unexplained capital. */
const MAX_SENTENCE = 400;

/**
 * The sentences (as [from, to) ranges, merged and capped at MAX_SENTENCE chars) that hold a
 * capitalised word neither covered by a rule nor trivially explained: a mid-sentence capital, or a
 * sentence-initial one followed by another capital ("Kowalski Smith said").
 */
export function sentencesToAsk(text: string, tokens: readonly Token[], found: readonly NameSpan[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.cap || isFunctionalWord(t)) continue;
    if (found.some((f) => t.start < f.end && f.start < t.end)) continue;
    const next = tokens[i + 1];
    if (t.sentenceStart && !(adjacent(text, t, next) && next.cap && !isFunctionalWord(next))) continue;
    let from = t.start;
    while (from > 0 && t.start - from < MAX_SENTENCE / 2 && !SENTENCE_END_RE.test(text[from - 1])) from--;
    let to = t.end;
    while (to < text.length && to - t.end < MAX_SENTENCE / 2 && !SENTENCE_END_RE.test(text[to])) to++;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }
  return ranges;
}

/** The token containing position `pos` (binary search), if any. */
function tokenAt(tokens: readonly Token[], pos: number): Token | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid];
    if (pos < t.start) hi = mid - 1;
    else if (pos >= t.end) lo = mid + 1;
    else return t;
  }
  return undefined;
}

/** Filters and trims one compromise span with the same context rules as the list-based ones. */
export function acceptNer(text: string, tokens: readonly Token[], span: NerSpan): NameSpan | undefined {
  const terms = span.terms.filter((term, k) => !(term.honorific && k === 0));
  // Keep the leading run of capitalised terms ("Camille Bernard de Toulouse" -> "Camille Bernard").
  const kept: { start: number; end: number }[] = [];
  for (const term of terms) {
    const tok = tokenAt(tokens, term.start);
    if (tok === undefined || !tok.cap) break;
    if (kept.length > 0 && !/^[ \t\u00a0]+$/u.test(text.slice(kept[kept.length - 1].end, tok.start))) break;
    kept.push({ start: tok.start, end: tok.end });
  }
  if (kept.length === 0) return undefined;
  const first = tokens.findIndex((t) => t.start === kept[0].start);
  const t = tokens[first];
  if (kept.length === 1) {
    const prev = prevWord(text, tokens, first);
    const place = placeAt(text, tokens, first);
    if (t.sentenceStart || isFunctionalWord(t) || lists().ambiguous.has(t.lower)) return undefined;
    if (prev !== undefined && DETERMINER_SET.has(prev.lower)) return undefined;
    if (span.type === 'PERSON' && place !== undefined) return undefined;
    if (
      span.type === 'LOCATION' &&
      place !== undefined &&
      isAmbiguousPlace(place) &&
      !hasPlaceCue(text, tokens, first)
    ) {
      return undefined;
    }
  }
  const end = kept[kept.length - 1].end;
  if (span.type === 'LOCATION' && isInOtherNoun(text, tokens, first, end, hasPlaceCue(text, tokens, first))) {
    return undefined;
  }
  return { type: span.type, start: kept[0].start, end };
}
