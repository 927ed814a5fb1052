/**
 * Builds the model card of a trained model (src/ml/model-card.ts) from what the trainer measured, the
 * data-quality report of its data and the `modelCard` config, and renders it as Markdown for people.
 * Pure: the command reads the report and writes the files.
 */
import type { ModelCardConfig } from '../config';
import {
  MODEL_CARD_SCHEMA,
  type ModelArtifact,
  type ModelCard,
  type ModelCardValidation,
  parseModelArtifact,
  publicUri,
} from '../ml';
import type { DataQualityReport } from './data-quality';
import type { LabelledDataset } from './read-dataset';
import type { TrainReport } from './train-model';

/** What each masking step of the cleaning does, for the card's privacy measures. */
const MASKING_STEPS: Readonly<Record<string, string>> = {
  'mask-pii':
    'personal data of every type (e-mails, URLs, IPs, phones, IBANs, cards, handles, person names, places) is replaced by a type tag before any feature is built, at training and serving time alike',
  'mask-pii-tagger':
    "personal data of every type is replaced by a type tag (names also found with compromise's English tagger), at training and serving time alike",
  'mask-contacts':
    'structured contact data (e-mails, URLs, IPs, phones, IBANs, cards, handles) is replaced by a type tag; person names and places are NOT masked',
};

/** The card's view of a data-quality report: checks without details, URIs without credentials. */
export function cardValidation(report: DataQualityReport, reportUri: string | null): ModelCardValidation {
  return {
    passed: report.passed,
    report: report.schema,
    reportUri: reportUri === null ? null : publicUri(reportUri),
    evalSet: report.evalSet ? { ...report.evalSet, uri: publicUri(report.evalSet.uri) } : null,
    checks: report.checks.map((c) => ({
      id: c.id,
      passed: c.passed,
      observed: c.observed,
      limit: typeof c.limit === 'number' ? c.limit : [...c.limit],
      message: c.message,
    })),
  };
}

/** Positives and negatives per label in the whole dataset, for the card. */
export function datasetLabelCounts(
  dataset: Pick<LabelledDataset, 'labels' | 'targets'>,
): Record<string, { positive: number; negative: number }> {
  const counts: Record<string, { positive: number; negative: number }> = {};
  dataset.labels.forEach((label, k) => {
    const column = dataset.targets[k];
    let positive = 0;
    for (let i = 0; i < column.length; i++) positive += column[i];
    counts[label] = { positive, negative: column.length - positive };
  });
  return counts;
}

/** What the card is built from besides the artifact. */
export interface ModelCardInputs {
  readonly report: TrainReport;
  readonly config: ModelCardConfig;
  /** The data-quality report of the training data, or null when it was not validated. */
  readonly validation: ModelCardValidation | null;
  /** Positives and negatives per label in the whole data. */
  readonly labelCounts: Readonly<Record<string, { positive: number; negative: number }>>;
}

/** The card of `artifact`. */
export function buildModelCard(artifact: ModelArtifact, inputs: ModelCardInputs): ModelCard {
  const { report, config } = inputs;
  const cleaning = [...artifact.preprocessing.cleaning];
  const measures: string[] = cleaning.filter((s) => s in MASKING_STEPS).map((s) => `${s}: ${MASKING_STEPS[s]}`);
  if (measures.length === 0) measures.push('no masking step: personal data in comments reaches the features');
  measures.push('the model stores weights per word and word pair, never a comment; the card holds counts, never a row');
  const labels: Record<string, ModelCard['metrics']['labels'][string]> = {};
  for (const l of report.labels) {
    if (!l.metrics) continue;
    const m = l.metrics;
    labels[l.label] = {
      accuracy: m.accuracy,
      precision: m.precision,
      recall: m.recall,
      f1: m.f1,
      rocAuc: m.rocAuc,
      prAuc: m.prAuc,
      support: m.support,
    };
  }
  const share = Math.round((report.testRows / report.rows) * 100);
  return {
    schema: MODEL_CARD_SCHEMA,
    model: {
      name: artifact.name,
      version: artifact.version,
      trainedAt: artifact.provenance.trainedAt,
      commit: artifact.provenance.commit,
      type: 'TF-IDF (word 1-2-grams) + linear SVM per label, Platt-calibrated',
    },
    intendedUse: config.intendedUse,
    limitations: [...config.limitations],
    data: {
      uri: publicUri(artifact.provenance.dataUri),
      hash: artifact.provenance.dataHash,
      rows: report.rows,
      trainRows: report.trainRows,
      testRows: report.testRows,
      labels: { ...inputs.labelCounts },
      validation: inputs.validation,
    },
    metrics: {
      evaluatedOn: `stratified test split (${share} %, ${report.testRows} comments, seed ${report.seed}) of the training data`,
      threshold: report.threshold,
      labels,
    },
    privacy: {
      piiMasked: report.pii.masked,
      cleaning,
      maskedInTrainingData: Object.fromEntries(Object.entries(report.pii.counts).filter(([, v]) => (v ?? 0) > 0)),
      measures,
    },
    risk: {
      framework: 'EU AI Act (Regulation (EU) 2024/1689)',
      level: config.riskLevel,
      reasoning: config.riskReasoning,
    },
  };
}

/** The artifact with its card, validated again. */
export function withModelCard(artifact: ModelArtifact, card: ModelCard): ModelArtifact {
  return parseModelArtifact({ ...artifact, card });
}

const pct = (v: number | null) => (v === null ? '–' : v.toFixed(3));

/** The card as Markdown (`model-card.md`), for people and MLflow's artifact view. */
export function renderModelCardMarkdown(card: ModelCard): string {
  const lines: string[] = [];
  const m = card.model;
  lines.push(`# Model card: ${m.name} ${m.version}`, '');
  lines.push(`${m.type}. Trained ${m.trainedAt}${m.commit ? ` from commit ${m.commit}` : ''}.`, '');
  lines.push('## Intended use', '', card.intendedUse, '');
  lines.push('## Limitations', '', ...card.limitations.map((l) => `- ${l}`), '');
  const d = card.data;
  lines.push('## Data', '');
  lines.push(`\`${d.uri}\` (${d.hash}): ${d.rows} comments, ${d.trainRows} for training, ${d.testRows} held out.`, '');
  lines.push('| label | positive | negative |', '| --- | --- | --- |');
  for (const [label, c] of Object.entries(d.labels)) lines.push(`| ${label} | ${c.positive} | ${c.negative} |`);
  lines.push('');
  const v = d.validation;
  if (v === null) {
    lines.push('Not validated by `toxicity data validate` before training (no report was given to the trainer).', '');
  } else {
    lines.push(
      `Data-quality gate: **${v.passed ? 'passed' : 'FAILED'}**` +
        `${v.evalSet ? ` (evaluation set \`${v.evalSet.uri}\`, ${v.evalSet.hash})` : ''}` +
        `${v.reportUri ? `; full report \`${v.reportUri}\`` : ''}.`,
      '',
    );
    lines.push('| check | result | measured |', '| --- | --- | --- |');
    for (const c of v.checks) lines.push(`| ${c.id} | ${c.passed ? 'pass' : 'FAIL'} | ${c.message} |`);
    lines.push('');
  }
  lines.push('## Metrics', '', `On the ${card.metrics.evaluatedOn}, at probability > ${card.metrics.threshold}.`, '');
  lines.push(
    '| label | precision | recall | f1 | roc-auc | pr-auc | support |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const [label, x] of Object.entries(card.metrics.labels)) {
    lines.push(
      `| ${label} | ${pct(x.precision)} | ${pct(x.recall)} | ${pct(x.f1)} | ${pct(x.rocAuc)} | ${pct(x.prAuc)} | ${x.support} |`,
    );
  }
  lines.push('');
  const p = card.privacy;
  lines.push('## Privacy', '', `Personal data masked (GDPR): **${p.piiMasked ? 'yes' : 'no'}**.`, '');
  lines.push(...p.measures.map((x) => `- ${x}`));
  const found = Object.entries(p.maskedInTrainingData);
  lines.push(
    `- masked in the training data: ${found.length ? found.map(([k, n]) => `${k} ${n}`).join(', ') : 'nothing found'}`,
  );
  lines.push('');
  lines.push(
    '## Risk classification',
    '',
    `${card.risk.framework}: **${card.risk.level} risk**.`,
    '',
    card.risk.reasoning,
    '',
  );
  return `${lines.join('\n')}`;
}
