import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { MlflowClient } from '../../src/mlflow/mlflow-client';
import { requireService } from './support/services';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs the real command line, `toxicity train --track`, on the bundled demo data against the MLflow
 * server `scripts/services.sh up` started, and reads back what the run recorded.
 */
describe('toxicity train --track against a real MLflow server', () => {
  const trackingUri = requireService('MLFLOW_TRACKING_URI');
  const client = new MlflowClient({ trackingUri });
  const experiment = `train-tracking-${randomUUID().slice(0, 8)}`;
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'train-tracking-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs params, metrics, the model, the metrics report and the SVG charts to the run', async () => {
    const result = spawnSync(
      'npx',
      [
        'tsx',
        'src/cli.ts',
        'train',
        '--track',
        '--no-progress',
        '--labels',
        'toxic,insult',
        '--experiment',
        experiment,
        '--out',
        `file://${dir}/model.json`,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, MLFLOW_TRACKING_URI: trackingUri },
        timeout: 170_000,
      },
    );
    expect(result.stderr).toMatch(/MLflow run [0-9a-f]{32} in experiment/);
    expect(result.status).toBe(0);
    const runId = /MLflow run ([0-9a-f]{32})/.exec(result.stderr)![1];

    const run = await client.getRun(runId);
    expect(run.info.status).toBe('FINISHED');
    const params = Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value]));
    expect(params).toMatchObject({ labels: 'toxic,insult', data_uri: 'file://data/demo/comments.csv', C: '1' });
    const metrics = Object.fromEntries((run.data.metrics ?? []).map((m) => [m.key, m.value]));
    const local = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as {
      labels: { label: string; metrics: { rocAuc: number; confusion: { truePositives: number } } }[];
    };
    const toxic = local.labels.find((l) => l.label === 'toxic')!;
    expect(metrics['toxic.rocAuc']).toBeCloseTo(toxic.metrics.rocAuc, 12);
    expect(metrics['toxic.tp']).toBe(toxic.metrics.confusion.truePositives);
    expect(metrics['insult.prAuc']).toBeGreaterThan(0);

    const top = await client.listArtifacts(runId);
    expect(top.map((a) => a.path).sort()).toEqual(['charts', 'metrics.json', 'model']);
    expect((await client.listArtifacts(runId, 'model')).map((a) => a.path).sort()).toEqual([
      'model/model-card.json',
      'model/model-card.md',
      'model/model.json',
    ]);
    // The card logged with the model is the one inside it and beside it.
    const card = await client.downloadArtifact(`${run.info.artifact_uri}/model/model-card.json`);
    expect(JSON.parse(card.toString())).toEqual(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).card);
    expect(card.toString()).toBe(readFileSync(join(dir, 'model-card.json'), 'utf8'));
    const charts = await client.listArtifacts(runId, 'charts');
    expect(charts.map((a) => a.path).sort()).toEqual([
      'charts/insult-confusion-matrix.svg',
      'charts/insult-pr-curve.svg',
      'charts/toxic-confusion-matrix.svg',
      'charts/toxic-pr-curve.svg',
    ]);
    for (const chart of charts) expect(chart.file_size).toBeGreaterThan(1000);

    const model = await client.downloadArtifact(`${run.info.artifact_uri}/model/model.json`);
    expect(model.toString()).toBe(readFileSync(join(dir, 'model.json'), 'utf8'));
    const svg = (await client.downloadArtifact(`${run.info.artifact_uri}/charts/toxic-pr-curve.svg`)).toString();
    expect(svg.startsWith('<svg')).toBe(true);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('toxic: precision-recall, average precision');
  });
});
