/**
 * Writing a batch response: the JSON text of 1000 scored comments (6 labels) as one string handed to
 * `res.end` (which flattens the rope, counts its UTF-8 bytes for Content-Length and encodes it) against
 * `joinedJsonBytes` (the items written straight into one buffer), rounds interleaved, medians printed.
 * Scoring and `predictionsJson` run once, outside the timings: only the joining and encoding differ.
 *
 *   npx tsx bench/response-writing.ts [--rounds 15] [--reps 50] [--chars 200]
 */
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { parseModelArtifact } from '../src/ml/model-artifact';
import { ToxicityModel } from '../src/ml/toxicity-model';
import { joinedJsonBytes, predictionsJson } from '../model-server/predict-response';
import { syntheticComments, syntheticModel } from './model-server-fixtures';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const rounds = arg('rounds', 15);
const reps = arg('reps', 50);
const { artifact, unigrams } = syntheticModel(10000);
const model = new ToxicityModel(parseModelArtifact(JSON.parse(JSON.stringify(artifact))));
const texts = syntheticComments(unigrams, 1000, arg('chars', 200), 11);
const results = model.score(texts, { labels: artifact.labels });
const options = { primaryLabel: 'toxic', labels: artifact.labels, threshold: 0.5, timestamp: new Date().toISOString() };
const head = `{"model_version":"bench","predictions":[`;

const variants = {
  // What the handler did: one template string, then Content-Length and the bytes from it.
  'string, then byteLength + encode': () => {
    const items = predictionsJson(texts, results, options);
    const body = `${head}${items.join(',')}]}`;
    return Buffer.byteLength(body) + Buffer.from(body).length;
  },
  joinedJsonBytes: () => joinedJsonBytes(head, predictionsJson(texts, results, options), ']}').length,
  // For scale: the items alone, which both include.
  'predictionsJson alone (shared part)': () => predictionsJson(texts, results, options).length,
};
type Name = keyof typeof variants;
const times = new Map<Name, number[]>(Object.keys(variants).map((k) => [k as Name, []]));
for (const f of Object.values(variants)) for (let i = 0; i < 20; i++) f();
for (let r = 0; r < rounds; r++) {
  const names = Object.keys(variants) as Name[];
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + r) % names.length];
    const t0 = performance.now();
    for (let k = 0; k < reps; k++) variants[name]();
    times.get(name)!.push((performance.now() - t0) / reps);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times.get('string, then byteLength + encode')!);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(
      ' ',
    )}; ${rounds} rounds × ${reps} responses; bytes ${joinedJsonBytes(head, predictionsJson(texts, results, options), ']}').length}`,
);
console.log('| how | ms per batch response (median) | vs string |');
console.log('| --- | ---: | ---: |');
for (const [name, xs] of times)
  console.log(`| ${name} | ${median(xs).toFixed(2)} | ${(median(xs) / base).toFixed(2)} |`);
