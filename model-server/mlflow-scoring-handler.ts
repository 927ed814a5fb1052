/**
 * MLflow's scoring-server protocol (https://mlflow.org/docs/latest/deployment/deploy-model-locally):
 * `POST /invocations` with a JSON body holding exactly one of `dataframe_split`, `dataframe_records`,
 * `instances` or `inputs` (plus optional `params`), or a CSV body; `/ping` and `/health` answer 200
 * once a model is loaded; `/version` names the server's version. The answer is
 * `{"predictions": [{<label>: probability, …}, …]}`, one record per row, as a pyfunc model returning a
 * DataFrame of per-label probabilities would give.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { RequestHandler } from 'express';
import { type CompatDeps, checkTexts, probabilityOf, scoreAll } from './compat-scoring';
import { HttpProblem } from './problem';
import { mediaTypeOf, parseJsonBytes } from './raw-body';

/** The JSON input fields MLflow accepts; exactly one per request. */
export const MLFLOW_INPUT_FIELDS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

/** Column names read as the comment text, in order of preference (the Jigsaw files use `comment_text`). */
export const TEXT_COLUMNS = ['text', 'comment_text'] as const;

function bad(message: string): HttpProblem {
  return new HttpProblem('invalid-request', message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The text column among `columns`: `text`, else `comment_text`, else the only one. */
export function textColumn(columns: readonly string[]): string {
  for (const name of TEXT_COLUMNS) if (columns.includes(name)) return name;
  if (columns.length === 1) return columns[0];
  throw bad(
    `no text column: name it ${TEXT_COLUMNS.map((c) => JSON.stringify(c)).join(' or ')}, or send one column (got ${columns
      .slice(0, 20)
      .map((c) => JSON.stringify(c))
      .join(', ')})`,
  );
}

function asText(value: unknown, where: string): string {
  if (typeof value !== 'string') throw bad(`${where} must be a string, got ${value === null ? 'null' : typeof value}`);
  return value;
}

function fromRecords(records: unknown, field: string): string[] {
  if (!Array.isArray(records)) throw bad(`${field} must be an array`);
  if (records.every((r) => typeof r === 'string')) return records;
  if (records.every((r) => Array.isArray(r) && r.length === 1)) {
    return (records as unknown[][]).map((r, i) => asText(r[0], `${field}[${i}][0]`));
  }
  if (!records.every(isObject)) throw bad(`${field} must hold strings or objects with a text column`);
  const column = textColumn(Object.keys(records[0] ?? {}));
  return records.map((r, i) => asText(r[column], `${field}[${i}].${column}`));
}

/** The texts of a JSON scoring request. */
export function textsFromJson(body: unknown): string[] {
  if (!isObject(body)) throw bad('the body must be a JSON object');
  const present = MLFLOW_INPUT_FIELDS.filter((f) => f in body);
  if (present.length !== 1) {
    throw bad(
      `the body must hold exactly one of ${MLFLOW_INPUT_FIELDS.join(', ')}; got ${
        Object.keys(body)
          .slice(0, 10)
          .map((k) => JSON.stringify(k))
          .join(', ') || 'none'
      }`,
    );
  }
  const field = present[0];
  const value = body[field];
  switch (field) {
    case 'dataframe_split': {
      if (!isObject(value) || !Array.isArray(value.data))
        throw bad('dataframe_split must be {"columns": [...], "data": [[...]]}');
      const rows = value.data as unknown[];
      const columns = value.columns;
      if (columns === undefined) return fromRecords(rows, 'dataframe_split.data');
      if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) {
        throw bad('dataframe_split.columns must be an array of column names');
      }
      const at = columns.indexOf(textColumn(columns));
      return rows.map((row, i) => {
        if (!Array.isArray(row)) throw bad(`dataframe_split.data[${i}] must be an array`);
        return asText(row[at], `dataframe_split.data[${i}][${at}]`);
      });
    }
    case 'dataframe_records':
    case 'instances':
      return fromRecords(value, field);
    case 'inputs':
      if (isObject(value)) {
        const column = textColumn(Object.keys(value));
        return fromRecords(value[column], `inputs.${column}`);
      }
      return fromRecords(value, field);
  }
}

/** The texts of a CSV scoring request (a header row, then one row per comment). */
export function textsFromCsv(body: Buffer): string[] {
  let rows: string[][];
  try {
    const parsed: unknown = parseCsv(body, { bom: true, relax_column_count: false });
    rows = parsed as string[][];
  } catch (err) {
    throw bad(`the CSV body could not be read: ${err instanceof Error ? err.message.slice(0, 200) : 'parse error'}`);
  }
  if (rows.length === 0) throw bad('the CSV body must start with a header row');
  const [header, ...data] = rows;
  const at = header.indexOf(textColumn(header));
  return data.map((row) => row[at]);
}

/** `POST /invocations`. */
export function mlflowInvocations(deps: CompatDeps): RequestHandler {
  return (req, res, next) => {
    const type = req.headers['content-type'];
    const media = mediaTypeOf(type);
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      throw new HttpProblem('unsupported-media-type', 'the scoring server only supports UTF-8');
    }
    let texts: string[];
    if (media === 'application/json') texts = textsFromJson(parseJsonBytes(req.body as Buffer));
    else if (media === 'text/csv') texts = textsFromCsv(req.body as Buffer);
    else {
      throw new HttpProblem(
        'unsupported-media-type',
        `the body must be application/json or text/csv, got ${JSON.stringify((type ?? 'none').slice(0, 100))}`,
      );
    }
    checkTexts(texts, deps.settings, 'the input');
    scoreAll(deps, res, texts).then((scored) => {
      if (!scored) return;
      const { loaded, results } = scored;
      const predictions = results.map((r) => {
        const record: Record<string, number> = {};
        loaded.labels.forEach((label, k) => (record[label] = probabilityOf(r.scores[k])));
        return record;
      });
      deps.out.json(res, 200, { predictions });
    }, next);
  };
}

const TEXT = 'text/plain; charset=utf-8';

/** `GET /ping` and `/health`: 200 with a newline once a model is loaded, else 503. */
export function mlflowPing(deps: CompatDeps): RequestHandler {
  return (_req, res) => {
    const ready = deps.models.current !== undefined;
    // MLflow labels these bodies application/json, which they are not; text/plain says what they are.
    deps.out.send(res, ready ? 200 : 503, TEXT, '\n');
  };
}

/** `GET /version`: the server's version. */
export function mlflowVersion(deps: CompatDeps): RequestHandler {
  return (_req, res) => deps.out.send(res, 200, TEXT, deps.apiVersion);
}

/** MLflow's error codes (`databricks.ErrorCode` names) by HTTP status. */
const MLFLOW_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  404: 'RESOURCE_DOES_NOT_EXIST',
  413: 'BAD_REQUEST',
  415: 'BAD_REQUEST',
  429: 'REQUEST_LIMIT_EXCEEDED',
  503: 'TEMPORARILY_UNAVAILABLE',
};

/** MLflow's error body: `{"error_code": …, "message": …}`. */
export function mlflowError(problem: HttpProblem): unknown {
  return { error_code: MLFLOW_CODES[problem.status] ?? 'INTERNAL_ERROR', message: problem.detail };
}
