/**
 * API throughput: the full `POST /v1/predict` path of the real server entry point (JWT + content type
 * + JSON body + ajv + scoring + metrics + security headers) against a bare Express 5 +
 * `express.json()` server answering the same body, measured with autocannon in one run, rounds
 * alternating so drift on a shared machine hits both alike. Then batches of 1000 comments through
 * the same server, and the scorer alone in this process, in comments per second.
 *
 *   npx tsx bench/api-throughput.ts [--duration 10] [--connections 50] [--rounds 2] [--features 10000]
 *     [--tokens 20000] [--model path/to/model.json]
 *
 * Each round also sends the full path's requests with `--tokens` distinct bearer tokens in turn (one
 * subject each), more than the server's verified-token cache holds (10,000, first in first out), so
 * every request pays for a signature check: the cache cold, against the one-token rounds. `--model`
 * serves a model file (e.g. the 6-label demo model `toxicity train` builds from data/demo) instead of
 * the synthetic one; its comments are then ~200-character snippets of SpamAssassin message bodies
 * (real text, with names and addresses for the model's PII masking), not synthetic words.
 *
 * Targets (DESIGN.md): ratio ≥ 0.85, p99 < 10 ms at 50 connections, ≥ 300k comments/s per core in
 * batches of 1000. Each server is one Node process (one core); autocannon runs in this process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import express from 'express';
import { parseConfig } from '../src/config';
import { parseModelArtifact } from '../src/ml/model-artifact';
import { ToxicityModel } from '../src/ml/toxicity-model';
import { JwtKeyRing } from '../model-server/jwt-key-ring';
import { commentSnippets } from './masking-speed-corpus';
import { syntheticComments, syntheticModel } from './model-server-fixtures';
import { loadSpamAssassin } from './spam-assassin';
import { freePort } from '../test/support/fixtures';

const ROOT = resolve(__dirname, '..');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function textArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The baseline: Express 5 + express.json(), answering a small JSON object. */
function runBareServer(port: number): void {
  const app = express();
  app.use(express.json());
  app.post('/v1/predict', (req, res) => {
    res.json({ ok: true, n: typeof (req.body as { text?: string }).text === 'string' ? 1 : 0 });
  });
  app.listen(port, '127.0.0.1');
}

async function waitFor(url: string, child: ChildProcess, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before ${url} answered`);
    try {
      const r = await fetch(url);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer 200 within ${seconds} s`);
}

function spawnNode(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

interface Run {
  readonly rps: number;
  readonly p99: number;
  readonly p50: number;
  readonly failures: number;
  /** Server CPU time (user + system) per answered request, in µs. */
  readonly cpuMicros: number;
}

/** CPU time (user + system) a process has used, in µs, from /proc (Linux; clock ticks of 10 ms). */
function cpuMicrosOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of proc(5) (utime, stime) are at 11 and 12 after the command name.
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

async function load(
  url: string,
  body: string,
  headers: Record<string, string>,
  connections: number,
  duration: number,
  server: ChildProcess,
  /** Bearer tokens sent in turn across all connections, one per request (instead of `headers`' one). */
  tokens?: readonly string[],
): Promise<Run> {
  const cpuBefore = cpuMicrosOf(server.pid!);
  let next = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections,
    duration,
    ...(tokens === undefined
      ? {}
      : {
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                headers: { ...request.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` },
              }),
            },
          ],
        }),
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    failures: result.non2xx + result.errors + result.timeouts,
    cpuMicros: (cpuMicrosOf(server.pid!) - cpuBefore) / Math.max(1, result.requests.total),
  };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main(): Promise<void> {
  const duration = arg('duration', 5);
  const connections = arg('connections', 50);
  const rounds = arg('rounds', 6);
  const features = arg('features', 10000);
  const tokenCount = arg('tokens', 20000);
  const modelFile = textArg('model');

  const synthetic = syntheticModel(features);
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  let modelPath = modelFile ?? join(dir, 'model.json');
  if (modelFile === undefined) writeFileSync(modelPath, JSON.stringify(synthetic.artifact));
  else modelPath = resolve(modelFile);
  const artifact = parseModelArtifact(JSON.parse(readFileSync(modelPath, 'utf8')));
  const secret = randomBytes(48).toString('base64url');
  const config = parseConfig({});
  const keyRing = JwtKeyRing.fromEnv({ JWT_SECRET: secret });
  const sign = (subject: string): string =>
    keyRing.sign({
      subject,
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ttlSeconds: 3600,
      nowMs: Date.now(),
    });
  const token = sign('bench');
  const tokens = Array.from({ length: tokenCount }, (_, i) => sign(`bench-client-${i}`));
  const comments =
    modelFile === undefined
      ? syntheticComments(synthetic.unigrams, 1001, 100, 11)
      : commentSnippets(loadSpamAssassin().texts, 1001);
  const single = JSON.stringify({ text: comments[1000] });
  const batch = JSON.stringify({ texts: comments.slice(0, 1000) });

  const barePort = await freePort();
  const ourPort = await freePort();
  const bare = spawnNode([__filename, '--bare-server', String(barePort)], {});
  const ours = spawnNode(['model-server/server.ts'], {
    PORT: String(ourPort),
    ADMIN_PORT: String(await freePort()),
    // One token sends everything here: the per-client limiter runs (its cost is measured) but never refuses.
    RATE_LIMIT_PER_SECOND: '1000000',
    HOST: '127.0.0.1',
    MODEL_URI: pathToFileURL(modelPath).href,
    JWT_SECRET: secret,
    LOG_LEVEL: 'WARNING',
    NODE_ENV: 'production',
  });
  try {
    await waitFor(`http://127.0.0.1:${ourPort}/readyz`, ours);
    await new Promise((r) => setTimeout(r, 500));
    const bareUrl = `http://127.0.0.1:${barePort}/v1/predict`;
    const ourUrl = `http://127.0.0.1:${ourPort}/v1/predict`;
    const auth = { authorization: `Bearer ${token}` };

    console.log(
      `cpus: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; node ${process.version}; load average ${(
        await import('node:os')
      )
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `model: ${modelFile ?? 'synthetic'}, ${artifact.labels.length} labels × ${new ToxicityModel(artifact).featureCount} features, cleaning [${artifact.preprocessing.cleaning.join(', ')}]; body ${single.length} bytes; ${connections} connections, ${duration} s per run, ${rounds} rounds; ${tokenCount} distinct tokens in the cold-cache runs`,
    );
    // Warm-up (JIT) for both.
    await load(bareUrl, single, {}, connections, 3, bare);
    await load(ourUrl, single, auth, connections, 3, ours);
    const bareRuns: Run[] = [];
    const ourRuns: Run[] = [];
    const coldRuns: Run[] = [];
    for (let r = 0; r < rounds; r++) {
      // Rotate which server goes first, so a trend in the machine's load favours none.
      const steps = [
        async () => bareRuns.push(await load(bareUrl, single, {}, connections, duration, bare)),
        async () => ourRuns.push(await load(ourUrl, single, auth, connections, duration, ours)),
        async () => coldRuns.push(await load(ourUrl, single, {}, connections, duration, ours, tokens)),
      ];
      for (let k = 0; k < steps.length; k++) await steps[(k + r) % steps.length]();
      console.log(
        `round ${r + 1}: bare ${bareRuns[r].rps.toFixed(0)} req/s, ${bareRuns[r].cpuMicros.toFixed(0)} µs CPU/req, p99 ${bareRuns[r].p99} ms; ` +
          `full ${ourRuns[r].rps.toFixed(0)} req/s, ${ourRuns[r].cpuMicros.toFixed(0)} µs CPU/req, p99 ${ourRuns[r].p99} ms; ` +
          `full, ${tokenCount} tokens ${coldRuns[r].rps.toFixed(0)} req/s, ${coldRuns[r].cpuMicros.toFixed(0)} µs CPU/req; ` +
          `ratio ${(ourRuns[r].rps / bareRuns[r].rps).toFixed(3)}, cold ${(coldRuns[r].rps / bareRuns[r].rps).toFixed(3)}`,
      );
    }
    const bareRps = mean(bareRuns.map((r) => r.rps));
    const ourRps = mean(ourRuns.map((r) => r.rps));
    const pairedRatio = median(ourRuns.map((r, i) => r.rps / bareRuns[i].rps));
    const bareCpu = median(bareRuns.map((r) => r.cpuMicros));
    const ourCpu = median(ourRuns.map((r) => r.cpuMicros));
    const ourP99 = median(ourRuns.map((r) => r.p99));
    const bareP99 = median(bareRuns.map((r) => r.p99));
    const coldRatio = median(coldRuns.map((r, i) => r.rps / bareRuns[i].rps));
    const coldCpu = median(coldRuns.map((r) => r.cpuMicros));
    const failures = [...bareRuns, ...ourRuns, ...coldRuns].reduce((a, r) => a + r.failures, 0);

    // Batches of 1000 through HTTP (a few connections: each request is ~1000× the work).
    await load(ourUrl, batch, auth, 4, 3, ours);
    const batchRun = await load(ourUrl, batch, auth, 4, duration, ours);

    // The scorer alone, same batch, in this process.
    const model = new ToxicityModel(parseModelArtifact(JSON.parse(readFileSync(modelPath, 'utf8'))));
    const texts = (JSON.parse(batch) as { texts: string[] }).texts;
    for (let i = 0; i < 20; i++) model.score(texts);
    const started = process.hrtime.bigint();
    let scored = 0;
    while (process.hrtime.bigint() - started < (BigInt(duration) * 1_000_000_000n) / 2n) {
      model.score(texts);
      scored += texts.length;
    }
    const scorerRate = scored / (Number(process.hrtime.bigint() - started) / 1e9);

    console.log('');
    console.log('| measure | value | target |');
    console.log('| --- | --- | --- |');
    console.log(
      `| bare Express 5 + express.json() | ${bareRps.toFixed(0)} req/s, ${bareCpu.toFixed(0)} µs CPU/req, p99 ${bareP99} ms | baseline |`,
    );
    console.log(
      `| full /v1/predict | ${ourRps.toFixed(0)} req/s, ${ourCpu.toFixed(0)} µs CPU/req, p99 ${ourP99} ms | |`,
    );
    console.log(`| throughput ratio full / bare (median of paired rounds) | ${pairedRatio.toFixed(3)} | ≥ 0.85 |`);
    console.log(
      `| full /v1/predict, ${tokenCount} distinct tokens (verified-token cache cold) | ${mean(coldRuns.map((r) => r.rps)).toFixed(0)} req/s, ${coldCpu.toFixed(0)} µs CPU/req, p99 ${median(coldRuns.map((r) => r.p99))} ms; ratio to bare ${coldRatio.toFixed(3)}; ${(coldCpu - ourCpu).toFixed(0)} µs CPU/req more than one token | |`,
    );
    console.log(`| CPU-cost ratio bare / full (median µs per request) | ${(bareCpu / ourCpu).toFixed(3)} | ≥ 0.85 |`);
    console.log(`| full /v1/predict p99 (median of rounds) | ${ourP99} ms | < 10 ms |`);
    console.log(
      `| batch of 1000 over HTTP (one server process) | ${(batchRun.rps * 1000).toFixed(0)} comments/s, ${(batchRun.cpuMicros / 1000).toFixed(2)} µs CPU/comment, p99 ${batchRun.p99} ms | ≥ 300k/s per core |`,
    );
    console.log(`| scorer alone, batch of 1000 | ${scorerRate.toFixed(0)} comments/s | |`);
    console.log(`| failed requests (non-2xx, errors, timeouts) | ${failures + batchRun.failures} | 0 |`);
  } finally {
    bare.kill('SIGTERM');
    ours.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--bare-server') {
  runBareServer(Number(process.argv[3]));
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
