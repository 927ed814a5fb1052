/**
 * `POST /v1alpha1/comments:analyze`, shaped as the Perspective API's AnalyzeComment method
 * (https://developers.perspectiveapi.com/s/about-the-api-methods): the request's
 * `requestedAttributes` are mapped to the model's labels, each answered with a `summaryScore` and
 * `spanScores`, so a Perspective client pointed at this server works unchanged.
 */
import type { RequestHandler } from 'express';
import { type CompatDeps, checkTexts, probabilityOf, scoreAll } from './compat-scoring';
import { requireModel } from './predict-handler';
import { HttpProblem } from './problem';

/** Perspective attribute → the Jigsaw label names (and the attribute's own name, lowercased) it reads. */
export const PERSPECTIVE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  TOXICITY: ['toxic', 'toxicity'],
  SEVERE_TOXICITY: ['severe_toxic', 'severe_toxicity'],
  PROFANITY: ['obscene', 'profanity'],
  THREAT: ['threat'],
  INSULT: ['insult'],
  IDENTITY_ATTACK: ['identity_hate', 'identity_attack'],
};

/** The Perspective attributes a model answers: attribute → label, in the table's order. */
export function supportedAttributes(labels: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [attribute, names] of Object.entries(PERSPECTIVE_ATTRIBUTES)) {
    const label = labels.find((l) => names.includes(l.toLowerCase()));
    if (label !== undefined) out.set(attribute, label);
  }
  return out;
}

const KNOWN_FIELDS = new Set([
  'comment',
  'context',
  'requestedAttributes',
  'spanAnnotations',
  'languages',
  'doNotStore',
  'clientToken',
  'sessionId',
  'communityId',
]);

interface AttributeRequest {
  readonly threshold: number | undefined;
}

interface AnalyzeRequest {
  readonly text: string;
  readonly attributes: ReadonlyMap<string, AttributeRequest>;
  readonly spanAnnotations: boolean;
  readonly languages: readonly string[] | undefined;
  readonly clientToken: string | undefined;
}

function bad(message: string): HttpProblem {
  return new HttpProblem('invalid-request', message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Validates an AnalyzeComment body; every refusal names the field. */
export function parseAnalyzeRequest(body: unknown): AnalyzeRequest {
  if (!isObject(body)) throw bad('the body must be a JSON object (an AnalyzeCommentRequest)');
  for (const key of Object.keys(body)) {
    if (!KNOWN_FIELDS.has(key)) {
      throw bad(`unknown field ${JSON.stringify(key.slice(0, 100))} (allowed: ${[...KNOWN_FIELDS].join(', ')})`);
    }
  }
  const comment = body.comment;
  if (!isObject(comment) || typeof comment.text !== 'string') {
    throw bad('comment.text is required and must be a string');
  }
  if (comment.type !== undefined && comment.type !== 'PLAIN_TEXT') {
    throw bad(`comment.type must be PLAIN_TEXT, got ${JSON.stringify(comment.type).slice(0, 40)}`);
  }
  const requested = body.requestedAttributes;
  if (!isObject(requested) || Object.keys(requested).length === 0) {
    throw bad('requestedAttributes is required and must name at least one attribute, e.g. {"TOXICITY": {}}');
  }
  const attributes = new Map<string, AttributeRequest>();
  for (const [name, spec] of Object.entries(requested)) {
    if (spec !== null && !isObject(spec)) throw bad(`requestedAttributes.${name} must be an object`);
    const { scoreType, scoreThreshold } = spec ?? {};
    if (scoreType !== undefined && scoreType !== 'PROBABILITY') {
      throw bad(`requestedAttributes.${name}.scoreType must be PROBABILITY`);
    }
    if (
      scoreThreshold !== undefined &&
      (typeof scoreThreshold !== 'number' || !(scoreThreshold >= 0 && scoreThreshold <= 1))
    ) {
      throw bad(`requestedAttributes.${name}.scoreThreshold must be a number in [0, 1]`);
    }
    attributes.set(name, { threshold: scoreThreshold });
  }
  const languages = body.languages;
  if (languages !== undefined && (!Array.isArray(languages) || !languages.every((l) => typeof l === 'string'))) {
    throw bad('languages must be an array of language codes, e.g. ["en"]');
  }
  for (const flag of ['spanAnnotations', 'doNotStore'] as const) {
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean') throw bad(`${flag} must be a boolean`);
  }
  if (body.clientToken !== undefined && typeof body.clientToken !== 'string') {
    throw bad('clientToken must be a string');
  }
  return {
    text: comment.text,
    attributes,
    spanAnnotations: body.spanAnnotations === true,
    languages: languages,
    clientToken: body.clientToken,
  };
}

/**
 * Sentence spans of a text as [begin, end) UTF-16 offsets, leading and trailing blanks left out: a
 * sentence ends after `.`, `!` or `?` followed by white space, or at a line break.
 */
export function sentenceSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const boundary = /[.!?]+(?=\s)|\n/g;
  let start = 0;
  const push = (from: number, to: number) => {
    while (from < to && /\s/.test(text[from])) from++;
    while (to > from && /\s/.test(text[to - 1])) to--;
    if (to > from) spans.push([from, to]);
  };
  for (let m = boundary.exec(text); m !== null; m = boundary.exec(text)) {
    const end = m.index + m[0].length;
    push(start, end);
    start = end;
  }
  push(start, text.length);
  return spans;
}

interface Score {
  readonly value: number;
  readonly type: 'PROBABILITY';
}

/**
 * The handler. Unsupported attributes are refused with the list of supported ones; `languages` are
 * echoed (the model does not detect languages and never refuses one); the comment text is never
 * logged, whatever `doNotStore` says, so `doNotStore: true` is honoured.
 */
export function createPerspectiveHandler(deps: CompatDeps): RequestHandler {
  return (req, res, next) => {
    const request = parseAnalyzeRequest(req.body);
    checkTexts([request.text], deps.settings, 'comment.text');
    const supported = supportedAttributes(requireModel(deps.models).labels);
    const unsupported = [...request.attributes.keys()].filter((a) => !supported.has(a));
    if (unsupported.length > 0) {
      throw bad(
        `unsupported attribute(s) ${unsupported.join(', ')}; this model answers ${[...supported.keys()].join(', ') || 'none'}`,
      );
    }
    const spans = request.spanAnnotations ? sentenceSpans(request.text) : [];
    const texts = [request.text, ...spans.map(([b, e]) => request.text.slice(b, e))];
    scoreAll(deps, res, texts).then((scored) => {
      if (!scored) return;
      const { loaded, results } = scored;
      const score = (row: number, label: string): Score => ({
        value: probabilityOf(results[row].scores[loaded.labels.indexOf(label)]),
        type: 'PROBABILITY',
      });
      const attributeScores: Record<string, unknown> = {};
      for (const [attribute, { threshold }] of request.attributes) {
        const label = supported.get(attribute)!;
        const summary = score(0, label);
        if (threshold !== undefined && summary.value < threshold) continue;
        const spanScores =
          spans.length > 0
            ? spans.map(([begin, end], i) => ({ begin, end, score: score(i + 1, label) }))
            : [{ begin: 0, end: request.text.length, score: summary }];
        attributeScores[attribute] = { spanScores, summaryScore: summary };
      }
      deps.out.json(res, 200, {
        attributeScores,
        languages: request.languages ?? ['en'],
        ...(request.clientToken !== undefined ? { clientToken: request.clientToken } : {}),
      });
    }, next);
  };
}

/** Google API error codes (google.rpc.Code names) by HTTP status. */
const GOOGLE_STATUS: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'INVALID_ARGUMENT',
  413: 'INVALID_ARGUMENT',
  415: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** An error in Google's JSON error shape, which Perspective clients read (`error.message`). */
export function perspectiveError(problem: HttpProblem): unknown {
  return {
    error: { code: problem.status, message: problem.detail, status: GOOGLE_STATUS[problem.status] ?? 'UNKNOWN' },
  };
}
