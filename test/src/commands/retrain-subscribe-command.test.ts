import { resolve } from 'node:path';
import { registerRetrainCommands } from '../../../src/commands/retrain-command';
import { cliContext, program } from './support/cli-context';
import { tempDir } from '../../support/fixtures';

const ROOT = resolve(__dirname, '../../..');

// Receiving messages needs Pub/Sub: the integration suite retrain-end-to-end runs the subscriber
// against the emulator. These are the refusals that happen before it connects.
async function subscribe(cwd: string, args: string[]) {
  const c = cliContext({ cwd, config: { mlflow: { server: { internalAddress: '10.10.0.50' } } } });
  const p = program();
  registerRetrainCommands(p, c.ctx, { signals: null });
  let error: unknown = null;
  try {
    await p.parseAsync(['node', 'toxicity', 'retrain', 'subscribe', '--subscription', 'uploads', ...args]);
  } catch (err) {
    error = err;
  }
  return { ...c, error };
}

describe('toxicity retrain subscribe', () => {
  it('fails when run outside the repository whose steps it runs', async () => {
    const dir = tempDir('retrain-sub-');
    const { error } = await subscribe(dir, []);
    expect(error).toMatchObject({
      message: `scripts/retrain-step.sh is not in ${dir}: run the subscriber from the repository (the steps run its scripts, as Cloud Build does)`,
    });
  });

  it('fails when --set names no substitution of the retraining build', async () => {
    const { error } = await subscribe(ROOT, ['--set', '_MODEL_BUCKET=x']);
    expect(error).toMatchObject({
      message: expect.stringMatching(
        /^--set "_MODEL_BUCKET=x": expected _KEY=value with one of _DATA_BUCKET, _MODELS_BUCKET, /,
      ),
    });
    const noValue = await subscribe(ROOT, ['--set', 'oops']);
    expect(noValue.error).toMatchObject({ message: expect.stringContaining('--set "oops": expected _KEY=value') });
  });

  it('fails on a count or delay that is not a whole number', async () => {
    expect((await subscribe(ROOT, ['--max-messages', '0'])).error).toMatchObject({
      message: '--max-messages must be a whole number of at least 1, got "0"',
    });
    expect((await subscribe(ROOT, ['--retry-delay', '1.5'])).error).toMatchObject({
      message: '--retry-delay must be a whole number of at least 0, got "1.5"',
    });
  });
});
