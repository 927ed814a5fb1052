/**
 * `toxicity import sklearn` against real scikit-learn: test/integration/support/sklearn_models.py fits the
 * original system's pipeline (its own hyper-parameters), an alt-profanity-check-style calibrated ensemble,
 * an isotonic char_wb model, a multi-label one-vs-rest model, a hashed multi-output model and a ridge pair
 * on the project's demo data; each is imported with the CLI, served with `toxicity serve`, and every
 * /v1/predict decision value and probability must equal scikit-learn's within the import tolerance. Each
 * refused kind must be refused with its name.
 *
 *   bash scripts/setup-python.sh && npm run test:integration -- sklearn-import
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { MlflowClient } from '../../src/mlflow/mlflow-client';
import { freePort, tempDir } from '../support/fixtures';
import { requireService } from './support/services';

const ROOT = resolve(__dirname, '../..');
const PYTHON = join(ROOT, '.venv', 'bin', 'python');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/cli.ts');
const TOLERANCE = 1e-6;

interface Expected {
  labels: string[];
  decisions: number[][] | null;
  probabilities: number[][] | null;
}

function cli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, [CLI, ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** Serves a model (a file path or a model URI) with the real CLI; resolves once it answers, with its address and a token. */
async function serve(model: string): Promise<{ base: string; auth: Record<string, string>; stop: () => void }> {
  const port = await freePort();
  const uri = model.startsWith('/') ? `file://${model}` : model;
  const server: ChildProcess = spawn(
    TSX,
    [CLI, 'serve', '--model', uri, '--port', String(port), '--ephemeral-secret', '--print-curl'],
    {
      cwd: ROOT,
      env: { ...process.env, RATE_LIMIT_PER_SECOND: '1000000', ADMIN_PORT: String(await freePort()) },
    },
  );
  let err = '';
  server.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const until = Date.now() + 60_000;
  for (;;) {
    const token = /Authorization: Bearer ([\w.-]+)/.exec(err)?.[1];
    if (token) {
      const auth = { authorization: `Bearer ${token}` };
      const ready = await fetch(`http://127.0.0.1:${port}/v1/model`, { headers: auth }).catch(() => undefined);
      if (ready?.ok) return { base: `http://127.0.0.1:${port}`, auth, stop: () => server.kill('SIGINT') };
    }
    if (Date.now() > until || server.exitCode !== null) {
      server.kill('SIGKILL');
      throw new Error(`the server did not start: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface ServedScore {
  decision: number;
  probability: number | null;
}

const rows = parseCsv<{ comment_text: string }>(readFileSync(join(ROOT, 'data/demo/comments.csv'), 'utf8'), {
  columns: true,
});
// The demo comments plus texts none of the models saw: accents, other scripts, emoji, whitespace runs.
const texts = [
  ...rows.map((r) => r.comment_text),
  '',
  'Vous êtes complètement idiot, arrêtez ça.',
  'ТЫ ИДИОТ 😡😡',
  'tabs\tand\n\nnew lines   and\u00a0no-break spaces',
  'İstanbul straße ǅemal ﬁne',
];

/** Fits the suite's models with `python`'s scikit-learn into `dir`; returns scikit-learn's scores of `texts`. */
function fitModels(python: string, dir: string): Record<string, Expected> {
  if (!existsSync(python)) {
    throw new Error(`the scikit-learn venv is missing (${python}): run \`bash scripts/setup-python.sh\` first`);
  }
  const fit = spawnSync(python, [join(__dirname, 'support', 'sklearn_models.py'), dir], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (fit.status !== 0) throw new Error(`sklearn_models.py failed: ${fit.stderr}`);
  return JSON.parse(fit.stdout) as Record<string, Expected>;
}

/** The models every supported scikit-learn version must import, with their command-line arguments. */
const IMPORTED: [string, string[]][] = [
  ['original', ['svm_model.pkl', '--allow-pickle']],
  ['calibrated', ['vectorizer.joblib', 'model.joblib', '--allow-pickle']],
  ['isotonic', ['isotonic.skops']],
  ['ovr', ['ovr.skops', '--labels', 'toxic,severe_toxic,obscene,threat,insult,identity_hate']],
  ['hashed', ['hashed.skops', '--labels', 'toxic,insult']],
  ['ridge', ['ridge-pair.joblib', '--allow-pickle']],
];

/**
 * Imports a model fitted in `dir` with `python`, serves it, and checks every /v1/predict decision value and
 * probability against scikit-learn's (`want`), and /v1/model's provenance against `sklearnVersion`.
 */
async function importAndServe(
  python: string,
  dir: string,
  want: Expected,
  name: string,
  args: string[],
  sklearnVersion: string,
): Promise<void> {
  const out = join(dir, `${name}.json`);
  const run = await cli([
    'import',
    'sklearn',
    ...args.map((a) => (a.includes('.') && !a.includes(',') ? join(dir, a) : a)),
    '--python',
    python,
    '--version',
    `${name}-1`,
    '--out',
    out,
  ]);
  expect(run.stderr).toMatch(/parity on \d+ texts: largest decision difference/);
  expect(run.code).toBe(0);

  const server = await serve(out);
  try {
    const info = (await (await fetch(`${server.base}/v1/model`, { headers: server.auth })).json()) as {
      labels: string[];
      imported_from: { library: string; libraryVersion: string; files: { hash: string }[] };
    };
    expect(info.labels).toEqual(want.labels);
    expect(info.imported_from).toMatchObject({
      library: 'scikit-learn',
      libraryVersion: sklearnVersion,
      parity: { tolerance: TOLERANCE },
    });
    expect(info.imported_from.files[0].hash).toMatch(/^sha256:[0-9a-f]{64}$/);

    const response = await fetch(`${server.base}/v1/predict`, {
      method: 'POST',
      headers: { ...server.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ texts }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { predictions: { scores: Record<string, ServedScore> }[] };
    let worstDecision = 0;
    let worstProbability = 0;
    want.labels.forEach((label, k) => {
      body.predictions.forEach((p, i) => {
        const served = p.scores[label];
        if (want.decisions) worstDecision = Math.max(worstDecision, Math.abs(served.decision - want.decisions[k][i]));
        if (want.probabilities) {
          expect(served.probability).not.toBeNull();
          worstProbability = Math.max(worstProbability, Math.abs(served.probability! - want.probabilities[k][i]));
        } else expect(served.probability).toBeNull();
      });
    });
    expect(worstDecision).toBeLessThanOrEqual(TOLERANCE);
    expect(worstProbability).toBeLessThanOrEqual(TOLERANCE);
  } finally {
    server.stop();
  }
}

describe('toxicity import sklearn with real scikit-learn', () => {
  const dir = tempDir('sklearn-import-');
  let expected: Record<string, Expected>;

  beforeAll(() => {
    expected = fitModels(PYTHON, dir);
  });

  it.each(IMPORTED)('imports the %s model and serves scikit-learn scores through /v1/predict', (name, args) =>
    importAndServe(PYTHON, dir, expected[name], name, args, '1.7.2'),
  );

  it('refuses a scikit-learn outside the supported range before loading anything', () => {
    const run = spawnSync(
      PYTHON,
      [join(ROOT, 'python/sklearn_export.py'), join(dir, 'isotonic.skops'), '--supported-sklearn', '1.5,1.6'],
      { input: '[]', encoding: 'utf8' },
    );
    expect(run.stderr).toMatch(/^scikit-learn 1\.7\.2 \(in .*\) is not supported: the converter supports 1\.5 to 1\.6/);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(2);
  });

  const refused: [string, string[], RegExp][] = [
    ['a pickle without --allow-pickle', ['svm_model.pkl'], /is not a skops file; loading a pickle .* --allow-pickle/],
    [
      'a skops file naming an untrusted function',
      ['function.skops'],
      /unsupported type\(s\) in the skops file, not loaded: _operator\.neg/,
    ],
    ['an unsupported pipeline step', ['svd.skops'], /TruncatedSVD: unsupported Pipeline step/],
    [
      'an unsupported classifier',
      ['forest.joblib', '--allow-pickle'],
      /RandomForestClassifier is not a supported classifier/,
    ],
    [
      'a multi-class single-label model',
      ['multiclass.joblib', '--allow-pickle'],
      /LinearSVC has 3 classes; only binary/,
    ],
    [
      'a custom tokenizer',
      ['tokenizer.joblib', '--allow-pickle'],
      /TfidfVectorizer: a custom tokenizer is not supported/,
    ],
    [
      'a TfidfTransformer after a HashingVectorizer',
      ['hashing-tfidf.joblib', '--allow-pickle'],
      /TfidfTransformer: unsupported step after HashingVectorizer/,
    ],
  ];

  it.each(refused)('refuses %s, naming it, and writes nothing', async (_, args, message) => {
    const out = join(dir, 'refused.json');
    const run = await cli([
      'import',
      'sklearn',
      ...args.map((a) => (a.includes('.') ? join(dir, a) : a)),
      '--python',
      PYTHON,
      '--out',
      out,
    ]);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/^toxicity: refused: /);
    // The command line was fine; the model it read is not convertible: a failure (1), not a usage error (2).
    expect(run.code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it('names what to install when the Python has no scikit-learn', async () => {
    const bare = join(dir, 'bare-venv');
    const venv = spawnSync(PYTHON, ['-m', 'venv', '--without-pip', bare], { encoding: 'utf8' });
    expect(venv.status).toBe(0);
    const run = await cli([
      'import',
      'sklearn',
      join(dir, 'isotonic.skops'),
      '--python',
      join(bare, 'bin', 'python'),
      '--out',
      join(dir, 'never.json'),
    ]);
    expect(run.stderr).toMatch(
      /cannot import 'numpy': install scikit-learn \(e\.g\. `python -m pip install scikit-learn skops`\)/,
    );
    expect(run.code).toBe(1);
  });

  describe('--register, against a real MLflow', () => {
    const name = `imported-${randomUUID().slice(0, 8)}`;
    const client = new MlflowClient({ trackingUri: requireService('MLFLOW_TRACKING_URI') });
    const checkData = join(ROOT, 'data/demo/comments.csv');
    // Promotions publish the champion pointer into this folder (the default store is a gs:// bucket).
    const env = { ...process.env, MODEL_CHAMPION_STORE: `file://${dir}/models` };
    const register = (out: string, extra: string[] = []) =>
      cli(
        [
          'import',
          'sklearn',
          join(dir, 'svm_model.pkl'),
          '--allow-pickle',
          '--python',
          PYTHON,
          '--out',
          join(dir, out),
          '--register',
          name,
          '--check-data',
          checkData,
          ...extra,
        ],
        env,
      );

    it('registers the first import as champion, with its parity report and check-data metrics in the run', async () => {
      const run = await register('registered-1.json');
      expect(run.stderr).toMatch(/^MLflow run \w+ in experiment/m);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('rocAuc on the check data comments.csv (606 rows; * primary label)');
      expect(run.stdout).toContain('no champion yet: toxic.rocAuc');
      expect(run.stdout).toContain(`${name} version 1: now champion`);
      const pointer = JSON.parse(readFileSync(join(dir, 'models', name, 'champion'), 'utf8')) as { version: string };
      expect(pointer.version).toBe('1');

      const champion = await client.getModelVersionByAlias(name, 'champion');
      expect(champion?.version).toBe('1');
      const tags = new Map((champion?.tags ?? []).map((t) => [t.key, t.value]));
      expect(tags.get('sklearn_version')).toBe('1.7.2');
      expect(tags.get('check_data_hash')).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(Number(tags.get('metric.check.toxic.rocAuc'))).toBeGreaterThan(0.5);

      const record = await client.getRun(champion!.run_id!);
      expect(record.info.status).toBe('FINISHED');
      const metrics = new Map((record.data.metrics ?? []).map((m) => [m.key, m.value]));
      expect(metrics.get('parity.max_decision_difference')).toBeLessThanOrEqual(TOLERANCE);
      expect(metrics.get('parity.texts')).toBeGreaterThan(600);
      expect(metrics.get('challenger.toxic.rocAuc')).toBe(Number(tags.get('metric.check.toxic.rocAuc')));
      const artifacts = (await client.listArtifacts(champion!.run_id!)).map((a) => a.path).sort();
      expect(artifacts).toEqual(['comparison.json', 'import.json', 'model']);
      const report = JSON.parse(
        (await client.downloadArtifact(`${record.info.artifact_uri}/import.json`)).toString(),
      ) as { source: { sklearnVersion: string }; parity: { tolerance: number } };
      expect(report).toMatchObject({ source: { sklearnVersion: '1.7.2' }, parity: { tolerance: TOLERANCE } });

      const server = await serve(`models:/${name}@champion`);
      try {
        const info = (await (await fetch(`${server.base}/v1/model`, { headers: server.auth })).json()) as {
          name: string;
          imported_from: { library: string };
        };
        expect(info).toMatchObject({ name, imported_from: { library: 'scikit-learn' } });
      } finally {
        server.stop();
      }
    });

    it('registers an import that does not pass the gate as challenger, with the reason, and keeps the champion', async () => {
      const run = await register('registered-2.json', ['--min-improvement', '0.01']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/not promoted: toxic\.rocAuc [\d.]+ vs champion v1 [\d.]+ \(needs ≥ [\d.]+\)/);
      expect(run.stdout).toContain(`${name} version 2: registered as challenger: not promoted`);
      expect((await client.getModelVersionByAlias(name, 'champion'))?.version).toBe('1');
      const challenger = await client.getModelVersionByAlias(name, 'challenger');
      expect(challenger?.version).toBe('2');
      const reason = challenger?.tags?.find((t) => t.key === 'not_promoted_reason')?.value;
      expect(reason).toMatch(/^not promoted: toxic\.rocAuc .* vs champion v1/);
      expect(existsSync(join(dir, 'registered-2.json'))).toBe(true);
    });

    it('fails when the gate cannot judge the model, marks the run FAILED and registers nothing', async () => {
      const run = await register('registered-3.json', ['--gate-metric', 'insult.rocAuc']);
      expect(run.stderr).toContain('the challenger has no rocAuc for the primary label "insult"');
      expect(run.stderr).toContain('but not registered');
      expect(run.code).toBe(1);
      expect((await client.listModelVersions(name)).map((v) => v.version).sort()).toEqual(['1', '2']);
      const runId = /^MLflow run (\w+)/m.exec(run.stderr)![1];
      expect((await client.getRun(runId)).info.status).toBe('FAILED');
    });
  });
});

/** The other supported minors (SUPPORTED_SKLEARN's ends), each in its venv made by scripts/setup-python.sh. */
describe.each([
  ['1.5', '1.5.2'],
  ['1.9', '1.9.1'],
])('toxicity import sklearn with scikit-learn %s', (minor, version) => {
  const python = join(ROOT, '.venv', `sklearn-${minor}`, 'bin', 'python');
  const dir = tempDir(`sklearn-import-${minor}-`);
  let expected: Record<string, Expected>;

  beforeAll(() => {
    expected = fitModels(python, dir);
  });

  it.each(IMPORTED)(`imports the %s model fitted with scikit-learn ${version} and serves its scores`, (name, args) =>
    importAndServe(python, dir, expected[name], name, args, version),
  );
});
