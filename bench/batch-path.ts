/**
 * The batch path in one process, A/B: scoring 1000 ~200-character comments and writing the response
 * bytes with this tree's compiled code against another build (a checkout of an older commit with `npm run
 * build` done), runs alternated, CPU time (`process.cpuUsage`), medians. The old side is what the handler
 * did before issue 19's batch pass: `score` (a `LabelScore` per text and label), `predictionsJson` (a
 * string per text) and `joinedJsonBytes`; the new side is `batchScores` + `scoreInto` (flat arrays, cleaned
 * ASCII read as bytes) and `predictionsBytes` (straight to one buffer). Both outputs are compared byte
 * for byte first. Parsing the request body (`JSON.parse`), the same on both sides, is timed on its own.
 * When the older build has the new calls too, they are timed as a third row ("old build, same calls as
 * new"): the change inside them since that build.
 *
 *   npm run build
 *   git archive <old commit> | tar -x -C /tmp/old && ln -s "$PWD/node_modules" /tmp/old/ && (cd /tmp/old && npx tsc -p tsconfig.build.json)
 *   taskset -c 1 npx tsx bench/batch-path.ts --baseline /tmp/old [--rounds 11] [--reps 20] [--chars 200] [--features 10000]
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type * as ResponseModule from '../model-server/predict-response';
import type * as ArtifactModule from '../src/ml/model-artifact';
import type * as ModelModule from '../src/ml/toxicity-model';
import { syntheticComments, syntheticModel } from './model-server-fixtures';

const ROOT = resolve(__dirname, '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

interface Build {
  readonly response: typeof ResponseModule;
  readonly artifact: typeof ArtifactModule;
  readonly model: typeof ModelModule;
}

function load(root: string): Build {
  const file = (path: string) => {
    const full = join(root, 'build', path);
    if (!existsSync(full)) throw new Error(`${full} is missing: run npm run build in ${root}`);
    return full;
  };
  /* eslint-disable @typescript-eslint/no-require-imports -- two builds of the same modules, chosen at run time */
  return {
    response: require(file('model-server/predict-response.js')) as typeof ResponseModule,
    artifact: require(file('src/ml/model-artifact.js')) as typeof ArtifactModule,
    model: require(file('src/ml/toxicity-model.js')) as typeof ModelModule,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
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

function main(): void {
  const baseline = arg('baseline', '');
  if (!baseline) throw new Error('--baseline DIR (a built checkout of the older commit) is required');
  const rounds = Number(arg('rounds', '11'));
  const reps = Number(arg('reps', '20'));
  const synthetic = syntheticModel(Number(arg('features', '10000')));
  const body = JSON.stringify({ texts: syntheticComments(synthetic.unigrams, 1000, Number(arg('chars', '200')), 11) });
  const texts = (JSON.parse(body) as { texts: string[] }).texts;
  const labels = synthetic.artifact.labels;
  const options = { primaryLabel: labels[0], labels, threshold: 0.5, timestamp: new Date().toISOString() };
  const head = '{"model_version":"bench","predictions":[';

  const old = load(resolve(baseline));
  const cur = load(ROOT);
  const oldModel = new old.model.ToxicityModel(
    old.artifact.parseModelArtifact(JSON.parse(JSON.stringify(synthetic.artifact))),
  );
  const newModel = new cur.model.ToxicityModel(
    cur.artifact.parseModelArtifact(JSON.parse(JSON.stringify(synthetic.artifact))),
  );

  const variants: Record<string, () => Buffer> = {
    old: () => {
      const results = oldModel.score(texts, { labels });
      return old.response.joinedJsonBytes(head, old.response.predictionsJson(texts, results, options), ']}');
    },
    new: () => {
      const scores = newModel.batchScores(texts.length, labels);
      newModel.scoreInto(texts, scores);
      return cur.response.predictionsBytes(texts, scores, options, { head, itemTail: '', tail: ']}' });
    },
    // The same calls in the older build, when it has them: what changed inside them since.
    ...(typeof old.response.predictionsBytes === 'function'
      ? {
          'old build, same calls as new': () => {
            const scores = oldModel.batchScores(texts.length, labels);
            oldModel.scoreInto(texts, scores);
            return old.response.predictionsBytes(texts, scores, options, { head, itemTail: '', tail: ']}' });
          },
        }
      : {}),
    'JSON.parse of the body (both)': () => {
      const parsed = JSON.parse(body) as { texts: string[] };
      return Buffer.alloc(parsed.texts.length > 0 ? 1 : 0);
    },
  };
  const a = variants.old();
  const b = variants.new();
  console.log(`load average ${loads()} at the start; node ${process.version}`);
  console.log(`response ${b.length} bytes; old and new responses identical: ${a.equals(b)}`);
  if (!a.equals(b)) throw new Error('old and new responses differ');

  const names = Object.keys(variants);
  for (const name of names) for (let i = 0; i < 10; i++) variants[name]();
  const cpu = new Map(names.map((n) => [n, [] as number[]]));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      const t0 = process.cpuUsage();
      for (let k = 0; k < reps; k++) variants[name]();
      const used = process.cpuUsage(t0);
      cpu.get(name)!.push((used.user + used.system) / (reps * texts.length));
    }
  }
  const base = median(cpu.get('old')!);
  console.log('');
  console.log(`| what | µs CPU per comment (median of ${rounds} × ${reps} batches) | comments/s of CPU | vs old |`);
  console.log('| --- | ---: | ---: | ---: |');
  for (const name of names) {
    const m = median(cpu.get(name)!);
    console.log(`| ${name} | ${m.toFixed(3)} | ${(1e6 / m).toFixed(0)} | ${(m / base).toFixed(3)} |`);
  }
  console.log(`\nload average ${loads()} at the end`);
}

main();
