import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerDataCommands } from '../../../src/commands/data-command';
import { cliContext, program } from './support/cli-context';
import { tempDir } from '../../support/fixtures';

/** A Jigsaw-style CSV of `n` distinct comments, every fourth one toxic (or all of them with `oneClass`). */
function csv(n: number, options: { oneClass?: boolean; extraRows?: string[] } = {}): string {
  const rows = Array.from(
    { length: n },
    (_, i) => `${i},"comment ${i} on subject ${i * 3}",${options.oneClass || i % 4 === 0 ? 1 : 0}`,
  );
  return ['id,comment_text,toxic', ...rows, ...(options.extraRows ?? [])].join('\n') + '\n';
}

async function validate(dir: string, args: string[]) {
  const c = cliContext({ cwd: dir });
  const p = program();
  registerDataCommands(p, c.ctx, { now: () => new Date(Date.UTC(2026, 0, 1)) });
  let error: unknown = null;
  try {
    await p.parseAsync(['node', 'toxicity', 'data', 'validate', ...args]);
  } catch (err) {
    error = err;
  }
  return { ...c, error };
}

describe('toxicity data validate', () => {
  it('accepts a clean file and prints one line per check', async () => {
    const dir = tempDir('data-validate-');
    writeFileSync(join(dir, 'good.csv'), csv(1100));
    const { stdout, error } = await validate(dir, ['--data', `file://${dir}/good.csv`]);
    expect(error).toBeNull();
    expect(stdout.text).toContain('passed: the data may be trained on');
    expect(stdout.text).toMatch(/ok +min-rows +1100 usable rows/);
  });

  it('rejects a one-class file with exit code 1 and writes the JSON report', async () => {
    const dir = tempDir('data-validate-');
    writeFileSync(join(dir, 'bad.csv'), csv(1100, { oneClass: true }));
    const { error } = await validate(dir, [
      '--data',
      `file://${dir}/bad.csv`,
      '--report',
      `file://${dir}/r.json`,
      '--json',
    ]);
    expect(error).toMatchObject({ exitCode: 1, message: expect.stringContaining('rejected by the data-quality gate') });
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      passed: boolean;
      checks: { id: string; passed: boolean }[];
      data: { hash: string };
    };
    expect(report.passed).toBe(false);
    expect(report.checks.find((c) => c.id === 'class-ratio')?.passed).toBe(false);
    expect(report.data.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('finds rows of the evaluation set in the upload (leakage)', async () => {
    const dir = tempDir('data-validate-');
    writeFileSync(
      join(dir, 'eval.csv'),
      ['id,comment_text,toxic', 'e1,"Comment 5 on subject 15!",1', 'e2,"unseen",0'].join('\n'),
    );
    writeFileSync(join(dir, 'up.csv'), csv(1100));
    const { stdout, error } = await validate(dir, [
      '--data',
      `file://${dir}/up.csv`,
      '--eval-set',
      `file://${dir}/eval.csv`,
    ]);
    expect(error).toMatchObject({ exitCode: 1 });
    expect(stdout.text).toMatch(/FAIL eval-overlap +1 rows are in the frozen evaluation set/);
  });

  it('refuses an evaluation set whose hash is not the frozen one', async () => {
    const dir = tempDir('data-validate-');
    writeFileSync(join(dir, 'eval.csv'), 'id,comment_text,toxic\ne1,hello,0\n');
    writeFileSync(join(dir, 'up.csv'), csv(1100));
    const { error } = await validate(dir, [
      '--data',
      `file://${dir}/up.csv`,
      '--eval-set',
      `file://${dir}/eval.csv`,
      '--eval-set-hash',
      `sha256:${'0'.repeat(64)}`,
    ]);
    expect(error).toMatchObject({ message: expect.stringContaining('not the frozen sha256:0000') });
  });

  it('reports a file without a label column as failing required columns, not a crash', async () => {
    const dir = tempDir('data-validate-');
    writeFileSync(join(dir, 'nolabel.csv'), 'id,comment_text\n1,hello\n');
    const { stdout, error } = await validate(dir, ['--data', `file://${dir}/nolabel.csv`]);
    expect(error).toMatchObject({ exitCode: 1 });
    expect(stdout.text).toMatch(/FAIL required-columns +the file is not a usable dataset/);
  });

  it('rejects a bad --min-rows and a missing file clearly', async () => {
    const dir = tempDir('data-validate-');
    writeFileSync(join(dir, 'f.csv'), csv(10));
    expect((await validate(dir, ['--data', `file://${dir}/f.csv`, '--min-rows', '0'])).error).toMatchObject({
      message: expect.stringContaining('--min-rows must be a positive whole number'),
    });
    expect((await validate(dir, ['--data', `file://${dir}/nope.csv`])).error).toMatchObject({
      message: expect.stringContaining('no such data file'),
    });
    expect((await validate(dir, ['--data', `file://${dir}/f.csv`, '--min-rows', '5'])).error).toBeNull();
  });
});
