import jwt from 'jsonwebtoken';
import type { AuthFailureReason } from '../src/contract';
import type { JwtKeyRing } from './jwt-key-ring';

/** What a verified token says about the caller. */
export interface VerifiedClaims {
  /** The client (`sub`). */
  readonly subject: string;
  /** Key id the token was verified with. */
  readonly kid: string;
  /** Expiry, Unix seconds. */
  readonly expiresAt: number;
}

export interface JwtVerifierOptions {
  readonly issuer: string;
  readonly audience: string;
  /** Leeway for `exp`/`nbf`/`iat` between clocks. */
  readonly clockToleranceSeconds: number;
  /** Refuse tokens issued longer ago than this (by `iat`); null for no limit. */
  readonly maxTokenAgeSeconds: number | null;
  /** Refuse tokens whose lifetime (`exp - iat`) is longer than this; null for no limit. @default null */
  readonly maxTokenLifetimeSeconds?: number | null;
  /**
   * How many verified tokens to remember (0 disables the cache).
   * @default 10000
   */
  readonly cacheSize?: number;
  /** Current time in milliseconds. @default Date.now */
  readonly now?: () => number;
}

/**
 * A refused token: `reason` is a bounded metric label, `description` goes to the client (RFC 6750 §3),
 * in the body and in `WWW-Authenticate`, so it is always one of the server's own fixed sentences.
 */
export class AuthError extends Error {
  constructor(
    readonly reason: AuthFailureReason,
    readonly description: string,
  ) {
    super(description);
    this.name = 'AuthError';
  }
}

const BEARER = /^bearer$/i;

/**
 * Checks `Authorization: Bearer <jwt>` headers following RFC 8725 (JWT best current practices):
 * the algorithm is pinned to HS256 (so `none`, HS512 and RS256/HS256 key confusion are refused before
 * any signature work), the key is chosen by `kid` among the configured ones, `exp` and `sub` are
 * required (jsonwebtoken accepts tokens without `exp` unless told), `iss` and `aud` must match,
 * `nbf`/`exp` get a small clock tolerance, `iat` may not lie in the future, a maximum age requires
 * `iat` and bounds it, and a maximum lifetime bounds `exp - iat` (both on by default in the config).
 */
export class JwtVerifier {
  private readonly now: () => number;
  /** Verified tokens (oldest first) → claims and the times to re-check on each use. */
  private readonly cache = new Map<string, CachedToken>();
  private readonly cacheSize: number;

  constructor(
    private readonly keys: JwtKeyRing,
    private readonly options: JwtVerifierOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.cacheSize = options.cacheSize ?? 10000;
  }

  /** Returns the claims of a valid token, or throws `AuthError`. */
  verifyAuthorization(header: string | undefined): VerifiedClaims {
    if (header === undefined || header === '') throw new AuthError('missing', 'missing Authorization: Bearer token');
    const space = header.indexOf(' ');
    const scheme = space < 0 ? header : header.slice(0, space);
    if (!BEARER.test(scheme)) throw new AuthError('missing', 'the Authorization scheme must be Bearer');
    const token = space < 0 ? '' : header.slice(space + 1).trim();
    if (token === '') throw new AuthError('missing', 'the bearer token is empty');
    return this.verifyToken(token);
  }

  /**
   * Verifies a compact JWS token. A client sends the same token with every request until it expires,
   * so a successful verification is remembered (keys are fixed for the life of the process) and a
   * repeat costs one map lookup plus the time checks (`exp`, and `iat` age), which are made again
   * against the current clock on every use. Refused tokens are never remembered.
   */
  verifyToken(token: string): VerifiedClaims {
    const cached = this.cache.get(token);
    if (cached !== undefined) {
      const nowSeconds = Math.floor(this.now() / 1000);
      const tolerance = this.options.clockToleranceSeconds;
      if (nowSeconds >= cached.claims.expiresAt + tolerance) {
        this.cache.delete(token);
        throw new AuthError('expired', 'the token has expired');
      }
      if (cached.tooOldAt !== null && nowSeconds >= cached.tooOldAt + tolerance) {
        this.cache.delete(token);
        throw new AuthError('expired', 'the token is too old');
      }
      return cached.claims;
    }
    const { claims, issuedAt } = this.verifyUncached(token);
    if (this.cacheSize > 0) {
      if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
      const maxAge = this.options.maxTokenAgeSeconds;
      // With a maximum age, jsonwebtoken has already required a numeric iat.
      this.cache.set(token, { claims, tooOldAt: maxAge !== null && issuedAt !== null ? issuedAt + maxAge : null });
    }
    return claims;
  }

  private verifyUncached(token: string): { claims: VerifiedClaims; issuedAt: number | null } {
    const firstDot = token.indexOf('.');
    if (firstDot <= 0 || token.split('.').length !== 3) throw new AuthError('malformed', 'the token is not a JWT');
    const header = decodeHeader(token.slice(0, firstDot));
    // The refused value is not quoted back: descriptions go into a response header.
    if (header.alg !== 'HS256') throw new AuthError('algorithm', 'the token algorithm must be HS256');
    if (header.crit !== undefined) throw new AuthError('malformed', 'the token has critical header parameters');
    let kid: string;
    if (header.kid === undefined) {
      if (this.keys.size !== 1)
        throw new AuthError('unknown_kid', 'the token has no kid and several keys are configured');
      kid = this.keys.signingKid;
    } else if (typeof header.kid !== 'string' || this.keys.key(header.kid) === undefined) {
      throw new AuthError('unknown_kid', 'the token kid names no configured key');
    } else kid = header.kid;

    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, this.keys.key(kid)!, {
        algorithms: ['HS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds,
        clockTimestamp: Math.floor(this.now() / 1000),
        ...(this.options.maxTokenAgeSeconds !== null ? { maxAge: this.options.maxTokenAgeSeconds } : {}),
      });
    } catch (err) {
      throw translate(err);
    }
    if (typeof payload !== 'object' || payload === null)
      throw new AuthError('malformed', 'the token payload is not a JSON object');
    if (typeof payload.exp !== 'number') throw new AuthError('claims', 'the token has no exp (expiry) claim');
    if (typeof payload.sub !== 'string' || payload.sub === '') {
      throw new AuthError('claims', 'the token has no sub (client) claim');
    }
    const nowSeconds = Math.floor(this.now() / 1000);
    if (typeof payload.iat === 'number') {
      // RFC 7519 §4.1.6 leaves iat unchecked; a token "issued" in the future would outlive any age limit.
      if (payload.iat > nowSeconds + this.options.clockToleranceSeconds) {
        throw new AuthError('claims', 'the token is issued in the future (iat)');
      }
      const maxLifetime = this.options.maxTokenLifetimeSeconds ?? null;
      if (maxLifetime !== null && payload.exp - payload.iat > maxLifetime) {
        throw new AuthError('claims', `the token lifetime (exp - iat) exceeds ${maxLifetime} s`);
      }
    }
    return {
      claims: { subject: payload.sub, kid, expiresAt: payload.exp },
      issuedAt: typeof payload.iat === 'number' ? payload.iat : null,
    };
  }
}

interface CachedToken {
  readonly claims: VerifiedClaims;
  /** iat + maxTokenAgeSeconds, or null without a maximum age. */
  readonly tooOldAt: number | null;
}

function decodeHeader(segment: string): { alg?: unknown; kid?: unknown; crit?: unknown } {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) throw new AuthError('malformed', 'the token header is not base64url');
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new AuthError('malformed', 'the token header is not JSON');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new AuthError('malformed', 'the token header is not a JSON object');
  }
  return header;
}

function translate(err: unknown): AuthError {
  if (err instanceof jwt.TokenExpiredError) {
    return new AuthError(
      'expired',
      err.message === 'maxAge exceeded' ? 'the token is too old' : 'the token has expired',
    );
  }
  if (err instanceof jwt.NotBeforeError) return new AuthError('not_yet_valid', 'the token is not valid yet (nbf)');
  const message = err instanceof Error ? err.message : '';
  if (message === 'invalid signature') return new AuthError('signature', 'the token signature is invalid');
  if (message === 'invalid algorithm') return new AuthError('algorithm', 'the token algorithm must be HS256');
  if (message.startsWith('jwt audience invalid'))
    return new AuthError('claims', 'the token audience (aud) is not accepted');
  if (message.startsWith('jwt issuer invalid'))
    return new AuthError('claims', 'the token issuer (iss) is not accepted');
  if (message.startsWith('iat required')) return new AuthError('claims', 'the token has no iat (issued-at) claim');
  if (message.startsWith('invalid exp') || message.startsWith('invalid nbf')) {
    return new AuthError('claims', 'the token has a malformed time claim');
  }
  if (message === 'jwt signature is required') return new AuthError('signature', 'the token is not signed');
  return new AuthError('malformed', 'the token is malformed');
}
