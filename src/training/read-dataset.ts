import { parse as parseCsv } from 'csv-parse';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { TextDecoder } from 'node:util';

/** The six Jigsaw Toxic Comment Classification labels, in the dataset's column order. */
export const JIGSAW_LABELS = ['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate'] as const;

export type DatasetFormat = 'jigsaw-csv' | 'hf-csv' | 'hf-jsonl';

/** Why a row was not used; each is counted in the report. */
export type SkipReason =
  'malformed_csv' | 'malformed_json' | 'missing_text' | 'empty_text' | 'text_too_long' | 'bad_label' | 'unlabelled';

/** Comments with one 0/1 target per label (`targets[k][i]` for label k, row i). */
export interface LabelledDataset {
  readonly ids: readonly string[];
  readonly texts: readonly string[];
  readonly labels: readonly string[];
  readonly targets: readonly Uint8Array[];
}

export interface RowProblem {
  /** 1-based line (CSV: where the record starts; JSONL: the line). */
  readonly line: number;
  readonly reason: SkipReason;
  readonly detail: string;
}

export interface ReadReport {
  readonly format: DatasetFormat;
  /** Records seen (used + skipped). */
  readonly rowsRead: number;
  readonly rowsUsed: number;
  readonly skipped: Readonly<Partial<Record<SkipReason, number>>>;
  /** The first problems, with their line, for the user to fix the file. */
  readonly problems: readonly RowProblem[];
  /** Set when reading stopped early (a runaway quoted field): what happened and where. */
  readonly stoppedEarly: string | null;
  /** The character encoding the bytes were decoded with (WHATWG name, e.g. `utf-8`, `windows-1252`). */
  readonly encoding: string;
  /**
   * U+FFFD replacement characters in the texts used (damage done before the file reached us, or
   * invalid bytes decoded under `encoding: 'utf-8'`), and how many used rows hold at least one.
   * Such rows are kept: the rest of the comment is still good data.
   */
  readonly replacementChars: number;
  readonly rowsWithReplacementChars: number;
}

export interface ReadDatasetOptions {
  /** File name or URI, used to pick the format from its extension when `format` is 'auto'. */
  readonly name: string;
  /** @default 'auto' (`.jsonl`/`.json` → hf-jsonl; CSV by header: `comment_text` → jigsaw-csv, `text` → hf-csv) */
  readonly format?: DatasetFormat | 'auto';
  /** For Hugging Face exports with a float `toxicity` column: toxic when ≥ threshold. @default 0.5 */
  readonly threshold?: number;
  /** Longer comments are skipped (counted as text_too_long). @default 100000 */
  readonly maxTextLength?: number;
  /** A CSV record larger than this stops the read (almost always an unterminated quote). @default 8 MiB */
  readonly maxRecordBytes?: number;
  /** How many problems to keep with their line. @default 20 */
  readonly maxProblems?: number;
  /** Called with the bytes read so far (for a progress bar). */
  readonly onProgress?: (bytes: number) => void;
  /**
   * Character encoding of the file: any WHATWG label (`utf-8`, `windows-1252`, `latin1`,
   * `iso-8859-15`, `utf-16le`…). `auto`: a byte-order mark decides, else UTF-8, and a byte sequence
   * that is not UTF-8 stops the read with an error naming its line and what to run (never a silent
   * loss). `utf-8` given explicitly decodes invalid sequences as U+FFFD and keeps the rows.
   * @default 'auto'
   */
  readonly encoding?: string;
}

/** A dataset that cannot be used at all (no header, no text column, no label column, no rows). */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

/**
 * Streams a labelled comment file into memory: Jigsaw CSV (`id, comment_text, toxic, …`, any subset
 * of the label columns), or a Hugging Face export as CSV or JSONL (`text` with `label` 0/1 or a
 * float `toxicity`). Malformed rows are skipped and counted, never fatal; a file that cannot be
 * used at all throws `DatasetError` saying why.
 */
export async function readDataset(
  input: Readable | AsyncIterable<Buffer | string>,
  options: ReadDatasetOptions,
): Promise<{ dataset: LabelledDataset; report: ReadReport }> {
  const source = input instanceof Readable ? input : Readable.from(input);
  const counted = countBytes(source, options.onProgress);
  const decoder = new TextDecodingStream(options.name, options.encoding ?? 'auto');
  counted.on('error', (err) => decoder.destroy(err));
  const text = counted.pipe(decoder);
  const ext = /\.([a-z0-9]+)$/i.exec(options.name)?.[1]?.toLowerCase();
  const format = options.format ?? 'auto';
  let result: { dataset: LabelledDataset; report: ReadReport };
  try {
    result =
      format === 'hf-jsonl' || (format === 'auto' && (ext === 'jsonl' || ext === 'json' || ext === 'ndjson'))
        ? await readJsonl(text, options)
        : await readCsv(text, options, format === 'auto' ? undefined : format);
  } catch (err) {
    // A decoding failure ends the text early: report it rather than what the parser made of the rest.
    throw decoder.failure ?? err;
  }
  if (decoder.failure !== null) throw decoder.failure;
  return { dataset: result.dataset, report: { ...result.report, encoding: decoder.encoding } };
}

/** Stops decoding at the first problem; read by readDataset after the parser has finished. */
class TextDecodingStream extends Transform {
  encoding = 'utf-8';
  failure: DatasetError | null = null;
  private decoder: TextDecoder | null = null;
  private head: Buffer | null = Buffer.alloc(0);
  private line = 1;
  private offset = 0;

  constructor(
    private readonly name: string,
    private readonly requested: string,
  ) {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
    if (requested !== 'auto') {
      try {
        this.encoding = new TextDecoder(requested).encoding;
      } catch {
        throw new DatasetError(
          `unknown encoding '${requested}' (use a WHATWG label such as utf-8, windows-1252, latin1, iso-8859-15, utf-16le)`,
        );
      }
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.failure !== null) return done();
    let bytes = chunk;
    if (this.head !== null) {
      // Wait for 4 bytes (or the end) to read a byte-order mark and the file's first bytes.
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 4) return done();
      bytes = this.head;
      this.head = null;
      this.start(bytes);
      if (this.failure !== null) return done();
    }
    this.decode(bytes, false);
    done();
  }

  override _flush(done: (err?: Error | null) => void): void {
    if (this.failure === null && this.head !== null) {
      const bytes = this.head;
      this.head = null;
      this.start(bytes);
      if (this.failure === null) this.decode(bytes, false);
    }
    if (this.failure === null && this.decoder !== null) this.decode(Buffer.alloc(0), true);
    done();
  }

  /** Refuses what is not text, then picks the decoder from the BOM or the requested encoding. */
  private start(first: Buffer): void {
    const notText = notTextReason(first);
    const bom =
      first[0] === 0xff && first[1] === 0xfe ? 'utf-16le' : first[0] === 0xfe && first[1] === 0xff ? 'utf-16be' : null;
    if (notText !== null && bom === null) {
      this.failure = new DatasetError(
        `${this.name}: not a text file (${notText}); training data must be CSV or JSONL text`,
      );
      return;
    }
    if (this.requested === 'auto') this.encoding = bom ?? 'utf-8';
    const fatal = this.requested === 'auto' && this.encoding === 'utf-8';
    this.decoder = new TextDecoder(this.encoding, { fatal });
  }

  private decode(bytes: Buffer, end: boolean): void {
    let text: string;
    try {
      text = this.decoder!.decode(bytes, { stream: !end });
    } catch {
      this.failure = this.notUtf8(bytes);
      this.push(null);
      return;
    }
    if (this.encoding !== 'utf-16le' && this.encoding !== 'utf-16be' && bytes.includes(0)) {
      this.failure = new DatasetError(
        `${this.name}: not a text file (a NUL byte near byte ${this.offset + bytes.indexOf(0)}); training data must be CSV or JSONL text`,
      );
      this.push(null);
      return;
    }
    for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) this.line++;
    this.offset += bytes.length;
    if (text.length > 0) this.push(text);
  }

  /** The error for the first byte sequence that is not UTF-8 in `bytes`, with its line and a way out. */
  private notUtf8(bytes: Buffer): DatasetError {
    const at = firstInvalidUtf8(bytes);
    let line = this.line;
    for (let i = 0; i < at; i++) if (bytes[i] === 10) line++;
    const shown = [...bytes.subarray(at, at + 2)]
      .map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(' ');
    const asLatin = new TextDecoder('windows-1252').decode(bytes.subarray(at, at + 1));
    return new DatasetError(
      `${this.name}: line ${line} is not UTF-8 (bytes ${shown} at byte ${this.offset + at}, '${asLatin}' in Windows-1252/Latin-1). ` +
        `Convert the file (iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv), pass --encoding windows-1252 if that is its encoding, ` +
        `or --encoding utf-8 to keep such rows with U+FFFD in place of the bad bytes (counted in the report)`,
    );
  }
}

/** Why the first bytes of a file say it is not text (an archive, an image…), or null. */
function notTextReason(first: Buffer): string | null {
  if (first[0] === 0x1f && first[1] === 0x8b) return 'gzip data: decompress it first';
  if (first[0] === 0x50 && first[1] === 0x4b && first[2] === 0x03 && first[3] === 0x04)
    return 'a zip archive (xlsx?): export it as CSV';
  if (first[0] === 0x25 && first[1] === 0x50 && first[2] === 0x44 && first[3] === 0x46) return 'a PDF document';
  if (first.subarray(0, 4).includes(0)) return 'NUL bytes at its start';
  return null;
}

/** Index of the first byte that starts an invalid UTF-8 sequence (RFC 3629 section 4), or bytes.length. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let n: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [n, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [n, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    if (i + n >= bytes.length) return i; // cut short by the end of the data
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return bytes.length;
}

class Collector {
  readonly ids: string[] = [];
  readonly texts: string[] = [];
  readonly columns: number[][];
  readonly skipped: Partial<Record<SkipReason, number>> = {};
  readonly problems: RowProblem[] = [];
  rowsRead = 0;
  replacementChars = 0;
  rowsWithReplacementChars = 0;

  constructor(
    readonly labels: readonly string[],
    private readonly options: ReadDatasetOptions,
  ) {
    this.columns = labels.map(() => []);
  }

  skip(line: number, reason: SkipReason, detail: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
    if (this.problems.length < (this.options.maxProblems ?? 20)) this.problems.push({ line, reason, detail });
  }

  /** Checks the text and stores the row; `values` are the 0/1 targets in label order. */
  add(line: number, id: string, text: unknown, values: readonly (0 | 1)[]): void {
    if (typeof text !== 'string') return this.skip(line, 'missing_text', 'no text');
    if (text.trim() === '') return this.skip(line, 'empty_text', 'text is empty');
    const max = this.options.maxTextLength ?? 100000;
    if (text.length > max) return this.skip(line, 'text_too_long', `text has ${text.length} characters (max ${max})`);
    if (text.includes('\uFFFD')) {
      let k = 0;
      for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) k++;
      this.replacementChars += k;
      this.rowsWithReplacementChars++;
    }
    this.ids.push(id);
    this.texts.push(text);
    values.forEach((v, k) => this.columns[k].push(v));
  }

  finish(format: DatasetFormat, stoppedEarly: string | null): { dataset: LabelledDataset; report: ReadReport } {
    return {
      dataset: {
        ids: this.ids,
        texts: this.texts,
        labels: this.labels,
        targets: this.columns.map((c) => Uint8Array.from(c)),
      },
      report: {
        format,
        rowsRead: this.rowsRead,
        rowsUsed: this.texts.length,
        skipped: this.skipped,
        problems: this.problems,
        stoppedEarly,
        encoding: 'utf-8',
        replacementChars: this.replacementChars,
        rowsWithReplacementChars: this.rowsWithReplacementChars,
      },
    };
  }
}

/** 0/1 from the spellings found in exports: 0, 1, "0", "1", "0.0", "1.0", true/false. */
function binary(value: unknown): 0 | 1 | -1 | null {
  if (value === 1 || value === true) return 1;
  if (value === 0 || value === false) return 0;
  if (value === -1) return -1;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === '1' || v === '1.0' || v === 'true') return 1;
    if (v === '0' || v === '0.0' || v === 'false') return 0;
    if (v === '-1') return -1; // Jigsaw test_labels.csv: not scored
  }
  return null;
}

/** A toxicity score (0..1) → 0/1 at the threshold; null when it is not a number in range. */
function thresholded(value: unknown, threshold: number): 0 | 1 | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 1) return null;
  return n >= threshold ? 1 : 0;
}

async function readCsv(
  input: Readable,
  options: ReadDatasetOptions,
  forced: DatasetFormat | undefined,
): Promise<{ dataset: LabelledDataset; report: ReadReport }> {
  const maxRecordBytes = options.maxRecordBytes ?? 8 * 1024 * 1024;
  const parser = parseCsv({
    bom: true,
    encoding: 'utf8',
    columns: (header: string[]) => header.map((h) => h.trim()),
    skip_records_with_error: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: maxRecordBytes,
    info: true,
  });
  let collector: Collector | undefined;
  let format: DatasetFormat | undefined = forced;
  let stoppedEarly: string | null = null;
  let pendingSkips: { line: number; detail: string }[] = [];
  parser.on('skip', (err: Error & { code?: string; lines?: number }) => {
    const line = err.lines ?? 0;
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      stoppedEarly = `line ${line}: a record is larger than ${maxRecordBytes} bytes (an unterminated quote?); the rest of the file was not read`;
    }
    const detail = err.message.split('\n')[0].slice(0, 200);
    if (collector) {
      collector.rowsRead++;
      collector.skip(line, 'malformed_csv', detail);
    } else pendingSkips.push({ line, detail });
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);

  let layout: { text: string; id: string | null; labelColumns: string[]; kind: 'binary' | 'toxicity' } | undefined;
  const threshold = options.threshold ?? 0.5;
  try {
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const { record, info } = item;
      if (!layout) {
        const header = Object.keys(record);
        const detected = detectCsvLayout(header, format);
        format = detected.format;
        layout = detected;
        collector = new Collector(detected.labels, options);
        for (const s of pendingSkips) {
          collector.rowsRead++;
          collector.skip(s.line, 'malformed_csv', s.detail);
        }
        pendingSkips = [];
      }
      const c = collector!;
      c.rowsRead++;
      const line = info.lines;
      const id = layout.id ? (record[layout.id] ?? '') : String(c.rowsRead);
      const values: (0 | 1)[] = [];
      let problem: { reason: SkipReason; detail: string } | null = null;
      for (const column of layout.labelColumns) {
        const raw = record[column];
        const v = layout.kind === 'toxicity' ? thresholded(raw, threshold) : binary(raw);
        if (v === -1) problem ??= { reason: 'unlabelled', detail: `${column} is -1 (not labelled)` };
        else if (v === null)
          problem ??= { reason: 'bad_label', detail: `${column} must be 0 or 1, got ${JSON.stringify(raw)}` };
        else values.push(v);
      }
      if (problem) c.skip(line, problem.reason, problem.detail);
      else c.add(line, id, record[layout.text], values);
    }
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    throw new DatasetError(`${options.name}: cannot read as CSV: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!collector || !format) {
    const first = pendingSkips[0];
    throw new DatasetError(
      first
        ? `${options.name}: no readable row: ${pendingSkips.length} malformed record(s), the first at line ${first.line}: ${first.detail}`
        : `${options.name}: no data rows (is the file empty or only a header?)`,
    );
  }
  return collector.finish(format, stoppedEarly);
}

function detectCsvLayout(
  header: readonly string[],
  forced: DatasetFormat | undefined,
): {
  format: DatasetFormat;
  text: string;
  id: string | null;
  labelColumns: string[];
  labels: string[];
  kind: 'binary' | 'toxicity';
} {
  const has = (c: string) => header.includes(c);
  const jigsaw = forced === 'jigsaw-csv' || (forced === undefined && has('comment_text'));
  if (jigsaw) {
    if (!has('comment_text'))
      throw new DatasetError(`Jigsaw CSV needs a comment_text column; found ${header.join(', ')}`);
    const labelColumns = JIGSAW_LABELS.filter(has);
    if (labelColumns.length === 0) {
      throw new DatasetError(
        `Jigsaw CSV has no label column (expected some of ${JIGSAW_LABELS.join(', ')}); found ${header.join(', ')}`,
      );
    }
    return {
      format: 'jigsaw-csv',
      text: 'comment_text',
      id: has('id') ? 'id' : null,
      labelColumns,
      labels: labelColumns,
      kind: 'binary',
    };
  }
  if (!has('text')) {
    throw new DatasetError(
      `cannot tell the CSV layout: expected a comment_text column (Jigsaw) or a text column (Hugging Face); found ${header.join(', ')}`,
    );
  }
  const id = has('id') ? 'id' : null;
  if (has('label'))
    return { format: 'hf-csv', text: 'text', id, labelColumns: ['label'], labels: ['toxic'], kind: 'binary' };
  if (has('toxicity'))
    return { format: 'hf-csv', text: 'text', id, labelColumns: ['toxicity'], labels: ['toxic'], kind: 'toxicity' };
  throw new DatasetError(`Hugging Face CSV needs a label (0/1) or toxicity (0..1) column; found ${header.join(', ')}`);
}

async function readJsonl(
  input: Readable,
  options: ReadDatasetOptions,
): Promise<{ dataset: LabelledDataset; report: ReadReport }> {
  const threshold = options.threshold ?? 0.5;
  const lines = createInterface({ input, crlfDelay: Infinity });
  const collector = new Collector(['toxic'], options);
  let line = 0;
  let kind: 'label' | 'toxicity' | undefined;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    collector.rowsRead++;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (err) {
      collector.skip(line, 'malformed_json', (err as Error).message.slice(0, 200));
      continue;
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      collector.skip(line, 'malformed_json', 'each line must be a JSON object');
      continue;
    }
    const r = row as Record<string, unknown>;
    kind ??= 'label' in r ? 'label' : 'toxicity' in r ? 'toxicity' : undefined;
    if (kind === undefined) {
      throw new DatasetError(`${options.name}: line ${line} has neither "label" (0/1) nor "toxicity" (0..1)`);
    }
    const v = kind === 'label' ? binary(r.label) : thresholded(r.toxicity, threshold);
    if (v === null || v === -1) {
      collector.skip(
        line,
        'bad_label',
        `${kind} must be ${kind === 'label' ? '0 or 1' : 'a number in 0..1'}, got ${JSON.stringify(r[kind])}`,
      );
      continue;
    }
    const id = typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id) : String(line);
    collector.add(line, id, r.text, [v]);
  }
  if (collector.rowsRead === 0) throw new DatasetError(`${options.name}: no data rows (is the file empty?)`);
  return collector.finish('hf-jsonl', null);
}

function countBytes(source: Readable, onProgress?: (bytes: number) => void): Readable {
  if (!onProgress) return source;
  let bytes = 0;
  source.on('data', (chunk: Buffer | string) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    onProgress(bytes);
  });
  return source;
}
