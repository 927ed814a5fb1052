/**
 * An imported scikit-learn model served here vs the same model in scikit-learn, in one run: the original
 * system's pipeline (TfidfVectorizer + LinearSVC) and an alt-profanity-check-style 5-fold sigmoid
 * `CalibratedClassifierCV`, both fitted on the demo data by bench/sklearn_scoring.py, which also times
 * scikit-learn in its own process; each is imported with `toxicity import sklearn`, then scored by the
 * scorer in this process and by `toxicity serve` over HTTP (batches of 1000 comments, and one comment per
 * request, sequential, one connection). Ratios are against scikit-learn's batch rate measured in the run.
 *
 *   bash scripts/setup-python.sh && npx tsx bench/sklearn-import.ts [--seconds 3]
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseModelArtifact } from '../src/ml/model-artifact';
import { ToxicityModel } from '../src/ml/toxicity-model';
import { freePort } from '../test/support/fixtures';

const ROOT = resolve(__dirname, '..');
const PYTHON = join(ROOT, '.venv', 'bin', 'python');
const CLI = join(ROOT, 'src', 'cli.ts');
const argIndex = process.argv.indexOf('--seconds');
const SECONDS = argIndex >= 0 ? Number(process.argv[argIndex + 1]) : 3;

async function rate(fn: () => unknown, count: number): Promise<number> {
  await fn(); // warm-up
  let done = 0;
  const start = performance.now();
  for (;;) {
    await fn();
    done += count;
    const elapsed = (performance.now() - start) / 1000;
    if (elapsed >= SECONDS) return done / elapsed;
  }
}

async function serve(modelPath: string): Promise<{ server: ChildProcess; base: string; token: string }> {
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      'serve',
      '--model',
      `file://${modelPath}`,
      '--port',
      String(port),
      '--ephemeral-secret',
      '--print-curl',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        RATE_LIMIT_PER_SECOND: '1000000',
        ADMIN_PORT: String(await freePort()),
        LOG_LEVEL: 'WARNING',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  server.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const until = Date.now() + 90_000;
  for (;;) {
    const token = /Authorization: Bearer ([\w.-]+)/.exec(err)?.[1];
    const base = `http://127.0.0.1:${port}`;
    if (
      token &&
      (await fetch(`${base}/v1/model`, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined))?.ok
    ) {
      return { server, base, token };
    }
    if (Date.now() > until || server.exitCode !== null) throw new Error(`server did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<void> {
  const rows = parseCsv<{ comment_text: string }>(readFileSync(join(ROOT, 'data/demo/comments.csv'), 'utf8'), {
    columns: true,
  });
  const texts = Array.from({ length: 1000 }, (_, i) => rows[i % rows.length].comment_text);
  const dir = mkdtempSync(join(tmpdir(), 'bench-sklearn-'));
  try {
    const py = spawnSync(PYTHON, [join(__dirname, 'sklearn_scoring.py'), dir, String(SECONDS)], {
      input: JSON.stringify(texts),
      encoding: 'utf8',
    });
    if (py.status !== 0) throw new Error(`sklearn_scoring.py failed: ${py.stderr}`);
    const sklearn = JSON.parse(py.stdout) as Record<string, { batch: number; single: number }>;

    console.log(
      `${texts.length} demo comments (mean ${Math.round(texts.reduce((s, t) => s + t.length, 0) / texts.length)} chars); ${SECONDS} s per figure`,
    );
    console.log('| model | what | comments/s | vs scikit-learn batch |');
    console.log('| --- | --- | ---: | ---: |');
    for (const name of Object.keys(sklearn)) {
      const out = join(dir, `${name}.json`);
      const imported = spawnSync(
        process.execPath,
        ['--import', 'tsx', CLI, 'import', 'sklearn', join(dir, `${name}.skops`), '--python', PYTHON, '--out', out],
        { cwd: ROOT, encoding: 'utf8' },
      );
      if (imported.status !== 0) throw new Error(`import failed: ${imported.stderr}`);
      const model = new ToxicityModel(parseModelArtifact(JSON.parse(readFileSync(out, 'utf8'))));
      const reference = sklearn[name].batch;
      const row = (what: string, perSecond: number) =>
        console.log(
          `| ${name} | ${what} | ${Math.round(perSecond).toLocaleString('en-US')} | ${(perSecond / reference).toFixed(2)}x |`,
        );
      row('scikit-learn in process, batch of 1000', reference);
      row('scikit-learn in process, one per call', sklearn[name].single);
      row('imported, scorer in process, batch of 1000', await rate(() => model.score(texts), texts.length));
      const { server, base, token } = await serve(out);
      try {
        const post = (body: string) =>
          fetch(`${base}/v1/predict`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body,
          }).then(async (r) => {
            if (!r.ok) throw new Error(`predict answered ${r.status}: ${await r.text()}`);
            return r.arrayBuffer();
          });
        const batch = JSON.stringify({ texts });
        row('imported, served, POST /v1/predict batch of 1000', await rate(() => post(batch), texts.length));
        const singles = texts.slice(0, 100).map((t) => JSON.stringify({ text: t }));
        const sequential = async () => {
          for (const body of singles) await post(body);
        };
        row('imported, served, one per request', await rate(sequential, singles.length));
      } finally {
        server.kill('SIGINT');
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
