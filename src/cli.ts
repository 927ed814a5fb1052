#!/usr/bin/env node
/**
 * Entry point of the `toxicity` command line. The only place (with the other entry points) that
 * reads argv, `process.env` and the config file; each command lives in its own module and is
 * registered here.
 */
import { Command, CommanderError } from 'commander';
import packageJson from '../package.json';
import { type AppConfig, ConfigError, EnvError, deploymentProblems, loadConfigFile, parseEnv } from './config';
import {
  type CliContext,
  registerDataCommands,
  registerRetrainCommands,
  registerImportCommand,
  registerInfraCommands,
  registerPipelineCommands,
  registerPredictCommand,
  registerRegistryCommands,
  registerServeCommand,
  registerTokenCommand,
  registerTrainCommand,
  UsageError,
} from './commands';
import { StorageError } from './storage';
import { MlflowError, RegistryError } from './mlflow';

const CONFIG_SOURCE = 'the config';

function buildProgram(ctx: CliContext): Command {
  const program = new Command('toxicity')
    .description('Train, serve, ship and roll back the toxic-comment classifier.')
    .option('-c, --config <path>', 'config file (default: ./toxicity.config.yaml, or $TOXICITY_CONFIG)')
    .option('--debug', 'print the stack trace of an unexpected error')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', '\n  -V, --version        print the version of toxicity and exit (first argument only)')
    .exitOverride();
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
    });
  registerTrainCommand(program, ctx);
  registerDataCommands(program, ctx);
  // The local retraining subscriber runs the pipeline's steps as children: they inherit this
  // environment and run this same CLI the way it was started (node, its flags, this script).
  registerRetrainCommands(program, ctx, {
    childEnv: process.env,
    selfCommand: [process.execPath, ...process.execArgv, process.argv[1]],
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

/**
 * The version of this checkout or image (package.json). `-V`/`--version` is answered before commander
 * parses anything: commander recognises program options after a subcommand too, and `promote
 * --version <n>` must keep meaning the model version.
 */
function cliVersion(): string {
  return packageJson.version;
}

/**
 * A reader that stops early (`toxicity --help | head -1`) closes the pipe: stop quietly, as Unix
 * tools do, instead of dying on an unhandled EPIPE. Other write errors stay fatal.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

async function main(argv: string[]): Promise<number> {
  exitQuietlyOnClosedPipe(process.stdout);
  if (argv[2] === '-V' || argv[2] === '--version') {
    process.stdout.write(`${cliVersion()}\n`);
    return 0;
  }
  let env;
  try {
    env = parseEnv(process.env);
  } catch (err) {
    process.stderr.write(`toxicity: ${(err as EnvError).message}\n`);
    return 2;
  }
  let config: AppConfig | undefined;
  let configPath: string | undefined = env.TOXICITY_CONFIG;
  const ctx: CliContext = {
    env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    loadConfig: () => (config ??= loadConfigFile({ path: configPath, cwd: process.cwd(), env })),
  };
  const program = buildProgram(ctx);
  program.hook('preAction', (cmd) => {
    const opts = cmd.optsWithGlobals<{ config?: string }>();
    if (opts.config) configPath = opts.config;
  });
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ConfigError || err instanceof UsageError) {
      process.stderr.write(`toxicity: ${err.message}\n`);
      return err instanceof UsageError ? err.exitCode : 2;
    }
    // Expected failures of the outside world: say what happened, without a stack trace.
    if (err instanceof StorageError || err instanceof MlflowError || err instanceof RegistryError) {
      process.stderr.write(`toxicity: ${err.message}\n`);
      return 1;
    }
    // Anything else: one line; the stack only with --debug.
    const debug = argv.includes('--debug');
    const line = err instanceof Error ? (debug ? (err.stack ?? err.message) : err.message) : String(err);
    process.stderr.write(`toxicity: ${line}${debug ? '' : ' (run again with --debug for the stack trace)'}\n`);
    return 1;
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
