import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import { BASIC_ROLES } from '../../../src/infra';
import { CONTROLLER_ROLES, bootstrapCommands, registerInfraCommands } from '../../../src/commands/infra-command';
import { infraConfig, ofKind, synthInfra } from '../../support/infra-manifests';

describe('toxicity infra bootstrap', () => {
  const config = infraConfig({ gcp: { projectId: 'acme-prod', region: 'europe-west4', zone: 'europe-west4-a' } });

  it('prints the sequence for the configured project, region and namespace, ending in kubectl apply', () => {
    let out = '';
    const program = new Command('toxicity').exitOverride();
    registerInfraCommands(program, {
      env: {},
      cwd: '/',
      loadConfig: () => config,
      stdout: { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream,
      stderr: process.stderr,
    });
    program.parse(['node', 'toxicity', 'infra', 'bootstrap']);
    expect(out).toBe(`${bootstrapCommands(config).join('\n')}\n`);
    expect(out).toContain(
      'gcloud anthos config controller create toxicity-config-controller --location=europe-west4 --full-management --project=acme-prod',
    );
    expect(out).toContain('kubectl apply -f dist/infra/');
    expect(out).not.toContain('my-gcp-project');
  });

  it('is valid bash', () => {
    const check = spawnSync('bash', ['-n'], { input: bootstrapCommands(config).join('\n'), encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('grants the controller no basic role', () => {
    expect(CONTROLLER_ROLES.filter((r) => BASIC_ROLES.includes(r))).toEqual([]);
  });

  it('sets the password of the secrets the infra chart creates, never in a file', () => {
    const text = bootstrapCommands(config).join('\n');
    const infra = synthInfra(config);
    const secrets = ofKind(infra, 'SecretManagerSecret').map((s) => s.metadata.name);
    const versionAdd = /gcloud secrets versions add (\S+) --data-file=- /.exec(text);
    expect(secrets).toContain(versionAdd?.[1]);
    const userSecret = ofKind(infra, 'SQLUser')[0].spec.password.valueFrom.secretKeyRef;
    expect(text).toContain(`create secret generic ${userSecret.name} --from-literal=${userSecret.key}="$PASSWORD"`);
  });
});
