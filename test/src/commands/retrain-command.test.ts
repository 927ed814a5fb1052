import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerRetrainCommands } from '../../../src/commands/retrain-command';
import { parseModelArtifact } from '../../../src/ml';
import { cliContext, program } from './support/cli-context';
import { tempDir, testArtifact, writeModelFile } from '../../support/fixtures';

const EVAL_CSV = [
  'id,comment_text,toxic,insult',
  'a,you idiot,1,1',
  'b,stupid idiot,1,1',
  'c,you stupid,1,1',
  'd,thanks great,0,0',
  'e,great thanks you,0,0',
  'f,thanks you,0,0',
].join('\n');

async function retrain(dir: string, args: string[], env: Record<string, string> = {}) {
  let clock = Date.UTC(2026, 0, 1, 12);
  const c = cliContext({ cwd: dir, env, config: { model: { championStore: `file://${dir}/models` } } });
  const p = program();
  registerRetrainCommands(p, c.ctx, {
    now: () => new Date(clock),
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
  });
  let error: unknown = null;
  try {
    await p.parseAsync(['node', 'toxicity', 'retrain', ...args]);
  } catch (err) {
    error = err;
  }
  return { ...c, error };
}

describe('toxicity retrain claim', () => {
  it('claims a new generation, and a duplicate delivery creates the skip file and does nothing', async () => {
    const dir = tempDir('retrain-cmd-');
    const args = ['claim', '--object', 'uploads/a.csv', '--generation', '7', '--skip-file', 'skip'];
    const first = await retrain(dir, args, { BUILD_ID: 'b1' });
    expect(first.error).toBeNull();
    expect(first.stdout.text).toContain('claimed uploads/a.csv#7');
    expect(existsSync(join(dir, 'skip'))).toBe(false);
    await retrain(dir, ['finish', '--object', 'uploads/a.csv', '--generation', '7', '--status', 'promoted'], {
      BUILD_ID: 'b1',
    });
    const second = await retrain(dir, args, { BUILD_ID: 'b2' });
    expect(second.error).toBeNull();
    expect(second.stdout.text).toMatch(/already claimed by b1 .*\(promoted\): duplicate delivery/);
    expect(existsSync(join(dir, 'skip'))).toBe(true);
  });

  it('waits for the lease of another run and gives up after --wait, marking its claim failed', async () => {
    const dir = tempDir('retrain-cmd-');
    await retrain(dir, ['claim', '--object', 'uploads/a.csv', '--generation', '1'], { BUILD_ID: 'b1' });
    const blocked = await retrain(dir, ['claim', '--object', 'uploads/b.csv', '--generation', '1', '--wait', '20'], {
      BUILD_ID: 'b2',
    });
    expect(blocked.error).toMatchObject({ exitCode: 1, message: expect.stringContaining('another retraining (b1)') });
    expect(blocked.stderr.text).toContain('waiting for the retraining of b1');
    const claim = JSON.parse(
      readFileSync(join(dir, 'models/toxic-detector/retrain/claims/uploads/b.csv@1.json'), 'utf8'),
    ) as { status: string };
    expect(claim.status).toBe('failed');
  });

  it('gets the lease once the other run finished', async () => {
    const dir = tempDir('retrain-cmd-');
    await retrain(dir, ['claim', '--object', 'uploads/a.csv', '--generation', '1'], { BUILD_ID: 'b1' });
    await retrain(dir, ['finish', '--object', 'uploads/a.csv', '--generation', '1', '--status', 'rejected'], {
      BUILD_ID: 'b1',
    });
    const next = await retrain(dir, ['claim', '--object', 'uploads/b.csv', '--generation', '1', '--wait', '0'], {
      BUILD_ID: 'b2',
    });
    expect(next.error).toBeNull();
  });

  it('retries a failed run on a later delivery and stops after --max-attempts', async () => {
    const dir = tempDir('retrain-cmd-');
    const claim = (build: string) =>
      retrain(dir, ['claim', '--object', 'uploads/a.csv', '--generation', '3', '--max-attempts', '2'], {
        BUILD_ID: build,
      });
    const fail = (build: string) =>
      retrain(
        dir,
        ['finish', '--object', 'uploads/a.csv', '--generation', '3', '--status', 'failed', '--detail', 'oom'],
        {
          BUILD_ID: build,
        },
      );
    expect((await claim('b1')).error).toBeNull();
    expect((await fail('b1')).stdout.text).toBe('uploads/a.csv#3: failed; lease released\n');
    const retry = await claim('b2');
    expect(retry.stdout.text).toContain(
      'uploads/a.csv#3: retrying (attempt 2 of 2); the previous run by b1 failed: oom',
    );
    expect(retry.stdout.text).toContain('claimed uploads/a.csv#3');
    await fail('b2');
    const third = await retrain(
      dir,
      ['claim', '--object', 'uploads/a.csv', '--generation', '3', '--max-attempts', '2', '--skip-file', 'skip'],
      { BUILD_ID: 'b3' },
    );
    expect(third.stdout.text).toMatch(
      /already claimed by b2 .*\(failed: oom\): it failed 2 times \(--max-attempts 2\): not retried/,
    );
    expect(existsSync(join(dir, 'skip'))).toBe(true);
  });

  it('does not let a run that lapsed overwrite the record of the retry that took over', async () => {
    const dir = tempDir('retrain-cmd-');
    const args = ['claim', '--object', 'uploads/a.csv', '--generation', '4', '--wait', '0', '--ttl', '0'];
    await retrain(dir, args, { BUILD_ID: 'slow' });
    expect((await retrain(dir, args, { BUILD_ID: 'b2' })).stdout.text).toContain('lapsed at');
    const late = await retrain(
      dir,
      ['finish', '--object', 'uploads/a.csv', '--generation', '4', '--status', 'promoted'],
      {
        BUILD_ID: 'slow',
      },
    );
    expect(late.stdout.text).toContain('not recorded as promoted, the claim was taken over by a retry');
  });

  it('refuses a bad status or generation', async () => {
    const dir = tempDir('retrain-cmd-');
    const bad = await retrain(dir, ['finish', '--object', 'o', '--generation', '1', '--status', 'done']);
    expect(bad.error).toMatchObject({ message: expect.stringContaining('--status must be one of') });
    const gen = await retrain(dir, ['claim', '--object', 'o', '--generation', 'x']);
    expect(gen.error).toMatchObject({ message: expect.stringContaining('generation must be a positive integer') });
    const attempts = await retrain(dir, ['claim', '--object', 'o', '--generation', '1', '--max-attempts', '0']);
    expect(attempts.error).toMatchObject({ message: '--max-attempts must be a positive whole number, got "0"' });
  });
});

describe('toxicity retrain challenge', () => {
  it('prints both models side by side on the evaluation set (no champion: promote)', async () => {
    const dir = tempDir('retrain-cmd-');
    writeFileSync(join(dir, 'eval.csv'), EVAL_CSV);
    const candidate = writeModelFile(dir, testArtifact({ version: '2026.1' }));
    const { stdout, error } = await retrain(dir, [
      'challenge',
      '--candidate',
      candidate,
      '--eval-set',
      `file://${dir}/eval.csv`,
    ]);
    expect(error).toBeNull();
    expect(stdout.text).toMatch(/^toxic \* +- +1 +- +not-compared$/m);
    expect(stdout.text).toContain('no champion yet: toxic.rocAuc 1');
  });

  it('fails clearly when the candidate has not the primary label', async () => {
    const dir = tempDir('retrain-cmd-');
    writeFileSync(join(dir, 'eval.csv'), EVAL_CSV);
    const a = testArtifact({ labels: ['insult'] });
    const candidate = writeModelFile(dir, parseModelArtifact(a));
    const { error } = await retrain(dir, [
      'challenge',
      '--candidate',
      candidate,
      '--eval-set',
      `file://${dir}/eval.csv`,
    ]);
    expect(error).toMatchObject({ exitCode: 1, message: expect.stringContaining('primary label "toxic"') });
  });

  it('refuses a candidate that is not a model', async () => {
    const dir = tempDir('retrain-cmd-');
    writeFileSync(join(dir, 'eval.csv'), EVAL_CSV);
    const candidate = writeModelFile(dir, '{"schemaVersion": 99}');
    const { error } = await retrain(dir, [
      'challenge',
      '--candidate',
      candidate,
      '--eval-set',
      `file://${dir}/eval.csv`,
    ]);
    expect(error).toMatchObject({ message: expect.stringContaining('is not a model artifact') });
  });
});
