import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import type { AppConfig } from '../config';
import { CHAMPION } from '../mlflow';
import { createStandardStores, type StoreSet, toStorageUri } from '../storage';
import {
  challengeOnSet,
  claimGeneration,
  claimUri,
  comparisonMetrics,
  DEFAULT_MAX_ATTEMPTS,
  finishClaim,
  formatComparison,
  GateError,
  type RetrainClaim,
  releaseLease,
  retrainLeaseUri,
  tryAcquireLease,
} from '../training';
import { type CliContext, UsageError, examples } from './cli-context';
import { readEvalSet } from './dataset-input';
import { registerVertexTrainCommand, type VertexTrainDeps } from './vertex-train-command';
import { registerRetrainSubscribeCommand, type RetrainSubscribeDeps } from './retrain-subscribe-command';
import { modelRegistryFor, readArtifact, readChampion, registerChallenge } from './challenge-registration';
import { mlflowClientFrom } from './registry-commands';

/** What the retrain commands need from outside the context; tests pass their own clock, stores and sleep. */
export interface RetrainCommandDeps extends RetrainSubscribeDeps {
  readonly now?: () => Date;
  readonly stores?: StoreSet;
  readonly sleep?: (ms: number) => Promise<void>;
  /** The Vertex AI client of `retrain vertex-train`. */
  readonly vertex?: VertexTrainDeps;
}

/** `<model.championStore>/<name>`: where the pointer, the claims and the lease of a model live. */
function modelBase(config: AppConfig, name: string): string {
  if (config.model.championStore === null) {
    throw new UsageError('retraining needs model.championStore (where the claims and the lease are kept)');
  }
  return `${config.model.championStore.replace(/\/+$/, '')}/${name}`;
}

function leaseUri(config: AppConfig, name: string): string {
  return retrainLeaseUri(modelBase(config, name));
}

function holderOf(ctx: CliContext): string {
  return ctx.env.BUILD_ID || `${hostname()}:${process.pid}`;
}

const STATUSES = ['rejected', 'promoted', 'not-promoted', 'failed'] as const;

interface ClaimFlags {
  object: string;
  generation: string;
  model?: string;
  skipFile?: string;
  wait: string;
  ttl: string;
  maxAttempts: string;
}

interface ChallengeFlags {
  candidate: string;
  evalSet: string;
  evalSetHash?: string;
  register?: string;
  object?: string;
  generation?: string;
  experiment?: string;
  json?: boolean;
}

interface FinishFlags {
  object: string;
  generation: string;
  model?: string;
  status: string;
  detail: string;
}

/**
 * Registers `toxicity retrain claim|challenge|finish`, the steps of the retraining pipeline around
 * `data validate` and `train`:
 * - `claim`: idempotence (one run per uploaded object generation) and one retraining at a time;
 * - `challenge`: champion vs challenger on the frozen evaluation set, registration, promotion or not;
 * - `finish`: records how a run ended and frees the lease (for the paths that end before `challenge`);
 * - `vertex-train`: the train step on Vertex AI when `retraining.trainer` is `vertex-ai` (vertex-train-command.ts).
 */
export function registerRetrainCommands(program: Command, ctx: CliContext, deps: RetrainCommandDeps = {}): void {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const storesFor = (client?: Parameters<typeof createStandardStores>[0]['mlflow']) =>
    deps.stores ??
    createStandardStores({
      cwd: ctx.cwd,
      gcsApiEndpoint: ctx.env.GCS_EMULATOR_ENDPOINT,
      ...(client ? { mlflow: client } : {}),
    });
  const retrain = program
    .command('retrain')
    .description('steps of the retraining pipeline (new data in the bucket → a better champion, or not)')
    .addHelpText(
      'after',
      examples(
        'toxicity retrain claim --object uploads/comments.csv --generation 1733390000000000',
        'toxicity retrain challenge --candidate model.json --eval-set eval.csv --register toxic-detector',
      ),
    );
  registerVertexTrainCommand(retrain, ctx, { sleep, ...deps.vertex });
  registerRetrainSubscribeCommand(retrain, ctx, deps);

  retrain
    .command('claim')
    .description(
      'claim an uploaded object generation (a second delivery of the same event does nothing) and wait for the retraining lease',
    )
    .requiredOption('--object <name>', 'object name in the data bucket (from the Pub/Sub message)')
    .requiredOption('--generation <n>', 'object generation (from the Pub/Sub message)')
    .option('--model <name>', 'registered model (default: model.name)')
    .option('--skip-file <path>', 'file to create when this delivery is a duplicate (later steps test it)')
    .option('--wait <seconds>', 'how long to wait for another retraining to finish', '3600')
    .option('--ttl <seconds>', 'lease lifetime (a run that dies frees it after this)', '7200')
    .option(
      '--max-attempts <n>',
      'runs a generation gets when they fail (a failed or lapsed claim is taken over until then)',
      String(DEFAULT_MAX_ATTEMPTS),
    )
    .addHelpText(
      'after',
      examples('toxicity retrain claim --object uploads/comments.csv --generation 1733390000000000 --skip-file skip'),
    )
    .action(async (flags: ClaimFlags) => {
      const config = ctx.loadConfig();
      const name = flags.model ?? config.model.name;
      const waitSeconds = seconds('--wait', flags.wait);
      const ttl = seconds('--ttl', flags.ttl);
      const maxAttempts = Number(flags.maxAttempts);
      if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
        throw new UsageError(
          `--max-attempts must be a positive whole number, got ${JSON.stringify(flags.maxAttempts)}`,
        );
      }
      const stores = storesFor();
      const uri = claimUri(modelBase(config, name), flags.object, flags.generation);
      const store = await stores.storeFor(uri);
      // The claim outlives the wait for the lease and the run itself; past that its build is taken for dead.
      const result = await claimGeneration(
        store,
        uri,
        {
          object: flags.object,
          generation: flags.generation,
          claimedAt: now().toISOString(),
          claimedBy: holderOf(ctx),
        },
        { now: now(), ttlSeconds: waitSeconds + ttl, maxAttempts },
      );
      const what = `${flags.object}#${flags.generation}`;
      if (!result.claimed) {
        const by = result.existing
          ? ` by ${result.existing.claimedBy} at ${result.existing.claimedAt} (${result.existing.status}${result.existing.detail ? `: ${result.existing.detail}` : ''})`
          : '';
        const why = {
          finished: 'duplicate delivery, nothing to do',
          running: 'duplicate delivery while that run goes on, nothing to do',
          exhausted: `it failed ${result.existing?.attempt ?? 1} times (--max-attempts ${maxAttempts}): not retried; upload the data again to start over`,
        }[result.refusal];
        ctx.stdout.write(`${what} was already claimed${by}: ${why}\n`);
        if (flags.skipFile) await writeLocal(ctx, flags.skipFile, `${uri}\n`);
        return;
      }
      if (result.previous) {
        ctx.stdout.write(
          `${what}: retrying (attempt ${result.claim.attempt ?? 1} of ${maxAttempts}); the previous run by ${result.previous.claimedBy} ${result.previous.status === 'failed' ? `failed: ${result.previous.detail ?? ''}` : `lapsed at ${result.previous.expiresAt ?? '?'} without finishing`}\n`,
        );
      }
      const lease = leaseUri(config, name);
      const leaseStore = await stores.storeFor(lease);
      const deadline = now().getTime() + waitSeconds * 1000;
      for (;;) {
        const attempt = await tryAcquireLease(leaseStore, lease, holderOf(ctx), now(), ttl);
        if (attempt.acquired) break;
        if (now().getTime() >= deadline) {
          await finishClaim(
            store,
            uri,
            'failed',
            `another retraining (${attempt.holder}) held the lease`,
            holderOf(ctx),
          );
          throw new UsageError(
            `another retraining (${attempt.holder}) holds ${lease} until ${attempt.expiresAt}; gave up after ${waitSeconds} s`,
            1,
          );
        }
        ctx.stderr.write(
          `waiting for the retraining of ${attempt.holder} to finish (lease until ${attempt.expiresAt})\n`,
        );
        await sleep(5000);
      }
      ctx.stdout.write(`claimed ${flags.object}#${flags.generation} (${uri}); holding ${lease}\n`);
    });

  retrain
    .command('challenge')
    .description(
      'evaluate the candidate and the champion on the frozen evaluation set; with --register, register the candidate and promote it only if it passes the gate',
    )
    .requiredOption('--candidate <uri>', 'the newly trained model.json')
    .requiredOption('--eval-set <uri>', 'the frozen evaluation set')
    .option('--eval-set-hash <sha256:hex>', 'hash the evaluation set must have (default: retraining.evalSetHash)')
    .option('--register <name>', 'register the candidate under this model name and apply the decision')
    .option('--object <name>', 'the uploaded object this run retrains on (its claim is finished, the lease freed)')
    .option('--generation <n>', 'its generation')
    .option('--experiment <name>', 'MLflow experiment (default: mlflow.experiment)')
    .option('--json', 'print the decision and both models’ metrics as JSON')
    .addHelpText(
      'after',
      examples(
        'toxicity retrain challenge --candidate model.json --eval-set eval.csv',
        'toxicity retrain challenge --candidate gs://my-models/run7/model.json --eval-set gs://my-data/eval.csv --register toxic-detector --json',
      ),
    )
    .action(async (given: ChallengeFlags) => {
      // Plain paths beside URIs: `--candidate model.json` is the file:// URI of that file.
      const flags = {
        ...given,
        candidate: toStorageUri(given.candidate, ctx.cwd),
        evalSet: toStorageUri(given.evalSet, ctx.cwd),
      };
      const config = ctx.loadConfig();
      const name = flags.register ?? config.model.name;
      const client = flags.register ? mlflowClientFrom(ctx, config) : null;
      const stores = storesFor(client ?? undefined);
      const claim =
        flags.object && flags.generation ? claimUri(modelBase(config, name), flags.object, flags.generation) : null;
      const finish = async (status: Exclude<RetrainClaim['status'], 'running'>, detail: string) => {
        if (claim === null) return;
        await finishClaim(await stores.storeFor(claim), claim, status, detail, holderOf(ctx));
        await releaseLease(await stores.storeFor(leaseUri(config, name)), leaseUri(config, name), holderOf(ctx), now());
      };
      try {
        const evalSet = await readEvalSet(stores, flags.evalSet, flags.evalSetHash ?? config.retraining.evalSetHash);
        const candidate = await readArtifact(stores, flags.candidate);
        const champion = client ? await readChampion(client, stores, name) : null;
        const challenge = challengeOnSet(candidate, champion, evalSet.dataset, config.retraining.gate);
        const { decision } = challenge;
        let outcome = { promoted: decision.promote, reason: decision.reason, version: null as string | null };
        if (client && flags.register) {
          const experimentId = await client.getOrCreateExperiment(flags.experiment ?? config.mlflow.experiment);
          const run = await client.createRun(experimentId, {
            runName: `challenge-${now().toISOString().slice(0, 19)}`,
            startTime: now().getTime(),
            tags: {
              stage: 'challenge',
              candidate_uri: flags.candidate,
              eval_set_uri: evalSet.uri,
              eval_set_hash: evalSet.hash,
              ...(champion ? { champion_version: champion.version } : {}),
              ...(flags.object ? { data_object: flags.object, data_generation: flags.generation ?? '' } : {}),
            },
          });
          const registered = await registerChallenge({
            client,
            registry: modelRegistryFor(ctx, config, client, name, now),
            run,
            candidate,
            candidateUri: flags.candidate,
            challenge,
            versionTags: {
              eval_set_hash: evalSet.hash,
              ...prefixed(comparisonMetrics(null, challenge.challenger), 'challenger.', 'metric.eval.'),
            },
            now,
          });
          outcome = { promoted: registered.promoted, reason: registered.reason, version: registered.version };
          await client.updateRun(run.run_id, 'FINISHED', now().getTime());
        }
        if (flags.json) {
          ctx.stdout.write(
            `${JSON.stringify({ ...outcome, decision, champion: challenge.champion, challenger: challenge.challenger }, null, 2)}\n`,
          );
        } else {
          ctx.stdout.write(formatComparison(decision, challenge.champion, challenge.challenger));
          if (outcome.version) {
            ctx.stdout.write(
              `${name} version ${outcome.version}: ${outcome.promoted ? `now ${CHAMPION}` : `registered, not promoted (${outcome.reason})`}\n`,
            );
          }
        }
        await finish(outcome.promoted ? 'promoted' : 'not-promoted', outcome.reason);
      } catch (err) {
        await finish('failed', (err as Error).message).catch(() => undefined);
        if (err instanceof GateError) throw new UsageError(err.message, 1);
        throw err;
      }
    });

  retrain
    .command('finish')
    .description('record how a retraining run ended and free the lease (when it ends before `challenge`)')
    .requiredOption('--object <name>', 'object name in the data bucket')
    .requiredOption('--generation <n>', 'object generation')
    .option('--model <name>', 'registered model (default: model.name)')
    .requiredOption('--status <status>', STATUSES.join(' | '))
    .option('--detail <text>', 'one line saying why', '')
    .addHelpText(
      'after',
      examples(
        "toxicity retrain finish --object uploads/comments.csv --generation 1733390000000000 --status rejected --detail 'data-quality gate'",
      ),
    )
    .action(async (flags: FinishFlags) => {
      if (!(STATUSES as readonly string[]).includes(flags.status)) {
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got ${JSON.stringify(flags.status)}`);
      }
      const config = ctx.loadConfig();
      const name = flags.model ?? config.model.name;
      const stores = storesFor();
      const uri = claimUri(modelBase(config, name), flags.object, flags.generation);
      const status = flags.status as (typeof STATUSES)[number];
      const finished = await finishClaim(await stores.storeFor(uri), uri, status, flags.detail, holderOf(ctx));
      const lease = leaseUri(config, name);
      const released = await releaseLease(await stores.storeFor(lease), lease, holderOf(ctx), now());
      ctx.stdout.write(
        finished
          ? `${flags.object}#${flags.generation}: ${flags.status}${released ? '; lease released' : ''}\n`
          : `${flags.object}#${flags.generation}: not recorded as ${flags.status}, the claim was taken over by a retry (this run had lapsed)${released ? '; lease released' : ''}\n`,
      );
    });
}

function prefixed(metrics: Record<string, number>, from: string, to: string): Record<string, string> {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k.replace(from, to), String(v)]));
}

function seconds(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`${flag} must be a whole number of seconds, got ${JSON.stringify(value)}`);
  return n;
}

async function writeLocal(ctx: CliContext, path: string, text: string): Promise<void> {
  await writeFile(resolve(ctx.cwd, path), text);
}
