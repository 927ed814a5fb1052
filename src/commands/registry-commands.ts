import type { Command } from 'commander';
import { type AppConfig, championPointerUri } from '../config';
import { createStandardStores, publishChampion, readChampionPointer } from '../storage';
import { type CliContext, UsageError, examples } from './cli-context';
import {
  CHAMPION,
  type ChampionPublication,
  type MlflowClient,
  mlflowClientFromEnv,
  ModelRegistry,
  REGISTRY_TAGS,
} from '../mlflow';

/** The MLflow client the commands use: URI from $MLFLOW_TRACKING_URI or the config, auth from env. */
export function mlflowClientFrom(ctx: CliContext, config: AppConfig): MlflowClient {
  return mlflowClientFromEnv(ctx.env, config.mlflow.trackingUri);
}

/**
 * The champion pointer promotions of `name` publish to (`model.championStore`), with stores that
 * read registered sources (gs://, file://, the run artifacts through MLflow) and write the pointer.
 */
export function championPublicationFor(
  ctx: CliContext,
  config: AppConfig,
  client: MlflowClient,
  name: string,
  now: () => Date = () => new Date(),
): ChampionPublication | undefined {
  const pointerUri = championPointerUri(config.model, name);
  if (pointerUri === null) return undefined;
  const stores = createStandardStores({ cwd: ctx.cwd, gcsApiEndpoint: ctx.env.GCS_EMULATOR_ENDPOINT, mlflow: client });
  const actor = ctx.env.USER || ctx.env.BUILD_ID || 'toxicity-cli';
  return {
    pointerUri,
    async publish(version, source, reason) {
      // A version's source is the model document itself or a folder holding `model.json`.
      const modelUri = source.endsWith('.json') ? source : `${source.replace(/\/+$/, '')}/model.json`;
      const data = (await (await stores.storeFor(modelUri)).read(modelUri)).data;
      await publishChampion(await stores.storeFor(pointerUri), pointerUri, {
        model: name,
        version,
        data,
        actor,
        reason,
        now: now(),
      });
    },
    async currentVersion() {
      return (await readChampionPointer(await stores.storeFor(pointerUri), pointerUri))?.version ?? null;
    },
  };
}

function registryFor(ctx: CliContext, name: string | undefined, now: () => Date): ModelRegistry {
  const config = ctx.loadConfig();
  const client = mlflowClientFrom(ctx, config);
  const modelName = name ?? config.model.name;
  const champion = championPublicationFor(ctx, config, client, modelName, now);
  return new ModelRegistry(client, modelName, {
    actor: ctx.env.USER || ctx.env.BUILD_ID || 'toxicity-cli',
    now,
    ...(champion ? { champion } : {}),
  });
}

/**
 * Registers `toxicity promote [name] --version N`, `toxicity rollback [name]` and
 * `toxicity models [name]`: the model half of a rollback (the workload half is
 * `kubectl rollout undo`). Servers configured with `models:/<name>@champion` follow the alias.
 */
export function registerRegistryCommands(program: Command, ctx: CliContext, now: () => Date = () => new Date()): void {
  program
    .command('promote')
    .description(`make a registered version the ${CHAMPION} (servers on models:/<name>@${CHAMPION} switch to it)`)
    .argument('[name]', 'registered model (default: model.name)')
    .requiredOption('--version <n>', 'version to promote')
    .option('--reason <text>', 'why (recorded on the version)', 'manual promotion')
    .addHelpText(
      'after',
      examples(
        "toxicity promote --version 3 --reason 'better recall on the eval set'",
        'toxicity promote toxic-detector --version 3',
      ),
    )
    .action(async (name: string | undefined, flags: { version: string; reason: string }) => {
      if (!/^[1-9]\d*$/.test(flags.version)) {
        throw new UsageError(`--version must be a positive integer, got ${JSON.stringify(flags.version)}`);
      }
      const registry = registryFor(ctx, name, now);
      const { previous } = await registry.promote(flags.version, flags.reason);
      ctx.stdout.write(
        `${registry.name}: version ${flags.version} is ${CHAMPION}${previous ? ` (was ${previous}; \`toxicity rollback\` returns to it)` : ''}\n`,
      );
      if (registry.pointerUri) ctx.stdout.write(`${registry.pointerUri} -> version ${flags.version}\n`);
    });
  program
    .command('rollback')
    .description(`move the ${CHAMPION} alias back to the version it replaced`)
    .argument('[name]', 'registered model (default: model.name)')
    .option('--reason <text>', 'why (recorded on the version rolled back)', 'manual rollback')
    .addHelpText('after', examples("toxicity rollback --reason 'false positives on support tickets'"))
    .action(async (name: string | undefined, flags: { reason: string }) => {
      const registry = registryFor(ctx, name, now);
      const { from, to } = await registry.rollback(flags.reason);
      ctx.stdout.write(`${registry.name}: ${CHAMPION} moved back from version ${from} to version ${to}\n`);
      if (registry.pointerUri) ctx.stdout.write(`${registry.pointerUri} -> version ${to}\n`);
    });
  program
    .command('models')
    .description('list the registered versions with their aliases, metrics and promotion history')
    .argument('[name]', 'registered model (default: model.name)')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('toxicity models', 'toxicity models toxic-detector --json'))
    .action(async (name: string | undefined, flags: { json?: boolean }) => {
      const registry = registryFor(ctx, name, now);
      const versions = await registry.history();
      if (flags.json) {
        ctx.stdout.write(`${JSON.stringify(versions, null, 2)}\n`);
        return;
      }
      if (versions.length === 0) throw new UsageError(`${registry.name} has no registered version`, 1);
      for (const v of versions) {
        const tags = new Map((v.tags ?? []).map((t) => [t.key, t.value]));
        const aliases = v.aliases?.length ? ` [${v.aliases.join(', ')}]` : '';
        const promoted = tags.get(REGISTRY_TAGS.promotedAt);
        const rolledBack = tags.get(REGISTRY_TAGS.rolledBackAt);
        ctx.stdout.write(
          `v${v.version}${aliases}  ${v.source}` +
            `${promoted ? `\n    promoted ${promoted} by ${tags.get(REGISTRY_TAGS.promotedBy) ?? '?'}: ${tags.get(REGISTRY_TAGS.promotedReason) ?? ''}` : ''}` +
            `${rolledBack ? `\n    rolled back ${rolledBack} by ${tags.get(REGISTRY_TAGS.rolledBackBy) ?? '?'}: ${tags.get(REGISTRY_TAGS.rolledBackReason) ?? ''}` : ''}\n`,
        );
      }
    });
}
