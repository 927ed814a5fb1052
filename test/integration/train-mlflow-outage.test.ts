import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MlflowClient } from '../../src/mlflow/mlflow-client';
import { requireService } from './support/services';

/**
 * MLflow goes down in the middle of `toxicity train --register`: a proxy in front of the real server
 * forwards requests until the run is created, then drops every connection, as a crashed or
 * unreachable tracking server would. The command must fail with a clear error and promote nothing.
 */
const ROOT = resolve(__dirname, '../..');

describe('toxicity train when MLflow goes down mid-run', () => {
  const mlflowUri = new URL(requireService('MLFLOW_TRACKING_URI'));
  const client = new MlflowClient({ trackingUri: mlflowUri.toString() });
  let proxy: Server;
  let proxyUri: string;
  let down = false;
  const seen: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'outage-'));

  beforeAll(async () => {
    proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
      seen.push(`${req.method} ${req.url}${down ? ' (dropped)' : ''}`);
      if (down) {
        req.socket.destroy();
        return;
      }
      const upstream = request(
        { host: mlflowUri.hostname, port: mlflowUri.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          // The outage starts right after the run exists.
          if (req.url?.startsWith('/api/2.0/mlflow/runs/create')) answer.on('end', () => (down = true));
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUri = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((r) => proxy.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails with a clear error, leaves the run open and registers nothing', async () => {
    const name = `outage-${randomUUID().slice(0, 8)}`;
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done, fail) => {
      const child = spawn(
        join(ROOT, 'node_modules/.bin/tsx'),
        [
          join(ROOT, 'src/cli.ts'),
          'train',
          '--register',
          name,
          '--labels',
          'toxic',
          '--no-progress',
          '--out',
          `file://${dir}/m/`,
        ],
        { cwd: ROOT, env: { ...process.env, MLFLOW_TRACKING_URI: proxyUri } },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', fail);
      child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /toxicity: MLflow at http:\/\/127\.0\.0\.1:\d+ could not be reached \(POST \/api\/2\.0\/mlflow\/runs\/log-batch\) after 4 attempts/,
    );
    expect(result.stderr).toContain('no model was registered or promoted');
    expect(result.stderr).toMatch(
      /could not mark MLflow run [0-9a-f]{32} as FAILED \(MLflow unreachable\); it stays RUNNING/,
    );
    expect(seen.filter((s) => s.endsWith('(dropped)')).length).toBeGreaterThanOrEqual(8);

    // Nothing reached the registry; the model files were written locally before logging.
    const versions = await client.listModelVersions(name).catch(() => []);
    expect(versions).toEqual([]);
    expect(existsSync(join(dir, 'm/model.json'))).toBe(true);

    // The run exists and is still RUNNING on the real server: nothing was half-finished there.
    const runId = /MLflow run ([0-9a-f]{32})/.exec(result.stderr)![1];
    expect((await client.getRun(runId)).info.status).toBe('RUNNING');
  });
});
