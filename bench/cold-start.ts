/**
 * Cold start of the model server as the container runs it (`node build/model-server/server.js`,
 * compiled by `npm run build`): time from spawning the process to the first `200` from `/readyz`,
 * and its resident memory then (VmRSS) and at its peak (VmHWM), with a generated 6-label,
 * 100k-feature TF-IDF model (unigrams and bigrams, ~15 MB of JSON). The floor, an empty `node`
 * process started the same way, is measured in the same run.
 *
 *   npm run build && npx tsx bench/cold-start.ts [--runs 5] [--features 100000] [--mask-pii] [--model path/to/model.json]
 *
 * `--mask-pii` gives the synthetic model the trainer's default cleaning (`mask-pii` first, as
 * `toxicity train` writes it) instead of the original system's steps, so the name lists are part of
 * the start.
 *
 * `--model` starts the server on a model file instead (e.g. the 6-label demo model that
 * `toxicity train` builds from data/demo/comments.csv, whose cleaning masks personal data).
 *
 * Targets (DESIGN.md): ready in ≤ 1 s, RSS ≤ 150 MB.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { syntheticModel } from './model-server-fixtures';
import { DEFAULT_MODEL_CLEANING } from '../src/training/train-model';
import { parseConfig } from '../src/config';
import { JwtKeyRing } from '../model-server/jwt-key-ring';
import { freePort } from '../test/support/fixtures';

const ROOT = resolve(__dirname, '..');
const ENTRY = join(ROOT, 'build/model-server/server.js');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** VmRSS and VmHWM (peak) of a process, in MiB, from /proc (Linux). */
function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** CPU time (user + system) a process has used, in ms, from /proc (Linux; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of proc(5) (utime, stime) are at 11 and 12 after the command name.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Run {
  readonly readyMs: number;
  /**
   * CPU time the server used until ready: on a shared machine the wall time mostly measures the
   * queue for a core, this what starting costs.
   */
  readonly cpuMs: number;
  readonly listeningMs: number;
  readonly loadMs: number;
  readonly rss: number;
  readonly peak: number;
  /** RSS 2 s after ready, serving nothing. */
  readonly settledRss: number;
  /** Wall time of the first `POST /v1/predict` after ready (lazily built state is paid here). */
  readonly firstPredictMs: number;
  /** RSS after that first prediction. */
  readonly rssAfterFirst: number;
}

/** One comment with a name, a town and an e-mail address: every masking path runs. */
const FIRST_COMMENT = JSON.stringify({
  text: 'Thanks Marie Dubois, the meeting in Lyon went fine; write to marie.dubois@example.org if it happens again.',
});

async function once(env: Record<string, string>, port: number, token: string): Promise<Run> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  const child: ChildProcess = spawn(process.execPath, [ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), ADMIN_PORT: String(port + 1) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let listeningMs = NaN;
  let loadMs = NaN;
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const line of out.split('\n').slice(0, -1)) {
      const entry = JSON.parse(line) as { message: string; loadMs?: number };
      if (entry.message === 'listening' && Number.isNaN(listeningMs)) listeningMs = elapsed();
      if (entry.message === 'model loaded') loadMs = entry.loadMs ?? NaN;
    }
    out = out.slice(out.lastIndexOf('\n') + 1);
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        await res.arrayBuffer();
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      if (elapsed() > 30000) throw new Error('not ready within 30 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    const readyMs = elapsed();
    const cpu = cpuMs(child.pid!);
    const { rss, peak } = memoryMiB(child.pid!);
    await new Promise((r) => setTimeout(r, 2000));
    const settledRss = memoryMiB(child.pid!).rss;
    const sent = process.hrtime.bigint();
    const res = await fetch(`http://127.0.0.1:${port}/v1/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: FIRST_COMMENT,
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`first /v1/predict answered ${res.status}`);
    const firstPredictMs = Number(process.hrtime.bigint() - sent) / 1e6;
    const rssAfterFirst = memoryMiB(child.pid!).rss;
    return { readyMs, cpuMs: cpu, listeningMs, loadMs, rss, peak, settledRss, firstPredictMs, rssAfterFirst };
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
}

/** RSS of the server listening with no model (the cost of the code and libraries alone). */
async function baselineRss(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, [ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ...env,
      MODEL_URI: 'file:///nonexistent/model.json',
      PORT: String(port),
      ADMIN_PORT: String(port + 1),
    },
    stdio: 'ignore',
  });
  try {
    for (let i = 0; i < 600; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        await res.arrayBuffer();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    return memoryMiB(child.pid!).rss;
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
}

async function nodeFloorMs(): Promise<number> {
  const started = process.hrtime.bigint();
  await new Promise((r) => spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }).once('exit', r));
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
  const runs = arg('runs', 5);
  const features = arg('features', 100_000);
  const modelIndex = process.argv.indexOf('--model');
  const modelFile = modelIndex >= 0 ? resolve(process.argv[modelIndex + 1]) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
  const modelPath = modelFile ?? join(dir, 'model.json');
  if (modelFile === undefined) {
    const { artifact } = syntheticModel(features);
    const cleaning = process.argv.includes('--mask-pii')
      ? [...DEFAULT_MODEL_CLEANING]
      : artifact.preprocessing.cleaning;
    writeFileSync(modelPath, JSON.stringify({ ...artifact, preprocessing: { ...artifact.preprocessing, cleaning } }));
  }
  const artifact = JSON.parse(readFileSync(modelPath, 'utf8')) as { labels: string[] };
  const config = join(dir, 'toxicity.config.yaml');
  writeFileSync(config, '{}\n');
  const secret = randomBytes(48).toString('base64url');
  const auth = parseConfig({}).auth;
  const token = JwtKeyRing.fromEnv({ JWT_SECRET: secret }).sign({
    subject: 'bench-cold-start',
    issuer: auth.issuer,
    audience: auth.audience,
    ttlSeconds: 3600,
    nowMs: Date.now(),
  });
  const env = {
    TOXICITY_CONFIG: config,
    HOST: '127.0.0.1',
    MODEL_URI: pathToFileURL(modelPath).href,
    JWT_SECRET: secret,
    NODE_ENV: 'production',
  };
  try {
    console.log(
      `cpus: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; node ${process.version}; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `model: ${modelFile ?? `synthetic, ${features} features`}, ${artifact.labels.length} labels, ${(statSync(modelPath).size / 1e6).toFixed(2)} MB of JSON; ${runs} runs`,
    );
    await once(env, await freePort(), token); // warm the page cache
    const results: Run[] = [];
    const floors: number[] = [];
    for (let i = 0; i < runs; i++) {
      floors.push(await nodeFloorMs());
      const r = await once(env, await freePort(), token);
      results.push(r);
      console.log(
        `run ${i + 1}: ready ${r.readyMs.toFixed(0)} ms, ${r.cpuMs} ms of CPU (listening ${r.listeningMs.toFixed(0)} ms, model load ${r.loadMs} ms), RSS ${r.rss.toFixed(1)} MiB, peak ${r.peak.toFixed(1)} MiB, 2 s later ${r.settledRss.toFixed(1)} MiB; first /v1/predict ${r.firstPredictMs.toFixed(1)} ms, RSS then ${r.rssAfterFirst.toFixed(1)} MiB`,
      );
    }
    const pick = (f: (r: Run) => number) => median(results.map(f));
    console.log('');
    console.log('| measure (median of runs) | value | target |');
    console.log('| --- | --- | --- |');
    console.log(`| empty \`node -e ""\` start and exit | ${median(floors).toFixed(0)} ms | floor |`);
    console.log(`| spawn → listening (liveness answers) | ${pick((r) => r.listeningMs).toFixed(0)} ms | |`);
    console.log(`| model read + parse + validate + build | ${pick((r) => r.loadMs).toFixed(0)} ms | |`);
    console.log(
      `| spawn → first 200 from /readyz | ${pick((r) => r.readyMs).toFixed(0)} ms (worst ${Math.max(...results.map((r) => r.readyMs)).toFixed(0)} ms) | ≤ 1000 ms |`,
    );
    console.log(`| CPU time (user + system) of the server until ready | ${pick((r) => r.cpuMs).toFixed(0)} ms | |`);
    console.log(`| RSS when ready | ${pick((r) => r.rss).toFixed(1)} MiB | ≤ 150 MB |`);
    console.log(`| peak RSS (VmHWM) until ready | ${pick((r) => r.peak).toFixed(1)} MiB | |`);
    console.log(`| RSS 2 s after ready (idle) | ${pick((r) => r.settledRss).toFixed(1)} MiB | |`);
    console.log(`| first \`POST /v1/predict\` after ready (wall) | ${pick((r) => r.firstPredictMs).toFixed(1)} ms | |`);
    console.log(`| RSS after that first prediction | ${pick((r) => r.rssAfterFirst).toFixed(1)} MiB | ≤ 150 MB |`);
    const noModel = await baselineRss(env);
    console.log(`| RSS of the same server without a model | ${noModel.toFixed(1)} MiB | |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
