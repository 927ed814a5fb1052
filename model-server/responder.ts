import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, type ProblemDocument } from './problem';
import { apiSecurityHeaders } from './security-headers';

/** Shutdown state shared with the listener: once draining, readiness fails and connections are not kept alive. */
export interface DrainState {
  readonly draining: boolean;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Whether a request still has body bytes on the wire that nobody read: answering it early (401, 413,
 * 429, 503…) must then close the connection, or Node would read the rest to reuse the connection and an
 * unauthenticated client could make the server swallow a large body.
 */
export function hasUnreadBody(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Writes whole responses with one `writeHead`: the security headers (computed once), content type
 * and length, and any extra headers. Every response of the app goes through it. Header values are
 * always the server's own strings: nothing from the request is ever echoed into a header.
 */
export class Responder {
  private readonly base: readonly string[];

  constructor(private readonly drain: DrainState) {
    this.base = apiSecurityHeaders().flat();
  }

  send(
    res: ServerResponse,
    status: number,
    contentType: string,
    body: string | Buffer,
    extra?: Readonly<Record<string, string>>,
  ): void {
    const headers = this.base.slice();
    headers.push('Content-Type', contentType, 'Content-Length', String(Buffer.byteLength(body)));
    if (extra) for (const name of Object.keys(extra)) headers.push(name, extra[name]);
    // While draining, make clients reconnect (to another replica) instead of keeping this connection;
    // and never drain an unread request body on behalf of a refused request.
    if (!(extra && 'Connection' in extra) && (this.drain.draining || hasUnreadBody(res.req))) {
      headers.push('Connection', 'close');
    }
    res.writeHead(status, headers);
    res.end(body);
  }

  json(res: ServerResponse, status: number, value: unknown): void {
    this.send(res, status, JSON_TYPE, JSON.stringify(value));
  }

  problem(res: ServerResponse, problem: ProblemDocument, extra?: Readonly<Record<string, string>>): void {
    this.send(res, problem.status, PROBLEM_CONTENT_TYPE, JSON.stringify(problem), extra);
  }
}
