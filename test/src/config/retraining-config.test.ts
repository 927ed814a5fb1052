import { ConfigError, parseConfig, retrainingProblems } from '../../../src/config';

function problemsOf(input: Record<string, unknown>): readonly string[] {
  try {
    parseConfig(input);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('retraining.trainer and retraining.vertexAi', () => {
  it('trains in the build step by default, with Vertex AI settings ready for the switch', () => {
    const r = parseConfig({}).retraining;
    expect(r.trainer).toBe('build-step');
    expect(r.vertexAi).toEqual({
      region: null,
      machineType: 'n1-highmem-8',
      bootDiskSizeGb: 100,
      serviceAccount: 'toxicity-vertex-trainer',
      stagingBucket: null,
      timeoutSeconds: 3000,
      pollSeconds: 30,
    });
  });

  it('accepts the Vertex AI trainer with its machine, region, staging bucket and account', () => {
    const r = parseConfig({
      retraining: {
        trainer: 'vertex-ai',
        vertexAi: {
          region: 'us-central1',
          machineType: 'n2-highmem-32',
          stagingBucket: 'acme-vertex-staging',
          serviceAccount: 'acme-trainer',
        },
      },
    }).retraining;
    expect(r.trainer).toBe('vertex-ai');
    expect(r.vertexAi).toMatchObject({ region: 'us-central1', machineType: 'n2-highmem-32' });
  });

  it('fails on an unknown trainer or a misspelt or malformed Vertex AI setting, naming each path', () => {
    const problems = problemsOf({
      retraining: {
        trainer: 'vertex',
        vertexAi: {
          machineTyp: 'n1-standard-4',
          region: 'Europe West',
          serviceAccount: 'me@acme.iam.gserviceaccount.com',
          bootDiskSizeGb: 10,
        },
      },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\/retraining\/trainer: must be one of "build-step", "vertex-ai", got "vertex" \(did you mean "vertex-ai"\?\)/,
        ),
        '/retraining/vertexAi/machineTyp: unknown setting (did you mean "machineType"?)',
        expect.stringMatching(/^\/retraining\/vertexAi\/region: .*got "Europe West"/),
        expect.stringMatching(/^\/retraining\/vertexAi\/serviceAccount: .*got "me@acme/),
        expect.stringMatching(/^\/retraining\/vertexAi\/bootDiskSizeGb: must be >= 100, got 10/),
      ]),
    );
  });

  it('fails when the Vertex AI trainer has no build account to launch it, naming the setting', () => {
    expect(problemsOf({ retraining: { trainer: 'vertex-ai' }, pipeline: { serviceAccount: null } })).toEqual([
      expect.stringMatching(/^\/retraining\/trainer: vertex-ai needs pipeline\.serviceAccount/),
    ]);
  });

  it('fails when the job may outlast the build that waits for it', () => {
    expect(
      problemsOf({
        retraining: { trainer: 'vertex-ai', vertexAi: { timeoutSeconds: 3600 } },
        pipeline: { timeoutSeconds: 3600 },
      }),
    ).toEqual([
      '/retraining/vertexAi/timeoutSeconds: must be below pipeline.timeoutSeconds (3600) so the build outlives the job it waits for, got 3600',
    ]);
  });

  it('checks nothing of the Vertex AI settings while the build step trains', () => {
    const c = parseConfig({ pipeline: { serviceAccount: null, timeoutSeconds: 600 } });
    expect(retrainingProblems(c)).toEqual([]);
  });
});
