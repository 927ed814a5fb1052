import type { Command } from 'commander';
import { type CliContext, UsageError, examples } from './cli-context';
import { JwtKeyError, JwtKeyRing } from '../../model-server';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Longest lifetime `toxicity token` mints. */
export const MAX_TOKEN_TTL_SECONDS = 366 * 86400;

/** Parses a lifetime such as `90s`, `15m`, `1h`, `30d` or `3600` (seconds). */
export function parseTtl(value: string): number {
  const match = /^(\d{1,9})([smhd]?)$/.exec(value.trim());
  if (!match) {
    throw new UsageError(
      `--ttl must be a number with an optional unit s, m, h or d (e.g. 1h), got ${JSON.stringify(value)}`,
    );
  }
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] || 's'];
  if (seconds < 1 || seconds > MAX_TOKEN_TTL_SECONDS) {
    throw new UsageError(`--ttl must be between 1s and 366d, got ${JSON.stringify(value)}`);
  }
  return seconds;
}

/** What `token` needs beyond the context; tests fix the clock. */
export interface TokenCommandDeps {
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * Registers `toxicity token --sub <client> [--ttl 1h]`: mints an HS256 token with the configured
 * signing secret (`JWT_SECRET`, or `JWT_SECRETS` + `JWT_SIGNING_KID`) and the configured `iss`/`aud`,
 * and prints only the token on stdout, so `TOKEN=$(toxicity token --sub me)` works.
 */
export function registerTokenCommand(program: Command, ctx: CliContext, deps: TokenCommandDeps = {}): void {
  program
    .command('token')
    .description('mint a bearer token for a client of the API (prints only the token)')
    .requiredOption('--sub <client>', 'client name, the token subject (sub)')
    .option('--ttl <duration>', 'lifetime: 90s, 15m, 1h, 30d or seconds', '1h')
    .addHelpText('after', examples('TOKEN=$(toxicity token --sub my-client --ttl 15m)'))
    .action((opts: { sub: string; ttl: string }) => {
      const ttlSeconds = parseTtl(opts.ttl);
      if (!/^\S(.*\S)?$/.test(opts.sub) || opts.sub.length > 256) {
        throw new UsageError(
          `--sub must be 1-256 characters without leading or trailing spaces, got ${JSON.stringify(opts.sub)}`,
        );
      }
      const { auth } = ctx.loadConfig();
      if (auth.maxTokenAgeSeconds !== null && ttlSeconds > auth.maxTokenAgeSeconds) {
        throw new UsageError(
          `--ttl ${opts.ttl} is longer than auth.maxTokenAgeSeconds (${auth.maxTokenAgeSeconds} s): the server would refuse the token before it expires`,
        );
      }
      if (auth.maxTokenLifetimeSeconds !== null && ttlSeconds > auth.maxTokenLifetimeSeconds) {
        throw new UsageError(
          `--ttl ${opts.ttl} is longer than auth.maxTokenLifetimeSeconds (${auth.maxTokenLifetimeSeconds} s): the server would refuse the token`,
        );
      }
      let keys: JwtKeyRing;
      try {
        keys = JwtKeyRing.fromEnv(ctx.env);
      } catch (err) {
        if (err instanceof JwtKeyError) throw new UsageError(err.message);
        throw err;
      }
      const token = keys.sign({
        subject: opts.sub,
        issuer: auth.issuer,
        audience: auth.audience,
        ttlSeconds,
        nowMs: (deps.now ?? Date.now)(),
      });
      ctx.stdout.write(`${token}\n`);
    });
}
