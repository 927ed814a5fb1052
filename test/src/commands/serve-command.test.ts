import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningModelServer } from '../../../model-server/model-server-runtime';
import { registerServeCommand, serveModelUri } from '../../../src/commands/serve-command';
import { cliContext, program } from './support/cli-context';
import { tempDir, testArtifact, writeModelFile } from '../../support/fixtures';
import { parseEnv } from '../../../src/config';

const SECRET = 'serve-command-secret-of-32-bytes-or-more';

/** Runs `toxicity serve …` in-process; resolves once it listens, with the finished promise. */
async function serve(args: string[], env: Record<string, string>, cwd = tempDir()) {
  const c = cliContext({ env, cwd });
  const p = program();
  let onListening!: (s: RunningModelServer) => void;
  const listening = new Promise<RunningModelServer>((r) => (onListening = r));
  registerServeCommand(p, c.ctx, { signals: null, onListening });
  const finished = p.parseAsync(['node', 'toxicity', 'serve', '--port', '0', ...args]);
  const server = await Promise.race([
    listening,
    finished.then(() => Promise.reject(new Error('serve returned early'))),
  ]);
  await server.firstCheck;
  return { ...c, server, finished };
}

function curlToken(stderr: string): string {
  const match = /Authorization: Bearer ([\w.-]+)/.exec(stderr);
  if (!match) throw new Error(`no curl in: ${stderr}`);
  return match[1];
}

describe('serveModelUri', () => {
  it('prefers --model, then MODEL_URI, then model.localUri', () => {
    expect(serveModelUri('gs://b/m.json', { MODEL_URI: 'file:///e.json' }, 'file://l.json')).toBe('gs://b/m.json');
    expect(serveModelUri(undefined, { MODEL_URI: 'file:///e.json' }, 'file://l.json')).toBe('file:///e.json');
    expect(serveModelUri(undefined, parseEnv({ MODEL_URI: '' }), 'file://l.json')).toBe('file://l.json');
  });
});

describe('toxicity serve', () => {
  it('serves model.localUri from the working folder by default and prints a working curl', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'models/toxic-detector'), { recursive: true });
    writeModelFile(join(cwd, 'models/toxic-detector'), testArtifact({ version: 'local' }));
    const s = await serve(['--print-curl'], { JWT_SECRET: SECRET }, cwd);
    try {
      expect(s.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(s.server.holder.current?.version).toBe('local');
      expect(s.stderr.text).toContain(`curl -s ${s.server.url}/v1/predict`);
      expect(s.stderr.text).toContain('Try it (model local loaded; token valid for 1 hour)');
      const res = await fetch(`${s.server.url}/v1/predict`, {
        method: 'POST',
        headers: { authorization: `Bearer ${curlToken(s.stderr.text)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'you idiot' }),
      });
      expect(res.status).toBe(200);
      // Logs are JSON lines on stdout: the model is loaded before the server listens.
      const lines = s.stdout.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { severity: string; message: string });
      expect(lines.slice(0, 2)).toMatchObject([
        { severity: 'NOTICE', message: 'model loaded' },
        { severity: 'NOTICE', message: 'listening' },
      ]);
    } finally {
      await s.server.shutdown('test', { drainSeconds: 0 });
    }
    await s.finished;
  });

  it('serves --model given as a plain path or a URI', async () => {
    const dir = tempDir();
    const uri = writeModelFile(dir, testArtifact({ version: 'explicit' }));
    for (const model of [join(dir, 'model.json'), uri]) {
      const explicit = await serve(['--model', model], { JWT_SECRET: SECRET });
      expect(explicit.server.holder.current?.version).toBe('explicit');
      await explicit.server.shutdown('test', { drainSeconds: 0 });
    }
  });

  it('with --wait-for-model, starts unready without a model and says how to train one', async () => {
    const missing = await serve(['--wait-for-model'], { JWT_SECRET: SECRET });
    expect(missing.server.holder.current).toBeUndefined();
    expect(missing.stdout.text).toContain(
      'Train one with `toxicity train` (it writes model.localUri), or pass --model <uri>; checking again every 60 s',
    );
    await missing.server.shutdown('test', { drainSeconds: 0 });
  });

  it.each([
    [
      'the local model is missing',
      [],
      /no model at file:\/\/models\/toxic-detector\/model\.json\. Train one with `toxicity train`/,
    ],
    [
      '--model names a missing file',
      ['--model', 'nowhere/m.json'],
      /no model at file:\/\/.*\/nowhere\/m\.json\. Write a model\.json there/,
    ],
    ['--model has an unknown scheme', ['--model', 'bad://m.json'], /no store for bad:\/\/ URIs .*Check the URI/],
    ['--model is not a model', ['--model', 'not-a-model.json'], /not JSON .*Pass --model with a model\.json/],
  ])(
    'fails fast (exit 1, nothing listening) when %s, naming the fix and --wait-for-model',
    async (_, args, message) => {
      const cwd = tempDir();
      writeModelFile(cwd, 'not json', 'not-a-model.json');
      const c = cliContext({ env: { JWT_SECRET: SECRET }, cwd });
      const p = program();
      let listened = false;
      registerServeCommand(p, c.ctx, { signals: null, onListening: () => (listened = true) });
      const error = await p.parseAsync(['node', 'toxicity', 'serve', '--port', '0', ...args]).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'UsageError', exitCode: 1, message: expect.stringMatching(message) });
      expect((error as Error).message).toContain(
        'or pass --wait-for-model to start without it and check again every 60 s',
      );
      expect(listened).toBe(false);
      expect(c.stdout.text).not.toContain('listening');
      expect(c.stdout.text).not.toContain('checking again');
    },
  );

  it('signs with a throw-away secret when asked and none is set', async () => {
    const dir = tempDir();
    const s = await serve(['--model', writeModelFile(dir, testArtifact()), '--ephemeral-secret', '--print-curl'], {});
    try {
      expect(s.stderr.text).toContain('using a random secret for this run only');
      const res = await fetch(`${s.server.url}/v1/model`, {
        headers: { authorization: `Bearer ${curlToken(s.stderr.text)}` },
      });
      expect(res.status).toBe(200);
    } finally {
      await s.server.shutdown('test', { drainSeconds: 0 });
    }
  });

  it('fails without a secret, suggesting --ephemeral-secret', async () => {
    const c = cliContext({ env: {}, cwd: tempDir() });
    const p = program();
    registerServeCommand(p, c.ctx, { signals: null });
    await expect(p.parseAsync(['node', 'toxicity', 'serve'])).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringContaining('or run `toxicity serve --ephemeral-secret` for a throw-away local secret'),
    });
  });

  it('fails on a bad --port', async () => {
    const c = cliContext({ env: { JWT_SECRET: SECRET }, cwd: tempDir() });
    const p = program();
    registerServeCommand(p, c.ctx, { signals: null });
    await expect(p.parseAsync(['node', 'toxicity', 'serve', '--port', '80a'])).rejects.toThrow(
      '--port must be a port number 0-65535, got "80a"',
    );
  });
});
