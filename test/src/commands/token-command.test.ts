import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { UsageError } from '../../../src/commands/cli-context';
import { JwtKeyRing } from '../../../model-server/jwt-key-ring';
import { JwtVerifier } from '../../../model-server/jwt-verifier';
import { parseTtl, registerTokenCommand } from '../../../src/commands/token-command';
import { cliContext, program } from './support/cli-context';
import { tempDir } from '../../support/fixtures';
import { REPO_ROOT, writeConfigFile } from '../../model-server/support/server-process';

const SECRET = 'token-command-secret-of-32-bytes-or-more';
const NOW = Date.UTC(2025, 5, 1, 10, 0, 0);

async function run(args: string[], env: Record<string, string> = { JWT_SECRET: SECRET }, config = {}) {
  const c = cliContext({ env, cwd: tempDir(), config });
  const p = program();
  registerTokenCommand(p, c.ctx, { now: () => NOW });
  await p.parseAsync(['node', 'toxicity', 'token', ...args]);
  return c;
}

describe('toxicity token', () => {
  it('prints only a token the server accepts, for the subject and lifetime asked', async () => {
    const { stdout, stderr, config } = await run(['--sub', 'partner-app', '--ttl', '2h']);
    expect(stdout.text).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(stderr.text).toBe('');
    const verifier = new JwtVerifier(JwtKeyRing.fromEnv({ JWT_SECRET: SECRET }), {
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      clockToleranceSeconds: 0,
      maxTokenAgeSeconds: null,
      now: () => NOW,
    });
    expect(verifier.verifyToken(stdout.text.trim())).toEqual({
      subject: 'partner-app',
      kid: 'default',
      expiresAt: NOW / 1000 + 7200,
    });
  });

  it('signs with JWT_SIGNING_KID among JWT_SECRETS', async () => {
    const { stdout } = await run(['--sub', 'a'], {
      JWT_SECRETS: `old:${SECRET},new:${SECRET}-2`,
      JWT_SIGNING_KID: 'new',
    });
    const header = JSON.parse(Buffer.from(stdout.text.split('.')[0], 'base64url').toString()) as { kid: string };
    expect(header.kid).toBe('new');
  });

  it('defaults to a one-hour lifetime', async () => {
    const { stdout } = await run(['--sub', 'a']);
    const payload = JSON.parse(Buffer.from(stdout.text.split('.')[1], 'base64url').toString()) as {
      exp: number;
      iat: number;
    };
    expect(payload.exp - payload.iat).toBe(3600);
  });

  it('fails without a secret, saying how to set one', async () => {
    await expect(run(['--sub', 'a'], {})).rejects.toMatchObject({
      name: 'UsageError',
      exitCode: 2,
      message: expect.stringMatching(/^no JWT secret: set JWT_SECRET/),
    });
  });

  it('fails when the lifetime exceeds the server maximum token age', async () => {
    await expect(
      run(['--sub', 'a', '--ttl', '2h'], { JWT_SECRET: SECRET }, { auth: { maxTokenAgeSeconds: 3600 } }),
    ).rejects.toThrow(
      '--ttl 2h is longer than auth.maxTokenAgeSeconds (3600 s): the server would refuse the token before it expires',
    );
  });

  it('fails on a blank subject', async () => {
    await expect(run(['--sub', ' a'])).rejects.toBeInstanceOf(UsageError);
  });

  it('fails without --sub', async () => {
    await expect(run([])).rejects.toMatchObject({ code: 'commander.missingMandatoryOptionValue' });
  });

  it('prints only the token through the real toxicity command line', () => {
    const dir = tempDir();
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        resolve(REPO_ROOT, 'src/cli.ts'),
        '--config',
        writeConfigFile(dir),
        'token',
        '--sub',
        'cli',
        '--ttl',
        '15m',
      ],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', JWT_SECRET: SECRET }, encoding: 'utf8' },
    );
    expect(out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });
});

describe('parseTtl', () => {
  it.each([
    ['90s', 90],
    ['15m', 900],
    ['1h', 3600],
    ['30d', 2_592_000],
    ['3600', 3600],
  ])('reads %s as %d seconds', (value, seconds) => {
    expect(parseTtl(value)).toBe(seconds);
  });

  it.each([
    ['1w', '--ttl must be a number with an optional unit s, m, h or d (e.g. 1h), got "1w"'],
    ['-5m', '--ttl must be a number with an optional unit s, m, h or d (e.g. 1h), got "-5m"'],
    ['0s', '--ttl must be between 1s and 366d, got "0s"'],
    ['400d', '--ttl must be between 1s and 366d, got "400d"'],
  ])('throws on %s', (value, message) => {
    expect(() => parseTtl(value)).toThrow(message);
  });
});
