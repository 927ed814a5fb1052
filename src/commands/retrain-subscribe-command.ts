import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Message } from '@google-cloud/pubsub';
import {
  applySubstitutions,
  type LocalStep,
  localRetrainSteps,
  RETRAIN_STEP_SCRIPT,
  retrainPipeline,
} from '../../pipelines';
import { createStandardStores } from '../storage';
import {
  claimUri,
  DEFAULT_MAX_ATTEMPTS,
  finishClaim,
  readClaim,
  readUploadNotification,
  releaseLease,
  retrainLeaseUri,
  type RetrainRunResult,
  retrainRunResult,
  type UploadEvent,
} from '../training';
import { type CliContext, UsageError, examples } from './cli-context';

/** What `retrain subscribe` needs from the entry point; tests pass their own. */
export interface RetrainSubscribeDeps {
  /** The environment the steps inherit (PATH, MLflow credentials…); the entry point passes its own. */
  readonly childEnv?: Readonly<Record<string, string | undefined>>;
  /** How the steps run this CLI (their `TOXICITY_CLI`). @default node build/src/cli.js */
  readonly selfCommand?: readonly string[];
  /** Process signals that stop the subscriber. @default process */
  readonly signals?: NodeJS.EventEmitter | null;
  readonly now?: () => Date;
}

interface SubscribeFlags {
  subscription: string;
  project?: string;
  topic?: string;
  prefix?: string;
  set: string[];
  maxMessages?: string;
  retryDelay: string;
  json?: boolean;
}

/** One line of the subscriber's report per notification. */
interface Report {
  readonly messageId: string;
  readonly object?: string;
  readonly generation?: string;
  readonly outcome: RetrainRunResult['outcome'] | 'ignored';
  readonly ack: boolean;
  readonly detail: string;
  readonly buildId?: string;
  /** The steps that ran, with their exit code and wall-clock seconds. */
  readonly steps?: readonly StepRun[];
}

interface StepRun {
  readonly id: string;
  readonly exitCode: number;
  readonly seconds: number;
}

type UploadRun = RetrainRunResult & { readonly buildId: string; readonly steps: readonly StepRun[] };

/**
 * Registers `toxicity retrain subscribe`: the retraining loop on one machine. It pulls the data
 * bucket's upload notifications from a Pub/Sub subscription (or the emulator at
 * PUBSUB_EMULATOR_HOST) and runs, per upload, the retraining build's steps after `setup` in this
 * checkout, exactly as Cloud Build runs them (`bash scripts/retrain-step.sh <step>`, the step's env,
 * the message's object and generation). A message is acknowledged only after its run ended, and
 * then only when the outcome is final; a failure that leaves the generation retriable is handed
 * back (after --retry-delay) for a redelivery.
 */
export function registerRetrainSubscribeCommand(
  retrain: Command,
  ctx: CliContext,
  deps: RetrainSubscribeDeps = {},
): void {
  const now = deps.now ?? (() => new Date());
  retrain
    .command('subscribe')
    .description(
      'run the retraining pipeline locally for every upload announced on a Pub/Sub subscription (PUBSUB_EMULATOR_HOST for the emulator)',
    )
    .requiredOption('--subscription <name>', 'Pub/Sub subscription receiving the data bucket’s notifications')
    .addHelpText(
      'after',
      examples(
        'toxicity retrain subscribe --subscription retrain-local --topic toxicity-data-uploads',
        'toxicity retrain subscribe --subscription retrain-local --max-messages 1 --json',
      ),
    )
    .option('--project <id>', 'project of the subscription (default: gcp.projectId)')
    .option('--topic <name>', 'create the subscription on this topic when it does not exist')
    .option('--prefix <prefix>', 'object prefix whose uploads retrain (default: infra.retrain.dataPrefix)')
    .option(
      '--set <_KEY=value>',
      'override a substitution of cloudbuild-retrain.yaml, e.g. _MODELS_BUCKET=my-models (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--max-messages <n>', 'stop after handling this many notifications (default: run until SIGINT/SIGTERM)')
    .option('--retry-delay <seconds>', 'wait before handing a failed run’s message back for a retry', '60')
    .option('--json', 'report one JSON object per notification')
    .action(async (flags: SubscribeFlags) => {
      const config = ctx.loadConfig();
      const project = flags.project ?? config.gcp.projectId;
      const maxMessages = flags.maxMessages === undefined ? Infinity : whole('--max-messages', flags.maxMessages, 1);
      const retryDelayMs = whole('--retry-delay', flags.retryDelay, 0) * 1000;
      if (!existsSync(resolve(ctx.cwd, RETRAIN_STEP_SCRIPT))) {
        throw new UsageError(
          `${RETRAIN_STEP_SCRIPT} is not in ${ctx.cwd}: run the subscriber from the repository (the steps run its scripts, as Cloud Build does)`,
        );
      }
      const build = retrainPipeline(config);
      const builtins = { PROJECT_ID: project };
      const values: Record<string, string> = {
        ...builtins,
        ...Object.fromEntries(
          Object.entries(build.substitutions ?? {}).map(([k, v]) => [k, applySubstitutions(v, builtins)]),
        ),
        // The build's MLflow is the private address the worker pool reaches; here, the one this CLI uses.
        ...(ctx.env.MLFLOW_TRACKING_URI ? { _MLFLOW_URI: ctx.env.MLFLOW_TRACKING_URI } : {}),
        ...parseSets(flags.set, Object.keys(build.substitutions ?? {})),
      };
      const filter = { bucket: values._DATA_BUCKET, prefix: flags.prefix ?? config.infra.retrain.dataPrefix };
      const stores = createStandardStores({ cwd: ctx.cwd, gcsApiEndpoint: ctx.env.GCS_EMULATOR_ENDPOINT });
      const cli = (deps.selfCommand ?? ['node', 'build/src/cli.js']).join(' ');
      let runs = 0;

      /** Runs the steps for one upload in a fresh workspace; returns the outcome and the run's id. */
      const runUpload = async (event: UploadEvent): Promise<UploadRun> => {
        runs += 1;
        const buildId = `local-${hostname()}-${process.pid}-${runs}`;
        const steps = localRetrainSteps(build, {
          ...values,
          _DATA_BUCKET: event.bucket,
          _DATA_OBJECT: event.object,
          _DATA_GENERATION: event.generation,
          BUILD_ID: buildId,
        });
        const workspace = await mkdtemp(join(tmpdir(), 'toxicity-retrain-'));
        const skipFile = join(workspace, 'skip');
        try {
          let failedStep: { id: string; exitCode: number } | null = null;
          const ran: StepRun[] = [];
          for (const step of steps) {
            const started = now().getTime();
            const exitCode = await runStep(ctx, step, `${event.object}#${event.generation}`, {
              ...deps.childEnv,
              ...step.env,
              SKIP_FILE: skipFile,
              TOXICITY_CLI: cli,
            });
            ran.push({ id: step.id, exitCode, seconds: Math.round((now().getTime() - started) / 100) / 10 });
            if (exitCode !== 0) {
              failedStep = { id: step.id, exitCode };
              break;
            }
          }
          const base = `${steps[0].env.MODEL_CHAMPION_STORE}/${steps[0].env.MODEL_NAME}`;
          const uri = claimUri(base, event.object, event.generation);
          const store = await stores.storeFor(uri);
          let claim = await readClaim(store, uri);
          const skipped = existsSync(skipFile);
          if (!skipped && claim?.status === 'running' && claim.claimedBy === buildId) {
            // A step died without recording how the run ended: record it, so a redelivery retries.
            const why = failedStep ? `step ${failedStep.id} exited with ${failedStep.exitCode}` : 'no outcome recorded';
            claim = await finishClaim(store, uri, 'failed', why, buildId);
            const lease = retrainLeaseUri(base);
            await releaseLease(await stores.storeFor(lease), lease, buildId, now());
          }
          const result = retrainRunResult({
            failedStep,
            skipped,
            claim,
            now: now(),
            maxAttempts: DEFAULT_MAX_ATTEMPTS,
          });
          return { ...result, buildId, steps: ran };
        } finally {
          await rm(workspace, { recursive: true, force: true });
        }
      };

      const report = (r: Report) => {
        if (flags.json) {
          ctx.stdout.write(`${JSON.stringify(r)}\n`);
          return;
        }
        const what = r.object ? `${r.object}#${r.generation}` : `message ${r.messageId}`;
        const steps = r.steps?.length ? ` [${r.steps.map((s) => `${s.id} ${s.seconds} s`).join(', ')}]` : '';
        ctx.stdout.write(
          `${what}: ${r.outcome}${r.detail ? ` (${r.detail})` : ''}; ${r.ack ? 'acknowledged' : 'handed back for a retry'}${steps}\n`,
        );
      };

      const { PubSub, Duration } = await import('@google-cloud/pubsub');
      const emulator = ctx.env.PUBSUB_EMULATOR_HOST;
      const pubsub = new PubSub({
        projectId: project,
        ...(emulator ? { apiEndpoint: emulator, emulatorMode: true } : {}),
      });
      const subscription = pubsub.subscription(flags.subscription, {
        // One retraining at a time; the lease is extended while it runs (cloud.google.com/pubsub/docs/lease-management).
        flowControl: { maxMessages: 1, allowExcessMessages: false },
        maxExtensionTime: Duration.from({ hours: 3 }),
      });
      const [exists] = await subscription.exists();
      if (!exists) {
        if (flags.topic === undefined) {
          throw new UsageError(
            `Pub/Sub subscription ${flags.subscription} does not exist in project ${project}: create it ` +
              `(gcloud pubsub subscriptions create ${flags.subscription} --topic ${config.infra.retrain.topic}) or pass --topic`,
            1,
          );
        }
        await pubsub.topic(flags.topic).createSubscription(flags.subscription, { ackDeadlineSeconds: 60 });
        ctx.stderr.write(`created subscription ${flags.subscription} on topic ${flags.topic}\n`);
      }
      ctx.stderr.write(
        `listening on ${subscription.name}${emulator ? ` (emulator ${emulator})` : ''} for uploads under gs://${filter.bucket}/${filter.prefix}\n`,
      );

      await new Promise<void>((done, fail) => {
        let handled = 0;
        let busy = false;
        let stopping = false;
        const signals = deps.signals === undefined ? process : deps.signals;
        let wake: () => void = () => undefined;
        const woken = new Promise<void>((r) => (wake = r));
        const stop = () => {
          stopping = true;
          wake();
          if (busy) return;
          signals?.off('SIGTERM', onSignal).off('SIGINT', onSignal);
          void subscription.close().then(done, fail);
        };
        const onSignal = () => {
          ctx.stderr.write(busy ? 'stopping after the current retraining\n' : 'stopping\n');
          stop();
        };
        signals?.once('SIGTERM', onSignal).once('SIGINT', onSignal);
        subscription.on('error', (err: Error) => {
          stopping = true;
          void subscription
            .close()
            .finally(() => fail(new UsageError(`Pub/Sub subscription ${flags.subscription}: ${err.message}`, 1)));
        });
        subscription.on('message', (message: Message) => {
          if (stopping || busy) {
            message.nack();
            return;
          }
          busy = true;
          void (async () => {
            const verdict = readUploadNotification(message.attributes, filter);
            let r: Report;
            if (!verdict.run) {
              r = { messageId: message.id, outcome: 'ignored', ack: true, detail: verdict.reason };
            } else {
              const { event } = verdict;
              const result = await runUpload(event).catch((err: Error): RetrainRunResult & { buildId: string } => ({
                outcome: 'failed',
                ack: false,
                detail: `the subscriber failed: ${err.message}`,
                buildId: '',
              }));
              r = { messageId: message.id, object: event.object, generation: event.generation, ...result };
            }
            report(r);
            if (r.ack) message.ack();
            else {
              if (!stopping) await Promise.race([new Promise((w) => setTimeout(w, retryDelayMs)), woken]);
              message.nack();
            }
            handled += 1;
            busy = false;
            if (handled >= maxMessages || stopping) stop();
          })();
        });
      });
    });
}

/** Runs one step with its output on stderr, each line prefixed; resolves with its exit code. */
function runStep(
  ctx: CliContext,
  step: LocalStep,
  what: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  return new Promise((done) => {
    const child = spawn(step.command, [...step.args], { cwd: ctx.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = `[${what} ${step.id}] `;
    const forward = (chunk: Buffer) => {
      const text = chunk.toString().replace(/\n(?!$)/g, `\n${prefix}`);
      ctx.stderr.write(prefix + text + (text.endsWith('\n') ? '' : '\n'));
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', (err) => {
      ctx.stderr.write(`${prefix}cannot run ${step.command}: ${err.message}\n`);
      done(127);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

/** `--set _KEY=value` entries as a map; a key must be one of the build's substitutions. */
function parseSets(sets: readonly string[], known: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of sets) {
    const at = entry.indexOf('=');
    const key = at > 0 ? entry.slice(0, at) : '';
    if (!known.includes(key)) {
      throw new UsageError(
        `--set ${JSON.stringify(entry)}: expected _KEY=value with one of ${known.join(', ')} (the substitutions of cloudbuild-retrain.yaml)`,
      );
    }
    out[key] = entry.slice(at + 1);
  }
  return out;
}

function whole(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new UsageError(`${flag} must be a whole number of at least ${min}, got ${JSON.stringify(value)}`);
  }
  return n;
}
