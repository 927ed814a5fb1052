import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const DOCKERFILE = resolve(ROOT, 'model-server/Dockerfile');

/** hadolint from HADOLINT_BIN or `bash scripts/setup-hadolint.sh`; a missing binary fails the suite. */
function hadolint(): string {
  const bin = process.env.HADOLINT_BIN ?? resolve(ROOT, '.services/hadolint/bin/hadolint');
  if (!existsSync(bin)) {
    throw new Error(`hadolint not found at ${bin}: run \`bash scripts/setup-hadolint.sh\` (or set HADOLINT_BIN)`);
  }
  return bin;
}

describe('model-server/Dockerfile', () => {
  it('passes hadolint with no finding at any severity', () => {
    const result = spawnSync(hadolint(), ['--format', 'json', '--failure-threshold', 'style', DOCKERFILE], {
      encoding: 'utf8',
    });
    expect(JSON.parse(result.stdout || '[]')).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('is linted for real: hadolint flags a Dockerfile with known mistakes', () => {
    const bad = 'FROM node:latest\nRUN cd /app && npm install\nUSER root\nCMD node server.js\n';
    const result = spawnSync(hadolint(), ['--format', 'json', '-'], { input: bad, encoding: 'utf8' });
    const codes = (JSON.parse(result.stdout) as { code: string }[]).map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['DL3007', 'DL3003', 'DL3002', 'DL3025']));
    expect(result.status).not.toBe(0);
  });

  it('runs as the numeric UID the Deployment sets, without HEALTHCHECK, from the compiled entry point', () => {
    const text = execFileSync('cat', [DOCKERFILE], { encoding: 'utf8' });
    expect(text).toMatch(/^USER 10001:10001$/m);
    expect(text).not.toMatch(/^HEALTHCHECK/m);
    expect(text).toMatch(/^RUN npm ci --omit=dev --ignore-scripts/m);
    expect(text).toMatch(/^CMD \["node", "build\/model-server\/server\.js"\]$/m);
  });
});

describe('mlflow-server/Dockerfile', () => {
  const file = resolve(ROOT, 'mlflow-server/Dockerfile');

  it('passes hadolint with no finding at any severity', () => {
    const result = spawnSync(hadolint(), ['--format', 'json', '--failure-threshold', 'style', file], {
      encoding: 'utf8',
    });
    expect(JSON.parse(result.stdout || '[]')).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('installs the MLflow version and extras the integration suites run, as the UID of the manifests', () => {
    const text = execFileSync('cat', [file], { encoding: 'utf8' });
    const services = execFileSync('cat', [resolve(ROOT, 'scripts/services.sh')], { encoding: 'utf8' });
    const version = /^MLFLOW_VERSION="([^"]+)"$/m.exec(services)?.[1];
    expect(text).toContain(`"mlflow[auth]==${version}"`);
    for (const pin of /^MLFLOW_EXTRAS=\((.*)\)$/m.exec(services)![1].match(/"[^"]+"/g)!) {
      expect(text).toContain(pin.slice(1, -1));
    }
    expect(text).toMatch(/^USER 10001:10001$/m);
  });
});
