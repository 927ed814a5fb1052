import { parseConfig } from '../../../src/config';
import { MODEL_CARD_SCHEMA } from '../../../src/ml';
import { buildModelCard, datasetLabelCounts, renderModelCardMarkdown } from '../../../src/training/model-card';
import { REPORT_URI, trainDemoModel, type TrainedDemoModel } from '../../support/trained-demo-model';

describe('the model card of a real training run (the demo data)', () => {
  let run: TrainedDemoModel;
  beforeAll(async () => {
    run = await trainDemoModel();
  });

  it('records the data, its counts per label and its data-quality report', () => {
    const card = run.artifact.card!;
    expect(card.schema).toBe(MODEL_CARD_SCHEMA);
    expect(card.model).toEqual({
      name: run.artifact.name,
      version: run.artifact.version,
      trainedAt: '2026-01-02T03:04:05Z',
      commit: 'c0ffee',
      type: expect.stringContaining('linear SVM'),
    });
    expect(card.data.rows).toBe(run.dataset.texts.length);
    expect(card.data.trainRows + card.data.testRows).toBe(card.data.rows);
    expect(card.data.hash).toBe(run.artifact.provenance.dataHash);
    const toxic = card.data.labels.toxic;
    expect(toxic.positive + toxic.negative).toBe(card.data.rows);
    expect(toxic.positive).toBe(run.dataset.targets[run.dataset.labels.indexOf('toxic')].reduce((a, b) => a + b, 0));
    const v = card.data.validation!;
    expect(v.passed).toBe(run.quality.passed);
    expect(v.reportUri).toBe(REPORT_URI);
    expect(v.checks.map((c) => c.id)).toEqual(run.quality.checks.map((c) => c.id));
    expect(v.checks.find((c) => c.id === 'min-rows')).toMatchObject({
      passed: true,
      observed: card.data.rows,
      limit: 500,
    });
  });

  it('records the metrics the artifact carries, on the held-out split', () => {
    const card = run.artifact.card!;
    for (const label of run.artifact.labels) {
      const m = run.artifact.metrics[label] as Record<string, number>;
      expect(card.metrics.labels[label]).toMatchObject({ rocAuc: m.rocAuc, f1: m.f1, support: m.support });
    }
    expect(card.metrics.threshold).toBe(0.5);
    expect(card.metrics.evaluatedOn).toContain(`${run.report.testRows} comments`);
  });

  it('records the masking steps stored in the model and what they masked in the training data', () => {
    const p = run.artifact.card!.privacy;
    expect(p.piiMasked).toBe(true);
    expect(p.cleaning).toEqual(run.artifact.preprocessing.cleaning);
    expect(p.cleaning[0]).toBe('mask-pii');
    expect(p.measures[0]).toMatch(/^mask-pii: personal data of every type/);
    expect(p.maskedInTrainingData.EMAIL).toBe(run.report.pii.counts.EMAIL);
    expect(p.maskedInTrainingData.EMAIL).toBeGreaterThan(0);
  });

  it('classifies the model under the EU AI Act as the config says (limited risk by default)', () => {
    expect(run.artifact.card!.risk).toEqual({
      framework: 'EU AI Act (Regulation (EU) 2024/1689)',
      level: 'limited',
      reasoning: run.config.modelCard.riskReasoning,
    });
    expect(run.artifact.card!.intendedUse).toMatch(/moderation aid/);
  });

  it('never carries a data row, a credential or a signed query of the data URI', () => {
    const text = JSON.stringify(run.artifact.card);
    expect(run.artifact.card!.data.uri).toBe('https://storage.example/data/comments.csv');
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain('X-Goog-Signature');
    const rows = run.dataset.texts.filter((t) => t.length >= 20);
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows) expect(text).not.toContain(row);
  });

  it('takes the intended use, the limitations and the risk level from the modelCard config', () => {
    const config = parseConfig({
      modelCard: {
        intendedUse: 'Ranking a review queue.',
        limitations: ['English only.'],
        riskLevel: 'minimal',
        riskReasoning: 'No decision on people.',
      },
    });
    const card = buildModelCard(run.artifact, {
      report: run.report,
      config: config.modelCard,
      validation: null,
      labelCounts: datasetLabelCounts(run.dataset),
    });
    expect(card).toMatchObject({
      intendedUse: 'Ranking a review queue.',
      limitations: ['English only.'],
      risk: { level: 'minimal', reasoning: 'No decision on people.' },
      data: { validation: null },
    });
    expect(renderModelCardMarkdown(card)).toContain('Not validated by `toxicity data validate` before training');
  });

  it('renders Markdown with every section and the figures of the card', () => {
    const md = renderModelCardMarkdown(run.artifact.card!);
    for (const heading of ['Intended use', 'Limitations', 'Data', 'Metrics', 'Privacy', 'Risk classification']) {
      expect(md).toContain(`## ${heading}\n`);
    }
    expect(md).toContain(`# Model card: ${run.artifact.name} ${run.artifact.version}`);
    expect(md).toContain('Data-quality gate: **passed**');
    expect(md).toContain(`| toxic | ${run.artifact.card!.metrics.labels.toxic.precision.toFixed(3)} |`);
    expect(md).toContain('**limited risk**');
  });

  it('stores the calibrated scores of the held-out split as the drift baseline, in the server histogram bins', () => {
    const b = run.artifact.scoreBaseline!;
    expect(b.source).toBe('test-split');
    expect(b.bounds).toEqual([0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1]);
    for (const label of run.artifact.labels) {
      expect(b.labels[label].counts.reduce((x, y) => x + y, 0)).toBe(run.report.testRows);
    }
  });
});
