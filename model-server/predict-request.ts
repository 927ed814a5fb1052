import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { type FieldError, HttpProblem } from './problem';
import { PRECHECKED_SCHEMA } from '../src/common';

/** Limits of a predict request (from `config.server`). */
export interface PredictLimits {
  /** Most comments in one `texts` batch. */
  readonly maxBatchSize: number;
  /** Longest comment, in characters (Unicode code points, as JSON Schema's maxLength counts). */
  readonly maxTextLength: number;
}

/** What the validator needs besides the schema limits. */
export interface PredictValidatorOptions extends PredictLimits {
  /** Errors listed in a 400 problem; the rest are only counted (`error_count`). */
  readonly maxReportedErrors: number;
}

/** Most labels one request may name (a model has a handful). */
export const MAX_REQUESTED_LABELS = 64;

/** The body of `POST /v1/predict` (and `POST /predict`). */
export interface PredictBody {
  readonly text?: string;
  readonly texts?: readonly string[];
  readonly explain?: boolean;
  readonly labels?: readonly string[];
}

/** JSON Schema (2020-12, the dialect of OpenAPI 3.1) of the predict body for the given limits. */
export function predictRequestSchema(limits: PredictLimits) {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      text: {
        type: 'string',
        maxLength: limits.maxTextLength,
        description: 'One comment. Give `text` or `texts`, not both.',
      },
      texts: {
        type: 'array',
        minItems: 1,
        maxItems: limits.maxBatchSize,
        items: { type: 'string', maxLength: limits.maxTextLength },
        description: 'A batch of comments, scored in order.',
      },
      explain: {
        type: 'boolean',
        description: 'Also return, per label, the features that contributed most, with character spans.',
      },
      labels: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_REQUESTED_LABELS,
        uniqueItems: true,
        items: { type: 'string', minLength: 1, maxLength: 100 },
        description: 'Labels to return scores for, in this order (default: all the model labels).',
      },
    },
    oneOf: [{ required: ['text'] }, { required: ['texts'] }],
  } as const;
}

/**
 * A compiled validator of predict bodies; returns the typed body or throws a 400 `HttpProblem` listing
 * the first `maxReportedErrors` errors and counting all of them. Arrays longer than their limit are
 * refused before the schema runs, so the work (and the error list) of one request stays bounded by the
 * limits whatever the body holds.
 */
export class PredictRequestValidator {
  private readonly validate: ValidateFunction;
  /**
   * The schema without the comments' `maxLength`, for bodies whose comments are all within the limit in
   * UTF-16 units (checked by `withinLength`, one `.length` read each). A string's code points never
   * outnumber its UTF-16 units, so such a body passes `maxLength` for sure and the rest of the schema
   * decides; any other body goes to the exact validator (for the verdict and the errors). That skips
   * counting the code points of every comment (ajv's `ucs2length`, a JavaScript loop over each character)
   * on valid requests: a few per cent of a batch's CPU time.
   */
  private readonly validateQuick: ValidateFunction;
  readonly limits: PredictValidatorOptions;

  constructor(limits: PredictLimits & Partial<PredictValidatorOptions>) {
    this.limits = { ...limits, maxReportedErrors: limits.maxReportedErrors ?? 20 };
    const options = { ...PRECHECKED_SCHEMA, allErrors: true, strict: true, strictRequired: false } as const;
    this.validate = new Ajv2020(options).compile(predictRequestSchema(limits));
    // The same schema, its comments' maxLength left out.
    const schema = predictRequestSchema({ ...limits, maxTextLength: 0 }) as unknown as {
      properties: { text: Record<string, unknown>; texts: { items: Record<string, unknown> } };
    };
    delete schema.properties.text.maxLength;
    delete schema.properties.texts.items.maxLength;
    this.validateQuick = new Ajv2020({ ...options, allErrors: false }).compile(schema);
  }

  check(body: unknown): PredictBody {
    this.precheck(body);
    if ((this.withinLength(body) && this.validateQuick(body)) || this.validate(body)) return body as PredictBody;
    const all = this.describe(body, this.validate.errors ?? []);
    const max = this.limits.maxReportedErrors;
    throw new HttpProblem('invalid-request', 'the request body does not match the predict request schema', {
      errors: all.length > max ? all.slice(0, max) : all,
      errorCount: all.length,
    });
  }

  /** Whether every comment of the body (`text`, `texts` items) is at most `maxTextLength` UTF-16 units long. */
  private withinLength(body: unknown): boolean {
    if (body === null || typeof body !== 'object') return false;
    const max = this.limits.maxTextLength;
    const { text, texts } = body as { text?: unknown; texts?: unknown };
    if (typeof text === 'string' && text.length > max) return false;
    if (Array.isArray(texts)) {
      for (const t of texts) if (typeof t === 'string' && t.length > max) return false;
    }
    return true;
  }

  /** Refuses over-long arrays at once (one error), before ajv would visit each of their items. */
  precheck(body: unknown): void {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
    const o = body as Record<string, unknown>;
    const tooLong = (pointer: string, value: unknown, limit: number) => {
      if (Array.isArray(value) && value.length > limit) {
        throw new HttpProblem('invalid-request', 'the request body does not match the predict request schema', {
          errors: [{ pointer, message: `must have at most ${limit} items` }],
          errorCount: 1,
        });
      }
    };
    tooLong('/texts', o.texts, this.limits.maxBatchSize);
    tooLong('/labels', o.labels, MAX_REQUESTED_LABELS);
  }

  private describe(body: unknown, errors: readonly ErrorObject[]): FieldError[] {
    const out: FieldError[] = [];
    const seen = new Set<string>();
    const add = (pointer: string, message: string) => {
      const k = `${pointer} ${message}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push({ pointer, message });
      }
    };
    const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
    for (const e of errors) {
      switch (e.keyword) {
        case 'additionalProperties':
          add(
            `/${(e.params as { additionalProperty: string }).additionalProperty}`,
            'unknown field (allowed: text, texts, explain, labels)',
          );
          break;
        case 'required':
          break; // the oneOf branches; reported below
        case 'oneOf': {
          if (!isObject) break;
          const o = body as Record<string, unknown>;
          const both = 'text' in o && 'texts' in o;
          add('', both ? 'give either "text" or "texts", not both' : 'a "text" string or a "texts" array is required');
          break;
        }
        case 'maxLength':
          add(e.instancePath, `must be at most ${(e.params as { limit: number }).limit} characters`);
          break;
        case 'maxItems':
          add(e.instancePath, `must have at most ${(e.params as { limit: number }).limit} items`);
          break;
        case 'minItems':
          add(e.instancePath, 'must not be empty');
          break;
        case 'uniqueItems':
          add(e.instancePath, 'must not name a label twice');
          break;
        case 'type':
          add(e.instancePath, `must be ${withArticle((e.params as { type: string }).type)}`);
          break;
        default:
          add(e.instancePath, e.message ?? 'is invalid');
      }
    }
    if (out.length === 0) add('', 'does not match the schema');
    return out;
  }
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
