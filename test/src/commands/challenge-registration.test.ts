import { readArtifact, modelRegistryFor } from '../../../src/commands/challenge-registration';
import { MlflowClient } from '../../../src/mlflow';
import { createStandardStores } from '../../../src/storage';
import { cliContext } from './support/cli-context';
import { modelFileUri, tempDir, testArtifact, writeModelFile } from '../../support/fixtures';

describe('readArtifact', () => {
  const dir = tempDir('challenge-registration-');
  const stores = createStandardStores({ cwd: dir });

  it('reads and validates a model document', async () => {
    writeModelFile(dir, testArtifact({ version: '2026.1' }));
    expect((await readArtifact(stores, modelFileUri(dir))).version).toBe('2026.1');
  });

  it('fails naming the URI when the document is not a model artifact', async () => {
    writeModelFile(dir, '{"schemaVersion": 99}', 'bad.json');
    await expect(readArtifact(stores, modelFileUri(dir, 'bad.json'))).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringContaining(`${modelFileUri(dir, 'bad.json')} is not a model artifact`),
    });
  });
});

describe('modelRegistryFor', () => {
  it('publishes to the champion pointer of model.championStore', () => {
    const dir = tempDir('challenge-registration-');
    const { ctx, config } = cliContext({ cwd: dir, config: { model: { championStore: `file://${dir}/models` } } });
    const client = new MlflowClient({ trackingUri: 'http://127.0.0.1:1' });
    const registry = modelRegistryFor(ctx, config, client, 'toxic-detector', () => new Date(0));
    expect(registry.name).toBe('toxic-detector');
    expect(registry.pointerUri).toBe(`file://${dir}/models/toxic-detector/champion`);
  });
});
