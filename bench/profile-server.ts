/**
 * Where the server's CPU goes on the predict path: runs the real entry point (`model-server/server.ts`)
 * under `node --cpu-prof`, pinned to one core, drives it with the generator of `open-loop.ts` (single
 * comments or batches of 1000, closed loop or paced), stops it and prints the profile's self time by
 * function and by package, so a change can be judged by where the time went, not by a noisy rate.
 *
 *   taskset -c 1 npx tsx bench/profile-server.ts [--batch] [--rate 0] [--seconds 10] [--chars 200]
 *     [--model path/to/model.json] [--top 30] [--compiled (the build/ output of npm run build)]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchCredentials, syntheticComments, syntheticModel } from './model-server-fixtures';
import { freePort } from '../test/support/fixtures';
import { postRequest, quantile, runLoad } from './open-loop';

const ROOT = resolve(__dirname, '..');

/** The server as the image runs it (compiled by `npm run build`) with `--compiled`, else through tsx. */
export function serverEntry(): string[] {
  if (!process.argv.includes('--compiled')) return ['--import', 'tsx', 'model-server/server.ts'];
  const built = join(ROOT, 'build/model-server/server.js');
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
  return [built];
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package of node_modules, our folder, Node itself, or a V8 pseudo-frame. */
function ownerOf(url: string, name: string): string {
  if (!url) return `(${name || 'anonymous'})`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node (core)';
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  return relative(ROOT, path).split('/').slice(0, -1).join('/') || relative(ROOT, path);
}

function report(profile: Profile, top: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + profile.timeDeltas[i]);
  }
  let total = 0;
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    total += us;
    const owner = ownerOf(url, functionName);
    const key = `${functionName || '(anonymous)'} ${url ? `${owner}/${url.split('/').pop()}:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
  }
  const print = (title: string, m: Map<string, number>, n: number) => {
    console.log(`\n${title}`);
    console.log('| self % | where |');
    console.log('| ---: | --- |');
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
      console.log(`| ${((100 * us) / total).toFixed(1)} | ${k.replace(/\|/g, '\\|')} |`);
    }
  };
  print('Self time by package or folder', byOwner, 20);
  print('Self time by function', byFunction, top);
}

async function main(): Promise<void> {
  const batch = process.argv.includes('--batch');
  const rate = Number(arg('rate', '0'));
  const seconds = Number(arg('seconds', '10'));
  const chars = Number(arg('chars', '200'));
  const top = Number(arg('top', '30'));
  const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  const synthetic = syntheticModel(10000);
  let modelPath = arg('model', '');
  if (!modelPath) {
    modelPath = join(dir, 'model.json');
    writeFileSync(modelPath, JSON.stringify(synthetic.artifact));
  }
  const { secret, token } = benchCredentials();
  const body = batch
    ? JSON.stringify({ texts: syntheticComments(synthetic.unigrams, 1000, chars, 11) })
    : JSON.stringify({ text: syntheticComments(synthetic.unigrams, 1, chars)[0] });
  const port = await freePort();
  const adminPort = await freePort();
  const child = spawn(
    'taskset',
    ['-c', arg('server-cpu', '0'), process.execPath, '--cpu-prof', `--cpu-prof-dir=${dir}`, ...serverEntry()],
    {
      cwd: ROOT,
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
    },
  );
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${adminPort}/readyz`)).status === 200) break;
      } catch {
        // not yet listening
      }
      if (i > 600) throw new Error('the server did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    const request = postRequest('127.0.0.1', port, '/v1/predict', body, { Authorization: `Bearer ${token}` });
    const connections = batch ? 4 : 50;
    const result = await runLoad({ host: '127.0.0.1', port, request, rate, seconds, connections });
    const perSecond = result.completed / seconds;
    console.log(
      `${batch ? 'batches of 1000' : 'single comments'} of ~${chars} chars, ${rate ? `paced at ${rate} req/s` : `closed loop, ${connections} connections`}: ` +
        `${perSecond.toFixed(0)} req/s${batch ? ` (${(perSecond * 1000).toFixed(0)} comments/s)` : ''}, p50 ${quantile(result.latencies, 0.5).toFixed(2)} ms, p99 ${quantile(result.latencies, 0.99).toFixed(2)} ms, failed ${result.failures}`,
    );
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the server wrote no profile');
    report(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile, top);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
