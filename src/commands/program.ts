import { Command, CommanderError } from 'commander';
import {
  type AppConfig,
  ConfigError,
  EnvError,
  deploymentProblems,
  envNameWarnings,
  loadConfigFile,
  parseEnv,
} from '../config';
import { StorageError } from '../storage';
import { MlflowError, RegistryError } from '../mlflow';
import { type CliContext, UsageError, examples } from './cli-context';
import { registerDataCommands } from './data-command';
import { registerImportCommand } from './import-command';
import { registerInfraCommands } from './infra-command';
import { registerPipelineCommands } from './pipeline-commands';
import { registerPredictCommand } from './predict-command';
import { registerRegistryCommands } from './registry-commands';
import { registerRetrainCommands } from './retrain-command';
import { registerServeCommand } from './serve-command';
import { registerTokenCommand } from './token-command';
import { registerTrainCommand } from './train-command';

/**
 * Exit statuses of `toxicity`, as POSIX utilities and commander use them: 0 success, 1 the work
 * failed (a file, the data, a service, a gate), 2 the invocation is wrong in itself (an unknown
 * command or option, a missing or malformed argument, an invalid config file or environment) and
 * nothing was attempted.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

const CONFIG_SOURCE = 'the config';

/** The `toxicity` program with every command registered; errors are thrown (`exitOverride`), not exited. */
export function buildProgram(ctx: CliContext, io?: Pick<CliIo, 'env' | 'selfCommand'>): Command {
  const program = new Command('toxicity')
    .description('Train, serve, ship and roll back the toxic-comment classifier.')
    .option('-c, --config <path>', 'config file (default: ./toxicity.config.yaml, or $TOXICITY_CONFIG)')
    .option('--debug', 'print the stack trace of an unexpected error')
    .showHelpAfterError('(run with --help for usage)')
    // Commander's "(Did you mean train?)" for unknown commands and options (its default, stated here).
    .showSuggestionAfterError(true)
    .addHelpText('after', '\n  -V, --version        print the version of toxicity and exit (first argument only)')
    // Set before the commands are added: each copies these settings when it is created.
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) })
    .exitOverride();
  program.addHelpText(
    'after',
    examples('toxicity train --data comments.csv', 'toxicity predict comments.csv --out scores.csv'),
  );
  program
    .command('config')
    .description(
      'print the resolved config (defaults applied) as JSON, or the problems found (including settings that cannot deploy)',
    )
    .option('--local', 'check only what a local run needs (allow a loopback MLflow and unset deployment settings)')
    .action((flags: { local?: boolean }) => {
      const config = ctx.loadConfig();
      const problems = flags.local ? [] : deploymentProblems(config);
      if (problems.length > 0) {
        throw new ConfigError(`${CONFIG_SOURCE} (for deployment; --local checks a local run only)`, problems);
      }
      ctx.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
    })
    .addHelpText('after', examples('toxicity config --local', 'toxicity --config prod.config.yaml config'));
  registerTrainCommand(program, ctx);
  registerDataCommands(program, ctx);
  // The subscriber's steps inherit the raw environment (PATH, credentials), not only the schema's variables.
  registerRetrainCommands(program, ctx, {
    ...(io ? { childEnv: io.env } : {}),
    ...(io?.selfCommand ? { selfCommand: io.selfCommand } : {}),
  });
  registerRegistryCommands(program, ctx);
  registerPipelineCommands(program, ctx);
  registerPredictCommand(program, ctx);
  registerServeCommand(program, ctx);
  registerTokenCommand(program, ctx);
  registerInfraCommands(program, ctx);
  registerImportCommand(program, ctx);
  return program;
}

/** What the entry point hands `runCli`: the process's argv, raw environment, folder and streams. */
export interface CliIo {
  /** The raw environment; only the variables of the env schema are read (`parseEnv`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Printed by `-V`/`--version`. */
  readonly version: string;
  /** How child processes run this same CLI (`retrain subscribe` runs the pipeline's steps with it). */
  readonly selfCommand?: readonly string[];
}

/**
 * Runs `toxicity` with `argv` (`[node, script, ...args]`) and resolves with its exit status (see
 * `EXIT`); every error is printed here as `toxicity: <message>`, one line unless `--debug`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // `-V`/`--version` is answered before commander parses anything: commander recognises program
  // options after a subcommand too, and `promote --version <n>` must keep meaning the model version.
  if (argv[2] === '-V' || argv[2] === '--version') {
    io.stdout.write(`${io.version}\n`);
    return EXIT.ok;
  }
  let env;
  try {
    env = parseEnv(io.env);
  } catch (err) {
    io.stderr.write(`toxicity: ${(err as EnvError).message}\n`);
    return EXIT.usage;
  }
  for (const warning of envNameWarnings(io.env)) io.stderr.write(`toxicity: warning: ${warning}\n`);
  let config: AppConfig | undefined;
  let configPath: string | undefined = env.TOXICITY_CONFIG;
  const ctx: CliContext = {
    env,
    cwd: io.cwd,
    stdout: io.stdout,
    stderr: io.stderr,
    loadConfig: () => (config ??= loadConfigFile({ path: configPath, cwd: io.cwd, env })),
  };
  const program = buildProgram(ctx, io);
  program.hook('preAction', (cmd) => {
    const opts = cmd.optsWithGlobals<{ config?: string }>();
    if (opts.config) configPath = opts.config;
  });
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    return reportError(err, argv, io.stderr);
  }
}

/** Prints a failure and gives its exit status. */
function reportError(err: unknown, argv: readonly string[], stderr: NodeJS.WritableStream): number {
  // Commander has printed its own message; --help and the like end with 0, every parse error
  // (unknown command or option, missing or excess argument, help shown for a missing subcommand) is a usage error.
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (err instanceof ConfigError || err instanceof EnvError || err instanceof UsageError) {
    stderr.write(`toxicity: ${err.message}\n`);
    return err instanceof UsageError ? err.exitCode : EXIT.usage;
  }
  // Expected failures of the outside world: say what happened, without a stack trace.
  if (err instanceof StorageError || err instanceof MlflowError || err instanceof RegistryError) {
    stderr.write(`toxicity: ${err.message}\n`);
    return EXIT.failure;
  }
  // Anything else: one line; the stack only with --debug.
  const debug = argv.includes('--debug');
  const line = err instanceof Error ? (debug ? (err.stack ?? err.message) : err.message) : String(err);
  stderr.write(`toxicity: ${line}${debug ? '' : ' (run again with --debug for the stack trace)'}\n`);
  return EXIT.failure;
}
