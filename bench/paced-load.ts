/**
 * Tail latency and CPU per request under paced (open-loop) load: the real server entry point
 * (`model-server/server.ts`: JWT, ajv, scoring, metrics, headers) against two floors run in the same
 * invocation, each its own process pinned to one core (`taskset`), with this generator on another:
 * - `node:http`: a bare server draining the body and answering a small JSON object;
 * - `express`: Express 5 routing alone (the body drained, `res.end`), the framework's floor.
 *
 * First the saturation rate of each (closed loop, 50 connections); then paced load at fractions of our
 * server's saturation rate (25%, 50%, 70% by default), the same absolute rate for all three, rounds
 * interleaved and the order rotated. Per run: latency p50/p99/p99.9 from each request's scheduled instant,
 * the server's CPU per request (/proc/<pid>/stat) and its event-loop delay p99 (the floors measure it with
 * `monitorEventLoopDelay` at prom-client's 10 ms resolution; ours is read from its own `/metrics`), plus
 * our event-loop utilisation. Then batches of 1000 comments over HTTP against the scorer alone.
 *
 *   taskset -c 1 npx tsx bench/paced-load.ts [--seconds 5] [--rounds 2] [--levels 0.25,0.5,0.7]
 *     [--chars 200] [--features 10000] [--model path/to/model.json] [--server-cpu 0] [--compiled]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { parseModelArtifact } from '../src/ml/model-artifact';
import { ToxicityModel } from '../src/ml/toxicity-model';
import { benchCredentials, syntheticComments, syntheticModel } from './model-server-fixtures';
import { freePort } from '../test/support/fixtures';
import { type LoadResult, postRequest, quantile, runLoad } from './open-loop';
import { serverEntry } from './profile-server';

const ROOT = resolve(__dirname, '..');
const ELD_PATH = '/__eld';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** A floor server: `node:http` or Express routing alone; `GET /__eld` returns and resets its delay histogram. */
function runFloor(kind: string, port: number): void {
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  const eldJson = () => {
    const body = JSON.stringify({ p99: eld.percentile(99) / 1e6, max: eld.max / 1e6 });
    eld.reset();
    return body;
  };
  const answer = '{"ok":true}';
  if (kind === 'node') {
    createServer((req, res) => {
      if (req.method === 'GET' && req.url === ELD_PATH) {
        res.end(eldJson());
        return;
      }
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': answer.length });
        res.end(answer);
      });
    }).listen(port, '127.0.0.1');
    return;
  }
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.get(ELD_PATH, (_req, res) => void res.end(eldJson()));
  app.post('/v1/predict', (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': answer.length });
      res.end(answer);
    });
  });
  app.listen(port, '127.0.0.1');
}

interface Target {
  readonly name: string;
  readonly child: ChildProcess;
  readonly port: number;
  readonly request: Buffer;
  /** Event-loop delay p99 (ms) since the last call, and the loop's active seconds where the server reports them. */
  readonly loopStats: () => Promise<{ eldP99: number; active: number | null }>;
}

function spawnPinned(cpu: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn('taskset', ['-c', cpu, process.execPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitFor(url: string, child: ChildProcess, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before ${url} answered`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer 200 within ${seconds} s`);
}

/** CPU time (user + system) of a process in µs, from /proc (clock ticks of 10 ms). */
function cpuMicrosOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

/** A sample's value from Prometheus text (first series of that name). */
function sample(text: string, name: string): number | null {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : null;
}

interface Measured {
  readonly result: LoadResult;
  readonly cpuPerRequest: number;
  readonly eldP99: number;
  readonly elu: number | null;
}

async function measure(target: Target, rate: number, seconds: number, connections: number): Promise<Measured> {
  const before = await target.loopStats();
  const t0 = performance.now();
  const cpu0 = cpuMicrosOf(target.child.pid!);
  const result = await runLoad({
    host: '127.0.0.1',
    port: target.port,
    request: target.request,
    rate,
    seconds,
    connections,
  });
  const cpu = cpuMicrosOf(target.child.pid!) - cpu0;
  const after = await target.loopStats();
  const wall = (performance.now() - t0) / 1000;
  const elu = before.active === null || after.active === null ? null : (after.active - before.active) / wall;
  return { result, cpuPerRequest: cpu / Math.max(1, result.completed), eldP99: after.eldP99, elu };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

async function main(): Promise<void> {
  const seconds = Number(arg('seconds', '5'));
  const rounds = Number(arg('rounds', '2'));
  const levels = arg('levels', '0.25,0.5,0.7').split(',').map(Number);
  const chars = Number(arg('chars', '200'));
  const features = Number(arg('features', '10000'));
  const serverCpu = arg('server-cpu', '0');
  const modelFile = arg('model', '');

  const dir = mkdtempSync(join(tmpdir(), 'bench-paced-'));
  const synthetic = syntheticModel(features);
  let modelPath = modelFile;
  if (!modelPath) {
    modelPath = join(dir, 'model.json');
    writeFileSync(modelPath, JSON.stringify(synthetic.artifact));
  }
  const artifact = parseModelArtifact(JSON.parse(readFileSync(modelPath, 'utf8')));
  const { secret, token } = benchCredentials();
  const [comment] = syntheticComments(synthetic.unigrams, 1, chars);
  const batchTexts = syntheticComments(synthetic.unigrams, 1000, chars, 11);
  const single = JSON.stringify({ text: comment });

  const [nodePort, expressPort, ourPort, adminPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const children: ChildProcess[] = [];
  try {
    const nodeFloor = spawnPinned(serverCpu, ['--import', 'tsx', __filename, '--floor', 'node', String(nodePort)], {});
    const expressFloor = spawnPinned(
      serverCpu,
      ['--import', 'tsx', __filename, '--floor', 'express', String(expressPort)],
      {},
    );
    const ours = spawnPinned(serverCpu, serverEntry(), {
      PORT: String(ourPort),
      ADMIN_PORT: String(adminPort),
      RATE_LIMIT_PER_SECOND: '1000000',
      HOST: '127.0.0.1',
      MODEL_URI: pathToFileURL(modelPath).href,
      JWT_SECRET: secret,
      LOG_LEVEL: 'WARNING',
      NODE_ENV: 'production',
    });
    children.push(nodeFloor, expressFloor, ours);
    const floorStats = (port: number) => async () => {
      const r = (await (await fetch(`http://127.0.0.1:${port}${ELD_PATH}`)).json()) as { p99: number };
      return { eldP99: r.p99, active: null };
    };
    const ourStats = async () => {
      const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
      return {
        eldP99: (sample(text, 'nodejs_eventloop_lag_p99_seconds') ?? Number.NaN) * 1000,
        active: sample(text, 'nodejs_eventloop_active_seconds_total'),
      };
    };
    const targets: Target[] = [
      {
        name: 'node:http',
        child: nodeFloor,
        port: nodePort,
        request: postRequest('127.0.0.1', nodePort, '/v1/predict', single, {}),
        loopStats: floorStats(nodePort),
      },
      {
        name: 'express routing',
        child: expressFloor,
        port: expressPort,
        request: postRequest('127.0.0.1', expressPort, '/v1/predict', single, {}),
        loopStats: floorStats(expressPort),
      },
      {
        name: 'ours /v1/predict',
        child: ours,
        port: ourPort,
        request: postRequest('127.0.0.1', ourPort, '/v1/predict', single, { Authorization: `Bearer ${token}` }),
        loopStats: ourStats,
      },
    ];
    await waitFor(`http://127.0.0.1:${nodePort}${ELD_PATH}`, nodeFloor);
    await waitFor(`http://127.0.0.1:${expressPort}${ELD_PATH}`, expressFloor);
    await waitFor(`http://127.0.0.1:${adminPort}/readyz`, ours);

    console.log(
      `cpus: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; node ${process.version}; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `model: ${artifact.labels.length} labels × ${new ToxicityModel(artifact).featureCount} features, cleaning [${artifact.preprocessing.cleaning.join(', ')}]; body ${single.length} bytes; servers on cpu ${serverCpu}; ${seconds} s per run, ${rounds} rounds`,
    );

    // Warm-up (JIT), then saturation: closed loop, 50 connections.
    for (const t of targets) await measure(t, 0, 2, 50);
    const saturation = new Map<string, Measured[]>(targets.map((t) => [t.name, []]));
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < targets.length; i++) {
        const t = targets[(i + r) % targets.length];
        saturation.get(t.name)!.push(await measure(t, 0, seconds, 50));
      }
    }
    const satRate = (name: string) => median(saturation.get(name)!.map((m) => m.result.completed / m.result.seconds));
    const satCpu = (name: string) => median(saturation.get(name)!.map((m) => m.cpuPerRequest));
    console.log('');
    console.log('Saturation (closed loop, 50 connections; medians of rounds)');
    console.log('| server | req/s | µs CPU/req | vs express routing (req/s) | vs node:http (req/s) |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const t of targets) {
      console.log(
        `| ${t.name} | ${satRate(t.name).toFixed(0)} | ${satCpu(t.name).toFixed(1)} | ${f(satRate(t.name) / satRate('express routing'), 3)} | ${f(satRate(t.name) / satRate('node:http'), 3)} |`,
      );
    }

    const ourSat = satRate('ours /v1/predict');
    console.log('');
    console.log(
      `Paced (open loop) at fractions of our saturation rate (${ourSat.toFixed(0)} req/s); latency from each request's scheduled instant; medians of rounds`,
    );
    console.log(
      '| load | rate req/s | server | p50 ms | p99 ms | p99.9 ms | max ms | p99 vs node:http | µs CPU/req | CPU/req vs saturated | loop delay p99 ms | loop utilisation | failed |',
    );
    console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const level of levels) {
      const rate = Math.round(ourSat * level);
      const runs = new Map<string, Measured[]>(targets.map((t) => [t.name, []]));
      for (let r = 0; r < rounds; r++) {
        for (let i = 0; i < targets.length; i++) {
          const t = targets[(i + r) % targets.length];
          runs.get(t.name)!.push(await measure(t, rate, seconds, 8));
        }
      }
      const p = (name: string, q: number) => median(runs.get(name)!.map((m) => quantile(m.result.latencies, q)));
      for (const t of targets) {
        const ms = runs.get(t.name)!;
        const cpu = median(ms.map((m) => m.cpuPerRequest));
        const elu = ms[0].elu === null ? '' : f(median(ms.map((m) => m.elu ?? Number.NaN)), 3);
        const failed = ms.reduce((a, m) => a + m.result.failures, 0);
        console.log(
          `| ${Math.round(level * 100)}% | ${rate} | ${t.name} | ${f(p(t.name, 0.5))} | ${f(p(t.name, 0.99))} | ${f(p(t.name, 0.999))} | ${f(median(ms.map((m) => m.result.latencies[m.result.latencies.length - 1])))} | ${f(p(t.name, 0.99) / p('node:http', 0.99))} | ${cpu.toFixed(1)} | ${f(cpu / satCpu(t.name))} | ${f(median(ms.map((m) => m.eldP99)))} | ${elu} | ${failed} |`,
        );
      }
    }

    // Batches of 1000 comments over HTTP (closed loop, 4 connections) against the scorer alone here.
    const ourTarget = targets[2];
    const batchRequest = postRequest('127.0.0.1', ourPort, '/v1/predict', JSON.stringify({ texts: batchTexts }), {
      Authorization: `Bearer ${token}`,
    });
    const batchTarget: Target = { ...ourTarget, request: batchRequest };
    await measure(batchTarget, 0, 2, 4);
    const batchRuns: Measured[] = [];
    const scorerRates: number[] = [];
    const model = new ToxicityModel(artifact);
    for (let i = 0; i < 20; i++) model.score(batchTexts);
    for (let r = 0; r < rounds; r++) {
      batchRuns.push(await measure(batchTarget, 0, seconds, 4));
      const t0 = performance.now();
      let scored = 0;
      while (performance.now() - t0 < (seconds * 1000) / 2) {
        model.score(batchTexts);
        scored += batchTexts.length;
      }
      scorerRates.push(scored / ((performance.now() - t0) / 1000));
    }
    const batchRate = median(batchRuns.map((m) => (m.result.completed * 1000) / m.result.seconds));
    const scorerRate = median(scorerRates);
    console.log('');
    console.log(
      `Batches of 1000 comments of ~${chars} chars (closed loop, 4 connections; medians of ${rounds} rounds)`,
    );
    console.log('| what | comments/s | µs CPU/comment | vs scorer alone |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(
      `| scorer alone, in this process (\`ToxicityModel.score\`) | ${scorerRate.toFixed(0)} | ${(1e6 / scorerRate).toFixed(2)} | 1.00 |`,
    );
    console.log(
      `| over HTTP, one server process | ${batchRate.toFixed(0)} | ${(median(batchRuns.map((m) => m.cpuPerRequest)) / 1000).toFixed(2)} | ${f(batchRate / scorerRate)} |`,
    );
    console.log(
      `failed batch requests: ${batchRuns.reduce((a, m) => a + m.result.failures, 0)}; load average at the end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    for (const c of children) c.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--floor') {
  runFloor(process.argv[3], Number(process.argv[4]));
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
