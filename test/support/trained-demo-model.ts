/**
 * A real training run on the bundled demo data (data/demo/comments.csv), with its data-quality report
 * and model card, for the tests of the card and of `GET /v1/model`. Trained once per test file.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type AppConfig } from '../../src/config';
import type { ModelArtifact } from '../../src/ml';
import {
  buildModelCard,
  cardValidation,
  checkDataQuality,
  datasetLabelCounts,
  type DataQualityReport,
  type LabelledDataset,
  readDataset,
  type TrainReport,
  trainToxicityModel,
  withModelCard,
} from '../../src/training';

export const DEMO_DATA = join(__dirname, '..', '..', 'data', 'demo', 'comments.csv');
/** A data URI with credentials and a signed query, which the card must never show. */
export const SECRET_DATA_URI =
  'https://reader:s3cr3t-password@storage.example/data/comments.csv?X-Goog-Signature=abc123';
export const REPORT_URI = 'gs://toxicity-data/retrain/runs/comments.csv@1/data-quality.json';

export interface TrainedDemoModel {
  readonly artifact: ModelArtifact;
  readonly dataset: LabelledDataset;
  readonly report: TrainReport;
  readonly quality: DataQualityReport;
  readonly config: AppConfig;
}

export async function trainDemoModel(config: AppConfig = parseConfig({})): Promise<TrainedDemoModel> {
  const { dataset, report: read } = await readDataset(createReadStream(DEMO_DATA), { name: DEMO_DATA });
  const dataHash = `sha256:${'ab'.repeat(32)}`;
  // The demo set has 606 comments: the row floor is lowered so that the report passes.
  const quality = checkDataQuality(
    { uri: SECRET_DATA_URI, hash: dataHash, bytes: 1, dataset, read },
    { ...config.retraining.dataQuality, minRows: 500 },
  );
  const { artifact, report } = trainToxicityModel(
    dataset,
    {},
    { dataUri: SECRET_DATA_URI, dataHash, commit: 'c0ffee', now: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) },
  );
  const card = buildModelCard(artifact, {
    report,
    config: config.modelCard,
    validation: cardValidation(quality, REPORT_URI),
    labelCounts: datasetLabelCounts(dataset),
  });
  return { artifact: withModelCard(artifact, card), dataset, report, quality, config };
}
