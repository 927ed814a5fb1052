/**
 * Cost of recording the score histogram on the prediction path: one observation per comment and
 * model label (`model_prediction_score{label}`), with the server's `ScoreHistogram` against
 * prom-client's own `Histogram` (per-label children taken once, as a server would keep them), in the
 * same process and run, rounds alternating. Also prints the cost for one batch of 1000 comments
 * scored for 6 labels, the largest request the API takes by default.
 *
 *   npx tsx bench/score-histogram.ts [--rounds 7] [--observations 2000000]
 */
import { Histogram, Registry } from 'prom-client';
import { METRICS } from '../src/contract/metric-names';
import { ScoreHistogram, type ScoreRecorder } from '../model-server/score-histogram';

const LABELS = ['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/**
 * Nanoseconds per observation of `values`, spread over the label recorders like a batch. Written
 * twice on purpose: each recorder kind gets its own call site and type feedback, as in the server,
 * where only one kind is ever called (a shared loop would be polymorphic and slow both down).
 */
function timeOurs(recorders: readonly ScoreRecorder[], values: Float64Array, observations: number): number {
  const started = process.hrtime.bigint();
  let done = 0;
  while (done < observations) {
    for (const r of recorders) for (let i = 0; i < values.length; i++) r.observe(values[i]);
    done += recorders.length * values.length;
  }
  return Number(process.hrtime.bigint() - started) / done;
}

function timeTheirs(recorders: readonly ScoreRecorder[], values: Float64Array, observations: number): number {
  const started = process.hrtime.bigint();
  let done = 0;
  while (done < observations) {
    for (const r of recorders) for (let i = 0; i < values.length; i++) r.observe(values[i]);
    done += recorders.length * values.length;
  }
  return Number(process.hrtime.bigint() - started) / done;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function main(): void {
  const rounds = arg('rounds', 7);
  const observations = arg('observations', 2_000_000);
  const d = METRICS.predictionScore;
  // Probabilities spread over every bucket (a fixed sequence, so both sides see the same values).
  const values = Float64Array.from({ length: 1000 }, (_v, i) => ((i * 7919) % 1000) / 1000);

  const ours = new ScoreHistogram({ name: d.name, help: d.help, labelName: d.labelNames[0], buckets: d.buckets });
  ours.registerIn(new Registry());
  const theirs = new Histogram({
    name: d.name,
    help: d.help,
    labelNames: [...d.labelNames],
    buckets: [...d.buckets],
    registers: [new Registry()],
  });
  const oursRecorders = LABELS.map((l) => ours.recorder(l));
  const theirRecorders = LABELS.map((l) => theirs.labels({ label: l }));

  // Warm-up (JIT).
  timeOurs(oursRecorders, values, observations / 4);
  timeTheirs(theirRecorders, values, observations / 4);
  const oursNs: number[] = [];
  const theirNs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      oursNs.push(timeOurs(oursRecorders, values, observations));
      theirNs.push(timeTheirs(theirRecorders, values, observations));
    } else {
      theirNs.push(timeTheirs(theirRecorders, values, observations));
      oursNs.push(timeOurs(oursRecorders, values, observations));
    }
  }
  const a = median(oursNs);
  const b = median(theirNs);
  console.log(`node ${process.version}; ${rounds} rounds of ${observations} observations; ${LABELS.length} labels`);
  console.log('');
  console.log('| recorder | ns per observation | batch of 1000 × 6 labels | vs prom-client |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(
    `| baseline: prom-client Histogram child | ${b.toFixed(1)} | ${((b * 6000) / 1000).toFixed(0)} µs | 1.00× |`,
  );
  console.log(
    `| ScoreHistogram (typed arrays) | ${a.toFixed(1)} | ${((a * 6000) / 1000).toFixed(0)} µs | ${(a / b).toFixed(3)}× |`,
  );
}

main();
