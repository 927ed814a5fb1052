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
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { freePort, tempDir } from '../support/fixtures';

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

function cli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, [CLI, ...args], { cwd: ROOT, env });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stderr }));
  });
}

/** Serves a model file with the real CLI; resolves once it answers, with its address and a token. */
async function serve(modelPath: string): Promise<{ base: string; auth: Record<string, string>; stop: () => void }> {
  const port = await freePort();
  const server: ChildProcess = spawn(
    TSX,
    [CLI, 'serve', '--model', `file://${modelPath}`, '--port', String(port), '--ephemeral-secret', '--print-curl'],
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

describe('toxicity import sklearn with real scikit-learn', () => {
  const dir = tempDir('sklearn-import-');
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
  let expected: Record<string, Expected>;

  beforeAll(() => {
    if (!existsSync(PYTHON)) {
      throw new Error(`the scikit-learn venv is missing (${PYTHON}): run \`bash scripts/setup-python.sh\` first`);
    }
    const fit = spawnSync(PYTHON, [join(__dirname, 'support', 'sklearn_models.py'), dir], {
      input: JSON.stringify(texts),
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (fit.status !== 0) throw new Error(`sklearn_models.py failed: ${fit.stderr}`);
    expected = JSON.parse(fit.stdout) as Record<string, Expected>;
  });

  const imported: [string, string[]][] = [
    ['original', ['svm_model.pkl', '--allow-pickle']],
    ['calibrated', ['vectorizer.joblib', 'model.joblib', '--allow-pickle']],
    ['isotonic', ['isotonic.skops']],
    ['ovr', ['ovr.skops', '--labels', 'toxic,severe_toxic,obscene,threat,insult,identity_hate']],
    ['hashed', ['hashed.skops', '--labels', 'toxic,insult']],
    ['ridge', ['ridge-pair.joblib', '--allow-pickle']],
  ];

  it.each(imported)('imports the %s model and serves scikit-learn scores through /v1/predict', async (name, args) => {
    const out = join(dir, `${name}.json`);
    const run = await cli([
      'import',
      'sklearn',
      ...args.map((a) => (a.includes('.') && !a.includes(',') ? join(dir, a) : a)),
      '--python',
      PYTHON,
      '--version',
      `${name}-1`,
      '--out',
      out,
    ]);
    expect(run.stderr).toMatch(/parity on \d+ texts: largest decision difference/);
    expect(run.code).toBe(0);

    const want = expected[name];
    const server = await serve(out);
    try {
      const info = (await (await fetch(`${server.base}/v1/model`, { headers: server.auth })).json()) as {
        labels: string[];
        imported_from: { library: string; files: { hash: string }[]; parity: { tolerance: number } };
      };
      expect(info.labels).toEqual(want.labels);
      expect(info.imported_from).toMatchObject({ library: 'scikit-learn', parity: { tolerance: TOLERANCE } });
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
});
