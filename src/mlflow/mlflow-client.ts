/**
 * A small typed client for MLflow's REST API (tracking, artifact proxy, model registry), over
 * `fetch`. npm has no maintained MLflow client with the registry, so this covers what the trainer,
 * `toxicity promote`/`rollback` and the model server's `models:/` resolution use.
 *
 * REST reference: mlflow.org/docs/latest/api_reference/rest-api.html. Stage transitions are
 * deprecated since MLflow 2.9; the registry is driven by aliases (`champion`, `challenger`).
 */

import type { Env } from '../config';

/** MLflow's own limits for `runs/log-batch` (REST reference, "Log Batch"). */
export const LOG_BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, items: 1000, bytes: 1_000_000 } as const;

export interface MlflowClientOptions {
  /** Tracking server base URL, e.g. `http://127.0.0.1:5000`. */
  readonly trackingUri: string;
  /** Bearer token (`MLFLOW_TRACKING_TOKEN`), for a server behind an auth proxy. */
  readonly token?: string;
  /** Basic auth (`MLFLOW_TRACKING_USERNAME` / `MLFLOW_TRACKING_PASSWORD`). */
  readonly username?: string;
  readonly password?: string;
  /** Attempts for a request that fails with 5xx, 429 or a connection error. @default 4 */
  readonly attempts?: number;
  /** First back-off delay; doubled on each retry. @default 250 */
  readonly backoffMs?: number;
  /** Per-request timeout. @default 30000 */
  readonly timeoutMs?: number;
  /** Injected for tests of the retry path; the real `fetch` otherwise. */
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * A client for `trackingUri` (the config's `mlflow.trackingUri`, which `MLFLOW_TRACKING_URI`
 * overrides), authenticated by `MLFLOW_TRACKING_TOKEN` or `MLFLOW_TRACKING_USERNAME` /
 * `MLFLOW_TRACKING_PASSWORD` (MLflow's own variable names) from the parsed environment.
 */
export function mlflowClientFromEnv(
  env: Pick<Env, 'MLFLOW_TRACKING_TOKEN' | 'MLFLOW_TRACKING_USERNAME' | 'MLFLOW_TRACKING_PASSWORD'>,
  trackingUri: string,
): MlflowClient {
  return new MlflowClient({
    trackingUri,
    token: env.MLFLOW_TRACKING_TOKEN,
    username: env.MLFLOW_TRACKING_USERNAME,
    password: env.MLFLOW_TRACKING_PASSWORD,
  });
}

/** A failed MLflow call: HTTP status (0 when the server could not be reached) and MLflow's error code. */
export class MlflowError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MlflowError';
  }
}

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface RunInfo {
  readonly run_id: string;
  readonly experiment_id: string;
  readonly status: RunStatus;
  readonly artifact_uri: string;
  readonly start_time?: number;
  readonly end_time?: number;
  readonly lifecycle_stage?: string;
}

export interface Run {
  readonly info: RunInfo;
  readonly data: {
    readonly metrics?: readonly { key: string; value: number; step?: number; timestamp?: number }[];
    readonly params?: readonly { key: string; value: string }[];
    readonly tags?: readonly { key: string; value: string }[];
  };
}

export interface ModelVersion {
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly run_id?: string;
  readonly status?: string;
  readonly creation_timestamp?: number;
  readonly aliases?: readonly string[];
  readonly tags?: readonly { key: string; value: string }[];
}

export interface Metric {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step?: number;
}

export interface LogBatchInput {
  readonly metrics?: readonly Metric[];
  readonly params?: Readonly<Record<string, string | number | boolean>>;
  readonly tags?: Readonly<Record<string, string>>;
}

export class MlflowClient {
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: MlflowClientOptions) {
    let url: URL;
    try {
      url = new URL(options.trackingUri);
    } catch {
      throw new MlflowError(0, 'INVALID_URI', `MLflow tracking URI is not a URL: ${options.trackingUri}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new MlflowError(0, 'INVALID_URI', `MLflow tracking URI must be http(s), got ${options.trackingUri}`);
    }
    this.base = options.trackingUri.replace(/\/+$/, '');
    this.headers = {};
    if (options.token) this.headers.authorization = `Bearer ${options.token}`;
    else if (options.username !== undefined && options.password !== undefined) {
      this.headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    }
    this.attempts = options.attempts ?? 4;
    this.backoffMs = options.backoffMs ?? 250;
    this.timeoutMs = options.timeoutMs ?? 30000;
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The tracking server this client talks to. */
  get trackingUri(): string {
    return this.base;
  }

  // ---------------------------------------------------------------- experiments and runs

  /** The id of the named experiment, created when missing. */
  async getOrCreateExperiment(name: string): Promise<string> {
    try {
      const found = await this.call<{ experiment: { experiment_id: string; lifecycle_stage?: string } }>(
        'GET',
        'mlflow/experiments/get-by-name',
        { experiment_name: name },
      );
      if (found.experiment.lifecycle_stage === 'deleted') {
        throw new MlflowError(400, 'INVALID_STATE', `experiment "${name}" is deleted; restore it or pick another name`);
      }
      return found.experiment.experiment_id;
    } catch (err) {
      if (!(err instanceof MlflowError) || err.errorCode !== 'RESOURCE_DOES_NOT_EXIST') throw err;
    }
    try {
      const created = await this.call<{ experiment_id: string }>('POST', 'mlflow/experiments/create', { name });
      return created.experiment_id;
    } catch (err) {
      // Another process created it between our two calls.
      if (err instanceof MlflowError && err.errorCode === 'RESOURCE_ALREADY_EXISTS') {
        return this.getOrCreateExperiment(name);
      }
      throw err;
    }
  }

  async createRun(
    experimentId: string,
    options: { runName?: string; startTime: number; tags?: Readonly<Record<string, string>> },
  ): Promise<RunInfo> {
    const res = await this.call<{ run: Run }>('POST', 'mlflow/runs/create', {
      experiment_id: experimentId,
      run_name: options.runName,
      start_time: options.startTime,
      tags: toKeyValues(options.tags ?? {}),
    });
    return res.run.info;
  }

  async getRun(runId: string): Promise<Run> {
    return (await this.call<{ run: Run }>('GET', 'mlflow/runs/get', { run_id: runId })).run;
  }

  /** Logs metrics, params and tags, split into as many `log-batch` calls as MLflow's limits need. */
  async logBatch(runId: string, input: LogBatchInput): Promise<void> {
    for (const batch of splitLogBatch(input)) {
      await this.call('POST', 'mlflow/runs/log-batch', { run_id: runId, ...batch });
    }
  }

  async updateRun(runId: string, status: RunStatus, endTime?: number): Promise<RunInfo> {
    const res = await this.call<{ run_info: RunInfo }>('POST', 'mlflow/runs/update', {
      run_id: runId,
      status,
      end_time: endTime,
    });
    return res.run_info;
  }

  /**
   * Uploads one artifact through the server's artifact proxy (`mlflow server --serve-artifacts`):
   * `PUT /api/2.0/mlflow-artifacts/artifacts/<experiment>/<run>/artifacts/<path>`.
   */
  async logArtifact(run: RunInfo, path: string, data: string | Uint8Array, contentType: string): Promise<void> {
    const prefix = 'mlflow-artifacts:/';
    if (!run.artifact_uri.startsWith(prefix)) {
      throw new MlflowError(
        0,
        'UNSUPPORTED_ARTIFACT_STORE',
        `run ${run.run_id} stores artifacts at ${run.artifact_uri}; start the server with --serve-artifacts so they go through it`,
      );
    }
    if (path.split('/').some((part) => part === '..' || part === '')) {
      throw new MlflowError(0, 'INVALID_PARAMETER_VALUE', `artifact path must be relative without '..': ${path}`);
    }
    const root = run.artifact_uri.slice(prefix.length).replace(/^\/+/, '');
    const url = `${this.base}/api/2.0/mlflow-artifacts/artifacts/${root}/${path.split('/').map(encodeURIComponent).join('/')}`;
    await this.send('PUT', url, Buffer.from(data), contentType);
  }

  /**
   * Downloads an artifact given by its `mlflow-artifacts:/…` URI (what a model version's source is
   * when the model was logged to a run) through the server's artifact proxy.
   */
  async downloadArtifact(uri: string): Promise<Buffer> {
    const prefix = 'mlflow-artifacts:/';
    if (!uri.startsWith(prefix)) {
      throw new MlflowError(0, 'INVALID_URI', `not an mlflow-artifacts:/ URI: ${uri}`);
    }
    const path = uri.slice(prefix.length).replace(/^\/+/, '');
    if (path.split('/').some((part) => part === '..' || part === '')) {
      throw new MlflowError(0, 'INVALID_URI', `artifact URI must not contain empty or '..' parts: ${uri}`);
    }
    const url = `${this.base}/api/2.0/mlflow-artifacts/artifacts/${path.split('/').map(encodeURIComponent).join('/')}`;
    return this.sendForBytes('GET', url);
  }

  /** Lists a run's artifacts under `path` (through the tracking API). */
  async listArtifacts(runId: string, path?: string): Promise<{ path: string; is_dir: boolean; file_size?: number }[]> {
    const res = await this.call<{ files?: { path: string; is_dir: boolean; file_size?: number }[] }>(
      'GET',
      'mlflow/artifacts/list',
      { run_id: runId, path },
    );
    return res.files ?? [];
  }

  // ---------------------------------------------------------------- model registry

  /** Creates the registered model unless it exists. */
  async ensureRegisteredModel(name: string, description?: string): Promise<void> {
    try {
      await this.call('POST', 'mlflow/registered-models/create', { name, description });
    } catch (err) {
      if (!(err instanceof MlflowError) || err.errorCode !== 'RESOURCE_ALREADY_EXISTS') throw err;
    }
  }

  async createModelVersion(
    name: string,
    source: string,
    runId?: string,
    tags?: Readonly<Record<string, string>>,
  ): Promise<ModelVersion> {
    const res = await this.call<{ model_version: ModelVersion }>('POST', 'mlflow/model-versions/create', {
      name,
      source,
      run_id: runId,
      tags: toKeyValues(tags ?? {}),
    });
    return res.model_version;
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    const res = await this.call<{ model_version: ModelVersion }>('GET', 'mlflow/model-versions/get', { name, version });
    return res.model_version;
  }

  /** The version an alias points at, or null when the alias (or the model) does not exist. */
  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion | null> {
    try {
      const res = await this.call<{ model_version: ModelVersion }>('GET', 'mlflow/registered-models/alias', {
        name,
        alias,
      });
      return res.model_version;
    } catch (err) {
      // MLflow 3 answers a missing alias with 400 INVALID_PARAMETER_VALUE "... alias X not found."
      const missingAlias =
        err instanceof MlflowError &&
        err.errorCode === 'INVALID_PARAMETER_VALUE' &&
        /alias .* not found/i.test(err.message);
      if (
        err instanceof MlflowError &&
        (err.errorCode === 'RESOURCE_DOES_NOT_EXIST' || err.status === 404 || missingAlias)
      ) {
        return null;
      }
      throw err;
    }
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.call('POST', 'mlflow/registered-models/alias', { name, alias, version });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.call('DELETE', 'mlflow/registered-models/alias', { name, alias });
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.call('POST', 'mlflow/model-versions/set-tag', { name, version, key, value });
  }

  /** All versions of a registered model, newest first. */
  async listModelVersions(name: string): Promise<ModelVersion[]> {
    const versions: ModelVersion[] = [];
    let pageToken: string | undefined;
    do {
      const res = await this.call<{ model_versions?: ModelVersion[]; next_page_token?: string }>(
        'GET',
        'mlflow/model-versions/search',
        { filter: `name='${name.replace(/'/g, "\\'")}'`, max_results: 200, page_token: pageToken },
      );
      versions.push(...(res.model_versions ?? []));
      pageToken = res.next_page_token || undefined;
    } while (pageToken);
    return versions.sort((a, b) => Number(b.version) - Number(a.version));
  }

  // ---------------------------------------------------------------- transport

  private async call<T = unknown>(method: 'GET' | 'POST' | 'DELETE', endpoint: string, body: object): Promise<T> {
    let url = `${this.base}/api/2.0/${endpoint}`;
    let payload: Buffer | undefined;
    if (method === 'GET') {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(body)) if (v !== undefined) query.set(k, String(v));
      const qs = query.toString();
      if (qs) url += `?${qs}`;
    } else {
      payload = Buffer.from(JSON.stringify(body));
    }
    const text = await this.send(method, url, payload, 'application/json');
    return (text ? JSON.parse(text) : {}) as T;
  }

  private async send(method: string, url: string, body: Buffer | undefined, contentType: string): Promise<string> {
    return (await this.request(method, url, body, contentType)).toString('utf8');
  }

  private async sendForBytes(method: string, url: string): Promise<Buffer> {
    return this.request(method, url, undefined, 'application/octet-stream');
  }

  private async request(method: string, url: string, body: Buffer | undefined, contentType: string): Promise<Buffer> {
    const what = `${method} ${url.replace(this.base, '')}`;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetchImpl(url, {
          method,
          headers: { ...this.headers, ...(body ? { 'content-type': contentType } : {}) },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        if (attempt < this.attempts) {
          await this.sleep(this.backoffMs * 2 ** (attempt - 1));
          continue;
        }
        throw new MlflowError(
          0,
          'UNAVAILABLE',
          `MLflow at ${this.base} could not be reached (${what}) after ${attempt} attempts: ${causeOf(err)}`,
          { cause: err },
        );
      }
      const bytes = Buffer.from(await response.arrayBuffer());
      if (response.ok) return bytes;
      const text = bytes.toString('utf8');
      const retryable = response.status >= 500 || response.status === 429;
      if (retryable && attempt < this.attempts) {
        await this.sleep(this.backoffMs * 2 ** (attempt - 1));
        continue;
      }
      let errorCode = `HTTP_${response.status}`;
      let message = text.slice(0, 300);
      try {
        const parsed = JSON.parse(text) as { error_code?: string; message?: string };
        errorCode = parsed.error_code ?? errorCode;
        message = parsed.message ?? message;
      } catch {
        // Not JSON (a proxy's HTML page): keep the start of the text.
      }
      if (response.status === 401 || response.status === 403) {
        message += ' (check MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD)';
      }
      throw new MlflowError(
        response.status,
        errorCode,
        `MLflow ${what} failed: ${response.status} ${errorCode}: ${message}`,
      );
    }
  }
}

/**
 * Splits metrics/params/tags into `log-batch` payloads within MLflow's limits (count per kind,
 * total items and ~1 MB per request). Pure; exported for tests.
 */
export function splitLogBatch(input: LogBatchInput): {
  metrics: Metric[];
  params: { key: string; value: string }[];
  tags: { key: string; value: string }[];
}[] {
  type Item = { kind: 'metrics' | 'params' | 'tags'; value: unknown; bytes: number };
  const items: Item[] = [
    ...(input.metrics ?? []).map((m) => ({ kind: 'metrics' as const, value: m })),
    ...toKeyValues(input.params ?? {}).map((p) => ({ kind: 'params' as const, value: p })),
    ...toKeyValues(input.tags ?? {}).map((t) => ({ kind: 'tags' as const, value: t })),
  ].map((i) => ({ ...i, bytes: Buffer.byteLength(JSON.stringify(i.value)) + 1 }));
  const batches: ReturnType<typeof splitLogBatch> = [];
  let current = {
    metrics: [] as Metric[],
    params: [] as { key: string; value: string }[],
    tags: [] as { key: string; value: string }[],
  };
  let count = 0;
  let bytes = 0;
  const budget = LOG_BATCH_LIMITS.bytes - 1000; // room for the envelope and run_id
  for (const item of items) {
    const full =
      count + 1 > LOG_BATCH_LIMITS.items ||
      bytes + item.bytes > budget ||
      current[item.kind].length + 1 > LOG_BATCH_LIMITS[item.kind];
    if (full && count > 0) {
      batches.push(current);
      current = { metrics: [], params: [], tags: [] };
      count = 0;
      bytes = 0;
    }
    (current[item.kind] as unknown[]).push(item.value);
    count++;
    bytes += item.bytes;
  }
  if (count > 0) batches.push(current);
  return batches;
}

function toKeyValues(record: Readonly<Record<string, string | number | boolean>>): { key: string; value: string }[] {
  return Object.entries(record).map(([key, value]) => ({ key, value: String(value) }));
}

function causeOf(err: unknown): string {
  // Duck-typed: errors thrown by fetch may come from another realm (instanceof Error can be false).
  const e = err as { message?: string; cause?: { code?: string; message?: string } } | undefined;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}
