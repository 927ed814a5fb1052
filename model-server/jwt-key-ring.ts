import { type KeyObject, createSecretKey, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Env } from '../src/config';

/**
 * The HS256 secrets the server accepts and the one `toxicity token` signs with, each named by a key
 * id (`kid`, RFC 7515 §4.1.4) so secrets can be rotated without invalidating live tokens.
 *
 * Environment (read by the entry points, handed in here):
 * - `JWT_SECRET=<secret>`: one secret, key id `default`;
 * - or `JWT_SECRETS=<kid>:<secret>,<kid>:<secret>,…` with `JWT_SIGNING_KID=<kid>` naming the one that
 *   signs new tokens (default: the first). Secrets may not contain commas; key ids are 1–64 of
 *   `A-Z a-z 0-9 . _ -`. Setting both variables is refused as ambiguous.
 *
 * Each secret must be at least 32 bytes (RFC 7518 §3.2: an HS256 key as long as the hash output;
 * jsonwebtoken itself accepts any length, even empty). Secrets are held as `KeyObject`s, which
 * jsonwebtoken verifies with about 50× less CPU than a string secret (NOTES.md).
 */
export class JwtKeyRing {
  /** The smallest accepted secret, in bytes. */
  static readonly MIN_SECRET_BYTES = 32;
  /** Key id of a lone `JWT_SECRET`. */
  static readonly DEFAULT_KID = 'default';

  private constructor(
    private readonly keys: ReadonlyMap<string, KeyObject>,
    /** Key id new tokens are signed with. */
    readonly signingKid: string,
  ) {}

  /** The key ids accepted, signing key first. */
  get kids(): readonly string[] {
    return [this.signingKid, ...[...this.keys.keys()].filter((k) => k !== this.signingKid)];
  }

  get size(): number {
    return this.keys.size;
  }

  /** The key of a key id, or undefined. */
  key(kid: string): KeyObject | undefined {
    return this.keys.get(kid);
  }

  /** Builds the ring from `JWT_SECRET` / `JWT_SECRETS` / `JWT_SIGNING_KID`; throws `JwtKeyError` naming the problem. */
  static fromEnv(env: Pick<Env, 'JWT_SECRET' | 'JWT_SECRETS' | 'JWT_SIGNING_KID'>): JwtKeyRing {
    const single = env.JWT_SECRET;
    const many = env.JWT_SECRETS;
    const signing = env.JWT_SIGNING_KID === '' ? undefined : env.JWT_SIGNING_KID;
    if (single !== undefined && single !== '' && many !== undefined && many !== '') {
      throw new JwtKeyError(
        'both JWT_SECRET and JWT_SECRETS are set: set JWT_SECRET (one secret) or JWT_SECRETS (several), not both',
      );
    }
    if (many !== undefined && many !== '') return JwtKeyRing.fromList(many, signing);
    if (single === undefined || single === '') {
      throw new JwtKeyError(
        'no JWT secret: set JWT_SECRET to a random string of at least 32 bytes (e.g. `openssl rand -base64 48`), ' +
          'or JWT_SECRETS=<kid>:<secret>,… for several keys',
      );
    }
    checkSecret(single, 'JWT_SECRET');
    if (signing !== undefined && signing !== JwtKeyRing.DEFAULT_KID) {
      throw new JwtKeyError(
        `JWT_SIGNING_KID is ${JSON.stringify(signing)} but JWT_SECRET has the key id "${JwtKeyRing.DEFAULT_KID}"; use JWT_SECRETS to name keys`,
      );
    }
    return new JwtKeyRing(new Map([[JwtKeyRing.DEFAULT_KID, secretKey(single)]]), JwtKeyRing.DEFAULT_KID);
  }

  /** Builds the ring from a `kid:secret,kid:secret` list. */
  static fromList(list: string, signingKid?: string): JwtKeyRing {
    const keys = new Map<string, KeyObject>();
    const entries = list.split(',').map((e) => e.trim());
    entries.forEach((entry, i) => {
      const where = `JWT_SECRETS entry ${i + 1}`;
      const colon = entry.indexOf(':');
      if (colon <= 0) {
        throw new JwtKeyError(
          `${where}: expected <kid>:<secret>, got ${entry === '' ? 'an empty entry' : 'no key id'}`,
        );
      }
      const kid = entry.slice(0, colon);
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(kid)) {
        throw new JwtKeyError(`${where}: key id must be 1-64 of A-Z a-z 0-9 . _ -, got ${JSON.stringify(kid)}`);
      }
      if (keys.has(kid)) throw new JwtKeyError(`${where}: key id ${JSON.stringify(kid)} appears twice`);
      const secret = entry.slice(colon + 1);
      checkSecret(secret, `${where} (kid ${JSON.stringify(kid)})`);
      keys.set(kid, secretKey(secret));
    });
    const signing = signingKid ?? entries[0].slice(0, entries[0].indexOf(':'));
    if (!keys.has(signing)) {
      throw new JwtKeyError(
        `JWT_SIGNING_KID is ${JSON.stringify(signing)}, which is not a key id of JWT_SECRETS (${[...keys.keys()].map((k) => JSON.stringify(k)).join(', ')})`,
      );
    }
    return new JwtKeyRing(keys, signing);
  }

  /**
   * Mints an HS256 token with the signing key: `kid` in the header; `sub`, `iss`, `aud`, `iat`, `exp`
   * and a random `jti` in the payload.
   */
  sign(options: SignTokenOptions): string {
    if (!/\S/.test(options.subject)) throw new Error('the token subject (client name) must not be empty');
    if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds < 1) {
      throw new Error(`the token lifetime must be a whole number of seconds >= 1, got ${options.ttlSeconds}`);
    }
    const iat = Math.floor(options.nowMs / 1000);
    return jwt.sign({ iat, exp: iat + options.ttlSeconds }, this.keys.get(this.signingKid)!, {
      algorithm: 'HS256',
      keyid: this.signingKid,
      issuer: options.issuer,
      audience: options.audience,
      subject: options.subject,
      jwtid: randomUUID(),
    });
  }
}

export interface SignTokenOptions {
  /** The client the token is for (`sub`). */
  readonly subject: string;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  /** Current time in milliseconds (the entry point passes `Date.now()`). */
  readonly nowMs: number;
}

/** A JWT secret configuration the server refuses to start with. The message never contains a secret. */
export class JwtKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JwtKeyError';
  }
}

function checkSecret(secret: string, where: string): void {
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < JwtKeyRing.MIN_SECRET_BYTES) {
    throw new JwtKeyError(
      `${where}: the secret is ${bytes} bytes; at least ${JwtKeyRing.MIN_SECRET_BYTES} are required ` +
        '(generate one with `openssl rand -base64 48`)',
    );
  }
}

function secretKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}
