/** The comment corpus of bench/masking-speed.ts, shared with its profiling runs. */

/** ~200-character snippets of message bodies (after the header block), cut at a space. */
export function commentSnippets(texts: readonly string[], count: number, length = 200): string[] {
  const out: string[] = [];
  for (const text of texts) {
    const body = text
      .slice(Math.max(0, text.indexOf('\n\n')))
      .replace(/\s+/g, ' ')
      .trim();
    for (let at = 0; at + length <= body.length && out.length < count; at += 3 * length) {
      const cut = body.slice(at, at + length + 20);
      const space = cut.lastIndexOf(' ');
      out.push(cut.slice(0, space > length * 0.8 ? space : length));
    }
    if (out.length >= count) break;
  }
  // As the server gets them: flat strings out of JSON.parse, not slices of the corpus strings.
  return JSON.parse(JSON.stringify(out)) as string[];
}
