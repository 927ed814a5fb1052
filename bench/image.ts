/**
 * The model-server image built by the integration suite (test/integration/model-server-image.test.ts,
 * tag localhost/toxicity-api:integration) against its local base (scripts/image/build-base.sh):
 * size and layer count relative to the base, and cold start to ready of the container, run with the
 * hardening flags the Deployment implies, relative to a container of the same base whose node process
 * answers HTTP at once (the container + Node floor), both measured in this run.
 *
 *   npm run test:integration -- model-server-image   # builds the image once
 *   npx tsx bench/image.ts [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { syntheticModel } from './model-server-fixtures';
import { freePort } from '../test/support/fixtures';

const ROOT = resolve(__dirname, '..');
const IMAGE = 'localhost/toxicity-api:integration';
const runs = (() => {
  const i = process.argv.indexOf('--runs');
  return i >= 0 ? Number(process.argv[i + 1]) : 5;
})();

function podman(args: string[]): string {
  const r = spawnSync('bash', [join(ROOT, 'scripts/image/podman.sh'), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`podman ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

async function untilReady(url: string): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

const HARDENING = ['--user', '10001:10001', '--read-only', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges'];

/** ms from `podman run -d` to the first 200 on `path`, then the container is removed. */
async function coldStart(args: string[], port: number, path: string): Promise<number> {
  const name = `bench-image-${process.pid}-${port}`;
  const t0 = performance.now();
  podman(['run', '--detach', '--name', name, '--network', 'host', ...HARDENING, '--tmpfs', '/tmp', ...args]);
  await untilReady(`http://127.0.0.1:${port}${path}`);
  const ms = performance.now() - t0;
  podman(['rm', '--force', '--time', '0', name]);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface ImageInspect {
  readonly Size: number;
  readonly RootFS: { readonly Layers: readonly string[] };
}

function inspectImage(name: string): ImageInspect {
  return (JSON.parse(podman(['image', 'inspect', name])) as ImageInspect[])[0];
}

async function main(): Promise<void> {
  const inspect = inspectImage(IMAGE);
  const baseName = spawnSync('bash', [join(ROOT, 'scripts/image/build-base.sh')], { encoding: 'utf8' }).stdout.trim();
  const baseInspect = inspectImage(baseName);
  const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
  console.log('| image | size MiB | layers | size vs base |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| base ${baseName} | ${mib(baseInspect.Size)} | ${baseInspect.RootFS.Layers.length} | 1.00x |`);
  console.log(
    `| ${IMAGE} | ${mib(inspect.Size)} | ${inspect.RootFS.Layers.length} | ${(inspect.Size / baseInspect.Size).toFixed(2)}x |`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'bench-image-'));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(syntheticModel(100_000).artifact));
  writeFileSync(join(dir, 'config.yaml'), 'server:\n  drainSeconds: 0\n');
  chmodSync(dir, 0o755);
  const floor: number[] = [];
  const app: number[] = [];
  for (let i = 0; i < runs; i++) {
    const p1 = await freePort();
    floor.push(
      await coldStart(
        [baseName, 'node', '-e', `require('http').createServer((q,s)=>s.end('ok')).listen(${p1})`],
        p1,
        '/',
      ),
    );
    const p2 = await freePort();
    app.push(
      await coldStart(
        [
          '--volume',
          `${dir}:/data:ro`,
          '--env',
          `PORT=${p2}`,
          '--env',
          'MODEL_URI=file:///data/model.json',
          '--env',
          'TOXICITY_CONFIG=/data/config.yaml',
          '--env',
          `JWT_SECRET=${'s'.repeat(40)}`,
          IMAGE,
        ],
        p2,
        '/readyz',
      ),
    );
  }
  rmSync(dir, { recursive: true, force: true });
  console.log('');
  console.log(`| cold start to ready (median of ${runs}) | ms | vs floor |`);
  console.log('| --- | ---: | ---: |');
  console.log(`| floor: base container, node answering at once | ${median(floor).toFixed(0)} | 1.00x |`);
  console.log(
    `| model server, 6 labels × 100k features | ${median(app).toFixed(0)} | ${(median(app) / median(floor)).toFixed(2)}x |`,
  );
}

void main();
