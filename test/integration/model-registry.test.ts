import { randomUUID } from 'node:crypto';
import { MlflowClient } from '../../src/mlflow/mlflow-client';
import { CHALLENGER, CHAMPION, ModelRegistry, REGISTRY_TAGS, RegistryError } from '../../src/mlflow/model-registry';
import { requireService } from './support/services';

describe('ModelRegistry against a real MLflow server', () => {
  const client = new MlflowClient({ trackingUri: requireService('MLFLOW_TRACKING_URI') });
  const gate = { metric: 'toxic.rocAuc', minImprovement: 0.01 };
  let registry: ModelRegistry;
  let tick = 0;

  beforeEach(() => {
    registry = new ModelRegistry(client, `toxic-${randomUUID().slice(0, 8)}`, {
      actor: 'ci-test',
      now: () => new Date(Date.UTC(2026, 10, 26, 12, 0, tick++)),
    });
  });

  const alias = async (a: string) => (await client.getModelVersionByAlias(registry.name, a))?.version ?? null;
  const register = (n: number, auc: number) =>
    registry.registerAndGate(`gs://models/v${n}/model.json`, undefined, { 'toxic.rocAuc': auc, 'toxic.f1': 0.5 }, gate);

  it('makes the first version champion, keeps a worse one as challenger and promotes a better one', async () => {
    const first = await register(1, 0.9);
    expect(first).toMatchObject({ version: '1', promoted: true, previousChampion: null });

    const worse = await register(2, 0.905);
    expect(worse.promoted).toBe(false);
    expect(worse.reason).toBe(
      'version 2 stays challenger: toxic.rocAuc 0.905 vs champion v1 0.9 + 0.01 (needs ≥ 0.91)',
    );
    expect(await alias(CHAMPION)).toBe('1');
    expect(await alias(CHALLENGER)).toBe('2');

    const better = await register(3, 0.93);
    expect(better).toMatchObject({ version: '3', promoted: true, previousChampion: { version: '1', value: 0.9 } });
    expect(await alias(CHAMPION)).toBe('3');

    const v3 = await client.getModelVersion(registry.name, '3');
    expect(v3.tags).toEqual(
      expect.arrayContaining([
        { key: REGISTRY_TAGS.previousChampion, value: '1' },
        { key: REGISTRY_TAGS.promotedBy, value: 'ci-test' },
        { key: 'metric.toxic.rocAuc', value: '0.93' },
        { key: REGISTRY_TAGS.gate, value: 'toxic.rocAuc 0.93 vs champion v1 0.9 + 0.01' },
      ]),
    );
  });

  it('applies a decision made on the evaluation set: promotes, or keeps the champion and records why not', async () => {
    const decided = (n: number, promote: boolean, comparedWith: string | null) =>
      registry.registerDecided(
        `gs://models/v${n}/model.json`,
        undefined,
        { eval_set_hash: 'sha256:e' },
        { promote, reason: promote ? `v${n} wins` : `not promoted: v${n} loses`, comparedWith },
      );
    expect(await decided(1, true, null)).toEqual({ version: '1', promoted: true, reason: 'v1 wins' });
    expect(await alias(CHAMPION)).toBe('1');
    expect(await decided(2, false, '1')).toMatchObject({ version: '2', promoted: false });
    expect(await alias(CHAMPION)).toBe('1');
    expect(await alias(CHALLENGER)).toBe('2');
    const v2 = await client.getModelVersion(registry.name, '2');
    expect(v2.tags).toEqual(
      expect.arrayContaining([
        { key: REGISTRY_TAGS.notPromotedReason, value: 'not promoted: v2 loses' },
        { key: 'eval_set_hash', value: 'sha256:e' },
      ]),
    );
    // Compared with v1, but the champion is no longer v1: the promotion is refused.
    await registry.promote('2', 'manual');
    const stale = await decided(3, true, '1');
    expect(stale.promoted).toBe(false);
    expect(stale.reason).toContain('the champion moved to v2');
    expect(await alias(CHAMPION)).toBe('2');
  });

  it('rolls back to the champion the current one replaced, and records who and why', async () => {
    await register(1, 0.9);
    await register(2, 0.95);
    expect(await registry.rollback('bad predictions on French comments')).toEqual({ from: '2', to: '1' });
    expect(await alias(CHAMPION)).toBe('1');
    const v2 = await client.getModelVersion(registry.name, '2');
    expect(v2.tags).toEqual(
      expect.arrayContaining([
        { key: REGISTRY_TAGS.rolledBackBy, value: 'ci-test' },
        { key: REGISTRY_TAGS.rolledBackReason, value: 'bad predictions on French comments' },
      ]),
    );
    await expect(registry.rollback('again')).rejects.toThrow(
      new RegistryError(
        `${registry.name} v1 replaced no earlier champion: nothing to roll back to (use promote --version N)`,
      ),
    );
  });

  it('promotes a chosen version explicitly and refuses a missing one', async () => {
    await register(1, 0.9);
    await register(2, 0.8);
    expect(await registry.promote('2', 'manual: better on the new data')).toEqual({ previous: '1' });
    expect(await alias(CHAMPION)).toBe('2');
    expect(await alias(CHALLENGER)).toBeNull();
    await expect(registry.promote('2', 'again')).rejects.toThrow(`version 2 of ${registry.name} is already champion`);
    await expect(registry.promote('9', 'x')).rejects.toThrow(`${registry.name} has no version 9`);
  });

  it('throws when the gate metric is not among the model metrics', async () => {
    await expect(registry.registerAndGate('gs://m/model.json', undefined, { 'toxic.f1': 0.5 }, gate)).rejects.toThrow(
      /quality gate metric "toxic.rocAuc" is not among the model's metrics \(toxic.f1/,
    );
  });

  it('refuses to roll back a model without a champion', async () => {
    await expect(registry.rollback('x')).rejects.toThrow(`${registry.name} has no champion: nothing to roll back`);
  });
});
