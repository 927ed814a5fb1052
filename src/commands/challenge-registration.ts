import type { AppConfig } from '../config';
import { CHAMPION, type MlflowClient, ModelRegistry, type RunInfo } from '../mlflow';
import { type ModelArtifact, parseModelArtifact } from '../ml';
import type { StoreSet } from '../storage';
import { type Challenge, comparisonMetrics } from '../training';
import { type CliContext, UsageError } from './cli-context';
import { championPublicationFor } from './registry-commands';

/**
 * The registry side shared by `retrain challenge` and `import sklearn --register`: read the champion,
 * record a champion-vs-candidate comparison in an MLflow run, and register the candidate with the
 * gate's decision (champion when it passes, challenger with the reason otherwise).
 */

/** Reads and validates a model document from any store; a bad one is a UsageError naming the URI. */
export async function readArtifact(stores: StoreSet, uri: string): Promise<ModelArtifact> {
  const { data } = await (await stores.storeFor(uri)).read(uri);
  try {
    return parseModelArtifact(JSON.parse(data.toString()));
  } catch (err) {
    throw new UsageError(`${uri} is not a model artifact: ${(err as Error).message}`, 1);
  }
}

/** The `champion` version of `name` and its model (read through its registry source), or null. */
export async function readChampion(
  client: MlflowClient,
  stores: StoreSet,
  name: string,
): Promise<{ version: string; artifact: ModelArtifact } | null> {
  const current = await client.getModelVersionByAlias(name, CHAMPION);
  if (current === null) return null;
  // A version's source is the model document itself or a folder holding `model.json`.
  const source = current.source.endsWith('.json') ? current.source : `${current.source.replace(/\/+$/, '')}/model.json`;
  return { version: current.version, artifact: await readArtifact(stores, source) };
}

/** The registry of `name`, publishing promotions to the champion pointer when `model.championStore` is set. */
export function modelRegistryFor(
  ctx: CliContext,
  config: AppConfig,
  client: MlflowClient,
  name: string,
  now: () => Date,
): ModelRegistry {
  const publication = championPublicationFor(ctx, config, client, name, now);
  return new ModelRegistry(client, name, {
    actor: ctx.env.USER || ctx.env.BUILD_ID || 'toxicity-cli',
    now,
    ...(publication ? { champion: publication } : {}),
  });
}

/** What `registerChallenge` records and registers. */
export interface ChallengeRegistration {
  readonly client: MlflowClient;
  readonly registry: ModelRegistry;
  /** The open run the comparison is logged to (the caller finishes it). */
  readonly run: RunInfo;
  readonly candidate: ModelArtifact;
  /** Where the candidate lies when that is gs:// (registered there); otherwise it is logged to the run. */
  readonly candidateUri: string | null;
  readonly challenge: Challenge;
  /** Extra tags on the new version, e.g. the evaluation set's hash. */
  readonly versionTags: Readonly<Record<string, string>>;
  readonly now: () => Date;
}

/**
 * Logs both models' metrics and the comparison to the run, and registers the candidate with the
 * gate's decision (a champion that moved since the comparison is not replaced; see `registerDecided`).
 */
export async function registerChallenge(r: ChallengeRegistration): Promise<{
  version: string;
  promoted: boolean;
  reason: string;
}> {
  const { client, run, challenge } = r;
  const { decision } = challenge;
  await client.logBatch(run.run_id, {
    metrics: Object.entries(comparisonMetrics(challenge.champion, challenge.challenger)).map(([key, value]) => ({
      key,
      value,
      timestamp: r.now().getTime(),
    })),
    tags: { gate_decision: decision.promote ? 'promote' : 'keep-champion', gate_reason: decision.reason },
  });
  await client.logArtifact(
    run,
    'comparison.json',
    JSON.stringify({ decision, champion: challenge.champion, challenger: challenge.challenger }, null, 2),
    'application/json',
  );
  let source: string;
  if (r.candidateUri?.startsWith('gs://')) source = r.candidateUri;
  else {
    // MLflow refuses local paths outside the run's artifacts: register the run's copy.
    await client.logArtifact(run, 'model/model.json', JSON.stringify(r.candidate), 'application/json');
    source = `${run.artifact_uri}/model/model.json`;
  }
  return r.registry.registerDecided(source, run.run_id, r.versionTags, {
    promote: decision.promote,
    reason: decision.reason,
    comparedWith: challenge.championVersion,
  });
}
