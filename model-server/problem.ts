/**
 * Errors as `application/problem+json` (RFC 9457). Each kind of failure has a stable `type` URI that
 * clients can switch on; the URIs are identifiers, not links (RFC 9457 §3.1.1 allows non-resolvable
 * ones). Handlers throw `HttpProblem`; one middleware in `create-app.ts` writes it, and turns any
 * other error into a 500 that says nothing about the cause.
 */

/** Base of every problem `type`. */
export const PROBLEM_TYPE_BASE = 'https://toxicity.local/problems/';

/** Every problem the API returns: slug → status and title. */
export const PROBLEMS = {
  'invalid-request': { status: 400, title: 'The request body is not valid' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'unknown-label': { status: 400, title: 'A requested label is not one of the model labels' },
  unauthorized: { status: 401, title: 'A valid bearer token is required' },
  'not-found': { status: 404, title: 'No such resource' },
  'method-not-allowed': { status: 405, title: 'Method not allowed on this resource' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be application/json' },
  'too-many-requests': { status: 429, title: 'Too many requests from this client' },
  'internal-error': { status: 500, title: 'Internal server error' },
  'model-not-ready': { status: 503, title: 'No model is loaded yet' },
  draining: { status: 503, title: 'The server is shutting down' },
  overloaded: { status: 503, title: 'The server is at capacity' },
} as const;

export type ProblemSlug = keyof typeof PROBLEMS;

/** The `type` URI of a problem slug. */
export function problemType(slug: ProblemSlug): string {
  return `${PROBLEM_TYPE_BASE}${slug}`;
}

/** One validation error: where (a JSON pointer into the body) and what. */
export interface FieldError {
  readonly pointer: string;
  readonly message: string;
}

/** The JSON body of a problem response. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** Validation errors (400 invalid-request only): the first few. */
  readonly errors?: readonly FieldError[];
  /** How many validation errors were found (may exceed the number listed). */
  readonly error_count?: number;
  /** Correlates a 500 with the server log entry. */
  readonly request_id?: string;
}

/** An error that becomes a problem response as is: its `detail` is meant for the client. */
export class HttpProblem extends Error {
  readonly status: number;

  constructor(
    readonly slug: ProblemSlug,
    readonly detail: string,
    readonly extra: {
      readonly errors?: readonly FieldError[];
      readonly errorCount?: number;
      readonly headers?: Record<string, string>;
    } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = PROBLEMS[slug].status;
  }

  toDocument(): ProblemDocument {
    return {
      type: problemType(this.slug),
      title: PROBLEMS[this.slug].title,
      status: this.status,
      detail: this.detail,
      ...(this.extra.errors ? { errors: this.extra.errors } : {}),
      ...(this.extra.errorCount !== undefined ? { error_count: this.extra.errorCount } : {}),
    };
  }
}

/** Media type of problem responses (RFC 9457 §3). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
