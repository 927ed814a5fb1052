import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerDataCommands } from '../../../src/commands/data-command';
import { registerTrainCommand } from '../../../src/commands/train-command';
import { parseModelArtifact } from '../../../src/ml';
import { cliContext, program } from './support/cli-context';
import { tempDir } from '../../support/fixtures';
import { DEMO_DATA } from '../../support/trained-demo-model';

const NOW = () => new Date(Date.UTC(2026, 0, 1));

async function run(dir: string, args: string[], config: Record<string, unknown> = {}) {
  const c = cliContext({ cwd: dir, config });
  const p = program();
  registerTrainCommand(p, c.ctx, { now: NOW });
  registerDataCommands(p, c.ctx, { now: NOW });
  let error: unknown = null;
  try {
    await p.parseAsync(['node', 'toxicity', ...args]);
  } catch (err) {
    error = err;
  }
  return { ...c, error };
}

/** The demo data in a fresh folder, with its data-quality report (row floor lowered to its 606 comments). */
async function validatedDemo() {
  const dir = tempDir('train-card-');
  copyFileSync(DEMO_DATA, join(dir, 'comments.csv'));
  const v = await run(dir, [
    'data',
    'validate',
    '--data',
    `file://${dir}/comments.csv`,
    '--min-rows',
    '500',
    '--report',
    `file://${dir}/report.json`,
  ]);
  expect(v.error).toBeNull();
  return dir;
}

describe('toxicity train: the model card', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await validatedDemo();
  }, 60_000);

  it('writes the card into the model and beside it (JSON and Markdown), with the data-quality report', async () => {
    const r = await run(
      dir,
      ['train', '--data', 'comments.csv', '--out', 'out', '--validation-report', 'report.json', '--no-progress'],
      {
        modelCard: { riskLevel: 'minimal', riskReasoning: 'Ranks a review queue only.' },
      },
    );
    expect(r.error).toBeNull();
    const artifact = parseModelArtifact(JSON.parse(readFileSync(join(dir, 'out', 'model.json'), 'utf8')));
    const card = JSON.parse(readFileSync(join(dir, 'out', 'model-card.json'), 'utf8')) as unknown;
    expect(artifact.card).toEqual(card);
    expect(artifact.card!.risk).toMatchObject({ level: 'minimal', reasoning: 'Ranks a review queue only.' });
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { passed: boolean; checks: unknown[] };
    expect(artifact.card!.data.validation).toMatchObject({
      passed: report.passed,
      reportUri: `file://${dir}/report.json`,
    });
    expect(artifact.card!.data.validation!.checks).toHaveLength(report.checks.length);
    expect(artifact.card!.data.hash).toBe(artifact.provenance.dataHash);
    expect(artifact.scoreBaseline!.labels.toxic.counts).toHaveLength(13);
    const md = readFileSync(join(dir, 'out', 'model-card.md'), 'utf8');
    expect(md).toContain(`# Model card: ${artifact.name} ${artifact.version}`);
    expect(md).toContain('**minimal risk**');
  }, 60_000);

  it('records a model trained without a report as not validated', async () => {
    const r = await run(dir, ['train', '--data', 'comments.csv', '--out', 'plain', '--no-progress']);
    expect(r.error).toBeNull();
    const artifact = parseModelArtifact(JSON.parse(readFileSync(join(dir, 'plain', 'model.json'), 'utf8')));
    expect(artifact.card!.data.validation).toBeNull();
  }, 60_000);

  it('fails when the report is of other data, writing no model', async () => {
    writeFileSync(
      join(dir, 'other.csv'),
      readFileSync(join(dir, 'comments.csv'), 'utf8').replace('\n', '\n999999,"an extra comment",0,0,0,0,0,0\n'),
    );
    const r = await run(dir, [
      'train',
      '--data',
      'other.csv',
      '--out',
      'other',
      '--validation-report',
      'report.json',
      '--no-progress',
    ]);
    expect(r.error).toMatchObject({
      message: expect.stringMatching(
        /report\.json is the report of other data \(sha256:[0-9a-f]+\), not of the training data/,
      ),
    });
    expect(existsSync(join(dir, 'other', 'model.json'))).toBe(false);
  }, 60_000);

  it('fails when the report is missing, not JSON or not a data-quality report', async () => {
    writeFileSync(join(dir, 'garbage.json'), '{oops');
    writeFileSync(join(dir, 'wrong.json'), '{"schema": "something-else"}');
    const train = (report: string) =>
      run(dir, ['train', '--data', 'comments.csv', '--out', 'x', '--validation-report', report, '--no-progress']);
    expect((await train('missing.json')).error).toMatchObject({ message: expect.stringContaining('no such file') });
    expect((await train('garbage.json')).error).toMatchObject({
      message: expect.stringContaining('garbage.json is not JSON'),
    });
    expect((await train('wrong.json')).error).toMatchObject({
      message: expect.stringContaining('is not a data-quality report (expected "schema": "toxicity.data-quality/v1")'),
    });
  }, 120_000);
});
