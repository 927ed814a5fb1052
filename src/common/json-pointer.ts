/**
 * The value a JSON Pointer (RFC 6901, as ajv's `instancePath` gives it) designates in a document,
 * or undefined when the path leaves the document.
 */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const part of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}
