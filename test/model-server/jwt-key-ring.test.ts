import jwt from 'jsonwebtoken';
import { JwtKeyError, JwtKeyRing } from '../../model-server/jwt-key-ring';

const S1 = 'a'.repeat(32);
const S2 = 'b:with:colons-and-at-least-32-bytes!!';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof JwtKeyError) return err.message;
    throw err;
  }
  throw new Error('expected a JwtKeyError');
}

describe('JwtKeyRing', () => {
  it('builds one key named "default" from JWT_SECRET', () => {
    const ring = JwtKeyRing.fromEnv({ JWT_SECRET: S1 });
    expect(ring.kids).toEqual(['default']);
    expect(ring.signingKid).toBe('default');
    expect(ring.key('default')?.type).toBe('secret');
  });

  it('builds several keys from JWT_SECRETS, signing with JWT_SIGNING_KID', () => {
    const ring = JwtKeyRing.fromEnv({ JWT_SECRETS: ` old:${S1} ,\nnew:${S2}`, JWT_SIGNING_KID: 'new' });
    expect(ring.kids).toEqual(['new', 'old']);
    expect(ring.size).toBe(2);
    // Only the first colon separates the key id: the secret keeps its own colons.
    expect(ring.key('new')?.export().toString()).toBe(S2);
  });

  it('signs with the first JWT_SECRETS key when no signing key id is given', () => {
    expect(JwtKeyRing.fromEnv({ JWT_SECRETS: `first:${S1},second:${S2}` }).signingKid).toBe('first');
  });

  it('throws when no secret is set, saying how to make one', () => {
    expect(errorOf(() => JwtKeyRing.fromEnv({}))).toMatch(/^no JWT secret: set JWT_SECRET .*openssl rand -base64 48/);
  });

  it('throws when a secret is shorter than 32 bytes, without printing it', () => {
    const message = errorOf(() => JwtKeyRing.fromEnv({ JWT_SECRET: 'short-secret' }));
    expect(message).toBe(
      'JWT_SECRET: the secret is 12 bytes; at least 32 are required (generate one with `openssl rand -base64 48`)',
    );
    expect(errorOf(() => JwtKeyRing.fromEnv({ JWT_SECRETS: `k1:${S1},k2:tiny` }))).toMatch(
      /^JWT_SECRETS entry 2 \(kid "k2"\): the secret is 4 bytes/,
    );
  });

  it('counts bytes, not characters', () => {
    // 16 two-byte characters are 32 bytes.
    expect(JwtKeyRing.fromEnv({ JWT_SECRET: 'é'.repeat(16) }).size).toBe(1);
  });

  it.each([
    ['both variables are set', { JWT_SECRET: S1, JWT_SECRETS: `k:${S1}` }, /both JWT_SECRET and JWT_SECRETS are set/],
    [
      'an entry is empty',
      { JWT_SECRETS: `k1:${S1},,k2:${S2}` },
      /entry 2: expected <kid>:<secret>, got an empty entry/,
    ],
    ['an entry has no key id', { JWT_SECRETS: `:${S1}` }, /entry 1: expected <kid>:<secret>, got no key id/],
    [
      'a key id has a space',
      { JWT_SECRETS: `bad kid:${S1}` },
      /entry 1: key id must be 1-64 of A-Z a-z 0-9 \. _ -, got "bad kid"/,
    ],
    ['a key id appears twice', { JWT_SECRETS: `k:${S1},k:${S2}` }, /entry 2: key id "k" appears twice/],
    [
      'the signing key id is unknown',
      { JWT_SECRETS: `k1:${S1}`, JWT_SIGNING_KID: 'k9' },
      /JWT_SIGNING_KID is "k9", which is not a key id of JWT_SECRETS \("k1"\)/,
    ],
    [
      'a signing key id is set with one secret',
      { JWT_SECRET: S1, JWT_SIGNING_KID: 'k1' },
      /JWT_SIGNING_KID is "k1" but JWT_SECRET has the key id "default"/,
    ],
  ])('throws when %s', (_name, env, message) => {
    expect(errorOf(() => JwtKeyRing.fromEnv(env))).toMatch(message);
  });

  it('never includes a secret in an error message', () => {
    const secret = 'my-very-secret-value-that-is-long!';
    const message = errorOf(() => JwtKeyRing.fromEnv({ JWT_SECRETS: `k:${secret},k:${secret}` }));
    expect(message).not.toContain(secret);
  });

  it('signs HS256 tokens with kid, sub, iss, aud, iat, exp and a jti', () => {
    const ring = JwtKeyRing.fromEnv({ JWT_SECRETS: `old:${S1},new:${S2}`, JWT_SIGNING_KID: 'new' });
    const token = ring.sign({
      subject: 'client',
      issuer: 'iss',
      audience: 'aud',
      ttlSeconds: 3600,
      nowMs: 1_700_000_000_500,
    });
    const decoded = jwt.verify(token, S2, { algorithms: ['HS256'], complete: true, clockTimestamp: 1_700_000_001 });
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'new' });
    expect(decoded.payload).toEqual({
      sub: 'client',
      iss: 'iss',
      aud: 'aud',
      iat: 1_700_000_000,
      exp: 1_700_003_600,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('throws when asked to sign for an empty subject or a non-positive lifetime', () => {
    const ring = JwtKeyRing.fromEnv({ JWT_SECRET: S1 });
    const base = { subject: 'c', issuer: 'i', audience: 'a', ttlSeconds: 60, nowMs: 0 };
    expect(() => ring.sign({ ...base, subject: ' ' })).toThrow('the token subject (client name) must not be empty');
    expect(() => ring.sign({ ...base, ttlSeconds: 0 })).toThrow(
      'the token lifetime must be a whole number of seconds >= 1, got 0',
    );
  });
});
