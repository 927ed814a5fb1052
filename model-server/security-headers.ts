import helmet from 'helmet';

/**
 * Response headers every API response carries: helmet's, configured for a JSON API (a CSP that
 * allows nothing and no framing; no HTML-only relaxations), plus `Cache-Control: no-store`
 * (responses are per request and may be sensitive).
 *
 * helmet is run once, at start-up, against a recording response; the app then writes the recorded
 * headers with each response in one `writeHead` call instead of running helmet's middleware chain
 * per request. The header set is static, so the result is the same.
 */
export function apiSecurityHeaders(): readonly (readonly [string, string])[] {
  const middleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
  const headers: [string, string][] = [];
  let finished = false;
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push([name, Array.isArray(value) ? value.join(', ') : String(value)]);
    },
    removeHeader() {
      // helmet removes X-Powered-By; the app never sets it (`app.disable('x-powered-by')`).
    },
  };
  const run = middleware as unknown as (req: object, res: typeof recorder, next: (err?: unknown) => void) => void;
  run({}, recorder, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error('helmet failed');
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously; its headers cannot be precomputed');
  headers.push(['Cache-Control', 'no-store']);
  return headers;
}
