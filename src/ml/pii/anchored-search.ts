/**
 * The matches of a global regular expression, as `text.matchAll(re)` gives them, tried only where one
 * can start. A pattern such as the e-mail address opens with a lookbehind and a class of letters, so
 * the engine attempts a match at every word of the text, most of them far from any "@"; on long
 * messages those attempts were a tenth of the masking time. When every match holds a given character
 * (the anchor) and only characters of a known class, at most so many, come before the first anchor in
 * a match, no match can start before that run of characters: the search jumps from anchor to anchor
 * and tries a sticky copy of the pattern at the few positions of the run.
 *
 * Why that finds what `matchAll` finds: let `from` be where the global search would resume and `a` the
 * first anchor at or after it. A match starting at s ≥ from holds a first anchor q ≥ s; if q = a, the
 * characters s … a-1 are all of the class, so s is inside the run before a; if q > a, the match covers
 * a, an anchor before q, which contradicts q being its first. So the leftmost match at or after `from`
 * starts in the run before `a` (tried in order), or after `a`.
 */

/** What every match of a pattern holds, for {@link anchoredMatches}. */
export interface Anchor {
  /** A character every match holds. */
  readonly char: string;
  /** True for every character that can come before the first `char` in a match (a superset is fine). */
  readonly lead: (code: number) => boolean;
  /** At most this many characters come before the first `char` in a match. */
  readonly maxLead: number;
  /**
   * No match starts right after a `lead` character (the pattern's lookbehind refuses every one of
   * them): only the first position of the run before the anchor is tried, not each of its positions.
   */
  readonly notAfterLead?: boolean;
}

const STICKY = new WeakMap<RegExp, RegExp>();

/** `re` (global, never matching the empty string) with the sticky flag instead, made once. */
function stickyCopy(re: RegExp): RegExp {
  let sticky = STICKY.get(re);
  if (sticky === undefined) {
    if (!re.global) throw new Error(`anchoredMatches needs a global pattern: /${re.source}/${re.flags}`);
    sticky = new RegExp(re.source, re.flags.replace('g', 'y'));
    STICKY.set(re, sticky);
  }
  return sticky;
}

/** The matches `text.matchAll(re)` yields, found by trying `re` only where one can start (see above). */
export function anchoredMatches(text: string, re: RegExp, anchor: Anchor): RegExpExecArray[] {
  const sticky = stickyCopy(re);
  const found: RegExpExecArray[] = [];
  let from = 0;
  let a = text.indexOf(anchor.char, from);
  while (a >= 0) {
    let s = a;
    while (s > from && a - s < anchor.maxLead && anchor.lead(text.charCodeAt(s - 1))) s--;
    let m: RegExpExecArray | null = null;
    const last = anchor.notAfterLead === true ? s : a;
    for (let p = s; p <= last && m === null; p++) {
      sticky.lastIndex = p;
      m = sticky.exec(text);
    }
    if (m !== null) {
      found.push(m);
      from = m.index + m[0].length;
    } else from = a + 1;
    a = text.indexOf(anchor.char, from);
  }
  return found;
}

/** ASCII letters and digits. */
export function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * The maximal runs of characters for which `inRun` holds that contain a match of `marker` (global),
 * in order, as [start, end) offsets. A pattern whose every match holds a marker, is made of `inRun`
 * characters only, and whose lookbehind at its start and lookahead at its end refuse only `inRun`
 * characters, finds exactly the same matches searched in each of these runs (as a slice) as in the
 * whole text: no match crosses the edge of a run, the character next to a run is one that its
 * lookarounds accept just as they accept the slice's start and end, and a run without a marker holds
 * no match. The spelled-out e-mail pattern, tried at every word of every text with an English "at",
 * then runs only over the stretches around an "at" or an "@".
 */
export function markedRuns(text: string, marker: RegExp, inRun: (code: number) => boolean): [number, number][] {
  const runs: [number, number][] = [];
  marker.lastIndex = 0;
  let end = 0;
  for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
    const at = m.index;
    if (at < end) continue;
    let start = at;
    while (start > 0 && inRun(text.charCodeAt(start - 1))) start--;
    end = at;
    while (end < text.length && inRun(text.charCodeAt(end))) end++;
    // A marker of characters outside the runs (none of the pattern's) starts no run: go past it.
    if (end === at) {
      end = at + 1;
      continue;
    }
    runs.push([start, end]);
    marker.lastIndex = Math.max(marker.lastIndex, end);
  }
  return runs;
}
