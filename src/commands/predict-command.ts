import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import type { Command } from 'commander';
import { type CliContext, UsageError, examples } from './cli-context';
import { createProgress } from './progress';
import { createStandardStores, type StoreSet, toStorageUri } from '../storage';
import { ToxicityModel, isPredicted, parseModelArtifact, probabilityOf } from '../ml';

/** Input and output formats of `toxicity predict`. */
export type RecordFormat = 'csv' | 'jsonl';

/** Column names read as the text, in order of preference (the Jigsaw files use `comment_text`). */
const TEXT_FIELDS = ['text', 'comment_text'];
/** Comments scored per batch. */
const BATCH = 1000;

interface PredictFlags {
  out: string;
  model?: string;
  format: string;
  textColumn?: string;
  threshold?: string;
  progress: boolean;
}

/** What `predict` needs from outside the context; tests pass their own stores or stdin. */
export interface PredictCommandDeps {
  readonly stores?: StoreSet;
  readonly stdin?: Readable;
}

/** The format of a location: `.jsonl`/`.ndjson` → jsonl, anything else csv (unless given). */
export function formatOf(location: string, given: string): RecordFormat {
  if (given === 'csv' || given === 'jsonl') return given;
  if (given !== 'auto') throw new UsageError(`--format must be auto, csv or jsonl, got ${JSON.stringify(given)}`);
  return /\.(jsonl|ndjson)$/i.test(location) ? 'jsonl' : 'csv';
}

/** Registers `toxicity predict`. */
export function registerPredictCommand(program: Command, ctx: CliContext, deps: PredictCommandDeps = {}): void {
  program
    .command('predict')
    .description('score a CSV or JSONL file of comments offline, writing one row of label probabilities per comment')
    .argument('<input>', 'comments to score: a path, file://… or gs://… URI, or - for stdin')
    .option('--out <location>', 'where to write the scores: a path or - for stdout (format from its extension)', '-')
    .option('--model <location>', 'model.json: a path, file://… or gs://… URI (default: model.localUri)')
    .option('--format <format>', 'input format: auto (from the extension; csv for -) | csv | jsonl', 'auto')
    .option(
      '--text-column <name>',
      'column (or JSON field) holding the text (default: text, comment_text, or the only one)',
    )
    .option('--threshold <p>', 'probability at or above which a label is predicted (default: server.threshold)')
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText(
      'after',
      examples(
        'toxicity predict data/demo/comments.csv --out scores.csv',
        `echo '{"text":"you are an idiot"}' | toxicity predict - --format jsonl`,
      ),
    )
    .action((input: string, flags: PredictFlags) => runPredict(ctx, deps, input, flags));
}

async function runPredict(ctx: CliContext, deps: PredictCommandDeps, input: string, flags: PredictFlags) {
  const config = ctx.loadConfig();
  const threshold = flags.threshold === undefined ? config.server.threshold : Number(flags.threshold);
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new UsageError(`--threshold must be a number from 0 to 1, got ${JSON.stringify(flags.threshold)}`);
  }
  const inFormat = formatOf(input === '-' ? '' : input, flags.format);
  const outFormat = flags.out === '-' ? inFormat : formatOf(flags.out, 'auto');
  if (flags.out !== '-' && /^[a-z][a-z0-9+.-]*:\//i.test(flags.out) && !flags.out.startsWith('file:')) {
    throw new UsageError(`--out must be a path, a file:// URI or -, got ${flags.out}`);
  }
  const stores = deps.stores ?? createStandardStores({ cwd: ctx.cwd, gcsApiEndpoint: ctx.env.GCS_EMULATOR_ENDPOINT });
  const modelUri = toStorageUri(flags.model ?? config.model.localUri, ctx.cwd);
  const model = new ToxicityModel(
    parseModelArtifact(JSON.parse((await (await stores.storeFor(modelUri)).read(modelUri)).data.toString('utf8'))),
  );
  let source: Readable;
  let size = 0;
  if (input === '-') source = deps.stdin ?? process.stdin;
  else {
    const uri = toStorageUri(input, ctx.cwd);
    const store = await stores.storeFor(uri);
    size = (await store.stat(uri))?.size ?? 0;
    source = await store.openReadStream(uri);
  }
  const sink: NodeJS.WritableStream =
    flags.out === '-' ? ctx.stdout : createWriteStream(new URL(toStorageUri(flags.out, ctx.cwd)));
  const progress = createProgress(ctx.stderr, flags.progress);
  let bytes = 0;
  source.on('data', (chunk: Buffer | string) => (bytes += chunk.length));
  const writer = new ScoreWriter(model, outFormat, threshold, sink);
  let rows = 0;
  let batch: Row[] = [];
  const flush = async () => {
    await writer.write(batch);
    rows += batch.length;
    batch = [];
    progress.update('predict', size > 0 ? bytes : 1, size > 0 ? size : 1, `${rows} comments`);
  };
  for await (const row of readRows(source, inFormat, flags.textColumn)) {
    batch.push(row);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  progress.finish();
  if (sink !== ctx.stdout) {
    sink.end();
    await finished(sink);
  }
  ctx.stderr.write(`scored ${rows} comments with ${model.artifact.name} ${model.artifact.version}\n`);
}

interface Row {
  readonly id: string | undefined;
  readonly text: string;
}

/** The field holding the text: the one named, else `text`, `comment_text` or the only field. */
function textField(fields: readonly string[], named: string | undefined, where: string): string {
  if (named !== undefined) {
    if (!fields.includes(named))
      throw new UsageError(`${where} has no column ${JSON.stringify(named)} (it has ${fields.join(', ')})`, 1);
    return named;
  }
  const found = TEXT_FIELDS.find((f) => fields.includes(f)) ?? (fields.length === 1 ? fields[0] : undefined);
  if (found === undefined) {
    throw new UsageError(`${where} has no text column: name one with --text-column (columns: ${fields.join(', ')})`, 1);
  }
  return found;
}

/** The rows of a CSV (header row first) or JSONL input (objects, or bare strings). */
async function* readRows(source: Readable, format: RecordFormat, named: string | undefined): AsyncGenerator<Row> {
  if (format === 'csv') {
    const parser = source.pipe(parseCsv({ bom: true }));
    let field = '';
    let header: string[] | undefined;
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record;
        field = textField(header, named, 'the CSV header');
        continue;
      }
      const id = header.indexOf('id');
      yield { id: id >= 0 ? record[id] : undefined, text: record[header.indexOf(field)] ?? '' };
    }
    return;
  }
  let rest = '';
  let line = 0;
  for await (const chunk of source) {
    rest += (chunk as Buffer | string).toString();
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) yield jsonRow(l, ++line, named);
  }
  if (rest.trim() !== '') yield jsonRow(rest, ++line, named);
}

function jsonRow(text: string, line: number, named: string | undefined): Row {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`line ${line} of the JSONL input is not JSON`, 1);
  }
  if (typeof value === 'string') return { id: undefined, text: value };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`line ${line} of the JSONL input must be an object or a string`, 1);
  }
  const o = value as Record<string, unknown>;
  const field = textField(Object.keys(o), named, `line ${line} of the JSONL input`);
  if (typeof o[field] !== 'string') throw new UsageError(`line ${line}: ${field} must be a string`, 1);
  return { id: typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : undefined, text: o[field] };
}

/** Writes scored rows: CSV `id,<label>…,predicted` or JSONL `{"id", "scores", "predicted"}`. */
class ScoreWriter {
  private headerWritten = false;
  private written = 0;

  constructor(
    private readonly model: ToxicityModel,
    private readonly format: RecordFormat,
    private readonly threshold: number,
    private readonly sink: NodeJS.WritableStream,
  ) {}

  async write(rows: readonly Row[]): Promise<void> {
    const labels = this.model.labels;
    let out = '';
    if (!this.headerWritten && this.format === 'csv') out += `id,${labels.join(',')},predicted\n`;
    this.headerWritten = true;
    if (rows.length === 0) return this.emit(out);
    const results = this.model.score(rows.map((r) => r.text));
    rows.forEach((row, i) => {
      const scores = results[i].scores;
      const predicted = labels.filter((_, k) => isPredicted(scores[k], this.threshold));
      if (this.format === 'csv') {
        out += `${csvField(row.id ?? String(this.written + i))},${scores.map((s) => probabilityOf(s)).join(',')},${predicted.join(' ')}\n`;
      } else {
        const map = Object.fromEntries(labels.map((l, k) => [l, probabilityOf(scores[k])]));
        out += `${JSON.stringify({ ...(row.id !== undefined ? { id: row.id } : {}), scores: map, predicted })}\n`;
      }
    });
    this.written += rows.length;
    return this.emit(out);
  }

  private async emit(text: string): Promise<void> {
    if (text === '' || this.sink.write(text)) return;
    await new Promise((r) => this.sink.once('drain', r));
  }
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
