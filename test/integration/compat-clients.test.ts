/**
 * The compatible endpoints driven by the clients made for them, unmodified: the npm Perspective client
 * (`perspective-api-client`), Triton's `tritonclient[http]` (from .venv, scripts/setup-python.sh) and
 * MLflow's own `ScoringServerClient` (from the MLflow venv of scripts/services.sh), against the real
 * model server process. Each answer is compared with `/v1/predict` on the same server.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parseConfig } from '../../src/config';
import { JwtKeyRing } from '../../model-server/jwt-key-ring';
import { freePort, tempDir, testArtifact, writeModelFile } from '../support/fixtures';
import {
  REPO_ROOT,
  type ServerProcess,
  startServerProcess,
  writeConfigFile,
} from '../model-server/support/server-process';

const run = promisify(execFile);
const SECRET = 'compat-clients-secret-with-more-than-32-bytes';
const TEXTS = ['you idiot', 'thanks, great work', 'stupid'];
const LABELS = ['toxic', 'insult', 'obscene'] as const;

interface V1Score {
  decision: number;
  probability: number | null;
  predicted: boolean;
}

let server: ServerProcess;
let base = '';
let port = 0;
let token = '';
let v1: Record<string, V1Score>[] = [];

/** What the client scripts print: nested JSON of their results. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ClientOutput = Record<string, any>;
type PerspectiveResult = { attributeScores: Record<string, { summaryScore: { value: number } }> };

const probability = (s: V1Score) => s.probability ?? 1 / (1 + Math.exp(-s.decision));

beforeAll(async () => {
  port = await freePort();
  const dir = tempDir('compat-clients-');
  const config = parseConfig({});
  token = JwtKeyRing.fromEnv({ JWT_SECRET: SECRET }).sign({
    subject: 'compat-clients',
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlSeconds: 3600,
    nowMs: Date.now(),
  });
  server = startServerProcess({
    TOXICITY_CONFIG: writeConfigFile(dir),
    PORT: String(port),
    ADMIN_PORT: String(await freePort()),
    HOST: '127.0.0.1',
    MODEL_URI: writeModelFile(dir, testArtifact({ labels: [...LABELS] })),
    JWT_SECRET: SECRET,
  });
  base = String((await server.waitFor((e) => e.message === 'listening')).url).replace(/\/$/, '');
  await server.waitFor((e) => e.message === 'model loaded');
  const res = await fetch(`${base}/v1/predict`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ texts: TEXTS }),
  });
  v1 = ((await res.json()) as { predictions: { scores: Record<string, V1Score> }[] }).predictions.map((p) => p.scores);
});

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
});

describe('the npm Perspective client (perspective-api-client)', () => {
  it('analyzes comments through comments:analyze with the token as its API key', async () => {
    // The client posts to the fixed Google URL through its own axios: point that axios at this server.
    const clientDir = dirname(require.resolve('perspective-api-client'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const axios = require(require.resolve('axios', { paths: [clientDir] })) as {
      interceptors: { request: { use(f: (c: { url: string }) => unknown): void } };
    };
    axios.interceptors.request.use((c) => ({
      ...c,
      url: c.url.replace('https://commentanalyzer.googleapis.com', base),
    }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Perspective = require('perspective-api-client') as new (o: { apiKey: string }) => {
      analyze(text: string, options?: Record<string, unknown>): Promise<PerspectiveResult>;
    };
    const client = new Perspective({ apiKey: token });
    for (let i = 0; i < TEXTS.length; i++) {
      const result = await client.analyze(TEXTS[i], { attributes: ['toxicity', 'insult', 'profanity'] });
      expect(result.attributeScores.TOXICITY.summaryScore.value).toBeCloseTo(probability(v1[i].toxic), 12);
      expect(result.attributeScores.INSULT.summaryScore.value).toBeCloseTo(probability(v1[i].insult), 12);
      expect(result.attributeScores.PROFANITY.summaryScore.value).toBeCloseTo(probability(v1[i].obscene), 12);
    }
    await expect(client.analyze('hi', { attributes: ['spam'] })).rejects.toThrow(
      'unsupported attribute(s) SPAM; this model answers TOXICITY, PROFANITY, INSULT',
    );
    await expect(new Perspective({ apiKey: 'not-a-token' }).analyze('hi')).rejects.toThrow('the token is not a JWT');
  });
});

describe("Triton's Open Inference Protocol client (tritonclient[http])", () => {
  it('checks health and metadata and infers in binary and JSON tensors', async () => {
    const python = join(REPO_ROOT, '.venv', 'bin', 'python');
    const script = join(__dirname, 'support', 'compat_clients.py');
    const { stdout } = await run(python, [script, 'triton', `127.0.0.1:${port}`, token, ...TEXTS]);
    const out = JSON.parse(stdout) as ClientOutput;
    expect(out).toMatchObject({ live: true, ready: true, model_ready: true });
    expect(out.metadata).toMatchObject({ name: 'toxicity', parameters: { labels: LABELS.join(',') } });
    for (const form of ['binary', 'json']) {
      expect(out[form].decision).toEqual(v1.map((s) => LABELS.map((l) => s[l].decision)));
      expect(out[form].probability).toEqual(v1.map((s) => LABELS.map((l) => probability(s[l]))));
      expect(out[form].predicted).toEqual(v1.map((s) => LABELS.map((l) => s[l].predicted)));
    }
    expect(out.unknown_model_error).toContain('unknown model "other"');
  });
});

describe("MLflow's scoring-server client (mlflow ScoringServerClient)", () => {
  it('pings, reads the version and scores a DataFrame, an array and CSV', async () => {
    const venvBin = process.env.MLFLOW_VENV_BIN;
    if (!venvBin) throw new Error('MLFLOW_VENV_BIN is not set: run through scripts/services.sh run');
    // The client sends no credentials of its own; requests adds Basic auth from the netrc file.
    const netrc = join(tempDir('netrc-'), 'netrc');
    writeFileSync(netrc, `machine 127.0.0.1 login client password ${token}\n`, { mode: 0o600 });
    const script = join(__dirname, 'support', 'compat_clients.py');
    const { stdout } = await run(join(venvBin, 'python'), [script, 'mlflow', '127.0.0.1', String(port), ...TEXTS], {
      env: { ...process.env, NETRC: netrc },
    });
    const out = JSON.parse(stdout) as ClientOutput;
    const expected = v1.map((s) => Object.fromEntries(LABELS.map((l) => [l, probability(s[l])])));
    expect(out.version).toBe('1.0.0');
    expect(out.dataframe).toEqual(expected);
    expect(out.inputs).toEqual(expected);
    expect(out.csv).toEqual(expected);
  });
});
