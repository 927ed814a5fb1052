import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloudBuildRoot } from '../../../pipelines/cloud-build-protos';
import {
  DOCUMENTED_EXTRA_FIELDS,
  formatPath,
  formatProblem,
  validateBuild,
  validateBuildYaml,
  type BuildProblem,
} from '../../../pipelines/validation/validate-build';

const FIXTURES = join(__dirname, '../../fixtures/cloudbuild');

function fixtures(kind: 'invalid' | 'valid'): [string, string][] {
  const dir = join(FIXTURES, kind);
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
}

const errors = (problems: BuildProblem[]) =>
  problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`);
const warnings = (problems: BuildProblem[]) =>
  problems.filter((p) => p.severity === 'warning').map((p) => `${p.path}: ${p.message}`);

/** A small valid build the unit cases below break one field at a time. */
const base = () => ({
  steps: [
    { id: 'a', name: 'ubuntu', args: ['echo', '$_GREETING'] },
    { id: 'b', name: 'ubuntu', args: ['echo', 'b'], waitFor: ['a'] },
  ],
  substitutions: { _GREETING: 'hello' },
});

describe('the catalogue of broken cloudbuild files', () => {
  const broken = fixtures('invalid');

  it('holds at least 25 files, each with the problem it must produce', () => {
    expect(broken.length).toBeGreaterThanOrEqual(25);
    for (const [name, text] of broken) expect([name, /^# expect: /m.test(text)]).toEqual([name, true]);
  });

  it.each(broken)('rejects %s with exactly the expected path and message', (_name, text) => {
    const expected = [...text.matchAll(/^# expect: (.*)$/gm)].map((m) => m[1]);
    expect(errors(validateBuildYaml(text)).sort()).toEqual(expected.sort());
  });
});

describe('valid real-world shapes', () => {
  it.each(fixtures('valid'))('accepts %s without errors', (_name, text) => {
    expect(errors(validateBuildYaml(text))).toEqual([]);
  });

  it('warns about the snake_case option of the docs example and honours it', () => {
    const text = readFileSync(join(FIXTURES, 'valid/docs-snake-case-option.yaml'), 'utf8');
    expect(warnings(validateBuildYaml(text))).toEqual([
      'options.substitution_option: snake_case field name; Cloud Build reads it, but the documented (camelCase) name is "substitutionOption"',
      'substitutions._SPARE: substitution "_SPARE" is defined but never used (accepted with ALLOW_LOOSE)',
    ]);
  });

  it('warns when an image tag is only $COMMIT_SHA, which manual builds leave empty', () => {
    const text = readFileSync(join(FIXTURES, 'valid/docker-artifact-registry.yaml'), 'utf8');
    expect(warnings(validateBuildYaml(text))).toEqual([
      'images[0]: the tag is only $COMMIT_SHA, which is empty in a manual build (gcloud builds submit)',
    ]);
  });
});

describe('validateBuild', () => {
  it('accepts the small base build', () => {
    expect(validateBuild(base())).toEqual([]);
  });

  it('reports every problem at once, not only the first', () => {
    const b = base();
    const doc = {
      ...b,
      steps: [
        { ...b.steps[0], waitFor: ['x'] },
        { ...b.steps[1], entrypoint: 7 },
      ],
      options: { logging: 'SOMETIMES' },
      timeout: '1h',
    };
    expect(errors(validateBuild(doc))).toEqual([
      'steps[1].entrypoint: must be a string (quote it in YAML), got 7',
      'options.logging: unknown value "SOMETIMES" for LoggingMode (one of LOGGING_UNSPECIFIED, LEGACY, GCS_ONLY, STACKDRIVER_ONLY, CLOUD_LOGGING_ONLY, NONE)',
      'timeout: must be a duration in seconds ending in "s", e.g. "600s" or "3.5s", got "1h"',
      'steps[0].waitFor[0]: unknown step id "x"',
    ]);
  });

  it('walks the proto field names at any depth', () => {
    const doc = { ...base(), options: { pool: { nmae: 'projects/p/locations/l/workerPools/w' } } };
    expect(errors(validateBuild(doc))).toEqual([
      'options.pool.nmae: unknown field "nmae" in PoolOption; did you mean "name"?',
    ]);
  });

  it('rejects a document that is not a mapping', () => {
    expect(errors(validateBuild(['steps']))).toEqual([
      '(root): a build config must be a mapping with at least "steps", got a list',
    ]);
  });

  it('rejects a build without steps', () => {
    expect(errors(validateBuild({ images: ['europe-west1-docker.pkg.dev/p/r/i'] }))).toEqual([
      'steps: required: a build needs at least one step',
    ]);
  });

  it('rejects numeric strings and floats where int32 exit codes are expected', () => {
    const b = base();
    const doc = { ...b, steps: [{ ...b.steps[0], allowExitCodes: [1.5] }, b.steps[1]] };
    expect(errors(validateBuild(doc))).toEqual(['steps[0].allowExitCodes[0]: must be an integer (int32), got 1.5']);
  });

  it('checks the types of allow-listed documented fields too', () => {
    const doc = { ...base(), artifacts: { oci: [{ file: '/workspace/i.tar', registryPth: 'x' }] } };
    expect(errors(validateBuild(doc))).toEqual([
      'artifacts.oci[0].registryPth: unknown field "registryPth"; did you mean "registryPath"?',
    ]);
  });

  it('warns about a script that uses a substitution without automapSubstitutions', () => {
    const doc = { steps: [{ name: 'bash', script: 'echo $_GREETING' }], substitutions: { _GREETING: 'hi' } };
    const problems = validateBuild(doc);
    expect(warnings(problems)).toEqual([
      'steps[0].script: $_GREETING is not substituted in a script; set automapSubstitutions: true (step or options) to get it as an environment variable',
    ]);
    // Not substituted means not used either.
    expect(errors(problems)).toEqual([
      'substitutions._GREETING: substitution "_GREETING" is defined but never used (manual builds fail on it unless substitutionOption is ALLOW_LOOSE)',
    ]);
  });

  it('warns about $$ in a script, where nothing unescapes it', () => {
    const doc = { steps: [{ name: 'bash', script: 'echo "$$HOME"' }] };
    expect(warnings(validateBuild(doc))).toEqual([
      'steps[0].script: scripts get no substitutions, so "$$" stays "$$" (bash reads it as its process id); write a single "$"',
    ]);
  });

  it('warns about lower-case shell variables left unescaped in bash arguments', () => {
    const doc = { steps: [{ name: 'ubuntu', entrypoint: 'bash', args: ['-c', 'for f in *; do echo $f; done'] }] };
    expect(warnings(validateBuild(doc))).toEqual([
      'steps[0].args[1]: shell variable $f is not escaped; Cloud Build leaves lower-case names alone, but "$$f" says what you mean',
    ]);
  });

  it('accepts bash expansions once dynamicSubstitutions is on and counts them as uses', () => {
    const doc = {
      steps: [{ name: 'ubuntu', args: ['echo', '${_TAG:-dev}'] }],
      substitutions: { _TAG: 'v1' },
      options: { dynamicSubstitutions: true },
    };
    expect(validateBuild(doc)).toEqual([]);
  });

  it('rejects setting two members of a oneof', () => {
    const doc = {
      ...base(),
      source: { storageSource: { bucket: 'b', object: 'o.tgz' }, gitSource: { url: 'https://x/y.git' } },
    };
    expect(errors(validateBuild(doc))).toEqual([
      'source: only one of "storageSource", "gitSource" may be set (oneof "source")',
    ]);
  });

  it('flags deprecated enum values as warnings', () => {
    const doc = { ...base(), options: { machineType: 'N1_HIGHCPU_8' } };
    expect(warnings(validateBuild(doc))).toEqual(['options.machineType: "N1_HIGHCPU_8" is deprecated in MachineType']);
  });
});

describe('validateBuildYaml', () => {
  it('gives the line of each problem', () => {
    const text = ['steps:', '  - name: ubuntu', '    args: [echo, hi]', '    waitFor: [nope]', ''].join('\n');
    const [problem] = validateBuildYaml(text);
    expect(problem).toMatchObject({ path: 'steps[0].waitFor[0]', line: 4 });
    expect(formatProblem(problem)).toBe('line 4: steps[0].waitFor[0]: unknown step id "nope"');
  });

  it('rejects an empty file', () => {
    expect(errors(validateBuildYaml('# nothing here\n'))).toEqual(['(root): the file is empty']);
  });

  it('rejects a file with two YAML documents', () => {
    const text = 'steps:\n  - name: ubuntu\n---\nsteps:\n  - name: debian\n';
    expect(errors(validateBuildYaml(text))).toEqual(['(root): holds 2 YAML documents; a build config is one document']);
  });

  it('reads YAML like gcloud does: a lone dot and y/n stay strings, yes becomes a boolean', () => {
    const ok = 'steps:\n  - name: gcr.io/cloud-builders/docker\n    args: [build, -t, y, .]\n';
    expect(validateBuildYaml(ok)).toEqual([]);
    const bad = 'steps:\n  - name: ubuntu\n    args: [echo, on]\n';
    expect(errors(validateBuildYaml(bad))).toEqual(['steps[0].args[1]: must be a string (quote it in YAML), got true']);
  });
});

describe('formatPath', () => {
  it('prints keys, indexes and odd keys the way the messages use them', () => {
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['steps', 3, 'waitFor', 0])).toBe('steps[3].waitFor[0]');
    expect(formatPath(['substitutions', '_REGION'])).toBe('substitutions._REGION');
    expect(formatPath(['substitutions', 'a b'])).toBe('substitutions["a b"]');
  });
});

describe('DOCUMENTED_EXTRA_FIELDS', () => {
  it('only lists fields the npm protos still lack (remove entries once the protos catch up)', () => {
    const root = cloudBuildRoot();
    for (const [message, fields] of Object.entries(DOCUMENTED_EXTRA_FIELDS)) {
      const type = root.lookupType(message);
      for (const field of Object.keys(fields))
        expect([message, field, type.fields[field]]).toEqual([message, field, undefined]);
    }
  });

  it('is needed: without it options.pubsubTopic would be an unknown field', () => {
    const type = cloudBuildRoot().lookupType('google.devtools.cloudbuild.v1.BuildOptions');
    expect(type.fields.pubsubTopic).toBeUndefined();
    expect(validateBuild({ ...base(), options: { pubsubTopic: 'projects/p/topics/t' } })).toEqual([]);
  });
});
