import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { UsageError } from '../../../src/commands/cli-context';
import { formatOf, registerPredictCommand } from '../../../src/commands/predict-command';
import { ToxicityModel, isPredicted, probabilityOf } from '../../../src/ml';
import { cliContext, program } from './support/cli-context';
import { tempDir, testArtifact, writeModelFile } from '../../support/fixtures';

const artifact = testArtifact();
const model = new ToxicityModel(artifact);

async function run(args: string[], stdin?: string) {
  const dir = tempDir('predict-');
  writeModelFile(dir, artifact);
  const c = cliContext({ cwd: dir });
  const p = program();
  registerPredictCommand(p, c.ctx, stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(stdin)]) });
  await p.parseAsync(['node', 'toxicity', 'predict', '--model', 'model.json', '--no-progress', ...args]);
  return { ...c, dir };
}

function expectedCsvLine(id: string, text: string): string {
  const scores = model.score([text])[0].scores;
  const predicted = model.labels.filter((_, k) => isPredicted(scores[k], 0.5));
  return `${id},${scores.map((s) => probabilityOf(s)).join(',')},${predicted.join(' ')}`;
}

describe('formatOf', () => {
  it('reads the format from the extension unless one is given', () => {
    expect(formatOf('a.jsonl', 'auto')).toBe('jsonl');
    expect(formatOf('a.NDJSON', 'auto')).toBe('jsonl');
    expect(formatOf('a.csv', 'auto')).toBe('csv');
    expect(formatOf('a.csv', 'jsonl')).toBe('jsonl');
  });

  it('throws a usage error for an unknown format', () => {
    expect(() => formatOf('a', 'xml')).toThrow(new UsageError('--format must be auto, csv or jsonl, got "xml"'));
  });
});

describe('toxicity predict', () => {
  it('scores a CSV given as a plain path into a CSV file, keeping the ids', async () => {
    const dir = tempDir('predict-in-');
    writeFileSync(join(dir, 'in.csv'), 'id,comment_text\nc1,"you idiot"\nc2,"thanks, great"\n');
    const { dir: cwd, stderr } = await run([join(dir, 'in.csv'), '--out', 'scores.csv']);
    expect(readFileSync(join(cwd, 'scores.csv'), 'utf8').split('\n')).toEqual([
      'id,toxic,insult,predicted',
      expectedCsvLine('c1', 'you idiot'),
      expectedCsvLine('c2', 'thanks, great'),
      '',
    ]);
    expect(stderr.text).toContain('scored 2 comments');
  });

  it('scores JSONL from stdin (objects or bare strings) to JSONL on stdout', async () => {
    const { stdout } = await run(['-', '--format', 'jsonl'], '{"id": 7, "text": "you idiot"}\n"thanks"\n');
    const lines = stdout.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const s = model.score(['you idiot'])[0].scores;
    expect(lines[0]).toEqual({
      id: '7',
      scores: { toxic: probabilityOf(s[0]), insult: probabilityOf(s[1]) },
      predicted: model.labels.filter((_, k) => isPredicted(s[k], 0.5)),
    });
    expect(lines[1]).not.toHaveProperty('id');
    expect(lines).toHaveLength(2);
  });

  it('fails with a usage error naming the columns when no text column is found', async () => {
    await expect(run(['-'], 'a,b\n1,2\n')).rejects.toThrow(
      'the CSV header has no text column: name one with --text-column (columns: a, b)',
    );
  });

  it('fails with a usage error on a JSONL line that is not JSON', async () => {
    await expect(run(['-', '--format', 'jsonl'], '"ok"\n{oops\n')).rejects.toThrow(
      'line 2 of the JSONL input is not JSON',
    );
  });

  it('fails with a usage error on a threshold outside [0, 1]', async () => {
    await expect(run(['-', '--threshold', '2'], 'text\na\n')).rejects.toThrow(UsageError);
  });
});
