import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { type CliContext, UsageError, examples } from './cli-context';
import { CONFIG_OVERRIDE_VARS, ConfigError, deploymentProblems } from '../config';
import {
  applyTrigger,
  BUILD_CONFIG_FILENAME,
  type CloudBuildTriggerApi,
  describePlan,
  formatProblem,
  planTrigger,
  renderBuildYaml,
  RETRAIN_BUILD_CONFIG_FILENAME,
  retrainPipeline,
  toxicityPipeline,
  TriggerConfigError,
  validateBuild,
  validateBuildYaml,
} from '../../pipelines';

/** What the pipeline commands need beyond the CLI context; tests replace the client factory. */
export interface PipelineCommandDeps {
  /**
   * Builds the Cloud Build client. The default is `new CloudBuildClient()` from
   * `@google-cloud/cloudbuild`, which authenticates with Application Default Credentials.
   */
  readonly createClient?: () => CloudBuildTriggerApi & { close?: () => Promise<void> };
}

async function defaultClient(): Promise<CloudBuildTriggerApi & { close?: () => Promise<void> }> {
  const { CloudBuildClient } = await import('@google-cloud/cloudbuild');
  return new CloudBuildClient();
}

/**
 * Registers `toxicity pipeline synth|validate|trigger`:
 * - `synth` writes `cloudbuild.yaml` from the config (after validating what it generated);
 * - `validate [file]` checks any Cloud Build config and exits non-zero on errors;
 * - `trigger [--dry-run]` creates or updates the push trigger.
 */
export function registerPipelineCommands(program: Command, ctx: CliContext, deps: PipelineCommandDeps = {}): void {
  const pipeline = program
    .command('pipeline')
    .description('generate, check and trigger the Cloud Build pipeline (cloudbuild.yaml)')
    .addHelpText('after', examples('toxicity pipeline synth', 'toxicity pipeline validate cloudbuild.yaml'));

  pipeline
    .command('synth')
    .description(
      `write ./${BUILD_CONFIG_FILENAME} (the six-step push pipeline) and ./${RETRAIN_BUILD_CONFIG_FILENAME} (the retraining pipeline) from the config`,
    )
    .option('-o, --out <file>', 'file to write', BUILD_CONFIG_FILENAME)
    .option('--retrain-out <file>', 'file to write the retraining pipeline to', RETRAIN_BUILD_CONFIG_FILENAME)
    .addHelpText(
      'after',
      examples(
        'toxicity pipeline synth',
        'toxicity pipeline synth --out build/cloudbuild.yaml --retrain-out build/cloudbuild-retrain.yaml',
      ),
    )
    .action((opts: { out: string; retrainOut: string }) => {
      const config = ctx.loadConfig();
      // The file is what Cloud Build runs: refuse settings that only work on this machine.
      const problems = deploymentProblems(config);
      if (problems.length > 0) throw new ConfigError('the config (for the pipeline)', problems);
      for (const [build, out] of [
        [toxicityPipeline(config), opts.out],
        [retrainPipeline(config), opts.retrainOut],
      ] as const) {
        const errors = validateBuild(build).filter((p) => p.severity === 'error');
        if (errors.length > 0) {
          // A bug in the generator, not in the user's input: refuse to write a broken file.
          throw new Error(
            `the generated pipeline ${out} is invalid:\n${errors.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
          );
        }
        const path = resolve(ctx.cwd, out);
        writeFileSync(path, renderBuildYaml(build));
        ctx.stderr.write(`wrote ${relative(ctx.cwd, path) || path} (${build.steps.length} steps)\n`);
      }
      const overrides = CONFIG_OVERRIDE_VARS.filter(({ name }) => ctx.env[name] !== undefined).map(({ name }) => name);
      if (overrides.length > 0) {
        // The committed file must follow from toxicity.config.yaml alone (a test compares them).
        ctx.stderr.write(
          `warning: ${overrides.join(', ')} override the config file; the file written depends on this environment\n`,
        );
      }
    });

  pipeline
    .command('validate [file]')
    .description(`check a Cloud Build config file (default ./${BUILD_CONFIG_FILENAME}); lists every problem`)
    .option('--strict', 'fail on warnings too')
    .addHelpText(
      'after',
      examples('toxicity pipeline validate', 'toxicity pipeline validate other/cloudbuild.yaml --strict'),
    )
    .action((file: string | undefined, opts: { strict?: boolean }) => {
      const path = resolve(ctx.cwd, file ?? BUILD_CONFIG_FILENAME);
      if (!existsSync(path)) throw new UsageError(`no such file: ${path}`, 1);
      const shown = relative(ctx.cwd, path) || path;
      const problems = validateBuildYaml(readFileSync(path, 'utf8'));
      for (const p of problems) {
        const where = p.line === undefined ? shown : `${shown}:${p.line}`;
        ctx.stdout.write(`${where}: ${p.path}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}\n`);
      }
      const errors = problems.filter((p) => p.severity === 'error').length;
      const warnings = problems.length - errors;
      if (errors > 0 || (opts.strict === true && warnings > 0)) {
        throw new UsageError(`${shown}: ${errors} error(s), ${warnings} warning(s)`, 1);
      }
      ctx.stderr.write(`${shown}: valid${warnings > 0 ? ` (${warnings} warning(s))` : ''}\n`);
    });

  pipeline
    .command('trigger')
    .description(`create or update the Cloud Build trigger that runs ${BUILD_CONFIG_FILENAME} on push`)
    .option('--dry-run', 'print the requests that would be sent and touch nothing')
    .addHelpText('after', examples('toxicity pipeline trigger --dry-run', 'toxicity pipeline trigger'))
    .action(async (opts: { dryRun?: boolean }) => {
      let plan;
      try {
        plan = planTrigger(ctx.loadConfig());
      } catch (err) {
        if (err instanceof TriggerConfigError) throw new UsageError(err.message);
        throw err;
      }
      if (opts.dryRun === true) {
        ctx.stdout.write(`${JSON.stringify(describePlan(plan), null, 2)}\n`);
        return;
      }
      const client = deps.createClient ? deps.createClient() : await defaultClient();
      try {
        const result = await applyTrigger(client, plan);
        ctx.stdout.write(
          `${result.action} trigger ${result.trigger.name ?? plan.createRequest.trigger?.name} (id ${result.trigger.id ?? '?'})\n`,
        );
      } finally {
        await client.close?.();
      }
    });
}
