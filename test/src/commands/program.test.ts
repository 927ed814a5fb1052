import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT, buildProgram, runCli } from '../../../src/commands/program';
import { parseConfig } from '../../../src/config';
import { tempDir, testArtifact, writeModelFile } from '../../support/fixtures';
import { Capture } from './support/cli-context';

const SECRET = 'program-test-secret-of-32-bytes-or-more';
/** Nothing listens on port 9 (discard) here: MLflow is unreachable, a runtime failure. */
const NO_MLFLOW = 'http://127.0.0.1:9';

/** Runs `toxicity …args` in-process in `cwd`; resolves with the exit status and what was printed. */
async function toxicity(cwd: string, args: string[], env: Record<string, string> = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(['node', 'toxicity', ...args], {
    env: { JWT_SECRET: SECRET, MLFLOW_TRACKING_URI: NO_MLFLOW, ...env },
    cwd,
    stdout,
    stderr,
    version: '0.0.0-test',
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Every command that runs something (`pipeline synth`, not `pipeline`), by its full name. */
function leafCommands(cmd: Command, prefix: string[] = []): string[] {
  return cmd.commands
    .filter((c) => c.name() !== 'help')
    .flatMap((c) =>
      c.commands.length > 0 ? leafCommands(c, [...prefix, c.name()]) : [[...prefix, c.name()].join(' ')],
    );
}

/**
 * One row per command: an invocation wrong in itself (a bad flag value, a missing argument or
 * setting: exit 2, nothing attempted) and one whose work fails (a missing file, an unreachable
 * service: exit 1), each with the message it must print. `runtime: null` where the command has no
 * work that can fail here (it only prints from the config, or needs Google's API).
 */
type Case = readonly [args: string[], message: RegExp];
const CASES: Record<string, { usage: Case; runtime: Case | null }> = {
  config: { usage: [['config', '--local', 'extra'], /too many arguments for 'config'/], runtime: null },
  train: {
    usage: [['train', '--loss', 'hinges'], /--loss must be squared_hinge or hinge, got "hinges"/],
    runtime: [['train', '--data', 'missing.csv', '--no-progress'], /no such file: .*missing\.csv/],
  },
  'data validate': {
    usage: [['data', 'validate', '--data', 'comments.csv', '--min-rows', '-3'], /--min-rows must be a positive/],
    runtime: [['data', 'validate', '--data', 'missing.csv'], /no such data file: file:\/\/.*missing\.csv/],
  },
  'retrain claim': {
    usage: [['retrain', 'claim', '--object', 'o.csv', '--generation', '1', '--wait', 'soon'], /--wait must be/],
    runtime: [['retrain', 'claim', '--object', 'o.csv', '--generation', '1', '--wait', '0'], /ENOTDIR/],
  },
  'retrain challenge': {
    usage: [['retrain', 'challenge', '--candidate', 'model.json'], /required option '--eval-set <uri>'/],
    runtime: [['retrain', 'challenge', '--candidate', 'model.json', '--eval-set', 'missing.csv'], /missing\.csv/],
  },
  'retrain subscribe': {
    usage: [['retrain', 'subscribe', '--subscription', 's', '--retry-delay', 'soon'], /--retry-delay must be a whole/],
    // Its work needs Pub/Sub: the retrain-end-to-end integration suite checks a missing subscription exits 1.
    runtime: null,
  },
  'retrain vertex-train': {
    usage: [
      ['retrain', 'vertex-train', '--data', 'gs://d/c.csv', '--out', 'gs://m/model.json', '--image', 'r/p/t/i:1'],
      /retraining\.trainer is build-step: set it to vertex-ai/,
    ],
    // Its work needs Vertex AI: vertex-train-command.test.ts runs it against a local JobService.
    runtime: null,
  },
  'retrain finish': {
    usage: [['retrain', 'finish', '--object', 'o.csv', '--generation', '1', '--status', 'done'], /--status must be/],
    runtime: [['retrain', 'finish', '--object', 'o.csv', '--generation', '1', '--status', 'failed'], /ENOTDIR/],
  },
  promote: {
    usage: [['promote', '--version', 'latest'], /--version must be a positive integer, got "latest"/],
    runtime: [['promote', '--version', '2'], /MLflow at http:\/\/127\.0\.0\.1:9 could not be reached/],
  },
  rollback: {
    usage: [['rollback', 'a', 'b'], /too many arguments for 'rollback'/],
    runtime: [['rollback'], /MLflow at http:\/\/127\.0\.0\.1:9 could not be reached/],
  },
  models: {
    usage: [['models', '--jsn'], /unknown option '--jsn'\n\(Did you mean --json\?\)/],
    runtime: [['models'], /MLflow at http:\/\/127\.0\.0\.1:9 could not be reached/],
  },
  'pipeline synth': {
    usage: [['pipeline', 'synth', '--out'], /option '-o, --out <file>' argument missing/],
    runtime: [['pipeline', 'synth', '--out', 'no-such-folder/cloudbuild.yaml'], /ENOENT.*no-such-folder/],
  },
  'pipeline validate': {
    usage: [['pipeline', 'validate', 'a.yaml', 'b.yaml'], /too many arguments for 'validate'/],
    runtime: [['pipeline', 'validate', 'missing.yaml'], /no such file: .*missing\.yaml/],
  },
  // Creating the trigger needs Google credentials and the network; its failures are tested with a client
  // double in pipeline-commands.test.ts.
  'pipeline trigger': {
    usage: [['pipeline', 'trigger', '--dry-run'], /set 'pipeline\.githubOwner' and 'pipeline\.githubRepo'/],
    runtime: null,
  },
  predict: {
    usage: [['predict', 'comments.csv', '--threshold', '2'], /--threshold must be a number from 0 to 1/],
    runtime: [['predict', 'missing.csv', '--model', 'model.json', '--no-progress'], /no such file: .*missing\.csv/],
  },
  serve: {
    usage: [['serve', '--port', '80a'], /--port must be a port number 0-65535, got "80a"/],
    runtime: [['serve', '--port', '0', '--model', 'missing.json'], /cannot serve .*missing\.json: no model at/],
  },
  token: {
    usage: [['token', '--sub', 'a', '--ttl', '1y'], /--ttl must be a number with an optional unit/],
    runtime: null,
  },
  'infra bootstrap': { usage: [['infra', 'bootstrap', 'now'], /too many arguments for 'bootstrap'/], runtime: null },
  'import sklearn': {
    usage: [['import', 'sklearn', 'model.skops', '--out', 'm.json', '--tolerance', '-1'], /--tolerance must be/],
    runtime: [
      ['import', 'sklearn', 'model.skops', '--out', 'm.json', '--python', 'no-such-python-here'],
      /cannot run no-such-python-here: not found/,
    ],
  },
};

describe('toxicity exit statuses', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = tempDir('program-');
    writeModelFile(cwd, testArtifact());
    writeFileSync(join(cwd, 'comments.csv'), 'comment_text,toxic\nhello,0\nyou idiot,1\n');
    writeFileSync(join(cwd, 'model.skops'), 'not really');
    // A deployable config whose champion store sits under a regular file: every write there fails.
    writeFileSync(join(cwd, 'a-file'), '');
    writeFileSync(
      join(cwd, 'toxicity.config.yaml'),
      `mlflow:\n  server:\n    internalAddress: 10.1.2.3\nmodel:\n  championStore: file://${cwd}/a-file/store\n`,
    );
    mkdirSync(join(cwd, 'empty'));
  });

  it('has a row for every command (a new command needs one)', () => {
    const program = buildProgram({
      env: {},
      cwd: '.',
      stdout: new Capture(),
      stderr: new Capture(),
      loadConfig: () => parseConfig({}),
    });
    expect(leafCommands(program).sort()).toEqual(Object.keys(CASES).sort());
  });

  describe.each(Object.entries(CASES))('%s', (_name, { usage, runtime }) => {
    it('exits 2 on an unknown option, saying so', async () => {
      const run = await toxicity(cwd, [...(runtime ?? usage)[0], '--no-such-option']);
      expect(run.stderr).toMatch(/unknown option '--no-such-option'/);
      expect(run.code).toBe(EXIT.usage);
    });

    it('exits 2 on a usage error, with a message', async () => {
      const run = await toxicity(cwd, usage[0]);
      expect(run.stderr).toMatch(/^(error|toxicity): /m);
      expect(run.stderr).toMatch(usage[1]);
      expect(run.code).toBe(EXIT.usage);
    });

    if (runtime !== null) {
      it('exits 1 when its work fails, in one line without a stack trace', async () => {
        const run = await toxicity(cwd, runtime[0]);
        expect(run.stderr).toMatch(/^toxicity: /m);
        expect(run.stderr).toMatch(runtime[1]);
        expect(run.stderr).not.toMatch(/\n\s+at /);
        expect(run.code).toBe(EXIT.failure);
      });
    }
  });

  it.each([
    [['trian'], /unknown command 'trian'\n\(Did you mean train\?\)/],
    [['pipeline', 'synht'], /unknown command 'synht'\n\(Did you mean synth\?\)/],
    [['train', '--max-feature', '5'], /unknown option '--max-feature'\n\(Did you mean --max-features\?\)/],
  ])('suggests the nearest command or option for %j (exit 2)', async (args, message) => {
    const run = await toxicity(cwd, args);
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(EXIT.usage);
  });

  it.each([[[]], [['pipeline']], [['retrain']], [['data']], [['import']], [['infra']]])(
    'shows the help on stderr and exits 2 when %j is missing its command',
    async (args) => {
      const run = await toxicity(cwd, args);
      expect(run.stderr).toMatch(/^Usage: toxicity/);
      expect(run.code).toBe(EXIT.usage);
    },
  );

  it('exits 0 for --help and -V', async () => {
    expect((await toxicity(cwd, ['train', '--help'])).code).toBe(EXIT.ok);
    expect(await toxicity(cwd, ['-V'])).toEqual({ code: 0, stdout: '0.0.0-test\n', stderr: '' });
  });

  it('exits 2 on an invalid environment or config file, naming the problem', async () => {
    const env = await toxicity(cwd, ['config', '--local'], { PORT: 'eighty' });
    expect(env.stderr).toMatch(/invalid environment:\n {2}- PORT/);
    expect(env.code).toBe(EXIT.usage);
    const file = await toxicity(cwd, ['-c', 'missing.yaml', 'config', '--local']);
    expect(file.stderr).toMatch(/missing\.yaml/);
    expect(file.code).toBe(EXIT.usage);
  });
});

describe('toxicity --help', () => {
  const out = new Capture();
  const program = buildProgram({
    env: {},
    cwd: '.',
    stdout: out,
    stderr: new Capture(),
    loadConfig: () => parseConfig({}),
  });
  /** Every command (groups too) with its path, `toxicity` first. */
  const all = (cmd: Command, path: string[]): [string, Command][] => [
    [path.join(' '), cmd],
    ...cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => all(c, [...path, c.name()])),
  ];
  /** The options a command accepts: its own and the program's. */
  const optionsOf = (cmd: Command) =>
    new Set([...cmd.options, ...program.options].flatMap((o) => [o.long, o.short].filter((f) => f !== undefined)));

  it.each(all(program, ['toxicity']))('%s shows one or two examples that parse', (path, cmd) => {
    out.text = '';
    cmd.outputHelp();
    const section = /\nExamples:\n((?: {2}\$ .+\n)+)/.exec(out.text);
    expect(section).not.toBeNull();
    const lines = section![1].trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(2);
    for (const line of lines) {
      // The command line itself: after `$ `, inside `$( … )` or before a redirection or pipe.
      const words = line
        .slice(4)
        .replace(/^.*\$\(|\).*$/g, '')
        .replace(/^.*\| /, '')
        .split(/ (?:>|\|) /)[0]
        .match(/'[^']*'|\S+/g)!;
      // Global options (`--config <file>`, `--debug`) may come before the command.
      const args = words.filter(
        (w, i) => !['-c', '--config', '--debug'].includes(w) && !['-c', '--config'].includes(words[i - 1]),
      );
      expect(args.slice(0, path.split(' ').length).join(' ')).toBe(path);
      // Walk to the command the example runs; every option it passes must be one that command has.
      let target = program;
      for (const word of args.slice(1)) {
        const sub = target.commands.find((c) => c.name() === word);
        if (sub) target = sub;
        else if (/^--?[a-z]/.test(word)) expect(optionsOf(target)).toContain(word.split('=')[0]);
      }
      expect(target.commands.filter((c) => c.name() !== 'help')).toHaveLength(0);
    }
  });
});
