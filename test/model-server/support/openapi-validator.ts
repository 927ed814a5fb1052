import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { buildOpenApiDocument } from '../../../model-server/openapi';

type Doc = ReturnType<typeof buildOpenApiDocument>;

/**
 * Validates live responses against the response schemas of the server's own OpenAPI document, so
 * the document cannot drift from what the server sends.
 */
export class OpenApiResponseValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });

  constructor(private readonly doc: Doc) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  }

  /** Throws (naming the errors) when `body` does not match the documented response. */
  check(path: string, method: 'get' | 'post', status: number, contentType: string, body: unknown): void {
    const operation = (this.doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[
      path
    ]?.[method];
    if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
    const response = operation.responses[String(status)] as
      { content?: Record<string, { schema: Record<string, unknown> }> } | undefined;
    if (!response) throw new Error(`${method.toUpperCase()} ${path} does not document status ${status}`);
    const mediaType = contentType.split(';')[0].trim();
    const content = response.content?.[mediaType];
    if (!content) throw new Error(`${method.toUpperCase()} ${path} ${status} does not document ${mediaType}`);
    const schema = rebase(content.schema);
    const validate = this.ajv.compile(schema);
    if (!validate(body)) {
      throw new Error(
        `${method.toUpperCase()} ${path} ${status} does not match its schema: ${this.ajv.errorsText(validate.errors)}`,
      );
    }
  }
}

/** `#/components/...` refs, made to point into the registered document. */
function rebase(schema: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi.json#/components/')) as Record<
    string,
    unknown
  >;
}
