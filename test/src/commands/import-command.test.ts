import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../src/commands/cli-context';
import { exporterScript, readCheckTexts, registerImportCommand } from '../../../src/commands/import-command';
import { cliContext, program } from './support/cli-context';
import { freePort, tempDir } from '../../support/fixtures';

async function run(args: string[], cwd = tempDir('import-command-'), config: Record<string, unknown> = {}) {
  const c = cliContext({ cwd, config });
  const p = program();
  registerImportCommand(p, c.ctx);
  await p.parseAsync(['node', 'toxicity', 'import', 'sklearn', ...args]);
  return c;
}

describe('toxicity import sklearn', () => {
  it('finds the exporter shipped in python/', () => {
    expect(exporterScript()).toMatch(/python[/\\]sklearn_export\.py$/);
  });

  it('fails naming what to install when the Python cannot be run', async () => {
    await expect(run(['model.skops', '--out', 'm.json', '--python', '/nonexistent/python3'])).rejects.toThrow(
      'cannot run /nonexistent/python3: not found; install Python 3 with scikit-learn and skops',
    );
  });

  it('fails when the tolerance is not a non-negative number', async () => {
    await expect(run(['model.skops', '--out', 'm.json', '--tolerance', '-1'])).rejects.toThrow(
      new UsageError('--tolerance must be a number >= 0, got "-1"'),
    );
  });

  it('fails when a label name is empty', async () => {
    await expect(run(['model.skops', '--out', 'm.json', '--labels', 'toxic,,insult'])).rejects.toThrow(
      '--labels has an empty name: "toxic,,insult"',
    );
  });
});

describe('toxicity import sklearn --register', () => {
  const LABELLED = 'id,comment_text,toxic\na,you idiot,1\nb,thanks a lot,0\n';

  it('fails when --check-data is missing, before running anything', async () => {
    await expect(
      run(['model.skops', '--out', 'm.json', '--register', 'toxic-detector', '--python', '/nonexistent/python3']),
    ).rejects.toThrow('--register needs --check-data <file>: labelled comments');
  });

  it('fails when the check data has no labels, naming the file and what it needs', async () => {
    const dir = tempDir('import-command-');
    writeFileSync(join(dir, 'texts.csv'), 'id,comment_text\n1,hello\n');
    await expect(
      run(['model.skops', '--out', 'm.json', '--register', 'm', '--check-data', 'texts.csv'], dir),
    ).rejects.toThrow(
      /--check-data file:\/\/.*texts\.csv is not usable labelled data: Jigsaw CSV has no label column \(expected some of toxic/,
    );
  });

  it('fails when MLflow cannot be reached, before converting, and writes nothing', async () => {
    const dir = tempDir('import-command-');
    writeFileSync(join(dir, 'check.csv'), LABELLED);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const attempt = run(
      ['model.skops', '--out', 'm.json', '--register', 'm', '--check-data', 'check.csv', '--python', '/nonexistent/py'],
      dir,
      { mlflow: { trackingUri: closed } },
    );
    await expect(attempt).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(
        new RegExp(`MLflow at ${closed}.* could not be reached[^]*nothing was imported or registered: start MLflow`),
      ),
    });
    expect(existsSync(join(dir, 'm.json'))).toBe(false);
  });

  it('fails when the gate metric is not <label>.<metric>', async () => {
    const dir = tempDir('import-command-');
    writeFileSync(join(dir, 'check.csv'), LABELLED);
    await expect(
      run(['m.skops', '--out', 'm.json', '--register', 'm', '--check-data', 'check.csv', '--gate-metric', 'auc'], dir),
    ).rejects.toThrow('--gate-metric must be <label>.<metric> with a metric among rocAuc, prAuc');
  });
});

describe('readCheckTexts', () => {
  const dir = tempDir('check-texts-');

  it('reads the text column of a CSV file', () => {
    const path = join(dir, 'c.csv');
    writeFileSync(path, 'id,comment_text\n1,"hello, you"\n2,second\n');
    expect(readCheckTexts(path, 'comment_text')).toEqual(['hello, you', 'second']);
  });

  it('fails when the CSV has no such column, listing the columns', () => {
    const path = join(dir, 'd.csv');
    writeFileSync(path, 'id,text\n1,a\n');
    expect(() => readCheckTexts(path, 'comment_text')).toThrow(
      '--check-data ' + path + ': no column "comment_text" (columns: id, text); set --text-column',
    );
  });

  it('reads a JSON list of strings and refuses anything else', () => {
    const good = join(dir, 'g.json');
    writeFileSync(good, '["a", ""]');
    expect(readCheckTexts(good, 'x')).toEqual(['a', '']);
    const bad = join(dir, 'b.json');
    writeFileSync(bad, '{"texts": []}');
    expect(() => readCheckTexts(bad, 'x')).toThrow('expected a JSON list of strings');
  });

  it('reads other files one text per non-empty line', () => {
    const path = join(dir, 't.txt');
    writeFileSync(path, 'one\r\n\ntwo\n');
    expect(readCheckTexts(path, 'x')).toEqual(['one', 'two']);
  });
});
