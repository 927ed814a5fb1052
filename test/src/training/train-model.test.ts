import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { rocAuc } from '../../../src/ml/evaluation-metrics';
import { createTextCleaner } from '../../../src/ml/text-cleaning';
import { ToxicityModel } from '../../../src/ml/toxicity-model';
import { stratifiedTrainTestSplit } from '../../../src/training/stratified-split';
import { type LabelledDataset, readDataset } from '../../../src/training/read-dataset';
import { DEFAULT_MODEL_CLEANING, TrainingError, trainToxicityModel } from '../../../src/training/train-model';

const context = {
  dataUri: 'file://data/demo/comments.csv',
  dataHash: 'sha256:0123456789abcdef',
  commit: 'abc1234',
  now: new Date('2026-11-26T10:20:30.456Z'),
};

/** A tiny separable dataset: insults vs thanks, with one e-mail address. */
function tiny(): LabelledDataset {
  const toxic = [
    'you are an idiot',
    'stupid idiot go away',
    'idiot troll',
    'what an idiot you are',
    'stupid troll idiot',
    'you stupid fool idiot',
  ];
  const clean = [
    'thanks for the edit',
    'thanks a lot for the help',
    'nice edit thanks',
    'great work on the article',
    'thanks, write to jo@example.com',
    'good article and nice work',
  ];
  const texts = [...toxic, ...clean, ...toxic.map((t) => `${t}!`), ...clean.map((t) => `${t}.`)];
  const y = texts.map((_, i) => (i % 12 < 6 ? 1 : 0));
  return {
    ids: texts.map((_, i) => String(i)),
    texts,
    labels: ['toxic', 'threat'],
    targets: [Uint8Array.from(y), new Uint8Array(texts.length)],
  };
}

describe('trainToxicityModel', () => {
  it('trains a calibrated head that separates the classes and skips a label with one class', () => {
    const { artifact, report } = trainToxicityModel(
      tiny(),
      { testFraction: 0.25, vectorizer: { minDf: { count: 1 } } },
      context,
    );
    expect(artifact.labels).toEqual(['toxic']);
    expect(report.skippedLabels).toEqual([{ label: 'threat', reason: 'only negative examples in the training part' }]);
    expect(report.trainRows + report.testRows).toBe(24);
    expect(report.testRows).toBe(6);
    const toxic = report.labels.find((l) => l.label === 'toxic')!;
    expect(toxic.svmAccuracy).toBe(1);
    expect(toxic.metrics!.rocAuc).toBe(1);
    expect(artifact.heads[0].calibration).not.toBeNull();
    const model = new ToxicityModel(artifact);
    const [insult, thanks] = model.score(['what a stupid idiot', 'thanks for the nice edit']);
    expect(insult.scores[0].probability!).toBeGreaterThan(0.5);
    expect(thanks.scores[0].probability!).toBeLessThan(0.5);
  });

  it('masks personal data before building features and counts it', () => {
    const { artifact, report } = trainToxicityModel(
      tiny(),
      { testFraction: 0.25, vectorizer: { minDf: { count: 1 } } },
      context,
    );
    expect(report.pii.counts).toEqual({ EMAIL: 2 });
    const vocabulary = artifact.vectorizer.type === 'tfidf' ? artifact.vectorizer.vocabulary : [];
    expect(vocabulary).toContain('email');
    expect(vocabulary.some((t) => t.includes('jo') || t.includes('example'))).toBe(false);
  });

  it('stores the masking in the model, so the server masks names exactly as training did', () => {
    const { artifact } = trainToxicityModel(tiny(), { vectorizer: { minDf: { count: 1 } } }, context);
    expect(artifact.preprocessing.cleaning[0]).toBe('mask-pii');
    const served = createTextCleaner(artifact.preprocessing.cleaning).clean('I think Margaret wrote to zo@example.org');
    expect(served).toBe('i think <person> wrote to <email>');
  });

  it('reports test metrics that the stored model reproduces from the raw texts', () => {
    const data = tiny();
    const data2: LabelledDataset = {
      ...data,
      texts: data.texts.map((t, i) => (i % 3 === 0 ? `Kevin, ${t}` : t)),
    };
    const { artifact, report } = trainToxicityModel(
      data2,
      { testFraction: 0.25, vectorizer: { minDf: { count: 1 } } },
      context,
    );
    const split = stratifiedTrainTestSplit([data2.targets[0], data2.targets[1]], 0.25, 42);
    const testTexts = Array.from(split.test, (i) => data2.texts[i]);
    const y = Array.from(split.test, (i) => data2.targets[0][i]);
    const served = new ToxicityModel(artifact).decisionValues(testTexts, ['toxic']);
    expect(rocAuc(y, served)).toBe(report.labels.find((l) => l.label === 'toxic')!.metrics!.rocAuc);
  });

  it('records the cleaning, the original vectorizer settings and the provenance in the artifact', () => {
    const { artifact } = trainToxicityModel(tiny(), { vectorizer: { minDf: { count: 1 } } }, context);
    expect(artifact.preprocessing.cleaning).toEqual(DEFAULT_MODEL_CLEANING);
    expect(artifact.preprocessing.ngramRange).toEqual([1, 2]);
    expect(artifact.preprocessing.stripAccents).toBe('ascii');
    expect(artifact.preprocessing.stopWords).toHaveLength(318);
    expect(artifact.provenance).toEqual({
      dataHash: 'sha256:0123456789abcdef',
      dataUri: 'file://data/demo/comments.csv',
      commit: 'abc1234',
      trainedAt: '2026-11-26T10:20:30Z',
    });
    expect(artifact.version).toBe('20261126.102030-01234567');
    expect(artifact.hyperparameters).toMatchObject({
      C: 1,
      loss: 'squared_hinge',
      classWeight: 'balanced',
      maxFeatures: 10000,
    });
  });

  it('gives the same weights for the same seed', () => {
    const a = trainToxicityModel(tiny(), { seed: 3, vectorizer: { minDf: { count: 1 } } }, context).artifact;
    const b = trainToxicityModel(tiny(), { seed: 3, vectorizer: { minDf: { count: 1 } } }, context).artifact;
    expect(b.heads).toEqual(a.heads);
  });

  it('reports progress while cleaning (masking included), vectorizing and training', () => {
    const phases = new Set<string>();
    trainToxicityModel(
      tiny(),
      { cvFolds: 2, vectorizer: { minDf: { count: 1 } } },
      { ...context, onProgress: (p) => phases.add(p) },
    );
    expect([...phases].sort()).toEqual(['clean', 'train', 'vectorize']);
  });

  it('throws when no label has both classes', () => {
    const data = tiny();
    const none = { ...data, targets: [new Uint8Array(24), new Uint8Array(24)] };
    expect(() => trainToxicityModel(none, {}, context)).toThrow(
      new TrainingError(
        'no label has both classes in the training data (toxic: only negative examples in the training part; threat: only negative examples in the training part)',
      ),
    );
  });

  it('throws when a requested label is not in the data', () => {
    expect(() => trainToxicityModel(tiny(), { labels: ['insult'] }, context)).toThrow(
      'label "insult" is not in the data (it has toxic, threat)',
    );
  });

  it('throws when the data is empty or gives no feature', () => {
    expect(() =>
      trainToxicityModel({ ids: [], texts: [], labels: ['toxic'], targets: [new Uint8Array(0)] }, {}, context),
    ).toThrow('the dataset has no usable rows');
    const data = tiny();
    expect(() => trainToxicityModel({ ...data, texts: data.texts.map(() => 'a') }, {}, context)).toThrow(
      /^cannot build features: /,
    );
  });

  it('trains all six labels of the shipped demo data with cross-validation', async () => {
    const { dataset } = await readDataset(createReadStream(join(__dirname, '../../../data/demo/comments.csv')), {
      name: 'comments.csv',
    });
    const { artifact, report } = trainToxicityModel(dataset, { cvFolds: 3, maskPii: false }, context);
    expect(artifact.labels).toEqual(['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate']);
    const toxic = report.labels.find((l) => l.label === 'toxic')!;
    expect(toxic.metrics!.rocAuc!).toBeGreaterThan(0.85);
    expect(toxic.cv!.folds).toBe(3);
    expect(toxic.solver!.converged).toBe(true);
  });
});
