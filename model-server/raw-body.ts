import type { RequestHandler } from 'express';
import { HttpProblem } from './problem';

/**
 * Reads a request body as bytes into `req.body` (a Buffer), for the endpoints whose protocols send
 * more than JSON (MLflow's CSV, the Open Inference Protocol's binary tensors). The same bounds as
 * `jsonBody`: no body → 400; a `Content-Encoding` → 415; over the limit (declared or received) →
 * 413 and the connection is closed, not drained. The media type is left to the handler.
 */
export function rawBody(limitBytes: number): RequestHandler {
  return (req, _res, next) => {
    const { headers } = req;
    const length = headers['content-length'];
    if (headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) {
      next(new HttpProblem('invalid-request', 'a request body is required'));
      return;
    }
    const encoding = headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      next(new HttpProblem('unsupported-media-type', 'the body must not be compressed (no Content-Encoding)'));
      return;
    }
    const tooLarge = () =>
      new HttpProblem('payload-too-large', `the body must be at most ${limitBytes} bytes`, {
        headers: { Connection: 'close' },
      });
    if (length !== undefined && Number(length) > limitBytes) {
      next(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (err?: HttpProblem) => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('aborted', onAborted);
      if (err) {
        next(err);
        return;
      }
      req.body = Buffer.concat(chunks, received);
      next();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) finish(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = () => finish(new HttpProblem('invalid-request', 'the body could not be read'));
    const onAborted = () => finish(new HttpProblem('invalid-request', 'the body was incomplete'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  };
}

/** The media type of a Content-Type header, lowercased, without parameters ('' when absent). */
export function mediaTypeOf(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/** Parses a JSON body read by `rawBody` (400 `malformed-json` when it is not JSON). */
export function parseJsonBytes(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new HttpProblem('malformed-json', 'the body is not valid JSON');
  }
}
