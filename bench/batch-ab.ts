/**
 * Batches of 1000 comments over HTTP, A/B: this tree's compiled server against another build of it (a
 * checkout of an older commit with `npm run build` done), each its own process pinned to the same core,
 * runs alternated and the order rotated, so both see the same machine. Per run: comments per second
 * (closed loop, 4 connections) and the server's CPU per comment (`/proc/<pid>/stat`); medians of the
 * rounds and their ratio new / old. Before timing, the two servers' responses to the same batch are
 * compared byte for byte (timestamps aside).
 *
 *   npm run build
 *   git archive <old commit> | tar -x -C /tmp/old && ln -s "$PWD/node_modules" /tmp/old/ && (cd /tmp/old && npx tsc -p tsconfig.build.json)
 *   taskset -c 1 npx tsx bench/batch-ab.ts --baseline /tmp/old [--seconds 4] [--rounds 5] [--chars 200]
 *     [--features 10000] [--model path/to/model.json] [--server-cpu 0]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchCredentials, syntheticComments, syntheticModel } from './model-server-fixtures';
import { freePort } from '../test/support/fixtures';
import { postRequest, runLoad } from './open-loop';

const ROOT = resolve(__dirname, '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** CPU time (user + system) of a process in µs, from /proc (clock ticks of 10 ms). */
function cpuMicrosOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const loads = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface Server {
  readonly name: string;
  readonly child: ChildProcess;
  readonly port: number;
  readonly adminPort: number;
}

async function main(): Promise<void> {
  const baseline = arg('baseline', '');
  if (!baseline) throw new Error('--baseline DIR (a built checkout of the older commit) is required');
  const seconds = Number(arg('seconds', '4'));
  const rounds = Number(arg('rounds', '5'));
  const chars = Number(arg('chars', '200'));
  const serverCpu = arg('server-cpu', '0');
  const dir = mkdtempSync(join(tmpdir(), 'bench-batch-ab-'));
  const synthetic = syntheticModel(Number(arg('features', '10000')));
  let modelPath = arg('model', '');
  if (!modelPath) {
    modelPath = join(dir, 'model.json');
    writeFileSync(modelPath, JSON.stringify(synthetic.artifact));
  }
  const { secret, token } = benchCredentials();
  const body = JSON.stringify({ texts: syntheticComments(synthetic.unigrams, 1000, chars, 11) });
  const servers: Server[] = [];
  try {
    for (const [name, root] of [
      ['old', resolve(baseline)],
      ['new', ROOT],
    ] as const) {
      const entry = join(root, 'build/model-server/server.js');
      if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build there first`);
      const port = await freePort();
      const adminPort = await freePort();
      const child = spawn('taskset', ['-c', serverCpu, process.execPath, entry], {
        cwd: root,
        env: {
          ...process.env,
          PORT: String(port),
          ADMIN_PORT: String(adminPort),
          RATE_LIMIT_PER_SECOND: '1000000',
          HOST: '127.0.0.1',
          MODEL_URI: pathToFileURL(modelPath).href,
          JWT_SECRET: secret,
          LOG_LEVEL: 'WARNING',
          NODE_ENV: 'production',
          DRAIN_SECONDS: '0',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      servers.push({ name, child, port, adminPort });
    }
    for (const s of servers) {
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`http://127.0.0.1:${s.adminPort}/readyz`)).status === 200) break;
        } catch {
          // not yet listening
        }
        if (i > 600) throw new Error(`the ${s.name} server did not become ready`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    // Same bytes from both, timestamps aside.
    const answers: string[] = [];
    for (const s of servers) {
      const res = await fetch(`http://127.0.0.1:${s.port}/v1/predict`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body,
      });
      answers.push((await res.text()).replace(/"timestamp":"[^"]*"/g, '"timestamp":""'));
    }
    const same = answers[0] === answers[1];
    console.log(
      `cpus: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; node ${process.version}; load average ${loads()} at the start`,
    );
    console.log(
      `batch of 1000 × ~${chars} chars, body ${body.length} bytes; response ${answers[1].length} bytes; old and new responses identical (timestamps aside): ${same}`,
    );
    if (!same) throw new Error('the two servers answered differently');

    const measure = async (s: Server, secs: number) => {
      const request = postRequest('127.0.0.1', s.port, '/v1/predict', body, { Authorization: `Bearer ${token}` });
      const cpu0 = cpuMicrosOf(s.child.pid!);
      const result = await runLoad({
        host: '127.0.0.1',
        port: s.port,
        request,
        rate: 0,
        seconds: secs,
        connections: 4,
      });
      const cpu = cpuMicrosOf(s.child.pid!) - cpu0;
      return {
        rate: (result.completed * 1000) / result.seconds,
        cpuPerComment: cpu / Math.max(1, result.completed * 1000),
        failures: result.failures,
      };
    };
    for (const s of servers) await measure(s, 2); // warm-up (JIT)
    const runs = new Map(servers.map((s) => [s.name, [] as Awaited<ReturnType<typeof measure>>[]]));
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < servers.length; i++) {
        const s = servers[(i + r) % servers.length];
        runs.get(s.name)!.push(await measure(s, seconds));
      }
    }
    console.log('');
    console.log(`| server | comments/s (median of ${rounds}) | µs CPU/comment | runs (comments/s) | failed |`);
    console.log('| --- | ---: | ---: | --- | ---: |');
    for (const s of servers) {
      const ms = runs.get(s.name)!;
      console.log(
        `| ${s.name} | ${median(ms.map((m) => m.rate)).toFixed(0)} | ${median(ms.map((m) => m.cpuPerComment)).toFixed(2)} | ${ms.map((m) => m.rate.toFixed(0)).join(', ')} | ${ms.reduce((a, m) => a + m.failures, 0)} |`,
      );
    }
    const o = runs.get('old')!;
    const n = runs.get('new')!;
    console.log(
      `\nnew / old: comments/s ${(median(n.map((m) => m.rate)) / median(o.map((m) => m.rate))).toFixed(3)}×, CPU per comment ${(median(n.map((m) => m.cpuPerComment)) / median(o.map((m) => m.cpuPerComment))).toFixed(3)}×; load average ${loads()} at the end`,
    );
  } finally {
    for (const s of servers) s.child.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
