import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { parseConfig } from '../../src/config';
import { JwtKeyRing } from '../../model-server/jwt-key-ring';
import { AuthError, JwtVerifier } from '../../model-server/jwt-verifier';
import {
  AUDIENCE,
  harness,
  type Harness,
  ISSUER,
  NOW_MS,
  SECRET_1,
  SECRET_2,
  TEST_KEYS_ENV,
} from './support/app-harness';

const NOW = Math.floor(NOW_MS / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS built by hand, signed with HMAC-SHA256 (or any algorithm named in the header). */
function handMade(header: Record<string, unknown>, payload: Record<string, unknown>, secret = SECRET_1): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const validPayload = (extra: Record<string, unknown> = {}) => ({
  sub: 'client-a',
  iss: ISSUER,
  aud: AUDIENCE,
  iat: NOW,
  exp: NOW + 3600,
  ...extra,
});

function signed(payload: Record<string, unknown>, options: jwt.SignOptions = {}, secret: string = SECRET_1): string {
  return jwt.sign(payload, secret, { algorithm: 'HS256', keyid: 'k1', ...options });
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaPublicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('JwtVerifier: the attack catalogue, over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });

  async function call(authorization: string | undefined) {
    const req = request(h.app).get('/v1/model');
    if (authorization !== undefined) req.set('Authorization', authorization);
    return req;
  }

  const valid = signed(validPayload());
  const [vh, vp, vs] = valid.split('.');

  it.each<[string, string | undefined, string]>([
    ['no Authorization header', undefined, 'missing'],
    ['an empty bearer', 'Bearer ', 'missing'],
    ['a Basic scheme', `Basic ${Buffer.from('a:b').toString('base64')}`, 'missing'],
    ['alg none', `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(validPayload())}.`, 'algorithm'],
    ['HS512 with the right secret', `Bearer ${signed(validPayload(), { algorithm: 'HS512' })}`, 'algorithm'],
    [
      'RS256 signed with an RSA key',
      `Bearer ${jwt.sign(validPayload(), rsa.privateKey, { algorithm: 'RS256', keyid: 'k1' })}`,
      'algorithm',
    ],
    [
      'HS256 keyed with an RSA public key (key confusion)',
      `Bearer ${handMade({ alg: 'HS256', kid: 'k1' }, validPayload(), rsaPublicPem)}`,
      'signature',
    ],
    ['a token without exp', `Bearer ${signed({ sub: 'client-a', iss: ISSUER, aud: AUDIENCE, iat: NOW })}`, 'claims'],
    ['an expired token', `Bearer ${signed(validPayload({ iat: NOW - 7200, exp: NOW - 60 }))}`, 'expired'],
    ['a token not valid yet', `Bearer ${signed(validPayload({ nbf: NOW + 600 }))}`, 'not_yet_valid'],
    ['a wrong issuer', `Bearer ${signed(validPayload({ iss: 'someone-else' }))}`, 'claims'],
    ['a wrong audience', `Bearer ${signed(validPayload({ aud: 'other-api' }))}`, 'claims'],
    ['a token without sub', `Bearer ${signed({ iss: ISSUER, aud: AUDIENCE, iat: NOW, exp: NOW + 60 })}`, 'claims'],
    ['a tampered payload', `Bearer ${vh}.${b64(validPayload({ sub: 'admin' }))}.${vs}`, 'signature'],
    ['a tampered signature', `Bearer ${vh}.${vp}.${vs.slice(0, -2)}${vs.endsWith('AA') ? 'BB' : 'AA'}`, 'signature'],
    ['an unknown kid', `Bearer ${signed(validPayload(), { keyid: 'k9' })}`, 'unknown_kid'],
    ['no kid while several keys are configured', `Bearer ${handMade({ alg: 'HS256' }, validPayload())}`, 'unknown_kid'],
    ['a token signed with another secret', `Bearer ${signed(validPayload(), {}, 'x'.repeat(40))}`, 'signature'],
    [
      'a critical header parameter',
      `Bearer ${handMade({ alg: 'HS256', kid: 'k1', crit: ['exp'] }, validPayload())}`,
      'malformed',
    ],
    ['two segments', `Bearer ${vh}.${vp}`, 'malformed'],
    ['a header that is not JSON', `Bearer ${Buffer.from('nope').toString('base64url')}.${vp}.${vs}`, 'malformed'],
  ])('refuses %s with 401', async (_name, authorization, reason) => {
    const before = await h.metrics.registry.getSingleMetricAsString('auth_failures_total');
    const res = await call(authorization);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.body.type).toBe('https://toxicity.local/problems/unauthorized');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="toxicity"/);
    if (reason === 'missing') expect(res.headers['www-authenticate']).toBe('Bearer realm="toxicity"');
    else expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    const after = await h.metrics.registry.getSingleMetricAsString('auth_failures_total');
    const count = (text: string) => Number(new RegExp(`reason="${reason}"} (\\d+)`).exec(text)?.[1] ?? 0);
    expect(count(after)).toBe(count(before) + 1);
  });

  it('accepts a valid token, and one signed with the second (rotation) key', async () => {
    expect((await call(`Bearer ${valid}`)).status).toBe(200);
    expect((await call(`bearer ${signed(validPayload(), { keyid: 'k2' }, SECRET_2)}`)).status).toBe(200);
  });
});

describe('JwtVerifier', () => {
  const keys = JwtKeyRing.fromEnv(TEST_KEYS_ENV);
  let now = NOW_MS;
  const verifier = (
    options: { maxTokenAgeSeconds?: number | null; maxTokenLifetimeSeconds?: number; cacheSize?: number } = {},
  ) =>
    new JwtVerifier(keys, {
      issuer: ISSUER,
      audience: AUDIENCE,
      clockToleranceSeconds: 30,
      maxTokenAgeSeconds: options.maxTokenAgeSeconds ?? null,
      maxTokenLifetimeSeconds: options.maxTokenLifetimeSeconds ?? null,
      ...(options.cacheSize !== undefined ? { cacheSize: options.cacheSize } : {}),
      now: () => now,
    });
  afterEach(() => {
    now = NOW_MS;
  });

  function reasonOf(fn: () => unknown): string {
    try {
      fn();
    } catch (err) {
      if (err instanceof AuthError) return err.reason;
      throw err;
    }
    throw new Error('expected an AuthError');
  }

  it('returns the subject, key id and expiry of a valid token', () => {
    expect(verifier().verifyToken(signed(validPayload()))).toEqual({
      subject: 'client-a',
      kid: 'k1',
      expiresAt: NOW + 3600,
    });
  });

  it('allows the configured clock tolerance around exp and nbf', () => {
    expect(verifier().verifyToken(signed(validPayload({ exp: NOW - 20 }))).subject).toBe('client-a');
    expect(verifier().verifyToken(signed(validPayload({ nbf: NOW + 20 }))).subject).toBe('client-a');
    expect(reasonOf(() => verifier().verifyToken(signed(validPayload({ exp: NOW - 31 }))))).toBe('expired');
  });

  it('refuses tokens older than the maximum age, and tokens without iat when one is set', () => {
    const v = verifier({ maxTokenAgeSeconds: 600 });
    expect(reasonOf(() => v.verifyToken(signed(validPayload({ iat: NOW - 700 }))))).toBe('expired');
    expect(reasonOf(() => v.verifyToken(signed(validPayload(), { noTimestamp: true })))).toBe('claims');
    expect(v.verifyToken(signed(validPayload({ iat: NOW - 500 }))).subject).toBe('client-a');
  });

  it('refuses tokens that live longer than the maximum lifetime (exp - iat)', () => {
    const v = verifier({ maxTokenLifetimeSeconds: 3600 });
    expect(v.verifyToken(signed(validPayload({ exp: NOW + 3600 }))).subject).toBe('client-a');
    const long = () => v.verifyToken(signed(validPayload({ exp: NOW + 3601 })));
    expect(reasonOf(long)).toBe('claims');
    expect(long).toThrow('the token lifetime (exp - iat) exceeds 3600 s');
  });

  it('refuses tokens issued in the future beyond the clock tolerance', () => {
    const v = verifier();
    expect(v.verifyToken(signed(validPayload({ iat: NOW + 30 }))).subject).toBe('client-a');
    const future = () => v.verifyToken(signed(validPayload({ iat: NOW + 31 })));
    expect(reasonOf(future)).toBe('claims');
    expect(future).toThrow('the token is issued in the future (iat)');
  });

  it('bounds token age and lifetime by default in the config', () => {
    const c = parseConfig({});
    expect(c.auth.maxTokenAgeSeconds).toBe(86400);
    expect(c.auth.maxTokenLifetimeSeconds).toBe(86400);
  });

  it('accepts a token without kid when exactly one key is configured', () => {
    const single = new JwtVerifier(JwtKeyRing.fromEnv({ JWT_SECRET: SECRET_1 }), {
      issuer: ISSUER,
      audience: AUDIENCE,
      clockToleranceSeconds: 0,
      maxTokenAgeSeconds: null,
      now: () => now,
    });
    expect(single.verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, validPayload())).kid).toBe('default');
  });

  it('re-checks expiry on every use of a remembered token', () => {
    const v = verifier();
    const token = signed(validPayload({ exp: NOW + 60 }));
    expect(v.verifyToken(token).subject).toBe('client-a');
    now = NOW_MS + 89_000; // within the 30 s tolerance
    expect(v.verifyToken(token).subject).toBe('client-a');
    now = NOW_MS + 91_000;
    expect(reasonOf(() => v.verifyToken(token))).toBe('expired');
    now = NOW_MS; // once refused, it is verified afresh (and still valid at this time)
    expect(v.verifyToken(token).subject).toBe('client-a');
  });

  it('re-checks the maximum age on every use of a remembered token', () => {
    const v = verifier({ maxTokenAgeSeconds: 100 });
    const token = signed(validPayload());
    expect(v.verifyToken(token).subject).toBe('client-a');
    now = NOW_MS + 131_000;
    expect(reasonOf(() => v.verifyToken(token))).toBe('expired');
  });

  it('keeps at most cacheSize tokens and still verifies evicted ones', () => {
    const v = verifier({ cacheSize: 2 });
    const tokens = ['a', 'b', 'c'].map((sub) => signed(validPayload({ sub })));
    for (const t of tokens) v.verifyToken(t);
    expect(tokens.map((t) => v.verifyToken(t).subject)).toEqual(['a', 'b', 'c']);
  });

  it('never remembers a refused token', () => {
    const v = verifier();
    const bad = signed(validPayload({ aud: 'x' }));
    expect(reasonOf(() => v.verifyToken(bad))).toBe('claims');
    expect(reasonOf(() => v.verifyToken(bad))).toBe('claims');
  });
});
