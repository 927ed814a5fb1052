/**
 * Span-level evaluation of a PII detector against labelled sentences (test/fixtures/pii/eval.jsonl).
 *
 * Two matching rules, both one-to-one and per entity type:
 * - overlap: a predicted entity counts as a true positive when it overlaps a not-yet-matched gold
 *   entity of the same type (what matters for masking: the personal data is hidden);
 * - exact: the predicted span must equal the gold span.
 * Unmatched predictions are false positives, unmatched gold entities false negatives.
 */
import { PII_TYPES, type PiiEntity, type PiiType } from '../pii-masking';

export interface LabelledSentence {
  readonly id: string;
  readonly lang: 'en' | 'fr';
  readonly split: 'tune' | 'heldout';
  readonly text: string;
  readonly entities: readonly PiiEntity[];
}

export interface TypeScore {
  readonly type: PiiType;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  /** tp / (tp + fp); 1 when nothing was predicted. */
  readonly precision: number;
  /** tp / (tp + fn); 1 when there was nothing to find. */
  readonly recall: number;
  readonly f1: number;
}

export interface MatchError {
  readonly id: string;
  readonly kind: 'fp' | 'fn';
  readonly type: PiiType;
  readonly text: string;
}

export interface PiiEvaluation {
  readonly sentences: number;
  readonly overlap: Readonly<Record<PiiType, TypeScore>>;
  readonly exact: Readonly<Record<PiiType, TypeScore>>;
  /** Micro-averaged over all types (overlap rule). */
  readonly microOverlap: Omit<TypeScore, 'type'>;
  /** Micro-averaged over all types (exact rule). */
  readonly microExact: Omit<TypeScore, 'type'>;
  /** Share of gold entities overlapped by a prediction of any type (the data was masked, maybe mistyped). */
  readonly maskedShare: number;
  /** Per type: gold entities that no prediction of any type overlaps (left in clear), and their share. */
  readonly leaks: Readonly<Record<PiiType, { readonly gold: number; readonly leaked: number; readonly rate: number }>>;
  /** Sentences without any gold entity, and how many of them got at least one mask anyway. */
  readonly cleanLines: { readonly total: number; readonly masked: number; readonly rate: number };
  /** Overlap-rule errors, for reading. */
  readonly errors: readonly MatchError[];
}

function score(type: PiiType, tp: number, fp: number, fn: number): TypeScore {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { type, tp, fp, fn, precision, recall, f1 };
}

const overlaps = (a: PiiEntity, b: PiiEntity): boolean => a.start < b.end && b.start < a.end;
const same = (a: PiiEntity, b: PiiEntity): boolean => a.start === b.start && a.end === b.end;

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

function match(
  gold: readonly PiiEntity[],
  pred: readonly PiiEntity[],
  rule: (g: PiiEntity, p: PiiEntity) => boolean,
  counts: Record<PiiType, Counts>,
  onError?: (kind: 'fp' | 'fn', e: PiiEntity) => void,
): void {
  const used = new Array<boolean>(gold.length).fill(false);
  for (const p of pred) {
    const k = gold.findIndex((g, i) => !used[i] && g.type === p.type && rule(g, p));
    if (k >= 0) {
      used[k] = true;
      counts[p.type].tp++;
    } else {
      counts[p.type].fp++;
      onError?.('fp', p);
    }
  }
  gold.forEach((g, i) => {
    if (used[i]) return;
    counts[g.type].fn++;
    onError?.('fn', g);
  });
}

function emptyCounts(): Record<PiiType, Counts> {
  const c = {} as Record<PiiType, Counts>;
  for (const t of PII_TYPES) c[t] = { tp: 0, fp: 0, fn: 0 };
  return c;
}

/** Scores `detect` on `sentences` (see the module comment for the matching rules). */
export function evaluatePii(
  sentences: readonly LabelledSentence[],
  detect: (text: string) => readonly PiiEntity[],
): PiiEvaluation {
  const overlapCounts = emptyCounts();
  const exactCounts = emptyCounts();
  const errors: MatchError[] = [];
  let gold = 0;
  let masked = 0;
  const leakCounts = {} as Record<PiiType, { gold: number; leaked: number }>;
  for (const t of PII_TYPES) leakCounts[t] = { gold: 0, leaked: 0 };
  let cleanTotal = 0;
  let cleanMasked = 0;
  for (const s of sentences) {
    const pred = detect(s.text);
    if (s.entities.length === 0) {
      cleanTotal++;
      if (pred.length > 0) cleanMasked++;
    }
    match(s.entities, pred, overlaps, overlapCounts, (kind, e) =>
      errors.push({ id: s.id, kind, type: e.type, text: s.text.slice(e.start, e.end) }),
    );
    match(s.entities, pred, same, exactCounts);
    for (const g of s.entities) {
      gold++;
      leakCounts[g.type].gold++;
      if (pred.some((p) => overlaps(g, p))) masked++;
      else leakCounts[g.type].leaked++;
    }
  }
  const build = (c: Record<PiiType, Counts>): Record<PiiType, TypeScore> => {
    const r = {} as Record<PiiType, TypeScore>;
    for (const t of PII_TYPES) r[t] = score(t, c[t].tp, c[t].fp, c[t].fn);
    return r;
  };
  const microOf = (c: Record<PiiType, Counts>): Omit<TypeScore, 'type'> => {
    const sum = (k: keyof Counts): number => PII_TYPES.reduce((a, t) => a + c[t][k], 0);
    const all = score('EMAIL', sum('tp'), sum('fp'), sum('fn'));
    return { tp: all.tp, fp: all.fp, fn: all.fn, precision: all.precision, recall: all.recall, f1: all.f1 };
  };
  return {
    sentences: sentences.length,
    overlap: build(overlapCounts),
    exact: build(exactCounts),
    microOverlap: microOf(overlapCounts),
    microExact: microOf(exactCounts),
    maskedShare: gold === 0 ? 1 : masked / gold,
    leaks: Object.fromEntries(
      PII_TYPES.map((t) => {
        const c = leakCounts[t];
        return [t, { ...c, rate: c.gold === 0 ? 0 : c.leaked / c.gold }];
      }),
    ) as PiiEvaluation['leaks'],
    cleanLines: { total: cleanTotal, masked: cleanMasked, rate: cleanTotal === 0 ? 0 : cleanMasked / cleanTotal },
    errors,
  };
}

/**
 * Parses the JSON Lines evaluation set; throws naming the line and the problem when a line is
 * malformed (bad JSON, unknown type, span out of range or overlapping another).
 */
export function parseLabelledSentences(content: string): LabelledSentence[] {
  const out: LabelledSentence[] = [];
  const types = new Set<string>(PII_TYPES);
  content.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `line ${i + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      throw new Error(`${where}: invalid JSON (${(err as Error).message})`);
    }
    const o = raw as Partial<LabelledSentence>;
    if (typeof o.id !== 'string' || typeof o.text !== 'string' || !Array.isArray(o.entities)) {
      throw new Error(`${where}: expected {id, lang, split, text, entities}, got ${line.slice(0, 80)}`);
    }
    if (o.lang !== 'en' && o.lang !== 'fr')
      throw new Error(`${where} (${o.id}): lang must be 'en' or 'fr', got ${String(o.lang)}`);
    if (o.split !== 'tune' && o.split !== 'heldout') {
      throw new Error(`${where} (${o.id}): split must be 'tune' or 'heldout', got ${String(o.split)}`);
    }
    const entities: PiiEntity[] = [];
    let lastEnd = 0;
    for (const item of o.entities as unknown[]) {
      const e = (item ?? {}) as { type?: unknown; start?: unknown; end?: unknown };
      if (typeof e.type !== 'string' || !types.has(e.type)) {
        throw new Error(`${where} (${o.id}): unknown entity type '${String(e.type)}'`);
      }
      const { start, end } = e;
      if (typeof start !== 'number' || typeof end !== 'number' || !Number.isInteger(start) || !Number.isInteger(end)) {
        throw new Error(`${where} (${o.id}): entity start/end must be integers, got ${String(start)}, ${String(end)}`);
      }
      if (start < lastEnd || end <= start || end > o.text.length) {
        throw new Error(`${where} (${o.id}): entity span [${start}, ${end}) is out of range, empty or overlapping`);
      }
      lastEnd = end;
      entities.push({ type: e.type as PiiType, start, end });
    }
    out.push({ id: o.id, lang: o.lang, split: o.split, text: o.text, entities });
  });
  return out;
}

const MARK_RE = /⟦([A-Z]+)\|([^⟦⟧]*)⟧/gu;

/**
 * Parses comments written with inline marks, one per line: `<lang> | <text>`, where each entity is
 * written `⟦TYPE|surface⟧` and `\uXXXX` stands for an invisible character (a no-break space). Lines
 * starting with `#` and blank lines are skipped. The split is fixed by position, before any tuning:
 * every third comment of the file (positions 2, 5, 8…, 0-based) is `heldout`, the rest `tune`.
 * Ids are `<prefix>-<line number>`. Throws naming the line on a malformed mark or unknown type.
 */
export function parseMarkedComments(content: string, prefix: string): LabelledSentence[] {
  const out: LabelledSentence[] = [];
  const types = new Set<string>(PII_TYPES);
  let position = 0;
  content.split('\n').forEach((rawLine, i) => {
    const line = rawLine.replace(/\r$/u, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const where = `line ${i + 1}`;
    const m = /^(en|fr) \| (.*)$/u.exec(line);
    if (m === null) throw new Error(`${where}: expected '<en|fr> | <text>', got ${line.slice(0, 60)}`);
    const body = m[2].replace(/\\u([0-9a-fA-F]{4})/gu, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const entities: PiiEntity[] = [];
    let text = '';
    let last = 0;
    for (const mark of body.matchAll(MARK_RE)) {
      if (!types.has(mark[1])) throw new Error(`${where}: unknown entity type '${mark[1]}'`);
      if (mark[2] === '') throw new Error(`${where}: empty ${mark[1]} mark`);
      text += body.slice(last, mark.index);
      entities.push({ type: mark[1] as PiiType, start: text.length, end: text.length + mark[2].length });
      text += mark[2];
      last = mark.index + mark[0].length;
    }
    text += body.slice(last);
    if (/[⟦⟧]/u.test(text)) throw new Error(`${where}: unbalanced ⟦ ⟧ mark`);
    out.push({
      id: `${prefix}-${i + 1}`,
      lang: m[1] as 'en' | 'fr',
      split: position % 3 === 2 ? 'heldout' : 'tune',
      text,
      entities,
    });
    position++;
  });
  return out;
}
