import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV } from '../../../src/contract';
import {
  CONFIG_OVERRIDE_VARS,
  ENV_VARS,
  EnvError,
  envNameWarnings,
  envVarsMarkdownTable,
  parseEnv,
} from '../../../src/config';

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof EnvError) return err.problems;
    throw err;
  }
  throw new Error('expected an EnvError');
}

describe('parseEnv', () => {
  it('keeps only the declared variables and converts integers', () => {
    const env = parseEnv({ PORT: '9090', MODEL_URI: 'gs://b/m.json', HOME: '/root', PATH: '/bin' });
    expect(env).toEqual({ PORT: 9090, MODEL_URI: 'gs://b/m.json' });
  });

  it('treats an empty value as unset', () => {
    expect(parseEnv({ PORT: '', JWT_SECRET: '' })).toEqual({});
  });

  it('throws when variables are invalid, naming every one at once', () => {
    expect(problemsOf(() => parseEnv({ PORT: 'eighty', MODEL_POLL_SECONDS: '-1', LOG_LEVEL: 'LOUD' }))).toEqual([
      'PORT: must be integer, got "eighty"',
      'MODEL_POLL_SECONDS: must be >= 0, got "-1"',
      'LOG_LEVEL: must be one of DEBUG, INFO, WARNING, ERROR, got "LOUD"',
    ]);
  });

  it('suggests the allowed value nearest to a wrong one', () => {
    expect(problemsOf(() => parseEnv({ LOG_LEVEL: 'warn' }))).toEqual([
      'LOG_LEVEL: must be one of DEBUG, INFO, WARNING, ERROR, got "warn" (did you mean "WARNING"?)',
    ]);
  });

  it("warns about a variable that looks like a misspelt one of ours, and not about other programs' variables", () => {
    expect(envNameWarnings({ MODEL_URL: 'x', JWT_SECRETT: 'y', HOME: '/root', MLFLOW_S3_ENDPOINT_URL: 'z' })).toEqual([
      'MODEL_URL is not a variable toxicity reads (did you mean "MODEL_URI"?)',
      'JWT_SECRETT is not a variable toxicity reads (did you mean "JWT_SECRET" or "JWT_SECRETS"?)',
    ]);
    expect(envNameWarnings({ MODEL_URI: 'x', TOXICITY_SOMETHING_ELSE: 'y' })).toEqual([]);
  });

  it('throws when a port is out of range', () => {
    expect(problemsOf(() => parseEnv({ PORT: '70000' }))).toEqual(['PORT: must be <= 65535, got "70000"']);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(parseEnv({ PORT: '1' }))).toBe(true);
  });
});

describe('ENV_VARS', () => {
  it('declares every variable name of the contract, and no other', () => {
    expect(Object.keys(ENV_VARS).sort()).toEqual(Object.values(ENV).sort());
  });

  it('maps every config override to a distinct setting', () => {
    const paths = CONFIG_OVERRIDE_VARS.map((v) => v.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toContain('model.uri');
    expect(paths).toContain('mlflow.trackingUri');
  });
});

describe('envVarsMarkdownTable', () => {
  it('is the table docs/configuration.md carries, so the docs follow the schema', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/configuration.md'), 'utf8');
    expect(doc).toContain(envVarsMarkdownTable());
  });

  it('has a row per variable', () => {
    expect(envVarsMarkdownTable().split('\n')).toHaveLength(Object.keys(ENV_VARS).length + 2);
  });
});
