/**
 * The Open Inference Protocol (KServe V2, the REST protocol of Triton and KServe;
 * https://kserve.github.io/website/docs/concepts/architecture/data-plane/v2-protocol): server and model
 * health, model metadata and inference with a `BYTES` input tensor of comments. The binary tensor
 * extension (Triton's `Inference-Header-Content-Length`) is supported both ways, since Triton's own
 * client sends and asks for binary data by default.
 */
import type { Request, RequestHandler, Response } from 'express';
import { type TextScore, isPredicted } from '../src/ml';
import { type CompatDeps, checkTexts, probabilityOf, scoreAll } from './compat-scoring';
import type { LoadedModel } from './model-holder';
import { requireModel } from './predict-handler';
import { HttpProblem } from './problem';
import { parseJsonBytes } from './raw-body';

/** Output tensors of the model, each [batch, labels] in model label order. */
export const OIP_OUTPUTS = {
  probability: 'FP64',
  decision: 'FP64',
  predicted: 'BOOL',
} as const;
type OutputName = keyof typeof OIP_OUTPUTS;

const HEADER_LENGTH = 'inference-header-content-length';

function bad(message: string): HttpProblem {
  return new HttpProblem('invalid-request', message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The loaded model when `name` is its name, else 404 naming the one served. */
function modelNamed(deps: CompatDeps, name: string): LoadedModel {
  const loaded = requireModel(deps.models);
  if (name !== loaded.name) {
    throw new HttpProblem(
      'not-found',
      `unknown model ${JSON.stringify(name.slice(0, 100))}; this server serves ${JSON.stringify(loaded.name)}`,
    );
  }
  return loaded;
}

/** `GET /v2`: server metadata. */
export function oipServerMetadata(deps: CompatDeps): RequestHandler {
  return (_req, res) =>
    deps.out.json(res, 200, { name: 'toxicity', version: deps.apiVersion, extensions: ['binary_tensor_data'] });
}

/** `GET /v2/health/live` and `/v2/health/ready`; not ready is a 4xx, as the protocol says. */
export function oipHealth(deps: CompatDeps, what: 'live' | 'ready', draining: () => boolean): RequestHandler {
  return (_req, res) => {
    if (what === 'live') {
      deps.out.json(res, 200, { live: true });
      return;
    }
    const ready = deps.models.current !== undefined && !draining();
    deps.out.json(
      res,
      ready ? 200 : 400,
      ready ? { ready: true } : { ready: false, error: 'no model is loaded, or the server is shutting down' },
    );
  };
}

/** `GET /v2/models/{model}/ready`. */
export function oipModelReady(deps: CompatDeps): RequestHandler {
  return (req, res) => {
    modelNamed(deps, req.params.model as string);
    deps.out.json(res, 200, { name: req.params.model, ready: true });
  };
}

/** `GET /v2/models/{model}`: metadata, with the label order of the output tensors in `parameters`. */
export function oipModelMetadata(deps: CompatDeps): RequestHandler {
  return (req, res) => {
    const loaded = modelNamed(deps, req.params.model as string);
    const L = loaded.labels.length;
    deps.out.json(res, 200, {
      name: loaded.name,
      versions: [loaded.version],
      platform: 'toxicity_linear_svm',
      inputs: [{ name: 'text', datatype: 'BYTES', shape: [-1] }],
      outputs: (Object.keys(OIP_OUTPUTS) as OutputName[]).map((name) => ({
        name,
        datatype: OIP_OUTPUTS[name],
        shape: [-1, L],
      })),
      parameters: { labels: loaded.labels.join(',') },
    });
  };
}

interface InferRequest {
  readonly id: string | undefined;
  readonly texts: string[];
  readonly outputs: { name: OutputName; binary: boolean }[];
}

/** Splits a binary-extension body into its JSON header and the bytes after it. */
function splitBody(req: Request): { header: unknown; binary: Buffer } {
  const body = req.body as Buffer;
  const given = req.headers[HEADER_LENGTH];
  if (given === undefined) return { header: parseJsonBytes(body), binary: Buffer.alloc(0) };
  const length = Number(given);
  if (!Number.isInteger(length) || length < 0 || length > body.length) {
    throw bad(`Inference-Header-Content-Length must be an integer from 0 to the body length (${body.length})`);
  }
  return { header: parseJsonBytes(body.subarray(0, length)), binary: body.subarray(length) };
}

/** The elements of a binary BYTES tensor: each a 4-byte little-endian length, then the bytes. */
export function decodeBytesTensor(data: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < data.length) {
    if (at + 4 > data.length) throw bad('a binary BYTES tensor ends inside an element length');
    const n = data.readUInt32LE(at);
    at += 4;
    if (at + n > data.length) throw bad('a binary BYTES tensor ends inside an element');
    out.push(data.toString('utf8', at, at + n));
    at += n;
  }
  return out;
}

function flattenStrings(data: unknown, into: string[]): void {
  if (Array.isArray(data)) for (const d of data) flattenStrings(d, into);
  else if (typeof data === 'string') into.push(data);
  else throw bad('the data of a BYTES input must hold strings');
}

/** Validates an inference request (JSON or binary extension). */
export function parseInferRequest(req: Request, limits: { readonly maxBatchSize: number }): InferRequest {
  const { header, binary } = splitBody(req);
  if (!isObject(header)) throw bad('the inference request must be a JSON object');
  const inputs = header.inputs;
  if (!Array.isArray(inputs) || inputs.length !== 1 || !isObject(inputs[0])) {
    throw bad('inputs must hold exactly one tensor: the comments, as {"name": "text", "datatype": "BYTES", ...}');
  }
  const input = inputs[0];
  if (input.datatype !== 'BYTES') {
    throw bad(`the input tensor's datatype must be BYTES, got ${JSON.stringify(String(input.datatype).slice(0, 20))}`);
  }
  const shape = input.shape;
  if (
    !Array.isArray(shape) ||
    !shape.every((d) => Number.isInteger(d) && d >= 0) ||
    shape.length < 1 ||
    shape.length > 2 ||
    (shape.length === 2 && shape[1] !== 1)
  ) {
    throw bad('the input shape must be [batch] or [batch, 1]');
  }
  const count = (shape as number[])[0];
  if (count > limits.maxBatchSize) {
    throw bad(`the input holds ${count} texts; at most ${limits.maxBatchSize} are accepted per request`);
  }
  const parameters = isObject(input.parameters) ? input.parameters : {};
  let texts: string[] = [];
  if (parameters.binary_data_size !== undefined) {
    const size = parameters.binary_data_size;
    if (!Number.isInteger(size) || (size as number) < 0 || (size as number) > binary.length) {
      throw bad('binary_data_size of the input is larger than the binary data sent');
    }
    texts = decodeBytesTensor(binary.subarray(0, size as number));
  } else {
    if (input.data === undefined) throw bad('the input tensor has neither data nor binary_data_size');
    flattenStrings(input.data, texts);
  }
  if (texts.length !== count) {
    throw bad(`the input shape says ${count} elements, the data holds ${texts.length}`);
  }
  const requestParameters = isObject(header.parameters) ? header.parameters : {};
  const binaryDefault = requestParameters.binary_data_output === true;
  let outputs: InferRequest['outputs'];
  if (header.outputs === undefined) {
    outputs = (Object.keys(OIP_OUTPUTS) as OutputName[]).map((name) => ({ name, binary: binaryDefault }));
  } else {
    if (!Array.isArray(header.outputs)) throw bad('outputs must be an array');
    outputs = header.outputs.map((o: unknown) => {
      const name = isObject(o) ? o.name : undefined;
      if (typeof name !== 'string' || !(name in OIP_OUTPUTS)) {
        throw bad(`unknown output ${JSON.stringify(name)}; outputs are ${Object.keys(OIP_OUTPUTS).join(', ')}`);
      }
      const p = isObject(o) && isObject(o.parameters) ? o.parameters : {};
      return { name: name as OutputName, binary: p.binary_data === undefined ? binaryDefault : p.binary_data === true };
    });
  }
  const id = header.id;
  if (id !== undefined && typeof id !== 'string') throw bad('id must be a string');
  return { id, texts, outputs };
}

/** `POST /v2/models/{model}/infer`. */
export function oipInfer(deps: CompatDeps): RequestHandler {
  return (req, res, next) => {
    modelNamed(deps, req.params.model as string);
    const request = parseInferRequest(req, deps.settings);
    checkTexts(request.texts, deps.settings, 'the input tensor');
    scoreAll(deps, res, request.texts).then((scored) => {
      if (!scored) return;
      // The model may have been swapped meanwhile: the response names the one that scored.
      respond(deps, res, scored.loaded, request, scored.results);
    }, next);
  };
}

function respond(
  deps: CompatDeps,
  res: Response,
  loaded: LoadedModel,
  request: InferRequest,
  results: readonly TextScore[],
): void {
  const N = results.length;
  const L = loaded.labels.length;
  const threshold = deps.settings.threshold;
  const values = (name: OutputName): number[] | boolean[] => {
    const flat: (number | boolean)[] = [];
    for (const r of results) {
      for (const s of r.scores) {
        flat.push(
          name === 'probability' ? probabilityOf(s) : name === 'decision' ? s.decision : isPredicted(s, threshold),
        );
      }
    }
    return flat as number[] | boolean[];
  };
  const chunks: Buffer[] = [];
  const outputs = request.outputs.map(({ name, binary }) => {
    const data = values(name);
    const tensor = { name, datatype: OIP_OUTPUTS[name], shape: [N, L] };
    if (!binary) return { ...tensor, data };
    const bytes =
      OIP_OUTPUTS[name] === 'BOOL'
        ? Buffer.from((data as boolean[]).map((b) => (b ? 1 : 0)))
        : float64LE(data as number[]);
    chunks.push(bytes);
    return { ...tensor, parameters: { binary_data_size: bytes.length } };
  });
  const body = {
    model_name: loaded.name,
    model_version: loaded.version,
    ...(request.id !== undefined ? { id: request.id } : {}),
    outputs,
  };
  if (chunks.length === 0) {
    deps.out.json(res, 200, body);
    return;
  }
  const json = Buffer.from(JSON.stringify(body));
  deps.out.send(res, 200, 'application/octet-stream', Buffer.concat([json, ...chunks]), {
    'Inference-Header-Content-Length': String(json.length),
  });
}

/** FP64 elements in the binary extension's byte order (little-endian), whatever the host's. */
function float64LE(values: readonly number[]): Buffer {
  const bytes = Buffer.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) bytes.writeDoubleLE(values[i], i * 8);
  return bytes;
}

/** The protocol's error body: `{"error": "<message>"}`. */
export function oipError(problem: HttpProblem): unknown {
  return { error: problem.detail };
}
